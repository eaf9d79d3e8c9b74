# Issue point 2: stale keys after `git pull`. The package reports the library version it was
# built from, the key's verification text is reachable, and src/Makevars makes the object that
# includes the library depend on every header, so `R CMD INSTALL` of a changed checkout
# compiles it again.

test_that("packageVersion('alliance') is the C++ library's alliance::version", {
  expect_identical(as.character(utils::packageVersion("alliance")), alliance:::.cpp_version())
})

test_that("an instrument's verification text is reachable and printed", {
  wai <- instrument("wai-sr")
  expect_true(is.character(wai$verification) && nzchar(wai$verification))
  expect_identical(wai$key_file, NA_character_)
  printed <- capture.output(print(wai))
  expect_true(any(startsWith(printed, "  verification: ")))
})

# The package's src/ in the repository (tests run from tests/testthat) or in R CMD check's copy
# of the source (alliance.Rcheck/00_pkg_src/alliance).
package_src <- function() {
  for (dir in c("../../src", "../../00_pkg_src/alliance/src", "../00_pkg_src/alliance/src"))
    if (file.exists(file.path(dir, "Makevars"))) return(normalizePath(dir))
  NULL
}

test_that("a header newer than the object makes R's make compile the object again (src/Makevars)", {
  src <- package_src()
  skip_if(is.null(src), "the package's source is not at hand")
  make <- Sys.getenv("MAKE", "make")
  skip_if(!nzchar(Sys.which(strsplit(make, " ")[[1]][1])), "no make")
  dir <- tempfile("rebuild")
  dir.create(file.path(dir, "include", "alliance", "table"), recursive = TRUE)
  on.exit(unlink(dir, recursive = TRUE))
  file.copy(file.path(src, "Makevars"), dir)
  header <- file.path(dir, "include", "alliance", "table", "cells.hpp")
  files <- c(file.path(dir, "include", "alliance", "core.hpp"), header,
             file.path(dir, c("alliance_r.cpp", "RcppExports.cpp", "alliance_r.o", "RcppExports.o", "alliance.so")))
  for (f in files) writeLines("", f)
  now <- Sys.time()
  Sys.setFileTime(files, now - 100 + seq_along(files))  # sources, then objects, then the library
  goal <- function() {
    args <- c("-n", "-C", shQuote(dir), "-f", "Makevars", "-f", shQuote(file.path(R.home("etc"), "Makeconf")),
              "-f", shQuote(file.path(R.home("share"), "make", "shlib.mk")),
              paste0("R_SHARE_DIR=", shQuote(R.home("share"))), "SHLIB=alliance.so",
              shQuote("OBJECTS=alliance_r.o RcppExports.o"))
    suppressWarnings(system2(make, args, stdout = TRUE, stderr = TRUE))
  }
  expect_false(any(grepl("-c alliance_r.cpp", goal(), fixed = TRUE)))  # up to date
  Sys.setFileTime(header, now)  # a key or rule changed by `git pull`
  expect_true(any(grepl("-c alliance_r.cpp", goal(), fixed = TRUE)))
})
