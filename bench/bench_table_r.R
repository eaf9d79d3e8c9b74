# The table layer's performance targets in R (README, Performance), one run each, on 1,000,000 rows:
#
#   - normative_compare(n = 100) on scores that repeat as sums of answers do (0..40), against
#     the z-only call: each distinct score's interval is computed once (target: within 3x);
#   - track(summary = TRUE) on 1,000,000 rows against 100,000 (125,000 and 12,500 clients of 8
#     sessions, shuffled): linear, not quadratic (target: within 12x);
#   - score() of character columns against the same answers as integers: each distinct text
#     read once, in C++ (target: within 3x).
#
#   R CMD INSTALL bindings/r && Rscript bench/bench_table_r.R [ROWS]
suppressPackageStartupMessages(library(alliance))
args <- commandArgs(trailingOnly = TRUE)
rows <- if (length(args)) as.integer(args[1]) else 1000000L
set.seed(20261207)
timed <- function(f) {
  gc()
  system.time(f())[["elapsed"]]
}

scores <- as.double(sample(0:40, rows, replace = TRUE))
z_only <- timed(function() normative_compare(scores, mean = 20, sd = 7))
with_n <- timed(function() normative_compare(scores, mean = 20, sd = 7, n = 100))
cat(sprintf("normative_compare: z only %.3f s, n = 100 %.3f s: %.2fx (target <= 3x)\n",
            z_only, with_n, with_n / z_only))

srs_sessions <- function(n) {
  clients <- n %/% 8L
  frame <- data.frame(client = as.character(rep(seq_len(clients), each = 8L)),
                      session = rep(1:8, clients), stringsAsFactors = FALSE)
  for (i in 1:4) frame[[paste0("item", i)]] <- round(stats::runif(nrow(frame), 5, 10), 1)
  frame[sample.int(nrow(frame)), , drop = FALSE]
}
small <- srs_sessions(rows %/% 10L)
large <- srs_sessions(rows)
track_summary <- function(data) function() {
  alliance::track(data, "srs", client = "client", session = "session", direction = "higher", summary = TRUE)
}
t_small <- timed(track_summary(small))
t_large <- timed(track_summary(large))
cat(sprintf("track(summary = TRUE): %d rows %.3f s, %d rows %.3f s: %.1fx (target <= 12x)\n",
            nrow(small), t_small, nrow(large), t_large, t_large / t_small))

numbers <- as.data.frame(setNames(lapply(1:12, function(i) sample.int(5L, rows, replace = TRUE)),
                                  paste0("item", 1:12)))
texts <- as.data.frame(lapply(numbers, function(x) paste0(x)), stringsAsFactors = FALSE)
t_numbers <- timed(function() alliance::score(numbers, "wai-sr"))
t_texts <- timed(function() alliance::score(texts, "wai-sr"))
cat(sprintf("score: integers %.3f s, text %.3f s: %.2fx (target <= 3x)\n", t_numbers, t_texts, t_texts / t_numbers))
