# Ctrl-C (SIGINT) stops a long call within half a second and the session goes on: the library's
# interrupt checks (alliance/table/interrupt.hpp) as the package hands them R's. Each call runs
# in a child R, which says when it has started; the test sends SIGINT a moment later and times
# how long the child takes to report the interrupt, after which the child scores a record.

child_script <- function(call) {
  sprintf(paste(
    'suppressMessages(library(alliance, lib.loc = %s))',
    'cat("started\\n"); flush(stdout())',
    'tryCatch({ %s; cat("finished\\n") }, interrupt = function(e) cat("interrupted\\n"))',
    'flush(stdout())',
    'out <- score(matrix(4, 1, 12, dimnames = list(NULL, paste0("item", 1:12))), "wai-sr")',
    'cat(if (out$status == "ok") "usable\\n" else "broken\\n")', sep = "\n"),
    deparse(dirname(find.package("alliance"))), call)
}

interrupt_after_start <- function(call, wait = 0.7) {
  script <- tempfile(fileext = ".R")
  writeLines(child_script(call), script)
  out <- tempfile()
  rscript <- file.path(R.home("bin"), "Rscript")
  pid_file <- tempfile()
  # The child in the background, its pid written for the signal.
  system(sprintf("%s %s > %s 2>&1 & echo $! > %s", shQuote(rscript), shQuote(script), shQuote(out), shQuote(pid_file)))
  pid <- as.integer(readLines(pid_file))
  lines <- function() if (file.exists(out)) readLines(out, warn = FALSE) else character()
  deadline <- Sys.time() + 60
  while (!"started" %in% lines() && Sys.time() < deadline) Sys.sleep(0.05)
  Sys.sleep(wait)
  sent <- Sys.time()
  tools::pskill(pid, tools::SIGINT)
  while (!any(c("interrupted", "finished") %in% lines()) && Sys.time() < deadline) Sys.sleep(0.01)
  took <- as.numeric(difftime(Sys.time(), sent, units = "secs"))
  while (!any(c("usable", "broken") %in% lines()) && Sys.time() < deadline) Sys.sleep(0.05)
  tools::pskill(pid, tools::SIGKILL)
  list(lines = lines(), took = took)
}

long_calls <- c(
  monte_carlo_draws = "normative_compare(c(-2, -1, -3), mean = 0, sd = 1, n = 20, bayesian = TRUE, draws = 1e8)",
  error_row_messages = 'score(matrix(9, 400000, 12, dimnames = list(NULL, paste0("item", 1:12))), "wai-sr")'
)

for (what in names(long_calls)) {
  test_that(paste("Ctrl-C stops a long call within half a second:", what), {
    skip_on_os("windows")
    got <- interrupt_after_start(long_calls[[what]])
    expect_true("interrupted" %in% got$lines, info = paste(got$lines, collapse = " | "))
    expect_lt(got$took, 0.5)
    expect_true("usable" %in% got$lines, info = paste(got$lines, collapse = " | "))
  })
}
