# The public API of the R package against bindings/api.tsv (installed as extdata/api.tsv), the
# table of both packages' functions and arguments; bindings/python/tests/test_api_table.py holds
# the Python package to the same table.
#
# The table is tab-separated with the header function, python, r, note. A function's own row
# has "name()" in the cell of each language that has it; each argument has a row with its name
# in each language (an empty cell where a language lacks it). Every row with an empty cell says
# why in `note`. So a function or argument added to or dropped from either package, and not to
# the table, fails here or in the Python test.

api_table <- function() {
  path <- system.file("extdata", "api.tsv", package = "alliance")
  expect_true(nzchar(path), label = "extdata/api.tsv is installed with the package")
  utils::read.delim(path, colClasses = "character", quote = "", comment.char = "", na.strings = character(0),
                    check.names = FALSE)
}

function_row <- function(table) endsWith(table$python, "()") | endsWith(table$r, "()")

test_that("the API table is well formed", {
  table <- api_table()
  expect_identical(names(table), c("function", "python", "r", "note"))
  expect_gt(nrow(table), 0)
  expect_true(all(grepl("^[A-Za-z_][A-Za-z0-9_]*$", table[["function"]])))
  expect_true(all(nzchar(table$python) | nzchar(table$r)))
  gaps <- !nzchar(table$python) | !nzchar(table$r)
  expect_identical(table[["function"]][gaps & !nzchar(trimws(table$note))], character(0),
                   label = "rows where a language lacks a name but the note does not say why")
  is_function <- function_row(table)
  heads <- table[is_function, ]
  expect_true(all(heads$python %in% c("", paste0(heads[["function"]], "()"))))
  expect_true(all(heads$r %in% c("", paste0(heads[["function"]], "()"))))
  expect_false(anyDuplicated(heads[["function"]]) > 0)
  arguments <- table[!is_function, ]
  expect_true(all(arguments[["function"]] %in% heads[["function"]]))
  expect_true(all(grepl("^([A-Za-z_.][A-Za-z0-9_.]*|\\.\\.\\.)?$", arguments$r)))
  with_r <- arguments[nzchar(arguments$r), ]
  expect_false(anyDuplicated(paste(with_r[["function"]], with_r$r)) > 0)
})

test_that("every exported function of the R package and each of its arguments is in the API table", {
  table <- api_table()
  is_function <- function_row(table)
  listed <- table[["function"]][is_function & nzchar(table$r)]
  exported <- getNamespaceExports("alliance")
  expect_setequal(exported, listed)
  namespace <- asNamespace("alliance")
  for (name in intersect(exported, listed)) {
    object <- get(name, envir = namespace)
    expect_true(is.function(object), label = paste(name, "is a function"))
    given <- table$r[!is_function & table[["function"]] == name & nzchar(table$r)]
    actual <- as.character(names(formals(object)))
    expect_identical(setdiff(actual, given), character(0),
                     label = paste0(name, "(): arguments missing from bindings/api.tsv"))
    expect_identical(setdiff(given, actual), character(0),
                     label = paste0(name, "(): arguments in bindings/api.tsv that R's ", name, "() lacks"))
  }
})
