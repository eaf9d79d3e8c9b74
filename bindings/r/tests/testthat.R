library(testthat)
library(alliance)

test_check("alliance")
