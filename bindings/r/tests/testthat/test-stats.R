test_that("reliable_change equals the R reference for the ORS sample (tests/reference/driver_stats_reference.R)", {
  ors <- sample_file("ors_pre_post.csv")
  ref <- reference("ors_pre_post_change.csv")
  ref <- ref[ref$run == "given", ]
  rc <- reliable_change(ors$ors_pre, ors$ors_post, sd = 7.7, reliability = 0.8, direction = "higher", cutoff = 25)
  expect_equal(names(rc), c("difference", "standard_error", "rci", "critical_value", "threshold",
                            "reliable_change", "cutoff", "category", "status", "message"))
  matched <- match(ref$client, ors$client)
  for (column in c("difference", "standard_error", "rci", "critical_value", "threshold"))
    expect_equal(rc[[column]][matched], ref[[column]], tolerance = 1e-12)
  expect_equal(rc$reliable_change[matched], ref$reliable_change)
  expect_equal(rc$category[matched], ref$category)
})

test_that("reliable_change: Jacobson & Truax's (1991) standard error and 1.96", {
  # S_diff = sqrt(2 (SD sqrt(1 - r))^2) = sqrt(2) x 7.7 x sqrt(0.2), by hand
  rc <- reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", critical_value = 1.96)
  expect_equal(rc$standard_error, sqrt(2) * 7.7 * sqrt(0.2), tolerance = 1e-14)
  expect_equal(rc$rci, 10 / (sqrt(2) * 7.7 * sqrt(0.2)), tolerance = 1e-14)
  expect_equal(rc$reliable_change, "improved")
  expect_equal(reliable_change(30, 20, sd = 7.7, reliability = 0.8, direction = "lower")$reliable_change, "improved")
})

test_that("reliable_change: direction has no default, bad parameters are named, NA pairs are partial", {
  expect_error(reliable_change(1, 2, sd = 1, reliability = 0.8), "direction")
  expect_error(reliable_change(1, 2, sd = 1, reliability = 1.2, direction = "higher"), "reliability",
               class = "alliance_error")
  # named arguments (as Python's): R itself refuses a name that is none of them
  expect_error(reliable_change(1, 2, sd = 1, reliability = 0.8, direction = "higher", meen = 3),
               "unused argument (meen = 3)", fixed = TRUE)
  rc <- reliable_change(c(1, NA), c(2, 3), sd = 1, reliability = 0.8, direction = "higher")
  expect_equal(rc$status, c("ok", "partial"))
  expect_equal(rc$message[2], "missing pre; nothing computed")
  expect_true(is.na(rc$rci[2]))
})

test_that("normative_compare equals the R reference for the ORS sample", {
  ors <- sample_file("ors_pre_post.csv")
  ref <- reference("ors_pre_post_compare.csv")
  cmp <- normative_compare(ors$ors_post, mean = 28, sd = 6.8, n = 100)
  columns <- setdiff(names(ref), "client")
  expect_equal(names(cmp), c(columns, "status", "message"))
  matched <- match(ref$client, ors$client)
  for (column in columns) expect_equal(cmp[[column]][matched], ref[[column]], tolerance = 1e-9)
  expect_equal(names(normative_compare(20, 28, 6.8)), c("z", "t_score", "percentile", "status", "message"))
})

test_that("normative_compare: Crawford & Howell's (1998) published example", {
  # case 33 against controls mean 50, SD 10, n 15: t = -1.646, about 6.1% below (C&H 1998)
  cmp <- normative_compare(33, mean = 50, sd = 10, n = 15)
  expect_equal(round(cmp$t, 3), -1.646)
  expect_equal(round(cmp$percent_below, 1), 6.1)
  ref <- reference("stats-crawford-howell.csv")[1, ]
  expect_equal(cmp$t, ref$t, tolerance = 1e-12)
  expect_equal(cmp$p_two_tailed, ref$p_two_tailed, tolerance = 1e-12)
})

test_that("icc reproduces Shrout & Fleiss (1979) and psych::ICC", {
  judges <- sample_file("shrout_fleiss_1979.csv")[, -1]
  out <- icc(judges)
  expect_equal(out$form, c("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"))
  # published in Shrout & Fleiss (1979), Table 4: .17 .29 .71 .44 .62 .91
  expect_equal(round(out$icc, 2), c(0.17, 0.29, 0.71, 0.44, 0.62, 0.91))
  ref <- reference("stats-icc.csv")
  ref <- ref[ref$dataset == "shrout_fleiss" & abs(ref$confidence - 0.95) < 1e-9, ]
  for (column in c("icc", "f", "df1", "df2", "p", "lower", "upper"))
    expect_equal(out[[column]], ref[[column]], tolerance = 1e-9)
  skip_if_not_installed("psych")
  ratings <- reference("stats-icc-ratings.csv")
  live <- psych::ICC(ratings, lmer = FALSE)$results
  mine <- icc(as.matrix(ratings))
  expect_equal(mine$icc, live$ICC, tolerance = 1e-9)
  expect_equal(mine$lower, live$`lower bound`, tolerance = 1e-9)
  expect_equal(mine$upper, live$`upper bound`, tolerance = 1e-9)
  expect_equal(mine$f, live$F, tolerance = 1e-9)
})

test_that("icc leaves rows with a missing rating out and says so", {
  judges <- sample_file("shrout_fleiss_1979.csv")[, -1]
  judges[7, ] <- c(1, NA, 3, 4)
  out <- icc(judges)
  expect_equal(out$n, rep(6L, 6))
  expect_equal(out$status, rep("partial", 6))
  expect_equal(out$message[1], "1 row with a missing rating left out (listwise)")
  expect_equal(round(out$icc, 2), c(0.17, 0.29, 0.71, 0.44, 0.62, 0.91))
  flat <- icc(data.frame(a = c(1, 1), b = c(1, 1)))
  expect_equal(flat$status, rep("error", 6))
})

test_that("reliability equals psych::alpha's reference and psych::alpha on the same rows", {
  sample <- sample_file("wai_sr_sample.csv")
  expect_warning(rel <- scale_reliability(sample, "wai-sr"), "4 rows with invalid values left out")
  ref <- reference("driver_reliability_psych.csv")
  ref <- ref[ref$dataset == "wai_sr_sample" & abs(ref$confidence - 0.95) < 1e-9, ]
  expect_equal(rel$scale, ref$scale)
  expect_equal(rel$n, ref$n)
  for (column in c("alpha", "alpha_standardized", "alpha_lower", "alpha_upper", "sem"))
    expect_equal(rel[[column]], ref[[column]], tolerance = 1e-9)
  expect_equal(rel$status, rep("partial", 4))
  skip_if_not_installed("psych")
  valid <- score(sample, "wai-sr")$status != "error"
  items <- sapply(sample[valid, paste0("item", 1:12)], as.numeric)
  bond <- stats::na.omit(items[, c(3, 5, 7, 9)])
  live <- suppressMessages(psych::alpha(bond, warnings = FALSE))
  expect_equal(rel$alpha[3], live$total$raw_alpha, tolerance = 1e-9)
  expect_equal(rel$alpha_standardized[3], live$total$std.alpha, tolerance = 1e-9)
  detail <- suppressWarnings(scale_reliability(sample, "wai-sr", item_detail = TRUE))
  bond_detail <- detail[detail$scale == "bond", ]
  expect_equal(bond_detail$item, c(3L, 5L, 7L, 9L))
  expect_equal(bond_detail$r_drop, unname(live$item.stats$r.drop), tolerance = 1e-9)
  expect_equal(bond_detail$alpha_if_deleted, unname(live$alpha.drop$raw_alpha), tolerance = 1e-9)
})

test_that("reliability reverse-keys on the nominal scale, as psych::alpha with keys and 7 - x", {
  skip_if_not_installed("psych")
  set.seed(7)
  true <- rnorm(40)
  answers <- sapply(1:19, function(i) pmin(6, pmax(1, round(3.5 + true + rnorm(40)))))
  reversed <- c(4, 8, 11, 16, 19)
  answers[, reversed] <- 7 - answers[, reversed]
  colnames(answers) <- paste0("item", 1:19)
  rel <- scale_reliability(answers, "haq-ii-p")
  keyed <- answers
  keyed[, reversed] <- 7 - keyed[, reversed]
  expect_equal(rel$alpha, suppressMessages(psych::alpha(keyed, warnings = FALSE))$total$raw_alpha, tolerance = 1e-9)
})

test_that("reliable_change estimates a missing SD from the pairs (reference run 'estimated')", {
  # SD of the pre scores (n - 1), r 0.8, z = 1.96 given, lower is better, J&T cut-off a = 19.6 - 2 x 8.7
  ors <- sample_file("ors_pre_post.csv")
  ref <- reference("ors_pre_post_change.csv")
  ref <- ref[ref$run == "estimated", ]
  expect_message(rc <- reliable_change(ors$ors_pre, ors$ors_post, reliability = 0.8, direction = "lower",
                                       critical_value = 1.96, cutoff = 19.6 - 2 * 8.7),
                 "estimated from the 25 complete pre/post pairs of the input (sample statistics, SD with n - 1): sd_pre",
                 fixed = TRUE)
  matched <- match(ref$client, ors$client)
  for (column in c("difference", "standard_error", "rci", "critical_value", "threshold", "cutoff"))
    expect_equal(rc[[column]][matched], ref[[column]], tolerance = 1e-12)
  expect_equal(rc$reliable_change[matched], ref$reliable_change)
  expect_equal(rc$category[matched], ref$category)
})

test_that("reliable_change(method = \"ha\", cutoff = a/b/c): CS_indiv and categories equal the R reference (tests/reference/stats_reference_equivalence_bayes_ha.R)", {
  # Hageman & Arrindell (1999) on Jacobson & Truax's (1991) Table 2 pairs, as clinicalsignificance
  # 3.0.0 computes them (re-implemented in R by the generator): clinical norm = the pre scores'
  # mean and SD, the functional norm and reliability of stats-rc-parameters.csv, one-sided 5%.
  ref <- reference("stats-ha-cs-indiv.csv")
  p <- reference("stats-rc-parameters.csv")
  pairs <- reference("stats-jt1991-table2.csv")
  compared <- 0
  for (measure in c("das", "gds")) {
    value <- function(name) p$value[p$measure == measure & p$parameter == name]
    pre <- pairs[[paste0(measure, "_pre")]]
    post <- pairs[[paste0(measure, "_post")]]
    for (kind in c("a", "b", "c")) {
      expected <- ref[ref$measure == measure & ref$cutoff == kind, ]
      for (rule in c("jacobson-truax", "clinicalsignificance")) {
        rc <- reliable_change(pre, post, sd = value("sd_pre"), reliability = value("reliability"),
                              direction = if (value("direction") > 0) "higher" else "lower", method = "ha",
                              critical_value = value("critical_one_sided"), cutoff = kind,
                              mean = value("mean_pre"), post_mean = value("mean_post"),
                              post_sd = value("sd_post"), prepost_correlation = value("retest_correlation"),
                              clinical_mean = value("mean_pre"), clinical_sd = value("sd_pre"),
                              functional_mean = value("functional_mean"), functional_sd = value("functional_sd"),
                              recovery_rule = rule)
        expect_true(all(c("cutoff", "cs_indiv", "category") %in% names(rc)))
        at <- match(paste(expected$pre, expected$post), paste(pre, post))
        expect_false(anyNA(at))
        expect_equal(rc$cutoff[at], expected$cutoff_value, tolerance = 1e-14)
        expect_equal(rc$rci[at], expected$rc_indiv, tolerance = 1e-12)
        expect_equal(rc$cs_indiv[at], expected$cs_indiv, tolerance = 1e-12)
        expect_equal(rc$category[at],
                     if (rule == "jacobson-truax") expected$category else expected$category_clinicalsignificance)
        compared <- compared + nrow(expected)
      }
    }
  }
  expect_equal(compared, 2 * 3 * (30 + 26))
})

test_that("reliable_change: cut-off letters need their norms, and method \"ha\" takes no cut-off number", {
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", cutoff = "a"),
               "clinical_mean and clinical_sd")
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", cutoff = "c",
                               clinical_mean = 20, clinical_sd = 7), "functional_mean and functional_sd")
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", method = "ha",
                               cutoff = 25, post_mean = 25, post_sd = 8, prepost_correlation = 0.5),
               "not a cut-off value")
  expect_error(reliable_change(20, 30, sd = 7.7, reliability = 0.8, direction = "higher", clinical_mean = 20),
               "give cutoff too")
  # Jacobson & Truax's cut-off a of the clinical norm: mean + 2 SD (higher is better), 20 + 2 x 7 = 34.
  rc <- reliable_change(c(20, 20), c(36, 30), sd = 7.7, reliability = 0.8, direction = "higher",
                        critical_value = 1.96, cutoff = "a", clinical_mean = 20, clinical_sd = 7)
  expect_equal(rc$cutoff, c(34, 34))
  expect_equal(rc$category, c("recovered", "improved"))
})
