wai_keys <- list(task = c(1, 2, 10, 12), goal = c(4, 6, 8, 11), bond = c(3, 5, 7, 9), total = 1:12)

test_that("the README's worked example: bond 18, task insufficient without item 10", {
  # WAI-SR answers with item 10 left blank; bond = items 3, 5, 7, 9 = 4 + 5 + 4 + 5 (by hand)
  record <- as.data.frame(t(setNames(c(4, 5, 4, 3, 5, 4, 4, 3, 5, NA, 4, 5), paste0("item", 1:12))))
  s <- score(record, "wai-sr")
  expect_equal(s$bond_sum, 18)
  expect_equal(s$bond_mean, 4.5)
  expect_equal(s$task_status, "insufficient")
  expect_true(is.na(s$task_sum) && is.na(s$task_mean))
  expect_equal(s$task_answered, 3L)
  expect_equal(s$status, "partial")
  expect_match(s$message, "task insufficient: 3 of 4 items answered (rule: all 4 items required)", fixed = TRUE)
})

test_that("columns, row names and order follow the driver's contract", {
  sample <- sample_file("wai_sr_sample.csv")
  rownames(sample) <- paste0(sample$client, "-", sample$session)
  s <- score(sample, "wai-sr")
  stems <- c("task", "goal", "bond", "total")
  expect_equal(names(s), c(as.vector(t(outer(stems, c("_sum", "_mean", "_answered", "_status"), paste0))),
                           "status", "message"))
  expect_equal(rownames(s), rownames(sample))
  expect_true(all(is.na(s$message[s$status == "ok"])))
})

test_that("the status and message columns are ordinary character vectors to every R function", {
  # They are compact (an index per row into a few words) until R needs their memory; each
  # check compares with the same column made an ordinary vector element by element.
  sample <- sample_file("wai_sr_sample.csv")
  s <- score(sample, "wai-sr")
  for (column in c("task_status", "total_status", "status", "message")) {
    x <- s[[column]]
    plain <- vapply(seq_along(x), function(i) x[i], character(1))
    expect_type(x, "character")
    expect_identical(as.vector(x), plain)
    expect_identical(table(value = x, useNA = "ifany"), table(value = plain, useNA = "ifany"))
    expect_identical(x == "ok", plain == "ok")
    expect_identical(sort(unique(x), na.last = TRUE), sort(unique(plain), na.last = TRUE))
    expect_identical(x[c(3, 1, 40)], plain[c(3, 1, 40)])
    path <- tempfile(fileext = ".rds")
    saveRDS(x, path)
    expect_identical(readRDS(path), plain)
    changed <- x
    changed[2] <- "changed"
    expect_identical(changed, replace(plain, 2, "changed"))
    expect_identical(x, plain)  # the original is untouched
    expect_identical(paste0(x, "!"), paste0(plain, "!"))
  }
  expect_equal(sum(s$status == "error"), 4)
  expect_equal(sum(!is.na(s$message)), 9)  # 5 partial and 4 error rows each have a message
})

test_that("scores equal psych::scoreItems' reference file for the sample (tests/reference/driver_samples_psych.R)", {
  sample <- sample_file("wai_sr_sample.csv")
  ref <- reference("wai_sr_sample_psych.csv")
  s <- score(sample, "wai-sr")
  expect_equal(s$status == "error", ref$error)
  ok <- s$status != "error"
  for (scale in names(wai_keys)) {
    complete <- ok & s[[paste0(scale, "_status")]] == "complete"
    expect_equal(s[[paste0(scale, "_sum")]][complete], ref[[paste0(scale, "_total")]][complete], tolerance = 1e-12)
    expect_equal(s[[paste0(scale, "_mean")]][complete], ref[[paste0(scale, "_mean")]][complete], tolerance = 1e-12)
    expect_equal(s[[paste0(scale, "_answered")]][ok], ref[[paste0(scale, "_answered")]][ok])
  }
})

test_that("scores equal psych::scoreItems on the same data", {
  skip_if_not_installed("psych")
  sample <- sample_file("wai_sr_sample.csv")
  s <- score(sample, "wai-sr")
  use <- s$status == "ok"
  items <- sapply(sample[use, paste0("item", 1:12)], as.numeric)
  keys <- psych::make.keys(12, wai_keys, item.labels = paste0("item", 1:12))
  psych_scores <- psych::scoreItems(keys, items, totals = TRUE, min = 1, max = 5)$scores
  for (scale in names(wai_keys))
    expect_equal(s[[paste0(scale, "_sum")]][use], unname(psych_scores[, scale]), tolerance = 1e-12)
})

test_that("reverse keying is on the nominal scale; psych's default uses the observed range", {
  skip_if_not_installed("psych")
  # HAQ-II: 19 items on 1..6, items 4 8 11 16 19 reversed (Luborsky et al. 1996). Answers only
  # 2..4, so the observed range (2..4) differs from the nominal one (1..6).
  set.seed(16)
  answers <- matrix(sample(2:4, 19 * 8, replace = TRUE), nrow = 8, dimnames = list(NULL, paste0("item", 1:19)))
  s <- score(answers, "haq-ii-p")
  reversed <- c(4, 8, 11, 16, 19)
  by_hand <- rowSums(answers[, -reversed]) + rowSums(7 - answers[, reversed])   # x -> 1 + 6 - x
  expect_equal(s$total_sum, unname(by_hand))
  keys <- list(total = c(setdiff(1:19, reversed), -reversed))
  key <- psych::make.keys(19, keys, item.labels = colnames(answers))
  nominal <- psych::scoreItems(key, answers, totals = TRUE, min = 1, max = 6)$scores[, "total"]
  observed <- psych::scoreItems(key, answers, totals = TRUE)$scores[, "total"]
  expect_equal(s$total_sum, unname(nominal))
  # psych's default reverses with its observed min + max (2 + 4): 5 points lower per reversed item
  expect_equal(s$total_sum - unname(observed), rep(5, 8))
})

test_that("invalid answers make error rows naming row, item, column and value", {
  d <- data.frame(item1 = c(4, 6, 3), item2 = 4, item3 = c(5, 5, 2.5), item4 = 4, item5 = 4, item6 = 4,
                  item7 = 4, item8 = 4, item9 = 4, item10 = 4, item11 = 4, item12 = 4)
  s <- score(d, "wai-sr")
  expect_equal(s$status, c("ok", "error", "error"))
  expect_equal(s$message[2],
               "wai-sr, record 'row 2', item 1: response 6 is outside the response scale 1..5 (column 'item1', value '6')")
  expect_match(s$message[3], "item 3: response 2.5 is not one of the integer anchors 1..5", fixed = TRUE)
  expect_true(all(is.na(s$task_sum[2:3])))
  err <- expect_error(score(d, "wai-sr", errors = "stop"), class = "alliance_response_error")
  expect_equal(err$rows, 2:3)
  expect_match(conditionMessage(err), "response 6 is outside")
})

test_that("NaN and Inf are errors, never missing", {
  d <- as.data.frame(t(setNames(c(NaN, 4, 4, Inf, 4, 4, 4, 4, 4, 4, 4, 4), paste0("item", 1:12))))
  s <- score(d, "wai-sr")
  expect_equal(s$status, "error")
  expect_match(s$message, "item 1: response NaN is not a finite number")
  expect_match(s$message, "item 4: response inf is not a finite number")
})

test_that("text and factor columns are read as numbers or reported, never as level codes", {
  d <- data.frame(item1 = factor(c("5", "3")), item2 = c("4", " 2 "), item3 = c("NA", "x"), item4 = 4, item5 = 4,
                  item6 = 4, item7 = 4, item8 = 4, item9 = 4, item10 = 4, item11 = 4, item12 = 4,
                  stringsAsFactors = FALSE)
  s <- score(d, "wai-sr")
  # task = items 1, 2, 10, 12: 5 + 4 + 4 + 4 (factor levels "3" < "5" would give codes 2 and 1)
  expect_equal(s$task_sum[1], 17)
  expect_equal(s$bond_status[1], "insufficient")
  expect_equal(s$status[2], "error")
  expect_match(s$message[2], "row 2, column 'item3': value 'x' is not a number", fixed = TRUE)
})

test_that("missing and not-applicable codes", {
  d <- as.data.frame(t(setNames(c(-9, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4), paste0("item", 1:12))))
  expect_equal(score(d, "wai-sr")$status, "error")
  s <- score(d, "wai-sr", missing = -9)
  expect_equal(s$task_answered, 3L)
  expect_equal(s$task_status, "insufficient")
  # CARE offers "does not apply"; up to 2 items are replaced by the mean (Mercer et al. 2004)
  care <- as.data.frame(t(setNames(c(rep(5, 8), 9, 4), paste0("item", 1:10))))
  s <- score(care, "care", not_applicable = 9)
  expect_equal(s$total_status, "prorated")
  expect_equal(s$total_sum, (8 * 5 + 4) / 9 * 10)   # mean of the 9 answered x 10 items
  expect_equal(score(as.data.frame(t(setNames(c(rep(5, 12)), paste0("item", 1:12)))), "wai-sr",
                     not_applicable = 5)$status, "error")
})

test_that("min_answered prorates: sum = mean of the answered items x items", {
  record <- as.data.frame(t(setNames(c(4, 5, 4, 3, 5, 4, 4, 3, 5, NA, 4, 5), paste0("item", 1:12))))
  s <- score(record, "wai-sr", min_answered = 0.75)
  expect_equal(s$task_status, "prorated")
  expect_equal(s$task_sum, (4 + 5 + 5) / 3 * 4)
  expect_equal(s$total_sum, 46 / 11 * 12)
  expect_error(score(record, "wai-sr", min_answered = 2), "min_answered")
})

test_that("matrices, tibbles and other item patterns", {
  m <- matrix(rep(c(1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2), 2), nrow = 2, byrow = TRUE,
              dimnames = list(c("a", "b"), sprintf("wai_%d", 1:12)))
  s <- score(m, "wai-sr", items = "wai_{}")
  expect_equal(rownames(s), c("a", "b"))
  expect_equal(s$total_sum, c(33, 33))
  expect_error(score(m, "wai-sr"), "lacks columns item1")
  skip_if_not_installed("tibble")
  t <- tibble::as_tibble(as.data.frame(m))
  st <- score(t, "wai-sr", items = "wai_{}")
  expect_s3_class(st, "tbl_df")
  expect_equal(st$total_sum, c(33, 33))
})

test_that("a key file scores by its own key (example-lab-alliance.json, by hand)", {
  lab <- load_key(system.file("extdata", "example-lab-alliance.json", package = "alliance"))
  d <- data.frame(item1 = 5, item2 = 6, item3 = 2, item4 = 7, item5 = 6, item6 = 1, item7 = 7, item8 = 6)
  s <- score(d, lab)
  # 1..7, items 3 and 6 reversed (8 - x): bond 5 + 6 + 6 + 7, collaboration 6 + 7 + 7 + 6
  expect_equal(c(s$bond_sum, s$collaboration_sum, s$total_sum), c(24, 26, 50))
  expect_equal(s$bond_mean, 6)
})

test_that("explain prints the library's trace and returns it invisibly", {
  out <- capture.output(trace <- explain_score(c(4, 5, NA, 3, 5, 4, 4, 3, 5, 4, 4, 5), "wai-sr"))
  expect_s3_class(trace, "alliance_explanation")
  expect_true(any(grepl("answered 4 of 4: 4 \\+ 5 \\+ 4 \\+ 5 = 18", out)))
  expect_true(any(grepl("insufficient: 3 of 4 items answered", out)))
  expect_error(capture.output(explain_score(c(4, "x"), "wai-sr")), "not a number")
})

test_that("scoring on several threads gives the same rows as on one", {
  set.seed(11)
  d <- as.data.frame(setNames(lapply(1:12, function(i) sample(c(1:5, NA, 7), 120000, TRUE,
                                                              prob = c(rep(0.19, 5), 0.04, 0.01))),
                              paste0("item", 1:12)))
  one <- withr_options(list(alliance.threads = 1L), score(d, "wai-sr"))
  two <- withr_options(list(alliance.threads = 2L), score(d, "wai-sr"))
  expect_identical(one, two)
  expect_true(all(c("ok", "partial", "error") %in% two$status))
})
