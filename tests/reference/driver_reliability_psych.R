# Reference values for `alliance reliability` (tests/driver/test_reliability.sh), computed with
# R's psych package independently of alliance. Neither R nor psych is needed to run the tests.
#
#   Rscript tests/reference/driver_reliability_psych.R        # from the repository root
#
# Two inputs, read and validated here (not by alliance) the way the driver documents it:
#   examples/data/wai_sr_sample.csv          WAI-SR, 12 items on 1..5, no reversed items
#                                            (Hatcher & Gillaspy 2006): task 1 2 10 12,
#                                            goal 4 6 8 11, bond 3 5 7 9, total 1-12
#   tests/data/stats-instrument-responses.csv the 5-item 1..7 test instrument of
#                                            tests/data/keys/reliability-test.json: items 2 and 5
#                                            reversed, scale a = 1 2 3, total = 1-5
# A row with any value that is neither missing ("" or NA) nor a valid answer (an integer anchor
# of the scale) is left out of every scale. Reversed items are keyed on the NOMINAL range,
# min + max - x (psych's reverse.code and alpha(check.keys = TRUE) would use the observed range;
# keying is done here, before psych sees the data). Then, per scale, the rows with a missing
# answer to one of its items are dropped (na.omit, listwise) and
#   psych::alpha(cumulative = TRUE)   raw_alpha, std.alpha, total sd (SD of the sum score),
#                                     item.stats mean, sd, r.drop; alpha.drop raw_alpha
#                                     (NA for a 2-item scale)
#   psych::alpha.ci(p.val = 1 - confidence)   Feldt (1965) limits
#   sem = total sd * sqrt(1 - raw_alpha)      classical SEM (Lord & Novick 1968); NA when alpha <= 0
# Writes tests/data/driver_reliability_psych.csv (one row per confidence level and scale) and
# tests/data/driver_reliability_items_psych.csv (one row per item). Numbers: 17 significant digits.
suppressPackageStartupMessages(library(psych))

number <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

read_valid <- function(input, items, low, high) {
  lines <- readLines(input)
  d <- read.csv(text = lines[!grepl("^#", lines)], colClasses = "character", na.strings = character(0),
                check.names = FALSE)
  raw <- as.matrix(d[items])
  missing <- raw == "" | raw == "NA"
  num <- suppressWarnings(matrix(as.numeric(raw), nrow = nrow(raw)))
  valid <- !is.na(num) & num >= low & num <= high & num == round(num)
  bad <- rowSums(!(missing | valid)) > 0
  x <- ifelse(valid, num, NA)[!bad, , drop = FALSE]
  colnames(x) <- items
  list(x = x, rows = nrow(raw), invalid = sum(bad))
}

scale_rows <- list()
item_rows <- list()
analyse <- function(dataset, input, items, low, high, reversed, scales, confidences) {
  data <- read_valid(input, items, low, high)
  keyed <- data$x
  keyed[, reversed] <- low + high - keyed[, reversed]
  for (name in names(scales)) {
    cols <- scales[[name]]
    x <- na.omit(keyed[, cols, drop = FALSE])
    a <- suppressWarnings(alpha(as.data.frame(x), cumulative = TRUE, check.keys = FALSE))
    raw_alpha <- a$total$raw_alpha
    sem <- if (raw_alpha > 0) a$total$sd * sqrt(1 - raw_alpha) else NA
    for (confidence in confidences) {
      ci <- alpha.ci(raw_alpha, n.obs = nrow(x), n.var = ncol(x), p.val = 1 - confidence)
      scale_rows[[length(scale_rows) + 1]] <<- data.frame(
        dataset = dataset, confidence = confidence, scale = name, n = nrow(x), k = ncol(x),
        alpha = number(raw_alpha), alpha_standardized = number(a$total$std.alpha),
        alpha_lower = number(ci$lower.ci), alpha_upper = number(ci$upper.ci), sem = number(sem))
    }
    drop <- if (length(cols) > 2) a$alpha.drop$raw_alpha else rep(NA, length(cols))
    item_rows[[length(item_rows) + 1]] <<- data.frame(
      dataset = dataset, scale = name, item = cols, reversed = as.integer(cols %in% reversed),
      mean = number(a$item.stats$mean), sd = number(a$item.stats$sd), r_drop = number(a$item.stats$r.drop),
      alpha_if_deleted = number(drop))
  }
}

analyse("wai_sr_sample", "examples/data/wai_sr_sample.csv", paste0("item", 1:12), 1, 5, integer(0),
        list(task = c(1, 2, 10, 12), goal = c(4, 6, 8, 11), bond = c(3, 5, 7, 9), total = 1:12),
        c(0.95, 0.9))
analyse("reliability_test", "tests/data/stats-instrument-responses.csv", paste0("q", 1:5), 1, 7, c(2, 5),
        list(a = 1:3, total = 1:5), c(0.95))

# The WAI 36-item (Horvath & Greenberg 1989) and WAI-S (Tracey & Kokotovic 1989) keys, typed in
# from their sources (wai_36.hpp, wai_s.hpp): generated answers, one common factor, negatively
# worded items answered the other way round, about 2% missing. Written to tests/data first
# (committed), then analysed like the files above.
simulate <- function(output, n, k, reversed, seed) {
  set.seed(seed)
  theta <- rnorm(n)
  x <- sapply(seq_len(k), function(j) pmin(7, pmax(1, round(4 + 1.1 * theta + rnorm(n)))))
  x[, reversed] <- 8 - x[, reversed]
  x[matrix(runif(n * k) < 0.02, n, k)] <- NA
  d <- data.frame(id = sprintf("r%03d", seq_len(n)), x)
  names(d) <- c("id", paste0("item", seq_len(k)))
  con <- file(output, "w")
  writeLines(sprintf("# Generated by tests/reference/driver_reliability_psych.R (seed %d); do not edit.", seed), con)
  write.csv(d, con, row.names = FALSE, quote = FALSE, na = "")
  close(con)
}
wai_36_reversed <- c(1, 3, 7, 9, 10, 11, 12, 15, 20, 27, 29, 31, 33, 34)
simulate("tests/data/wai_36_responses.csv", 80, 36, wai_36_reversed, 20261129)
analyse("wai_36", "tests/data/wai_36_responses.csv", paste0("item", 1:36), 1, 7, wai_36_reversed,
        list(task = c(2, 4, 7, 11, 13, 15, 16, 18, 24, 31, 33, 35),
             goal = c(3, 6, 9, 10, 12, 14, 22, 25, 27, 30, 32, 34),
             bond = c(1, 5, 8, 17, 19, 20, 21, 23, 26, 28, 29, 36), total = 1:36), c(0.95))
simulate("tests/data/wai_s_responses.csv", 60, 12, c(4, 10), 20261130)
analyse("wai_s", "tests/data/wai_s_responses.csv", paste0("item", 1:12), 1, 7, c(4, 10),
        list(bond = c(3, 5, 7, 9), total = 1:12), c(0.95))

write_reference <- function(output, rows, what) {
  con <- file(output, "w")
  writeLines(c(sprintf("# %s; generated by tests/reference/driver_reliability_psych.R with %s, psych %s",
                       what, R.version.string, packageVersion("psych"))), con)
  write.csv(do.call(rbind, rows), con, row.names = FALSE, quote = FALSE)
  close(con)
}
write_reference("tests/data/driver_reliability_psych.csv", scale_rows,
                "psych::alpha and alpha.ci (Feldt) per scale, listwise, nominal reverse keying")
write_reference("tests/data/driver_reliability_items_psych.csv", item_rows,
                "psych::alpha item.stats and alpha.drop per item, listwise, nominal reverse keying")
