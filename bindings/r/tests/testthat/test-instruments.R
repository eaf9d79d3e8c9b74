test_that("the catalogue lists the built-in instruments with their item counts", {
  catalogue <- instruments()
  expect_s3_class(catalogue, "data.frame")
  expect_true(all(c("id", "name", "items", "scales", "citation") %in% names(catalogue)))
  # Hatcher & Gillaspy (2006): 12 items; Horvath & Greenberg (1989): 36; Kroenke et al. (2001): PHQ-9 + item 10
  expect_equal(catalogue$items[match(c("wai-sr", "wai-36-c", "srs", "gad-7"), catalogue$id)], c(12, 36, 4, 7))
})

test_that("instrument() gives the published key (Hatcher & Gillaspy 2006; Luborsky et al. 1996)", {
  wai <- instrument("wai-sr")
  expect_s3_class(wai, "alliance_instrument")
  expect_equal(wai$id, "wai-sr")
  expect_equal(wai$items, 12L)
  expect_equal(wai$scales$name, c("task", "goal", "bond", "total"))
  expect_equal(wai$scales$items[[1]], c(1L, 2L, 10L, 12L))
  expect_equal(wai$scales$items[[2]], c(4L, 6L, 8L, 11L))
  expect_equal(wai$scales$items[[3]], c(3L, 5L, 7L, 9L))
  expect_length(wai$reversed, 0)
  expect_match(wai$citation, "Hatcher")
  expect_true(nzchar(wai$verification))
  expect_equal(instrument("haq-ii-p")$reversed, c(4L, 8L, 11L, 16L, 19L))
  # an instrument object is taken back where an id is
  expect_identical(instrument(wai), wai)
})

test_that("an unknown id names the known ones", {
  expect_error(instrument("wai-xx"), "unknown instrument 'wai-xx'; the built-in instruments are wai-sr, ",
               fixed = TRUE, class = "alliance_error")
})

test_that("load_key reads a key file through the library's validator", {
  path <- system.file("extdata", "example-lab-alliance.json", package = "alliance")
  lab <- load_key(path)
  expect_equal(lab$id, "example-lab-alliance")
  expect_equal(lab$reversed, c(3L, 6L))
  expect_equal(instrument(path)$id, "example-lab-alliance")
  broken <- tempfile(fileext = ".json")
  writeLines(sub('"items": \\[1, 2, 3, 4\\]', '"items": [1, 2, 3, 9]', readLines(path)), broken)
  expect_error(load_key(broken), "scales\\[0\\]\\.items\\[3\\]", class = "alliance_error")
  expect_error(load_key(tempfile(fileext = ".json")), "cannot read the file", class = "alliance_library_error")
})
