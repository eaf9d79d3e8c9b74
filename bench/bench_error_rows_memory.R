# Peak memory of score() when every row is an error row (the wrong instrument on a big file),
# against the bytes of the returned messages plus the input. Target: at most 3x (README,
# Performance). The peak is the process's high-water mark (VmHWM, Linux), read in a fresh R.
#
#   Rscript bench/bench_error_rows_memory.R [ROWS]
args <- commandArgs(trailingOnly = TRUE)
rows <- if (length(args) > 0) as.integer(args[1]) else 1000000L
suppressMessages(library(alliance))
high_water <- function() {
  line <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
  as.numeric(sub("^VmHWM:\\s*([0-9]+) kB.*$", "\\1", line)) * 1024
}
data <- matrix(9, rows, 12, dimnames = list(NULL, paste0("item", 1:12)))  # 9 is outside 1..5
input_bytes <- as.numeric(object.size(data))
invisible(gc())
before <- high_water()
out <- score(data, "wai-sr")
peak <- high_water()
messages <- sum(nchar(out$message, type = "bytes"))
grown <- peak - before + input_bytes
cat(sprintf("R score, %s error rows: messages %.0f MiB (%.0f B per row), input %.0f MiB, peak growth with input %.0f MiB: %.2fx messages + input (target 3x)\n",
            format(rows, big.mark = ","), messages / 2^20, messages / rows, input_bytes / 2^20, grown / 2^20,
            grown / (messages + input_bytes)))
