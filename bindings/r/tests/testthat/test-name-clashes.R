# Issue point 3: attaching the package masks no function of base R, stats, utils, methods,
# psych, dplyr or ggplot2, and they mask none of its functions, in either order (conflicts()).

# The names that conflicts() reports between alliance and the other attached packages, in a
# child R that attaches `order`; the last line says every package was attached.
attached_conflicts <- function(order) {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(sprintf(".libPaths(%s)", paste(deparse(.libPaths()), collapse = "")),
               sprintf("for (p in %s) suppressPackageStartupMessages(library(p, character.only = TRUE))",
                       paste(deparse(order), collapse = "")),
               "x <- conflicts(detail = TRUE)",
               "both <- intersect(unlist(x[names(x) != 'package:alliance']), x[['package:alliance']])",
               "if (length(both)) cat(paste('masked:', sort(both)), sep = '\\n')",
               sprintf("cat('attached:', all(paste0('package:', %s) %%in%% search()), '\\n')",
                       paste(deparse(order), collapse = ""))),
             script)
  system2(file.path(R.home("bin"), "Rscript"), c("--vanilla", shQuote(script)), stdout = TRUE, stderr = FALSE)
}

test_that("library(alliance) before or after base, psych, dplyr and ggplot2: no name is masked", {
  for (p in c("psych", "dplyr", "ggplot2")) skip_if_not_installed(p)
  for (order in list(c("psych", "dplyr", "ggplot2", "alliance"), c("alliance", "psych", "dplyr", "ggplot2")))
    expect_identical(trimws(attached_conflicts(order)), "attached: TRUE", label = paste(order, collapse = ", "))
})

test_that("no exported name is a function of base, stats, utils, methods, psych, dplyr or ggplot2", {
  others <- c(ls(baseenv(), all.names = TRUE), getNamespaceExports("stats"), getNamespaceExports("utils"),
              getNamespaceExports("methods"))
  for (p in c("psych", "dplyr", "ggplot2"))
    if (requireNamespace(p, quietly = TRUE)) others <- c(others, getNamespaceExports(p))
  expect_identical(intersect(getNamespaceExports("alliance"), others), character(0))
})

test_that("reliable_change takes its options by name: no `...` swallows a misspelt one", {
  expect_false("..." %in% names(formals(reliable_change)))
  expect_error(reliable_change(1, 2, sd = 1, reliability = 0.8, direction = "higher", realiability = 0.9),
               "unused argument")
})
