# score() against psych::scoreItems() on the same in-memory 1,000,000-row WAI-SR data.frame.
#
#   R CMD INSTALL bindings/r && Rscript bench/bench_r_score.R [ROWS]
#
# The data: answers 1..5 to the 12 WAI-SR items, every item answered (so both programs score
# every scale of every row, and their sums can be compared), integer columns as read.csv
# gives them. psych is given the same key (Hatcher & Gillaspy 2006: task 1 2 10 12, goal
# 4 6 8 11, bond 3 5 7 9, total 1-12) with min = 1 and max = 5, and totals = TRUE (sums, as
# alliance reports them). Each program runs `repeats` times; the best time counts.
suppressPackageStartupMessages({
  library(alliance)
  library(psych)
})
args <- commandArgs(trailingOnly = TRUE)
rows <- if (length(args)) as.integer(args[1]) else 1000000L
repeats <- 3L

set.seed(20261129)
data <- as.data.frame(setNames(lapply(1:12, function(i) sample.int(5L, rows, replace = TRUE)),
                               paste0("item", 1:12)))
keys <- make.keys(12, list(task = c(1, 2, 10, 12), goal = c(4, 6, 8, 11), bond = c(3, 5, 7, 9), total = 1:12),
                  item.labels = names(data))

# Best elapsed time and best processor time (user + system) of `repeats` runs: on a shared
# machine the elapsed time includes waiting for a core, the processor time does not.
best <- function(f) {
  elapsed <- cpu <- numeric(repeats)
  for (r in seq_len(repeats)) {
    gc()
    t <- system.time(result <<- f())
    elapsed[r] <- t[["elapsed"]]
    cpu[r] <- t[["user.self"]] + t[["sys.self"]]
  }
  c(elapsed = min(elapsed), cpu = min(cpu))
}
result <- NULL
t_alliance <- best(function() score(data, "wai-sr"))
ours <- result
t_psych <- best(function() scoreItems(keys, data, totals = TRUE, min = 1, max = 5))
theirs <- result$scores

same <- isTRUE(all.equal(ours$total_sum, unname(theirs[, "total"]))) &&
  isTRUE(all.equal(ours$task_sum, unname(theirs[, "task"]))) &&
  isTRUE(all.equal(ours$bond_sum, unname(theirs[, "bond"])))
cat(sprintf("WAI-SR, %s rows x 12 items in memory (%s, psych %s, best of %d)\n",
            format(rows, big.mark = ","), R.version.string, packageVersion("psych"), repeats))
cat("                          elapsed      processor time\n")
cat(sprintf("  alliance::score         %7.3f s     %7.3f s   %6.2f M rows/s elapsed\n", t_alliance[["elapsed"]],
            t_alliance[["cpu"]], rows / t_alliance[["elapsed"]] / 1e6))
cat(sprintf("  psych::scoreItems       %7.3f s     %7.3f s   %6.2f M rows/s elapsed\n", t_psych[["elapsed"]],
            t_psych[["cpu"]], rows / t_psych[["elapsed"]] / 1e6))
ratio <- t_psych / t_alliance
cat(sprintf("  ratio (psych / alliance) %6.1fx     %6.1fx     (target >= 30x elapsed: %s)\n", ratio[["elapsed"]],
            ratio[["cpu"]], if (ratio[["elapsed"]] >= 30) "met" else "NOT met"))
cat(sprintf("  same sums: %s\n", if (same) "yes" else "NO"))
if (!same) quit(status = 1)
