# Issue point 5: values are read as what they are, or refused naming the argument or column;
# nothing is silently coerced.

wai_rows <- function(first = c(4, 2)) {
  d <- as.data.frame(matrix(3, nrow = length(first), ncol = 12, dimnames = list(NULL, paste0("item", 1:12))))
  d$item1 <- first
  d
}

test_that("bit64::integer64 columns are read by their values, not their bits", {
  skip_if_not_installed("bit64")
  d <- wai_rows()
  d64 <- d
  d64$item1 <- bit64::as.integer64(c(4, 2))
  expect_identical(score(d64, "wai-sr")$task_sum, score(d, "wai-sr")$task_sum)
  d64$item1 <- bit64::as.integer64(c(4, NA))
  expect_identical(score(d64, "wai-sr")$task_answered, c(4L, 3L))
  d64$item1 <- bit64::as.integer64(c(4, 9))
  expect_match(score(d64, "wai-sr")$message[2], "record 'row 2', item 1: response 9 is outside the response scale 1..5",
               fixed = TRUE)
  pre <- bit64::as.integer64(c(20, 25))
  expect_equal(reliable_change(pre, c(26, 30), sd = 7.7, reliability = 0.8, direction = "higher")$difference, c(6, 5))
  expect_equal(normative_compare(28, mean = 28, sd = 6.8, n = bit64::as.integer64(20))$z, 0)
  expect_identical(score(wai_rows(c(4, -9)), "wai-sr", missing = bit64::as.integer64(-9))$task_answered, c(4L, 3L))
})

test_that("n = 2.5 is refused, never run as 2", {
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 2.5), "n expects a whole number of at least 2, not 2.5",
               fixed = TRUE, class = "alliance_input_error")
})

test_that("missing = TRUE is refused (it is no code, and never the code 1)", {
  expect_error(score(wai_rows(c(1, 3)), "wai-sr", missing = TRUE), "missing expects numbers or texts, not TRUE",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(wai_rows(), "wai-sr", not_applicable = FALSE), "not_applicable expects numbers or texts",
               class = "alliance_input_error")
  expect_error(explain_score(rep(3, 12), "wai-sr", missing = TRUE), "missing expects", class = "alliance_input_error")
})

test_that("a code given as a number or as its text is the same code, in numeric and text columns", {
  d <- wai_rows(c(4, -9))
  text <- d
  text$item1 <- as.character(text$item1)
  for (data in list(d, text))
    for (code in list(-9, "-9", -9L))
      expect_identical(score(data, "wai-sr", missing = code)$task_answered, c(4L, 3L))
  expect_identical(score(wai_rows(c(4, 0.1 + 0.2)), "wai-sr", missing = 0.3)$status, c("ok", "error"))
})

test_that("classify = \"no\" is refused, never read as TRUE", {
  expect_error(score(wai_rows(), "wai-sr", classify = "no"), "classify expects TRUE or FALSE, not 'no'",
               fixed = TRUE, class = "alliance_input_error")
})

test_that("a NaN cut-off or threshold is refused, for every row alike", {
  expect_error(reliable_change(c(10, 20), c(15, 25), sd = 5, reliability = 0.8, direction = "higher", cutoff = NaN),
               "cutoff expects a number, not NaN", fixed = TRUE, class = "alliance_input_error")
  couples <- data.frame(unit = c("a", "a", "b", "b"), member = c("x", "y", "x", "y"), total = c(1, 5, 2, 9))
  expect_error(split_alliance(couples, "total", "unit", "member", threshold = NaN),
               "threshold expects a number, not NaN", fixed = TRUE, class = "alliance_input_error")
  series <- data.frame(client = "a", session = 1:3, srs_1 = 5, srs_2 = 5, srs_3 = 5, srs_4 = 5)
  expect_error(track(series, "srs", client = "client", session = "session", direction = "higher", items = "srs_{}",
                     rule = "below-cutoff", cutoff_value = NaN, cutoff_when = "below"),
               "cutoff_value expects a number, not NaN", fixed = TRUE, class = "alliance_input_error")
})

test_that("TRUE/FALSE are refused as answers and as ratings, naming the column", {
  d <- wai_rows()
  d$item3 <- c(TRUE, FALSE)
  expect_error(score(d, "wai-sr"), "column 'item3' is of type logical; answers must be numbers", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(scale_reliability(d, "wai-sr"), "column 'item3' is of type logical", class = "alliance_input_error")
  expect_error(icc(data.frame(a = c(TRUE, FALSE, TRUE), b = c(1, 2, 3))),
               "column 'a' is of type logical; ratings must be numbers", fixed = TRUE, class = "alliance_input_error")
  expect_error(explain_score(rep(TRUE, 12), "wai-sr"), "responses expects numbers or texts",
               class = "alliance_input_error")
  expect_error(reliable_change(c(TRUE, FALSE), c(1, 2), sd = 1, reliability = 0.8, direction = "higher"),
               "pre expects numbers, not a logical of length 2", fixed = TRUE, class = "alliance_input_error")
  # a column of NA only is a column of missing answers
  d$item3 <- NA
  expect_identical(score(d, "wai-sr")$total_answered, c(11L, 11L))
})

test_that("a factor, a date or an integer64 too large for a double is no number", {
  expect_error(normative_compare(1, mean = 0, sd = 1, n = factor(20)), "n expects a number, not a factor of length 1",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(normative_compare(1, mean = as.Date("2024-01-01"), sd = 1), "mean expects a number, not a Date",
               class = "alliance_input_error")
  d <- wai_rows()
  d$item2 <- as.Date("2024-01-01")
  expect_error(score(d, "wai-sr"), "column 'item2' is of type Date", class = "alliance_input_error")
  d <- wai_rows()
  d$item2 <- factor(c("5", "1"), levels = c("1", "5"))  # labels, never level codes
  numbers <- wai_rows()
  numbers$item2 <- c(5, 1)
  expect_identical(score(d, "wai-sr")$total_sum, score(numbers, "wai-sr")$total_sum)
  skip_if_not_installed("bit64")
  expect_error(reliable_change(bit64::as.integer64("9007199254740993"), 1, sd = 1, reliability = 0.8,
                               direction = "higher"),
               "pre expects finite numbers (NA for a missing value), not 9007199254740993 in element 1", fixed = TRUE,
               class = "alliance_input_error")
})
