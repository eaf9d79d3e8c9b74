# score(classify = TRUE), as the Python package's score(classify=True) and `alliance score
# --classify`: the instrument's own cut-offs and severity bands on each scale's reported value.
# Expected values are the published ones, read off the sources' tables, never computed by alliance.

# PHQ-9 records at every band edge of Kroenke, Spitzer & Williams (2001): totals 0, 4 | 5, 9 |
# 10, 14 | 15, 19 | 20, 27 (minimal, mild, moderate, moderately severe, severe; a total of 10 or
# more is their cut-off for probable major depression); then one with item 9 blank (the total
# needs all nine items) and one with an invalid answer (4 on a 0..3 scale). Item 10 (difficulty)
# is recorded, never added.
phq9_rows <- function() {
  totals <- c(0, 4, 5, 9, 10, 14, 15, 19, 20, 27)
  rows <- t(vapply(totals, function(total) {
    items <- numeric(9)
    left <- total
    for (i in 1:9) {
      items[i] <- min(3, left)
      left <- left - items[i]
    }
    c(items, 1)
  }, numeric(10)))
  rows <- rbind(rows, c(rep(1, 8), NA, 1), c(4, rep(1, 8), 1))
  colnames(rows) <- paste0("item", 1:10)
  as.data.frame(rows)
}

test_that("score(classify = TRUE) adds the PHQ-9's published cut-off and severity bands", {
  out <- score(phq9_rows(), "phq-9", classify = TRUE)
  expect_identical(names(out), c("total_sum", "total_mean", "total_answered", "total_status", "phq-9-total-10",
                                 "phq-9-severity", "status", "message"))
  expect_equal(out$total_sum[1:10], c(0, 4, 5, 9, 10, 14, 15, 19, 20, 27))
  expect_identical(out$`phq-9-total-10`, c(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, NA, NA))
  expect_identical(out$`phq-9-severity`,
                   c(rep(c("minimal", "mild", "moderate", "moderately severe", "severe"), each = 2), NA, NA))
  expect_identical(out$status[11:12], c("partial", "error"))
  # without classify the scale columns, status and message as before
  plain <- score(phq9_rows(), "phq-9")
  expect_identical(names(plain), c("total_sum", "total_mean", "total_answered", "total_status", "status", "message"))
  expect_identical(out[names(plain)], plain)
})

test_that("score(classify = TRUE): the SRS cut-off, a key file's own cut-off, and none", {
  # SRS: a total below 36 (Duncan et al. 2003; the boundary as OpenFIT's KA-01028). The key
  # file srs-own-cutoff.json flags "at or below 30"; srs-no-cutoff.json has no cut-off.
  visits <- data.frame(item1 = c(8, 7.5, 9), item2 = c(8, 7.5, 9), item3 = c(8, 7.5, 9), item4 = c(9, 7.5, 9.5))
  builtin <- score(visits, "srs", classify = TRUE)
  expect_equal(builtin$total_sum, c(33, 30, 36.5))
  expect_identical(builtin$`srs-total-36`, c(1L, 1L, 0L))
  own <- score(visits, system.file("extdata", "srs-own-cutoff.json", package = "alliance"), classify = TRUE)
  expect_identical(own$`lab-srs-30`, c(0L, 1L, 0L))
  expect_false("srs-total-36" %in% names(own))
  bare <- score(visits, system.file("extdata", "srs-no-cutoff.json", package = "alliance"), classify = TRUE)
  expect_identical(names(bare), c("total_sum", "total_mean", "total_answered", "total_status", "status", "message"))
})

test_that("score(classify = TRUE) keeps row names and a tibble's shape; classify is TRUE or FALSE", {
  data <- phq9_rows()[c(5, 11), ]
  rownames(data) <- c("c1", "c2")
  out <- score(data, "phq-9", classify = TRUE)
  expect_identical(rownames(out), c("c1", "c2"))
  expect_identical(out$`phq-9-total-10`, c(1L, NA))
  skip_if_not_installed("tibble")
  tib <- score(tibble::as_tibble(phq9_rows()), "phq-9", classify = TRUE)
  expect_s3_class(tib, "tbl_df")
  expect_identical(tib$`phq-9-severity`[1:3], c("minimal", "minimal", "mild"))
  expect_error(score(phq9_rows(), "phq-9", classify = "yes"), "classify expects TRUE or FALSE, not 'yes'", fixed = TRUE,
               class = "alliance_input_error")
})

test_that("explain(min_answered =) prorates as score(min_answered =) does", {
  answers <- c(4, 5, NA, NA, 5, 4, 4, 3, 5, 4, 4, 5)
  expect_output(trace <- explain_score(answers, "wai-sr", min_answered = 0.5))
  # 10 of 12 answered, total 43: prorated sum 43 / 10 x 12 = 51.6
  expect_match(trace, "prorated sum 4.3 x 12 = 51.6", fixed = TRUE)
  data <- as.data.frame(t(answers))
  names(data) <- paste0("item", 1:12)
  expect_equal(score(data, "wai-sr", min_answered = 0.5)$total_sum, 43 / 10 * 12)
  expect_output(strict <- explain_score(answers, "wai-sr"))
  expect_false(grepl("prorated sum", strict, fixed = TRUE))
  expect_error(explain_score(answers, "wai-sr", min_answered = 2), "min_answered")
})
