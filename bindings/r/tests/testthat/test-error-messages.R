# Issue point 6: errors say what is wrong and name the argument; explain_score lists the answers
# the instrument does not allow; zero rows give zero rows.

wai_answers <- c(4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 4, 5)

test_that("explain_score lists invalid answers (9, 1.5, NaN, Inf) in the trace instead of raising", {
  for (bad in c(9, 1.5, NaN, Inf)) {
    answers <- wai_answers
    answers[2] <- bad
    out <- NULL
    expect_no_error(capture.output(out <- explain_score(answers, "wai-sr")))
    expect_match(out, "item  2: .* \\(invalid\\)")
    expect_match(out, "Not scored: the record has invalid responses", fixed = TRUE)
  }
  # a text that is no answer at all is an error naming its position (as in Python and the CLI)
  expect_error(explain_score(c("4", "abc", rep("4", 10)), "wai-sr"),
               "responses: response 2 'abc' is not a number", fixed = TRUE, class = "alliance_input_error")
})

test_that("split_alliance and track on data frames of zero rows give zero rows with their columns", {
  none <- data.frame(couple = character(), member = character(), total = numeric())
  units <- split_alliance(none, score = "total", unit = "couple", member = "member")
  expect_identical(nrow(units), 0L)
  expect_true(all(c("unit", "members", "mean", "status", "message") %in% names(units)))
  empty <- data.frame(client = character(), session = numeric(), srs_1 = numeric(), srs_2 = numeric(),
                      srs_3 = numeric(), srs_4 = numeric())
  rows <- track(empty, "srs", client = "client", session = "session", direction = "higher", items = "srs_{}")
  expect_identical(nrow(rows), 0L)
  expect_true(all(c("client", "session", "score", "change", "status", "message") %in% names(rows)))
  clients <- track(empty, "srs", client = "client", session = "session", direction = "higher", items = "srs_{}",
                   summary = TRUE)
  expect_identical(nrow(clients), 0L)
  skip_if_not_installed("tibble")
  expect_s3_class(split_alliance(tibble::as_tibble(none), score = "total", unit = "couple", member = "member"), "tbl_df")
})

test_that("argument errors name the argument (items = 1, sd = \"x\")", {
  d <- as.data.frame(matrix(3, 1, 12, dimnames = list(NULL, paste0("item", 1:12))))
  expect_error(score(d, "wai-sr", items = 1), "items expects a pattern such as 'item{}', column names in item order, or columns named by item number (c(`1` = \"q1\", ...)), not 1", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(reliable_change(1, 2, sd = "x", reliability = 0.8, direction = "higher"), "sd expects a number, not 'x'",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(normative_equivalence(8, 5, 95, mean = 7, sd = "x", n = 500, delta = 3), "sd expects a number, not 'x'",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(normative_equivalence(8, 5, 95, mean = NULL, sd = 3, n = 500, delta = 3),
               "mean expects a number, not NULL", fixed = TRUE, class = "alliance_input_error")
})

test_that("an environment as `missing` is an alliance_input_error naming `missing`", {
  d <- as.data.frame(matrix(3, 1, 12, dimnames = list(NULL, paste0("item", 1:12))))
  expect_error(score(d, "wai-sr", missing = new.env()), "missing expects numbers or texts, not an environment",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(d, "wai-sr", not_applicable = list(9)), "not_applicable expects numbers or texts, not a list",
               fixed = TRUE, class = "alliance_input_error")
})

test_that("a directory given as the instrument is called a directory, not an unknown id", {
  dir <- tempfile("keys")
  dir.create(dir)
  on.exit(unlink(dir, recursive = TRUE))
  d <- as.data.frame(matrix(3, 1, 12, dimnames = list(NULL, paste0("item", 1:12))))
  for (call in list(quote(score(d, dir)), quote(instrument(dir)), quote(load_key(dir))))
    expect_error(eval(call), paste0("key file '", dir, "': cannot read the file: it is a directory"), fixed = TRUE,
                 class = "alliance_error")
  expect_error(instrument("wai-srx"), "unknown instrument 'wai-srx'", fixed = TRUE, class = "alliance_input_error")
})
