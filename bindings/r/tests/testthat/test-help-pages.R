# Issue point 4: the help pages are rendered from markdown (no raw backticks, `{}` kept), and
# the key-file format is installed as a vignette that ?load_key points to.

help_text <- function(topic) {
  rd <- tools::Rd_db("alliance")[[paste0(topic, ".Rd")]]
  out <- tempfile()
  on.exit(unlink(out))
  tools::Rd2txt(rd, out = out, options = list(underline_titles = FALSE))
  gsub("\\s+", " ", paste(readLines(out, encoding = "UTF-8"), collapse = "\n"))  # lines rewrapped
}

test_that("?score renders `items = \"wai_{}\"` with its braces and shows no raw backticks", {
  text <- help_text("score")
  expect_true(grepl('items = "wai_{}"', text, fixed = TRUE))
  expect_false(grepl("`", text, fixed = TRUE))
})

test_that("no help page shows raw markdown backticks", {
  for (topic in sub("[.]Rd$", "", names(tools::Rd_db("alliance"))))
    expect_false(grepl("`", help_text(topic), fixed = TRUE), label = paste0("?", topic))
})

test_that("?load_key points to the key-file vignette, not to a file of the repository", {
  expect_true(grepl('vignette("key-files", package = "alliance")', help_text("load_key"), fixed = TRUE))
  expect_false(grepl("docs/key-files.md", help_text("load_key"), fixed = TRUE))
})

test_that("the getting-started and key-file vignettes are installed with the format's description", {
  skip_if(is.null(utils::packageDescription("alliance")$Packaged),
          "installed from a source directory: R CMD build builds the vignettes")
  vignettes <- utils::vignette(package = "alliance")$results
  expect_true(all(c("alliance", "key-files") %in% vignettes[, "Item"]))
  doc <- system.file("doc", package = "alliance")
  html <- paste(readLines(file.path(doc, "key-files.html"), warn = FALSE), collapse = "\n")
  expect_true(grepl("alliance-key-file/1", html, fixed = TRUE))
  expect_true(grepl("prorate_min_answered", html, fixed = TRUE))
})
