# The SPSS and Stata fixtures of the statistics-file reader (alliance/table/stat_file.hpp), written
# with R's haven (Debian r-cran-haven; haven writes through its own copy of ReadStat, as SPSS and
# Stata users' R sessions do) from one plain wide numeric file, wai_sr_wide.csv: WAI-SR answers,
# items item1..item12 on 1..5, with blanks, values outside the scale (6, 0) and a non-integer (2.5)
# on purpose, and text with a comma and quotes. Scored from any of the files below, `alliance score`
# gives exactly the scores of the CSV (tests/driver/test_stat_files.sh, tests/unit-table-stat-file.cpp).
#
#   Rscript tests/data/stat_files/make-stat-files.R      # from the repository root
#
# Writes, beside this script:
#   wai_sr_wide.sav   SPSS: every item labelled 1 Seldom .. 5 Always, -99 "No answer" and
#                     999 "Not asked"; -99 and 999 declared user-missing (labelled_spss
#                     na_values). A blank of the CSV is -99, system-missing or 999 in turn
#                     (by row and item), so all three kinds of missing occur.
#   wai_sr_wide.zsav  the same, zlib-compressed (SPSS 21's .zsav)
#   wai_sr_wide.dta   Stata 15: the same labels 1..5, and .a "Refused"; a blank of the CSV is
#                     Stata's system missing (.) or the tagged missing .a in turn
# Each file also has a date column, first_seen (SPSS DATE11 / Stata %td), which the CSV lacks:
# a date is a number in these files (seconds since 1582 in SPSS, days since 1960 in Stata) and is
# read as one; it is not an item.
# A .por (SPSS portable) fixture is not written: haven cannot write one.
suppressPackageStartupMessages(library(haven))

here <- "tests/data/stat_files"
plain <- read.csv(file.path(here, "wai_sr_wide.csv"), colClasses = c("character", "numeric", "character",
                  rep("numeric", 12)), na.strings = "", check.names = FALSE)
items <- paste0("item", 1:12)
anchors <- c(Seldom = 1, Sometimes = 2, `Fairly often` = 3, `Very often` = 4, Always = 5)
first_seen <- as.Date("2024-01-08") + 7 * seq_len(nrow(plain))

# The blank of row r, item i becomes kinds[(r + i) %% length(kinds) + 1].
blank_as <- function(column, i, kinds) {
  rows <- which(is.na(column))
  for (r in rows) column[r] <- kinds[[(r + i) %% length(kinds) + 1]]
  column
}

spss <- plain[c("client", "session", "therapist")]
for (i in seq_along(items)) {
  x <- blank_as(plain[[items[i]]], i, list(-99, NA_real_, 999))
  spss[[items[i]]] <- labelled_spss(x, labels = c(anchors, `No answer` = -99, `Not asked` = 999),
                                    na_values = c(-99, 999), label = paste("WAI-SR item", i))
}
spss$first_seen <- first_seen
write_sav(spss, file.path(here, "wai_sr_wide.sav"), compress = "byte")
write_sav(spss, file.path(here, "wai_sr_wide.zsav"), compress = "zsav")

stata <- plain[c("client", "session", "therapist")]
for (i in seq_along(items)) {
  x <- blank_as(plain[[items[i]]], i, list(NA_real_, tagged_na("a")))
  stata[[items[i]]] <- labelled(x, labels = c(anchors, Refused = tagged_na("a")), label = paste("WAI-SR item", i))
}
stata$first_seen <- first_seen
write_dta(stata, file.path(here, "wai_sr_wide.dta"), version = 15)

# What was written, read back by haven (user-missing kept as values), to check by eye.
back <- read_sav(file.path(here, "wai_sr_wide.sav"), user_na = TRUE)
cat(sprintf("wai_sr_wide.sav: %d cases, %d variables; user-missing cells: %d; system-missing: %d\n",
            nrow(back), ncol(back), sum(sapply(back[items], function(v) sum(v %in% c(-99, 999)))),
            sum(sapply(back[items], function(v) sum(is.na(unclass(v)))))))
back <- read_dta(file.path(here, "wai_sr_wide.dta"))
cat(sprintf("wai_sr_wide.dta: %d cases, %d variables; tagged .a cells: %d\n", nrow(back), ncol(back),
            sum(sapply(back[items], function(v) sum(is_tagged_na(v, "a"))))))
