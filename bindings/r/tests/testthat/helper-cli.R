# The command line (tests/pictures, tests/data-shapes compare with it): ALLIANCE_CLI names the
# built program (run-tests.sh sets it when build/dev holds one); without it those tests skip.
cli <- function() {
  program <- Sys.getenv("ALLIANCE_CLI")
  skip_if(!nzchar(program) || !file.exists(program), "the command line is not built (ALLIANCE_CLI)")
  program
}

run_cli <- function(..., stdin = NULL) {
  out <- suppressWarnings(system2(cli(), c(...), stdout = TRUE, stderr = FALSE, input = stdin))
  paste(out, collapse = "\n")
}
