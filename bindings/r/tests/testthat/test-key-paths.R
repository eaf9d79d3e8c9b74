# Issue point 7 (paths): an instrument or key path that is not a regular file (a FIFO, a device,
# a directory) is refused at once with a message naming the path; opening a FIFO would block.
# The calls run in a child R with a time limit, so that a call that blocks fails the test
# instead of hanging it.

child_r <- function(lines, seconds = 60) {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(sprintf(".libPaths(%s)", paste(deparse(.libPaths()), collapse = "")),
               "suppressMessages(library(alliance))", lines), script)
  status <- suppressWarnings(system2("timeout", c(seconds, file.path(R.home("bin"), "Rscript"), "--vanilla",
                                                  shQuote(script)), stdout = TRUE, stderr = TRUE))
  status
}

refusal <- function(call) {
  sprintf("cat(tryCatch({%s; 'accepted'}, alliance_error = function(e) paste(class(e)[1], conditionMessage(e))), '\\n')",
          call)
}

test_that("a FIFO given as instrument, to instrument() or to load_key() is refused at once, naming it", {
  skip_on_os("windows")
  skip_if(!nzchar(Sys.which("mkfifo")) || !nzchar(Sys.which("timeout")), "no mkfifo or timeout")
  fifo <- tempfile("key", fileext = ".json")
  on.exit(unlink(fifo))
  expect_identical(system2("mkfifo", shQuote(fifo)), 0L)
  started <- Sys.time()
  out <- child_r(c(sprintf("fifo <- %s", deparse(fifo)),
                   "d <- as.data.frame(matrix(3, 1, 12, dimnames = list(NULL, paste0('item', 1:12))))",
                   refusal("load_key(fifo)"), refusal("instrument(fifo)"), refusal("score(d, fifo)"),
                   refusal("explain_score(rep(3, 12), fifo)")))
  expect_lt(as.numeric(difftime(Sys.time(), started, units = "secs")), 50)
  expect_identical(sum(grepl(paste0("key file '", fifo, "': cannot read the file: it is a FIFO (named pipe), not a ",
                                    "regular file"), out, fixed = TRUE)), 4L, label = paste(out, collapse = "\n"))
})

test_that("a device given as a key file is refused at once, naming it", {
  skip_on_os("windows")
  skip_if(!file.exists("/dev/zero") || !nzchar(Sys.which("timeout")), "no /dev/zero or timeout")
  out <- child_r(c(refusal("load_key('/dev/zero')"), refusal("instrument('/dev/null')")))
  expect_true(any(grepl("key file '/dev/zero': cannot read the file: it is a character device, not a regular file",
                        out, fixed = TRUE)), label = paste(out, collapse = "\n"))
  expect_true(any(grepl("key file '/dev/null': cannot read the file: it is a character device", out, fixed = TRUE)))
})
