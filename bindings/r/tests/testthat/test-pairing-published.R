# Two fixes of the table layer (alliance/table/pairing.hpp, alliance/published.hpp): named
# vectors pair by name, never silently by position; and a key file's published data travel with
# it, so its own cut-off is used and a key file reusing a built-in's id gets none of the built-in's.

test_that("reliable_change pairs two named vectors by name", {
  pre <- c(a = 10, b = 20, c = 30)
  post <- c(c = 35, a = 12, b = 21)
  got <- reliable_change(pre, post, sd = 5, reliability = 0.8, direction = "higher")
  expect_equal(rownames(got), c("a", "b", "c"))
  expect_equal(got$difference, unname(post[names(pre)] - pre))
  expect_equal(got$difference, c(2, 1, 5))
})

test_that("reliable_change refuses names that do not pair, naming the first that differs", {
  pre <- c(a = 10, b = 20, c = 30)
  expect_error(reliable_change(pre, c(a = 12, b = 21, d = 35), sd = 5, reliability = 0.8, direction = "higher"),
               "pre and post are paired by label, and post has no 'c' (pre's row 3)", fixed = TRUE,
               class = "alliance_error")
  expect_error(reliable_change(pre, c(a = 12, a = 21, c = 35), sd = 5, reliability = 0.8, direction = "higher"),
               "post has the label 'a' twice", class = "alliance_error")
  expect_error(reliable_change(pre, c(1, 2), sd = 5, reliability = 0.8, direction = "higher"),
               "pre has 3 values and post 2; without labels they pair by position", class = "alliance_error")
  # one side unnamed: by position, labelled by pre
  got <- reliable_change(c(x = 10, y = 20), c(15, 18), sd = 5, reliability = 0.8, direction = "higher")
  expect_equal(got$difference, c(5, -2))
  expect_equal(rownames(got), c("x", "y"))
})

srs_series <- function() {
  data.frame(client = c("a", "a"), session = c(1, 2), item1 = c(8, 7.5), item2 = c(8, 7.5),
             item3 = c(8, 7.5), item4 = c(9, 7.5))
}

test_that("track below-cutoff uses a key file's own cut-off, never a built-in's of the same id", {
  own <- system.file("extdata", "srs-own-cutoff.json", package = "alliance")
  bare <- system.file("extdata", "srs-no-cutoff.json", package = "alliance")
  base <- list(client = "client", session = "session", direction = "higher", rule = "below-cutoff")
  # the key file's cut-off is "at or below 30": 33 is not flagged, 30 is; the built-in's (< 36) flags both
  flagged <- function(out) !is.na(out$alerts) & grepl("below-cutoff", out$alerts)
  by_key <- do.call(alliance::track, c(list(srs_series(), own), base))
  expect_equal(by_key$score, c(33, 30))
  expect_equal(flagged(by_key), c(FALSE, TRUE))
  expect_equal(flagged(do.call(alliance::track, c(list(srs_series(), "srs"), base))), c(TRUE, TRUE))
  expect_error(do.call(alliance::track, c(list(srs_series(), bare), base)), "srs has no cut-off for scale 'total'",
               class = "alliance_error")
})
