# split_alliance() against tests/data/split-reference-units.csv and split-reference-icc.csv (made by
# tests/reference/split_psych.R with base R and psych::ICC) and psych::ICC run here.

members <- function(dataset) {
  m <- reference("split-members.csv")
  m[m$dataset == dataset, c("unit", "member", "score")]
}

test_that("unit rows equal base R's mean, sd, min, max, range and the label-ordered differences", {
  ref <- reference("split-reference-units.csv")
  for (dataset in c("couples", "triads", "families")) {
    x <- members(dataset)
    out <- alliance::split_alliance(x, score = "score", unit = "unit", member = "member")
    expect_equal(out$unit, unique(x$unit))   # order of first appearance
    e <- ref[ref$dataset == dataset, ]
    got <- out[match(e$unit, out$unit), ]
    expect_equal(got$members, e$members)
    for (name in c("mean", "sd", "min", "max", "range")) expect_equal(got[[name]], e[[name]], tolerance = 1e-14)
    expect_equal(got$status, rep("ok", nrow(e)))
    if (dataset == "couples") {
      expect_equal(got$first, e$first)
      expect_equal(got$second, e$second)
      for (name in c("first_score", "second_score", "difference", "abs_difference"))
        expect_equal(got[[name]], e[[name]])
    } else {
      expect_true(all(is.na(got$difference)))
    }
  }
  # first/second fix the sign; a threshold flags ranges of at least it
  out <- alliance::split_alliance(members("couples"), score = "score", unit = "unit", member = "member",
                         first = "woman", second = "man", threshold = 5)
  expect_true(all(out$first == "woman"))
  expect_identical(out$flag, out$range >= 5)
})

test_that("summary: ICC(1) equals psych::ICC's ICC1 (reference file and psych run here)", {
  ref <- reference("split-reference-icc.csv")
  for (dataset in c("couples", "triads", "families")) {
    x <- members(dataset)
    for (level in c(0.95, 0.9)) {
      out <- alliance::split_alliance(x, score = "score", unit = "unit", member = "member", summary = TRUE,
                             confidence = level)
      e <- ref[ref$dataset == dataset & ref$confidence == level, ]
      expect_equal(out$units, e$units)
      expect_equal(out$members_per_unit, e$members_per_unit)
      for (name in c("icc1", "lower", "upper", "f", "df1", "df2", "p"))
        expect_equal(out[[name]], e[[name]], tolerance = 1e-10)
      expect_equal(out$status, "ok")
    }
    wide <- do.call(rbind, lapply(base::split(x$score, x$unit), function(s) s))
    psych_icc <- psych::ICC(wide, lmer = FALSE)$results
    out <- alliance::split_alliance(x, score = "score", unit = "unit", member = "member", summary = TRUE)
    expect_equal(out$icc1, psych_icc["Single_raters_absolute", "ICC"], tolerance = 1e-10)
    expect_equal(out$lower, psych_icc["Single_raters_absolute", "lower bound"], tolerance = 1e-10)
  }
})

test_that("bad rows: one member, a missing score, a repeated member, a row without a unit", {
  x <- data.frame(unit = c("a", "a", "b", "b", "c", "", "d", "d"),
                  member = c("w", "m", "w", "w", "w", "m", "w", "m"),
                  score = c(10, 12, 5, 6, 7, 8, NA, 3))
  out <- alliance::split_alliance(x, score = "score", unit = "unit", member = "member")
  expect_equal(out$unit, c("a", "b", "c", "", "d"))
  expect_equal(out$status, c("ok", "error", "error", "error", "error"))
  expect_equal(out$message[2], "row 3 and row 4: member 'w' is listed twice in unit 'b'")
  expect_equal(out$message[3], "row 5: unit 'c' has one member ('w'); a split needs at least two")
  expect_equal(out$message[4], "row 6, column 'unit': empty; the row belongs to no unit")
  expect_equal(out$message[5], "row 7, column 'score': the score is empty; every member needs a score")
  # ordered by label, 'm' comes first: difference = m - w = 12 - 10
  expect_equal(c(out$first[1], out$second[1], out$difference[1]), c("m", "w", "2"))
  s <- alliance::split_alliance(x, score = "score", unit = "unit", member = "member", summary = TRUE)
  expect_equal(s$status, "error")   # one usable unit: ICC(1) needs two
  expect_match(s$message, "3 units with errors left out \\(row 3, row 5 and row 7\\)")
  expect_match(s$message, "1 row without a unit left out \\(row 6\\)")
  expect_error(alliance::split_alliance(x, score = "score", unit = "unit", member = "nope"), "the header lacks column nope")
  expect_error(alliance::split_alliance(x, score = "score", unit = "unit", member = "member", first = "w"), "go together")
})
