# psych's bfi data (25 items 1-6, 2800 people, missing answers as NA) and its scale means by
# psych::scoreItems (an implementation independent of this library), for the tests of
# instruments defined by column names (alliance::define_instrument, the CLI with
# tests/data/keys/bfi.json, the packages' define_instrument):
#
#   Rscript tests/reference/bfi_psych.R tests/data
#
# writes bfi.csv (the 25 items and a case number) and bfi_scores_psych.csv (each scale's mean
# per case; empty where a case answered none of the scale's items). The key is psych's own
# psych::bfi.keys (Revelle, psych package, "bfi" help page): a leading '-' reverses an item as
# min + max - x, with min = 1 and max = 6 given explicitly (psych would otherwise take them from
# the data). impute = "none" means the mean of the answered items, whatever their number.
suppressMessages(library(psych))
out <- commandArgs(trailingOnly = TRUE)[1]
items <- psych::bfi[, 1:25]
scored <- psych::scoreItems(psych::bfi.keys, items, min = 1, max = 6, impute = "none", totals = FALSE)
header <- c(paste("# From R", getRversion(), "psych", as.character(packageVersion("psych")),
                  "by tests/reference/bfi_psych.R; do not edit by hand."))
write_with_header <- function(frame, path) {
  writeLines(header, path)
  suppressWarnings(write.table(frame, path, sep = ",", row.names = FALSE, na = "", quote = FALSE,
                               append = TRUE))
}
data <- cbind(case = seq_len(nrow(items)), items)
write.table(data, file.path(out, "bfi.csv"), sep = ",", row.names = FALSE, na = "", quote = FALSE)
scores <- as.data.frame(scored$scores)
text <- lapply(scores, function(x) ifelse(is.na(x), "", formatC(x, digits = 17, format = "g", width = 1)))
write_with_header(cbind(case = seq_len(nrow(items)), as.data.frame(text)), file.path(out, "bfi_scores_psych.csv"))
