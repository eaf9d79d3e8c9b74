# Issue point 8: load_key() reads the file once and keeps the key: editing or deleting the file
# afterwards changes nothing, and the object travels to other R processes (serialize, PSOCK).

lab_rows <- function() data.frame(item1 = 5, item2 = 6, item3 = 2, item4 = 7, item5 = 6, item6 = 1, item7 = 7, item8 = 6)

loaded_copy <- function() {
  path <- tempfile(fileext = ".json")
  file.copy(system.file("extdata", "example-lab-alliance.json", package = "alliance"), path)
  list(path = path, key = load_key(path))
}

test_that("a loaded key scores the same after its file is deleted", {
  copy <- loaded_copy()
  before <- score(lab_rows(), copy$key)
  unlink(copy$path)
  expect_identical(score(lab_rows(), copy$key), before)
  expect_identical(instrument(copy$key)$id, "example-lab-alliance")
  expect_no_error(capture.output(explain_score(c(5, 6, 2, 7, 6, 1, 7, 6), copy$key)))
  expect_identical(copy$key$key_file, copy$path)
})

test_that("a loaded key is not changed by editing its file", {
  copy <- loaded_copy()
  on.exit(unlink(copy$path))
  before <- score(lab_rows(), copy$key)
  writeLines("{ not a key }", copy$path)
  expect_identical(score(lab_rows(), copy$key), before)
  expect_error(load_key(copy$path), "not valid JSON", class = "alliance_library_error")
})

test_that("a loaded key survives serialize/unserialize after its file is deleted", {
  copy <- loaded_copy()
  before <- score(lab_rows(), copy$key)
  bytes <- serialize(copy$key, NULL)
  unlink(copy$path)
  expect_identical(score(lab_rows(), unserialize(bytes)), before)
})

test_that("a loaded key scores on a PSOCK worker after its file is deleted", {
  skip_if_not(requireNamespace("parallel", quietly = TRUE))
  copy <- loaded_copy()
  before <- score(lab_rows(), copy$key)
  unlink(copy$path)
  cluster <- parallel::makePSOCKcluster(1)
  on.exit(parallel::stopCluster(cluster))
  parallel::clusterCall(cluster, function(paths) .libPaths(paths), .libPaths())
  got <- parallel::clusterCall(cluster, function(key, rows) alliance::score(rows, key), copy$key, lab_rows())[[1]]
  expect_identical(got, before)
})
