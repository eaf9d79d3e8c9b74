# Reference values shipped with the package (inst/extdata/reference, the repository's
# tests/data files): published worked examples and values computed by R's psych and by
# independent R code with committed generator scripts (tests/reference/*.R), never by alliance.
reference <- function(file) {
  utils::read.csv(system.file("extdata", "reference", file, package = "alliance"),
                  comment.char = "#", stringsAsFactors = FALSE)
}
sample_file <- function(file) {
  utils::read.csv(system.file("extdata", file, package = "alliance"), stringsAsFactors = FALSE)
}

# options(...) for one expression (withr is not a dependency).
withr_options <- function(values, expr) {
  old <- options(values)
  on.exit(options(old))
  expr
}
