# track() against the hand-built series of tests/driver/test_track.sh (one item 0..40 whose
# answer is the score; tests/data/keys/track-one-item.json), whose flags and episodes are worked
# out by hand there, and against the caseload walkthrough (examples/data/srs_caseload.csv, made
# by examples/data/make_caseload.py: anna's rupture repaired, ben's not, chloe and dev without
# one, eli's at the last session). Means, changes and slopes are checked with base R.

track_key <- function() system.file("extdata", "track-one-item.json", package = "alliance")

track_series <- function() {
  x <- utils::read.csv(text = "client,session,item1
g,5,31
a,3,31
b,1,30
h,1,30
f,5,
a,1,30
c,3,20
e,2,25
g,1,30
a,6,33
b,3,22
d,1,30
f,2,31
a,2,32
h,2,31
g,3,30
b,5,24
e,1,25
f,6,32
c,1,30
a,4,20
g,2,20
b,2,30
f,4,20
h,1,29
c,2,31
g,4,19
e,3,25
a,5,28
b,4,23
f,1,30", stringsAsFactors = FALSE)
  rownames(x) <- seq_len(nrow(x)) + 1L   # line numbers, as the command line counts them
  x
}

# The rules of test_track.sh: below-cutoff 25 (below); drop >= 2 from the last scored; reliable
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

F <- "below-cutoff;drop;reliable-drop;v-episode"
# client,session,score,change,flags,episode,event,repaired,depth,sessions_to_repair,status
# (test_track.sh's expected rows, worked out by hand from the series).
track_expected <- c(
  "a,1,30,,,,,,,,ok", "a,2,32,2,,,,,,,ok", "a,3,31,-1,,,,,,,ok",
  paste0("a,4,20,-11,", F, ",1,rupture,yes,11,2,ok"), "a,5,28,8,,,,,,,ok", "a,6,33,5,,1,repair,,,,ok",
  "b,1,30,,,,,,,,ok", "b,2,30,0,,,,,,,ok", paste0("b,3,22,-8,", F, ",1,rupture,no,8,,ok"),
  "b,4,23,1,below-cutoff,,,,,,ok", "b,5,24,1,below-cutoff,,,,,,ok",
  "c,1,30,,,,,,,,ok", "c,2,31,1,,,,,,,ok", paste0("c,3,20,-11,", F, ",1,rupture,censored,11,,ok"),
  "d,1,30,,,,,,,,ok", "e,1,25,,,,,,,,ok", "e,2,25,0,,,,,,,ok", "e,3,25,0,,,,,,,ok",
  "f,1,30,,,,,,,,ok", "f,2,31,1,,,,,,,ok", paste0("f,4,20,-11,", F, ",1,rupture,yes,11,1,ok"),
  "f,5,,,,,,,,,partial", "f,6,32,12,,1,repair,,,,ok",
  "g,1,30,,,,,,,,ok", paste0("g,2,20,-10,", F, ",1,rupture,yes,10,1,ok"), "g,3,30,10,,1,repair,,,,ok",
  paste0("g,4,19,-11,", F, ",2,rupture,yes,11,1,ok"), "g,5,31,12,,2,repair,,,,ok",
  "h,1,,,,,,,,,error", "h,1,,,,,,,,,error", "h,2,31,,,,,,,,ok")

cells <- function(frame, columns) {
  shown <- lapply(columns, function(column) {
    x <- frame[[column]]
    out <- as.character(x)
    out[is.na(x)] <- ""
    out
  })
  do.call(paste, c(shown, sep = ","))
}

test_that("the hand-built series gives test_track.sh's hand-worked rows, in input order", {
  data <- track_series()
  out <- run_track(data, track_key(), track_rules_args)
  expect_equal(rownames(out), rownames(data))
  expect_equal(names(out), c("client", "session", "total_sum", "total_mean", "total_answered", "total_status",
                             "score", "change", "change_from_mean", "flags", "episode", "event", "repaired",
                             "depth", "sessions_to_repair", "status", "message"))
  expect_equal(out$client, data$client)
  expect_equal(out$session, data$session)
  sorted <- out[order(out$client, out$session, method = "radix"), ]
  expect_equal(cells(sorted, c("client", "session", "score", "change", "flags", "episode", "event", "repaired",
                               "depth", "sessions_to_repair", "status")), track_expected)
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
  for (column in c("score", "change", "change_from_mean", "flags", "episode", "event", "repaired", "depth"))
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
