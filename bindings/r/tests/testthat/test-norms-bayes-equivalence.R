# The options the R package shares with the Python package's reliable_change,
# normative_compare and normative_equivalence: named arguments, catalogue norms by id, the
# Bayesian single-case tests and the normative equivalence tests. Expected values come from
# published worked examples, from formulas computed here in base R, or (for equivalence) from
# tests/data/stats-equivalence.csv, which tests/reference/stats_reference_equivalence_bayes_ha.R
# computes with base R; never from the code under test. Monte Carlo results are checked only
# for their structure, their seed and (loosely) against the exact t test they estimate.

# CORE-10 UK general population (Connell & Barkham 2007, CORE-10 User Manual, Table 3):
# M 4.7, SD 4.8, n 535, no reliability. GAD-7 German women (Loewe et al. 2008, abstract):
# M 3.2, SD 3.5, alpha .89, no n.
core10 <- "core-10-uk-general-population-2007"
gad7_women <- "gad-7-de-general-women-2008"

# ---------------------------------------------------------------------------------------------
# reliable_change: named arguments, norm

test_that("reliable_change takes every option by name; a name that is none of them is R's error", {
  expect_identical(names(formals(reliable_change)),
                   c("pre", "post", "sd", "reliability", "direction", "method", "confidence", "critical_value",
                     "cutoff", "mean", "post_mean", "post_sd", "post_reliability", "prepost_correlation",
                     "clinical_mean", "clinical_sd", "functional_mean", "functional_sd", "recovery_rule", "norm"))
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", cutofff = 25),
               "unused argument (cutofff = 25)", fixed = TRUE)
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", post_men = 25),
               "unused argument", fixed = TRUE)
  # ... and a named option is used: Jacobson & Truax's cut-off a = clinical mean + 2 SD = 34
  rc <- reliable_change(20, 36, sd = 7.7, reliability = 0.8, direction = "higher", critical_value = 1.96,
                        cutoff = "a", clinical_mean = 20, clinical_sd = 7, recovery_rule = "clinicalsignificance")
  expect_equal(rc$cutoff, 20 + 2 * 7)
  expect_equal(rc$category, "recovered")
})

test_that("reliable_change(norm =) takes the norm's mean, SD and reliability", {
  # CORE-10 has no reliability: give it. S_diff = SD sqrt(2) sqrt(1 - r), by hand.
  rc <- reliable_change(20, 11, norm = core10, reliability = 0.9, direction = "lower")
  se <- 4.8 * sqrt(2) * sqrt(1 - 0.9)
  expect_equal(rc$standard_error, se, tolerance = 1e-14)
  expect_equal(rc$rci, (11 - 20) / se, tolerance = 1e-14)
  expect_equal(rc$reliable_change, "improved")
  expect_equal(rc, reliable_change(20, 11, sd = 4.8, reliability = 0.9, direction = "lower"))
  # GAD-7 women report alpha .89, which the norm gives
  gad <- reliable_change(c(12, 9), c(4, 8), norm = gad7_women, direction = "lower")
  expect_equal(gad$standard_error, rep(3.5 * sqrt(2) * sqrt(1 - 0.89), 2), tolerance = 1e-14)
  expect_equal(gad$reliable_change, c("improved", "none"))
})

test_that("reliable_change(norm =): the norm or its values, not both; unknown norms are named", {
  expect_error(reliable_change(20, 11, norm = core10, sd = 4, reliability = 0.9, direction = "lower"),
               "give norm or sd, not both", fixed = TRUE, class = "alliance_input_error")
  expect_error(reliable_change(20, 11, norm = core10, mean = 4, reliability = 0.9, direction = "lower"),
               "give norm or mean, not both", fixed = TRUE, class = "alliance_input_error")
  expect_error(reliable_change(12, 4, norm = gad7_women, reliability = 0.9, direction = "lower"),
               "norm gad-7-de-general-women-2008 has a reliability; give norm or reliability, not both",
               fixed = TRUE, class = "alliance_input_error")
  # the table layer's words (alliance/table/catalogue_lookup.hpp), with every norm of the catalogue
  failure <- tryCatch(reliable_change(20, 11, norm = "core-11", reliability = 0.9, direction = "lower"),
                      alliance_input_error = function(e) conditionMessage(e))
  expect_match(failure, "^norm: no norm 'core-11'; the catalogue has core-10-uk-general-population-2007, ")
  for (id in c(core10, gad7_women, "gad-7-de-general-men-2008", "phq-9-de-general-women-2013"))
    expect_match(failure, id, fixed = TRUE)
  expect_error(reliable_change(20, 11, norm = 3, reliability = 0.9, direction = "lower"), "norm expects text, not 3",
               fixed = TRUE, class = "alliance_input_error")
})

# ---------------------------------------------------------------------------------------------
# normative_compare: norm

test_that("normative_compare(norm =) is the norm's mean, SD and n", {
  # Crawford & Howell (1998): t = (x - m) / (s sqrt((n + 1) / n)), df = n - 1, by hand
  x <- 11
  t <- (x - 4.7) / (4.8 * sqrt((535 + 1) / 535))
  by_id <- normative_compare(x, norm = core10)
  expect_equal(by_id$z, (x - 4.7) / 4.8, tolerance = 1e-14)
  expect_equal(by_id$t, t, tolerance = 1e-12)
  expect_equal(by_id$df, 534)
  expect_equal(by_id$p_two_tailed, 2 * stats::pt(-abs(t), 534), tolerance = 1e-10)
  expect_equal(by_id, normative_compare(x, mean = 4.7, sd = 4.8, n = 535))
  # a norm without n: z, T and percentile; or with an n of the caller's
  expect_equal(names(normative_compare(9, norm = gad7_women)), c("z", "t_score", "percentile", "status", "message"))
  expect_equal(normative_compare(9, norm = gad7_women, n = 40)$df, 39)
})

test_that("normative_compare: mean and sd, or norm; not both", {
  expect_error(normative_compare(11), "give mean and sd, or norm", class = "alliance_input_error")
  expect_error(normative_compare(11, mean = 4), "give mean and sd, or norm")
  expect_error(normative_compare(11, norm = core10, mean = 4), "give norm or mean, not both", fixed = TRUE)
  expect_error(normative_compare(11, norm = core10, sd = 4), "give norm or sd, not both", fixed = TRUE)
  expect_error(normative_compare(11, norm = core10, n = 20),
               "norm core-10-uk-general-population-2007 has its n; give norm or n, not both", fixed = TRUE)
  expect_error(normative_compare(11, norm = "core-11"), "norm: no norm 'core-11'; the catalogue has", fixed = TRUE,
               class = "alliance_input_error")
})

# ---------------------------------------------------------------------------------------------
# normative_compare: Bayesian tests

btd_columns <- c("z", "t_score", "percentile", "p_one_tailed", "p_two_tailed", "percent_below",
                 "percent_below_lower", "percent_below_upper", "z_cc", "z_cc_lower", "z_cc_upper",
                 "mc_standard_error", "status", "message")
bsdt_columns <- c("z_a", "z_b", "btd_p_a", "btd_p_b", "z_dcc", "p_one_tailed", "p_two_tailed", "percent_below",
                  "percent_below_lower", "percent_below_upper", "z_dcc_lower", "z_dcc_upper", "mc_standard_error",
                  "status", "message")

test_that("normative_compare(bayesian = TRUE): the test for a deficit, reproducible by its seed", {
  # Crawford & Howell's (1998) example case (33 against M 50, SD 10, n 15) and one further below
  scores <- c(a = 30, b = 33, c = NA)
  btd <- normative_compare(scores, mean = 50, sd = 10, n = 15, bayesian = TRUE, draws = 20000, seed = 5)
  expect_identical(names(btd), btd_columns)
  expect_identical(rownames(btd), c("a", "b", "c"))
  expect_identical(btd$status, c("ok", "ok", "partial"))
  expect_identical(btd$message[3], "missing score; nothing computed")
  z <- (c(30, 33) - 50) / 10
  expect_equal(btd$z[1:2], z, tolerance = 1e-14)
  expect_equal(btd$t_score[1:2], 50 + 10 * z, tolerance = 1e-12)
  expect_equal(btd$percentile[1:2], 100 * stats::pnorm(z), tolerance = 1e-12)
  expect_equal(btd$z_cc[1:2], z, tolerance = 1e-14)  # the point estimate is (x - m) / s
  expect_true(all(btd$percent_below_lower[1:2] < btd$percent_below[1:2] &
                    btd$percent_below[1:2] < btd$percent_below_upper[1:2]))
  expect_true(all(btd$z_cc_lower[1:2] < btd$z_cc[1:2] & btd$z_cc[1:2] < btd$z_cc_upper[1:2]))
  expect_equal(btd$p_two_tailed[1:2], 2 * btd$p_one_tailed[1:2], tolerance = 1e-12)
  expect_equal(btd$percent_below[1:2], 100 * btd$p_one_tailed[1:2], tolerance = 1e-12)
  expect_true(all(btd$mc_standard_error[1:2] > 0 & btd$mc_standard_error[1:2] < 0.01))
  # Crawford & Garthwaite (2007): the Bayesian p estimates Crawford & Howell's t-test p, here by hand
  t <- (c(30, 33) - 50) / (10 * sqrt(16 / 15))
  expect_true(all(abs(btd$p_one_tailed[1:2] - stats::pt(t, 14)) < 5 * btd$mc_standard_error[1:2]))
  # the seed makes the draws: the same seed, the same numbers; another seed, other numbers
  expect_identical(normative_compare(scores, mean = 50, sd = 10, n = 15, bayesian = TRUE, draws = 20000, seed = 5),
                   btd)
  other <- normative_compare(scores, mean = 50, sd = 10, n = 15, bayesian = TRUE, draws = 20000, seed = 6)
  expect_false(identical(other$p_one_tailed, btd$p_one_tailed))
  expect_equal(other$z, btd$z)
  # defaults: 100000 draws, seed 1
  expect_identical(normative_compare(33, mean = 50, sd = 10, n = 15, bayesian = TRUE),
                   normative_compare(33, mean = 50, sd = 10, n = 15, bayesian = TRUE, draws = 100000, seed = 1))
})

test_that("normative_compare(scores_b =): the Bayesian standardised difference test", {
  # Z_DCC = (z_a - z_b) / sqrt(2 - 2 r) (Crawford & Garthwaite 2007): (-2 + 3) / sqrt(0.64) = 1.25
  bsdt <- normative_compare(c(-2, -3.857, 1.5), mean = 0, sd = 1, n = 20, scores_b = c(-3, -1.875, NA),
                            mean_b = 0, sd_b = 1, correlation = 0.68, draws = 20000, seed = 11)
  expect_identical(names(bsdt), bsdt_columns)
  expect_identical(bsdt$status, c("ok", "ok", "partial"))
  expect_identical(bsdt$message[3], "missing score_b; nothing computed")
  expect_equal(bsdt$z_a[1:2], c(-2, -3.857))
  expect_equal(bsdt$z_b[1:2], c(-3, -1.875))
  expect_equal(bsdt$z_dcc[1:2], (c(-2, -3.857) - c(-3, -1.875)) / sqrt(2 - 2 * 0.68), tolerance = 1e-12)
  expect_true(all(bsdt$z_dcc_lower[1:2] < bsdt$z_dcc[1:2] & bsdt$z_dcc[1:2] < bsdt$z_dcc_upper[1:2]))
  expect_true(all(bsdt$btd_p_a[1:2] > 0 & bsdt$btd_p_a[1:2] < 0.5))
  expect_identical(normative_compare(c(-2, -3.857, 1.5), mean = 0, sd = 1, n = 20, scores_b = c(-3, -1.875, NA),
                                     mean_b = 0, sd_b = 1, correlation = 0.68, draws = 20000, seed = 11), bsdt)
  # the calibrated prior and the unstandardised effect are other tests of the same cases
  calibrated <- normative_compare(c(-2, -3.857), mean = 0, sd = 1, n = 20, scores_b = c(-3, -1.875), mean_b = 0,
                                  sd_b = 1, correlation = 0.68, draws = 20000, seed = 11, prior = "calibrated",
                                  unstandardised = TRUE)
  expect_identical(names(calibrated), bsdt_columns)
  expect_identical(calibrated$status, c("ok", "ok"))
  expect_false(identical(calibrated$p_one_tailed, bsdt$p_one_tailed[1:2]))
})

test_that("normative_compare pairs scores_b with scores by name, as reliable_change pairs pre and post", {
  options <- list(mean = 10, sd = 2, n = 30, mean_b = 0, sd_b = 1, correlation = 0.5, draws = 1000, seed = 3)
  scores <- c(p101 = 12, p102 = 8)
  shuffled <- do.call(normative_compare, c(list(scores, scores_b = c(p102 = -0.5, p101 = 1.5)), options))
  aligned <- do.call(normative_compare, c(list(scores, scores_b = c(p101 = 1.5, p102 = -0.5)), options))
  expect_identical(shuffled, aligned)
  expect_identical(rownames(shuffled), c("p101", "p102"))
  expect_equal(shuffled$z_b, c(1.5, -0.5))
  expect_error(do.call(normative_compare, c(list(scores, scores_b = c(p101 = 1.5, p103 = -0.5)), options)),
               "scores and scores_b are paired by label, and scores_b has no 'p102' (scores's row 2)", fixed = TRUE,
               class = "alliance_error")
  expect_error(do.call(normative_compare, c(list(scores, scores_b = 1.5), options)),
               "scores has 2 values and scores_b 1", fixed = TRUE, class = "alliance_error")
})

test_that("normative_compare: the Monte Carlo options are checked as Python's", {
  expect_error(normative_compare(1, mean = 0, sd = 1, bayesian = TRUE),
               "bayesian compares with a control sample: give its size with n", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, scores_b = 1, mean_b = 0, sd_b = 1, correlation = 0.5),
               "scores_b compares with a control sample: give its size with n", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, draws = 1000),
               "draws is for the Monte Carlo tests; give bayesian or scores_b too", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, seed = 2), "seed is for the Monte Carlo tests")
  for (option in list(list(mean_b = 0), list(sd_b = 1), list(correlation = 0.5), list(prior = "calibrated"),
                      list(unstandardised = TRUE)))
    expect_error(do.call(normative_compare, c(list(1, mean = 0, sd = 1, n = 20, bayesian = TRUE), option)),
                 paste0(names(option), " is for the two-task test; give scores_b too"), fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, bayesian = TRUE, draws = 99),
               "draws expects a whole number from 100 to 100000000, not 99", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, bayesian = TRUE, draws = 1000.5), "draws expects")
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, bayesian = TRUE, seed = -1),
               "seed expects a whole number from 0 to 18446744073709551615, not -1", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, scores_b = 1, mean_b = 0),
               "scores_b needs sd_b, correlation", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, scores_b = 1, mean_b = 0, sd_b = 1, correlation = 0.5,
                                 prior = "flat"),
               "prior expects 'standard' or 'calibrated', not 'flat'", fixed = TRUE)
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, bayesian = "yes"), "bayesian expects TRUE or FALSE, not 'yes'",
               fixed = TRUE, class = "alliance_input_error")
  # the library's checks of the norms and the correlation, once before any row
  expect_error(normative_compare(1, mean = 0, sd = 1, n = 20, scores_b = 1, mean_b = 0, sd_b = 1, correlation = 1),
               "the BSDT needs -1 < r < 1", fixed = TRUE, class = "alliance_library_error")
  expect_error(normative_compare(1, mean = 0, sd = 0, n = 20, bayesian = TRUE), class = "alliance_library_error")
})

# ---------------------------------------------------------------------------------------------
# normative_equivalence

# Kendall et al. (1999) by hand: the two one-sided tests of |M_g - M_n| < delta and the
# difference test, pooled variances (or Welch's separate variances and df).
kendall <- function(m, s, k, norm_m, norm_s, norm_n, delta, welch = FALSE, alpha = 0.05) {
  d <- m - norm_m
  if (welch) {
    a <- s^2 / k
    b <- norm_s^2 / norm_n
    se <- sqrt(a + b)
    df <- (a + b)^2 / (a^2 / (k - 1) + b^2 / (norm_n - 1))
  } else {
    pooled <- ((k - 1) * s^2 + (norm_n - 1) * norm_s^2) / (k + norm_n - 2)
    se <- sqrt(pooled * (1 / k + 1 / norm_n))
    df <- k + norm_n - 2
  }
  t_upper <- (d - delta) / se
  t_lower <- (d + delta) / se
  p_upper <- stats::pt(t_upper, df)
  p_lower <- stats::pt(t_lower, df, lower.tail = FALSE)
  t_difference <- d / se
  p_difference <- 2 * stats::pt(-abs(t_difference), df)
  list(difference = d, delta = rep(delta, length(d)), standard_error = se, df = df, t_upper = t_upper, p_upper = p_upper,
       t_lower = t_lower, p_lower = p_lower,
       equivalent = p_upper < alpha & p_lower < alpha, t_difference = t_difference,
       p_difference = p_difference, different = p_difference < alpha)
}

equivalence_columns <- c("difference", "delta", "standard_error", "df", "t_upper", "p_upper", "t_lower", "p_lower",
                         "equivalent", "t_difference", "p_difference", "different", "status", "message")

test_that("normative_equivalence: Kendall et al.'s (1999) tests, by hand in base R", {
  groups <- data.frame(m = c(12, 8, 20, 9.4), s = c(4, 5, 6, 5.2), k = c(10, 95, 45, 60))
  for (welch in c(FALSE, TRUE)) {
    got <- normative_equivalence(groups$m, groups$s, groups$k, mean = 10, sd = 4, n = 30, delta = 4, welch = welch)
    expect_identical(names(got), equivalence_columns)
    want <- kendall(groups$m, groups$s, groups$k, 10, 4, 30, 4, welch = welch)
    for (column in names(want)) {
      if (is.character(want[[column]])) expect_identical(got[[column]], want[[column]], label = column)
      else expect_equal(got[[column]], want[[column]], tolerance = 1e-10, label = column)
    }
    expect_identical(got$status, rep("ok", 4))
  }
  # the worked line of the Python docstring: t_upper = (2 - 4) / (4 sqrt(2 / 10)) = -1.118
  one <- normative_equivalence(12, 4, 10, mean = 10, sd = 4, n = 10, delta = 4)
  expect_equal(round(one$t_upper, 3), -1.118)
  expect_identical(one$equivalent, FALSE)
  # delta_sd: the range in normative SDs (normcomp's example, 1 SD = 3 points pooled, 0.5 SD Welch)
  by_sd <- normative_equivalence(8, 5, 95, mean = 7, sd = 3, n = 500, delta_sd = 1)
  expect_equal(by_sd$delta, 3)
  expect_identical(by_sd$equivalent, TRUE)
  half <- normative_equivalence(8, 5, 95, mean = 7, sd = 3, n = 500, delta_sd = 0.5, welch = TRUE)
  expect_equal(half$delta, 1.5)
  expect_identical(half$equivalent, FALSE)
})

test_that("normative_equivalence equals the R reference (tests/reference/stats_reference_equivalence_bayes_ha.R)", {
  ref <- reference("stats-equivalence.csv")
  for (i in seq_len(nrow(ref))) {
    row <- ref[i, ]
    got <- normative_equivalence(row$treated_mean, row$treated_sd, row$treated_n, mean = row$norm_mean,
                                 sd = row$norm_sd, n = row$norm_n, delta = row$delta, alpha = row$alpha,
                                 welch = row$model == "welch")
    for (column in c("difference", "standard_error", "df", "t_upper", "p_upper", "t_lower", "p_lower", "t_difference"))
      expect_equal(got[[column]], row[[column]], tolerance = 1e-12, label = paste(row$id, column))
    expect_equal(got$p_difference, row$p_difference_two_tailed, tolerance = 1e-12)
    expect_identical(got$equivalent, row$equivalent == 1)
    expect_identical(got$different, row$different == 1)
  }
})

test_that("normative_equivalence: rows the library refuses, missing values, checks", {
  rows <- normative_equivalence(c(a = 8, b = 8, c = 8, d = NA), c(a = 5, b = 0, c = 5, d = 5),
                                c(a = 95, b = 95, c = 2.5, d = 95), mean = 7, sd = 3, n = 500, delta_sd = 1)
  expect_identical(rownames(rows), c("a", "b", "c", "d"))
  expect_identical(rows$status, c("ok", "error", "error", "partial"))
  expect_identical(rows$equivalent, c(TRUE, NA, NA, NA))
  expect_identical(rows$message[2], "[alliance.stats.sd_not_positive] column 'group_sd': SD 0 is not greater than 0")
  expect_identical(rows$message[3],
                   "[alliance.stats.too_few_observations] column 'group_n': n 2.5 is not a whole number of at least 2")
  expect_identical(rows$message[4], "missing group_mean; nothing computed")
  expect_true(all(is.na(unlist(rows[2:4, c("difference", "t_upper", "p_difference")]))))
  expect_error(normative_equivalence(8, 5, 95, mean = 7, sd = 3, n = 500),
               "needs the range of closeness: delta (score points) or delta_sd", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(normative_equivalence(8, 5, 95, mean = 7, sd = 3, n = 500, delta = 3, delta_sd = 1),
               "not both", fixed = TRUE)
  expect_error(normative_equivalence(8, 5, 95, sd = 3, n = 500, delta = 3), "mean, sd and n")
  expect_error(normative_equivalence(8, 5, 95, mean = 7, sd = -3, n = 500, delta = 3),
               "normative group (mean, sd, n)", fixed = TRUE, class = "alliance_library_error")
  expect_error(normative_equivalence("8", 5, 95, mean = 7, sd = 3, n = 500, delta = 3), "group_mean expects numbers, not '8'",
               fixed = TRUE, class = "alliance_input_error")
})

test_that("normative_equivalence pairs group_sd and group_n with group_mean by name", {
  got <- normative_equivalence(c(g1 = 12, g2 = 9), c(g2 = 3, g1 = 4), c(g2 = 20, g1 = 10), mean = 10, sd = 4, n = 10,
                               delta = 4)
  want <- kendall(c(12, 9), c(4, 3), c(10, 20), 10, 4, 10, 4)
  expect_equal(got$t_upper, want$t_upper, tolerance = 1e-12)
  expect_equal(got$standard_error, want$standard_error, tolerance = 1e-12)
  expect_identical(rownames(got), c("g1", "g2"))
  expect_error(normative_equivalence(c(g1 = 12, g2 = 9), c(g2 = 3, g3 = 4), c(10, 20), mean = 10, sd = 4, n = 10,
                                     delta = 4),
               "group_mean and group_sd are paired by label, and group_sd has no 'g1'", fixed = TRUE,
               class = "alliance_error")
  # unnamed: by position, and equally long
  expect_error(normative_equivalence(c(12, 9), c(4, 3), 10, mean = 10, sd = 4, n = 10, delta = 4),
               "group_mean has 2 values and group_n 1", fixed = TRUE)
})
