# track() against the hand-built series of tests/data/track-series.csv (one item 0..40 whose
# answer is the score; tests/data/keys/track-one-item.json) and the values worked out by hand
# there (test_track.sh and the Python tests read the same file), and against the caseload
# walkthrough (examples/data/srs_caseload.csv, made by examples/data/make_caseload.py: anna's
# rupture repaired, ben's not, chloe and dev without one, eli's at the last session). Means,
# changes, slopes, cut-offs and reliable drops are checked with base R.

track_key <- function() system.file("extdata", "track-one-item.json", package = "alliance")

# The fixture, every column as text ("" for empty), in input order.
track_fixture <- function() {
  utils::read.csv(system.file("extdata", "reference", "track-series.csv", package = "alliance"),
                  comment.char = "#", colClasses = "character", stringsAsFactors = FALSE)
}

track_series <- function() {
  f <- track_fixture()
  x <- data.frame(client = f$client, session = as.integer(f$session),
                  item1 = suppressWarnings(as.integer(f$item1)), stringsAsFactors = FALSE)
  rownames(x) <- seq_len(nrow(x)) + 1L   # line numbers, as the command line counts them
  x
}

# The fixture's hand-worked cells of `columns`, one text per row.
fixture_cells <- function(columns) do.call(paste, c(unname(as.list(track_fixture()[columns])), sep = ","))

# The fixture's rules: below-cutoff 25 (below); drop >= 2 from the last scored; reliable
# drop for SD 5, reliability .8; v-episode k = 1 (Strauss et al. 2006) of an external SD 5 from
# the previous session, 1-session falls, repair within 2 scored sessions to the pre-rupture
# score, no margin, at least 2 scored sessions.
track_rules_args <- list(client = "client", session = "session", direction = "higher",
                         rule = c("below-cutoff", "drop", "reliable-drop", "v-episode"),
                         cutoff_value = 25, cutoff_when = "below", drop_points = 2,
                         previous = "last-scored", sd = 5, reliability = 0.8, k = "strauss-2006",
                         sd_basis = "external", external_sd = 5, reference = "previous-session",
                         max_decline = 1, repair_window = 2, repair_target = "pre-rupture-score",
                         repair_margin = 0, min_sessions = 2)

run_track <- function(data, instrument, args, ...) do.call(alliance::track, c(list(data, instrument), args, list(...)))

cells <- function(frame, columns) {
  shown <- lapply(columns, function(column) {
    x <- frame[[column]]
    out <- as.character(x)
    out[is.na(x)] <- ""
    out
  })
  do.call(paste, c(shown, sep = ","))
}

test_that("the hand-built series gives the fixture's hand-worked rows, in input order", {
  data <- track_series()
  out <- run_track(data, track_key(), track_rules_args)
  expect_equal(rownames(out), rownames(data))
  expect_equal(names(out), c("client", "session", "total_sum", "total_mean", "total_answered", "total_status",
                             "score", "change", "change_from_mean", "alerts", "episode", "event", "repaired",
                             "depth", "sessions_to_repair", "status", "message"))
  expect_equal(out$client, data$client)
  expect_equal(out$session, data$session)
  columns <- c("client", "session", "score", "change", "alerts", "episode", "event", "repaired", "depth",
               "sessions_to_repair", "status")
  expect_equal(cells(out, columns), fixture_cells(columns))
  a4 <- out$client == "a" & out$session == 4
  expect_equal(out$change_from_mean[a4], 20 - mean(c(30, 32, 31)))
  h1 <- which(out$client == "h" & out$session == 1)
  expect_equal(out$message[h1], c("row 5: client 'h' has session 1 on row 26 as well; neither row is used",
                                  "row 26: client 'h' has session 1 on row 5 as well; neither row is used"))
  expect_equal(out[["message"]][rownames(out) == "6"],
               "total insufficient: 0 of 1 items answered (rule: all 1 items required)")
  # any input order gives the same rows
  shuffled <- data[c(seq(2, nrow(data), 2), seq(1, nrow(data), 2)), ]
  again <- run_track(shuffled, track_key(), track_rules_args)[rownames(data), ]
  expect_equal(again[names(again) != "message"], out[names(out) != "message"])
})

test_that("summary = TRUE: one row per client, means and slopes as base R's", {
  data <- track_series()
  out <- run_track(data, track_key(), track_rules_args, summary = TRUE, pattern = "any-unrepaired")
  expect_equal(out$client, letters[1:8])
  expect_equal(names(out), c("client", "administrations", "scored", "error_rows", "first_session", "last_session",
                             "mean", "slope", "first", "last", "below_cutoff", "drops", "reliable_drops",
                             "ruptures", "repaired", "unrepaired", "censored", "pattern", "status", "message"))
  row <- function(id) out[out$client == id, ]
  expect_equal(unlist(row("a")[c("administrations", "scored", "ruptures", "repaired")]),
               c(administrations = 6, scored = 6, ruptures = 1, repaired = 1))
  expect_equal(row("a")$mean, mean(c(30, 32, 31, 20, 28, 33)))
  expect_equal(row("a")$slope, unname(coef(lm(c(30, 32, 31, 20, 28, 33) ~ c(1:6)))[2]))
  expect_equal(row("b")$pattern, "unrepaired")
  expect_equal(row("c")$pattern, "pending")
  expect_equal(row("d")$pattern, "not_evaluated")
  expect_equal(row("d")$status, "partial")
  expect_equal(unlist(row("g")[c("ruptures", "repaired", "drops")]), c(ruptures = 2, repaired = 2, drops = 2))
  expect_equal(row("h")$error_rows, 2)
  expect_equal(row("h")$administrations, 1)
  expect_equal(row("h")$status, "error")
  expect_equal(unlist(row("f")[c("administrations", "scored", "first_session", "last_session")]),
               c(administrations = 5, scored = 4, first_session = 1, last_session = 6))
  expect_match(row("h")$message, "row 5: session 1 is also on row 26; neither row is used", fixed = TRUE)
})

caseload_args <- list(items = "srs_{}", client = "client", session = "session", direction = "higher",
                      rule = "v-episode", k = "stiles-2004", sd_basis = "stricter", external_sd = 2.5,
                      reference = "previous-session", max_decline = 1, repair_window = 3,
                      repair_target = "pre-rupture-score", repair_margin = 0, min_sessions = 4)

test_that("the caseload walkthrough: anna repaired, ben unrepaired, chloe and dev none, eli pending", {
  data <- sample_file("srs_caseload.csv")
  summary <- run_track(data, "srs", caseload_args, summary = TRUE, pattern = "any-unrepaired")
  expect_equal(cells(summary, c("client", "ruptures", "pattern")),
               c("anna,1,repaired", "ben,1,unrepaired", "chloe,0,no_rupture", "dev,0,no_rupture", "eli,1,pending"))
  rows <- run_track(data, "srs", caseload_args)
  expect_equal(nrow(rows), nrow(data))
  expect_equal(rows$client, data$client)
  expect_equal(rows$session, data$session)
  # the score is the SRS total (sum of the four items); the change is from the previous session
  anna <- rows[rows$client == "anna", ]
  anna <- anna[order(anna$session), ]
  items <- data[data$client == "anna", ]
  items <- items[order(items$session), ]
  total <- rowSums(items[paste0("srs_", 1:4)])
  expect_equal(anna$score, unname(total))
  expect_equal(anna$change, c(NA, diff(unname(total))))
  expect_equal(summary$mean[1], mean(total))
  expect_equal(sum(anna$event == "rupture", na.rm = TRUE), 1)
  expect_equal(sum(anna$event == "repair", na.rm = TRUE), 1)
})

test_that("track refuses what the command refuses", {
  data <- track_series()
  key <- track_key()
  base <- list(client = "client", session = "session", direction = "higher")
  expect_error(run_track(data, key, base, rule = "drop", drop_points = 2), "needs previous", class = "alliance_error")
  expect_error(run_track(data, key, base, drop_points = 2), "drop_points is for rule 'drop'")
  expect_error(run_track(data, key, base, rule = "v-episode"), "needs k, sd_basis")
  expect_error(run_track(data, key, base, rule = "dip"), "unknown rule 'dip'")
  expect_error(alliance::track(data, key, client = "client", session = "session", direction = "up"), "direction")
  expect_error(alliance::track(data, key, client = "client", session = "session"), "direction")
  expect_error(alliance::track(data, key, client = "who", session = "session", direction = "higher"), "who")
  expect_error(run_track(data, key, base, rule = "below-cutoff"), "no cut-off for scale")
  expect_error(run_track(data, key, base, rule = "v-episode", k = 1, sd_basis = "external", external_sd = 5,
                         reference = "previous-session", max_decline = 1, repair_window = 2,
                         repair_target = "pre-rupture-score", repair_margin = 0, min_sessions = 2,
                         summary = TRUE), "needs pattern")
  bad <- data
  bad$session[1] <- "first"
  bad$client[2] <- ""
  out <- run_track(bad, key, base)
  expect_equal(out$message[1], "row 2, column 'session': value 'first' is not a session number")
  expect_equal(out$message[2], "row 3, column 'client': the id is empty")
  expect_equal(out$status[1:2], c("error", "error"))
  expect_true(all(is.na(out$score[1:2])))
  s <- run_track(bad, key, base, summary = TRUE)
  expect_equal(s$client[nrow(s)], "")
  expect_equal(s$message[nrow(s)], "1 row has an empty client and belongs to no series (row 3)")
})

test_that("session_dates: days as sessions give the same series; a date that does not exist is an error row", {
  data <- sample_file("srs_caseload.csv")
  dated <- data
  dated$session <- format(as.Date("2026-02-28") + data$session)   # session s is day s of March 2026
  dated <- rbind(dated, data.frame(client = "anna", session = "2026-02-30", srs_1 = 9, srs_2 = 9, srs_3 = 9,
                                   srs_4 = 9))
  by_number <- run_track(data, "srs", caseload_args)
  by_date <- run_track(dated, "srs", caseload_args, session_dates = TRUE)
  keep <- seq_len(nrow(data))
  for (column in c("score", "change", "change_from_mean", "alerts", "episode", "event", "repaired", "depth"))
    expect_equal(by_date[[column]][keep], by_number[[column]], info = column)
  expect_equal(by_date$message[nrow(dated)],
               sprintf("row %d, column 'session': value '2026-02-30' is not a date (YYYY-MM-DD)", nrow(dated)))
  summary <- run_track(dated, "srs", caseload_args, session_dates = TRUE, summary = TRUE,
                       pattern = "any-unrepaired")
  expect_equal(summary$first_session[1], "2026-03-01")
  expect_equal(summary$slope, run_track(data, "srs", caseload_args, summary = TRUE,
                                        pattern = "any-unrepaired")$slope)
})

test_that("a tibble gives a tibble with the same values", {
  skip_if_not_installed("tibble")
  data <- sample_file("srs_caseload.csv")
  out <- run_track(tibble::as_tibble(data), "srs", caseload_args)
  expect_s3_class(out, "tbl_df")
  expect_equal(as.data.frame(out), run_track(data, "srs", caseload_args))
})

# Every option of track() is tested. Those above cover rule, the four rules'
# required options, session_dates, items and summary; below, the others, each against values
# worked out by hand in tests/data/track-series.csv (which test_track.sh checks the command line
# against) or computed here with base R from the published parameter.

episode_cells <- function(out) {
  text <- gsub(",", " ", cells(out, c("episode", "event", "repaired", "depth", "sessions_to_repair")), fixed = TRUE)
  sub(" +$", "", text)
}

test_that("previous = \"immediately-preceding\": no drop across f's missing session 3 (hand-worked)", {
  out <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(previous = "immediately-preceding")))
  expect_equal(cells(out, "alerts"), fixture_cells("alerts_immediately_preceding"))
})

test_that("cutoff_when = \"at-or-below\": e's 25s are flagged (hand-worked)", {
  out <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(cutoff_when = "at-or-below")))
  expect_equal(cells(out, "alerts"), fixture_cells("alerts_at_or_below"))
})

test_that("reference = \"client-mean\", repair_target = \"reference\": the hand-worked episodes", {
  args <- modifyList(track_rules_args, list(reference = "client-mean", repair_target = "reference"))
  args$max_decline <- NULL
  out <- run_track(track_series(), track_key(), args)
  expect_equal(episode_cells(out), fixture_cells("client_mean_episodes"))
  expect_error(run_track(track_series(), track_key(), modifyList(args, list(max_decline = 1))),
               "max_decline is for reference 'previous-session'")
})

test_that("repair_margin = 6: back within 6 points counts as repaired (hand-worked)", {
  out <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(repair_margin = 6)))
  expect_equal(episode_cells(out), fixture_cells("margin_6_episodes"))
})

test_that("k as a number: k = 1 is Strauss et al.'s 1 SD, the fixture's rows", {
  out <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(k = 1)))
  columns <- c("alerts", "episode", "event", "repaired", "depth", "sessions_to_repair")
  expect_equal(cells(out, columns), fixture_cells(columns))
  # a larger k: 2.3 SD = 11.5 points, deeper than every fall of the series (at most 11)
  deep <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(k = 2.3)))
  expect_false(any(grepl("v-episode", deep$alerts)))
})

test_that("pattern = \"last-episode\": the client's last episode decides (from the hand-worked episodes)", {
  for (variant in list(list(), list(repair_margin = 6))) {
    args <- modifyList(track_rules_args, variant)
    out <- run_track(track_series(), track_key(), args, summary = TRUE, pattern = "last-episode")
    rows <- run_track(track_series(), track_key(), args)
    expected <- vapply(out$client, function(id) {
      ruptures <- rows[rows$client == id & rows$event %in% c("rupture", "repair;rupture"), ]
      if (id %in% c("d", "h")) return("not_evaluated")   # one scored session (min_sessions 2)
      if (!nrow(ruptures)) return("no_rupture")
      last <- ruptures$repaired[which.max(ruptures$session)]
      c(yes = "repaired", no = "unrepaired", censored = "pending")[[last]]
    }, "")
    expect_equal(out$pattern, unname(expected))
  }
  # with margin 6, b's one episode is repaired: the fixture's margin_6_episodes
  out <- run_track(track_series(), track_key(), modifyList(track_rules_args, list(repair_margin = 6)),
                   summary = TRUE, pattern = "last-episode")
  expect_equal(out$pattern[out$client == "b"], "repaired")
})

test_that("sd_basis = \"within-client\": ruptures at least one sample SD (base R sd()) below the client's mean", {
  args <- modifyList(track_rules_args, list(sd_basis = "within-client", reference = "client-mean",
                                            repair_target = "reference"))
  args$external_sd <- NULL
  args$max_decline <- NULL
  data <- track_series()
  out <- run_track(data, track_key(), args)
  for (id in c("a", "b", "c", "f", "g")) {
    mine <- out[out$client == id & out$status != "error" & !is.na(out$score), ]
    mine <- mine[order(mine$session), ]
    y <- mine$score
    fell <- c(FALSE, (mean(y) - y[-1]) >= sd(y))   # the first score has no earlier one to fall from
    expect_equal(mine$session[grepl("rupture", mine$event)], mine$session[fell], info = id)
  }
  expect_error(run_track(data, track_key(), modifyList(args, list(external_sd = 5))),
               "external_sd is for sd_basis 'external' or 'stricter'")
})

# The SRS total (the sum of the four items; NA when one is missing) and, per row, the client's
# last earlier total that exists (previous = "last-scored").
caseload_scores <- function(data) {
  total <- rowSums(data[paste0("srs_", 1:4)])
  previous <- rep(NA_real_, nrow(data))
  for (id in unique(data$client)) {
    rows <- which(data$client == id)
    rows <- rows[order(data$session[rows])]
    last <- NA_real_
    for (i in rows) {
      previous[i] <- last
      if (!is.na(total[i])) last <- total[i]
    }
  }
  list(total = total, previous = previous, scored = !is.na(total))
}

test_that("cutoff_id and the catalogue's default cut-off: the SRS total below 36 (Duncan et al. 2003)", {
  data <- sample_file("srs_caseload.csv")
  base <- list(items = "srs_{}", client = "client", session = "session", direction = "higher",
               rule = "below-cutoff")
  s <- caseload_scores(data)
  below <- s$scored & s$total < 36
  expect_true(any(below) && !all(below))
  by_default <- run_track(data, "srs", base)
  by_id <- run_track(data, "srs", base, cutoff_id = "srs-total-36")
  expect_equal(by_default$alerts == "below-cutoff", below)
  expect_equal(by_id$alerts, by_default$alerts)
  expect_error(run_track(data, "srs", base, cutoff_id = "srs-total-99"), "no cut-off 'srs-total-99'")
  expect_error(run_track(data, "srs", base, cutoff_id = "srs-total-36", cutoff_value = 30, cutoff_when = "below"),
               "give cutoff_id or cutoff_value, not both")
})

test_that("norm, sd, reliability, confidence, critical_value: Jacobson & Truax's reliable drop in base R", {
  data <- sample_file("srs_caseload.csv")
  s <- caseload_scores(data)
  base <- list(items = "srs_{}", client = "client", session = "session", direction = "higher",
               rule = "reliable-drop", previous = "last-scored")
  # RC = (score - previous) / (SD sqrt(2 (1 - r))) below -z (Jacobson & Truax 1991, eq. 1-2)
  reliable <- function(sd, r, z) s$scored & !is.na(s$previous) & (s$total - s$previous) / (sd * sqrt(2 * (1 - r))) < -z
  # --norm names one of the tracked instrument's own norms: tests/data/keys/srs-own-cutoff.json
  # is the SRS key with a norm of SD 4.8; a built-in norm of another instrument is refused
  own_key <- system.file("extdata", "srs-own-cutoff.json", package = "alliance")
  by_norm <- run_track(data, own_key, base, norm = "lab-srs-clinic", reliability = 0.9, critical_value = 1.96)
  expected <- reliable(4.8, 0.9, 1.96)
  expect_true(any(expected) && !all(expected))
  expect_equal(by_norm$alerts == "reliable-drop", expected)
  by_sd <- run_track(data, "srs", base, sd = 4.8, reliability = 0.9, confidence = 0.8)
  expect_equal(by_sd$alerts == "reliable-drop", reliable(4.8, 0.9, stats::qnorm(0.9)))
  by_default <- run_track(data, "srs", base, sd = 4.8, reliability = 0.9)   # confidence 0.95
  expect_equal(by_default$alerts == "reliable-drop", reliable(4.8, 0.9, stats::qnorm(0.975)))
  expect_error(run_track(data, own_key, base, norm = "lab-srs-clinic", sd = 4,
                         reliability = 0.9), "give norm or sd, not both")
  expect_error(run_track(data, "srs", base, norm = "core-10-uk-general-population-2007", reliability = 0.9),
               "no norm 'core-10-uk-general-population-2007' for srs \\(it has none\\)", class = "alliance_error")
  expect_error(run_track(data, "srs", base, sd = 4.8, reliability = 0.9, confidence = 0.9, critical_value = 2),
               "give confidence or critical_value, not both")
})

test_that("direction = \"lower\": a drop is a rise of at least drop_points (base R diff)", {
  data <- sample_file("srs_caseload.csv")
  s <- caseload_scores(data)
  out <- run_track(data, "srs", list(items = "srs_{}", client = "client", session = "session",
                                     direction = "lower", rule = "drop", drop_points = 2, previous = "last-scored"))
  rose <- s$scored & !is.na(s$previous) & round(s$total - s$previous, 9) >= 2   # on the decimals, as the library
  expect_true(any(rose))
  expect_equal(out$alerts == "drop", rose)
})

test_that("metric = \"mean\" and scale: the tracked score is that scale's mean or sum", {
  data <- sample_file("srs_caseload.csv")
  out <- run_track(data, "srs", list(items = "srs_{}", client = "client", session = "session",
                                     direction = "higher", metric = "mean", rule = "drop", drop_points = 0.5,
                                     previous = "last-scored"))
  expect_equal(out$score, unname(rowMeans(data[paste0("srs_", 1:4)])))
  s <- caseload_scores(data)
  expect_equal(out$alerts == "drop", s$scored & !is.na(s$previous) & round((s$previous - s$total) / 4, 9) >= 0.5)
  expect_error(run_track(data, "srs", list(items = "srs_{}", client = "client", session = "session",
                                           direction = "higher", metric = "mean", rule = "below-cutoff")),
               "is for the scale's sum")
  wai <- sample_file("wai_sr_sample.csv")
  bond <- run_track(wai, "wai-sr", list(client = "client", session = "session", direction = "higher"),
                    scale = "bond", metric = "sum")
  expect_equal(bond$score, alliance::score(wai, "wai-sr")$bond_sum)
  expect_error(run_track(wai, "wai-sr", list(client = "client", session = "session", direction = "higher"),
                         scale = "rapport"), "no scale 'rapport' in wai-sr")
})

test_that("min_answered, missing, not_applicable: the record is scored as score() scores it", {
  data <- sample_file("srs_caseload.csv")
  data$srs_2[c(1, 5)] <- 99
  data$srs_3[9] <- -1
  options <- list(missing = 99, not_applicable = -1, min_answered = 0.75)
  out <- do.call(run_track, c(list(data, "srs", list(items = "srs_{}", client = "client", session = "session",
                                                     direction = "higher")), options))
  scored <- do.call(alliance::score, c(list(data, "srs", items = "srs_{}"), options))
  expect_equal(out$score, scored$total_sum)
  expect_equal(out$status, as.character(scored$status))
  expect_true(any(out$status == "partial"))
})

test_that("summary = TRUE: a client whose only rows share a session has no first or last session", {
  # Regression: with no usable row in any client, the session picked by an all-NA index took
  # every row's ("replacement has 2 rows, data has 1").
  twice <- data.frame(client = "a", session = c(1, 1), srs_1 = c(9, 8), srs_2 = c(9, 8), srs_3 = c(9, 8),
                      srs_4 = c(9, 8))
  out <- track(twice, "srs", items = "srs_{}", client = "client", session = "session", direction = "higher",
               summary = TRUE)
  expect_equal(nrow(out), 1)
  expect_true(is.na(out$first_session) && is.na(out$last_session))
  expect_match(out$message, "session 1 is also on row 2; neither row is used", fixed = TRUE)
})
