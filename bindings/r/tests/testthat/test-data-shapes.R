# The data a lab has, scored as it is (the "data shapes"): item columns named by a padded
# pattern, listed or mapped by item number (items =), answers exported as labels (labels =, on
# text and factor columns), haven's labelled columns from SPSS and Stata files, instruments
# defined in R (define_instrument, psych's key lists), key files written by save_key, and long
# data (score_long). One data set scored from each shape gives exactly the scores of the plain
# wide numeric file; what cannot be read is an error naming the row, the item, the column and
# the text. The same cases as the command line's tests/driver/test_data_shapes.sh and the
# Python package's tests.

plain_sample <- function() sample_file("wai_sr_sample.csv")
caseload_of_srs <- function() sample_file("srs_caseload.csv")
item_names <- paste0("item", 1:12)
# The scores without the message column, whose texts name the columns each shape reads.
scores_of <- function(x) as.data.frame(x)[setdiff(names(x), "message")]
renamed <- function(data, names) {
  names(data)[match(item_names, names(data))] <- names
  data
}
letters12 <- c(paste0("A", 1:4), paste0("B", 1:4), paste0("C", 1:4))
anchors <- c(Seldom = 1, Sometimes = 2, `Fairly often` = 3, `Very often` = 4, Always = 5)
# Each answer 1..5 as its anchor's label (every other one with a leading space), anything else
# as it is.
label_of <- function(x) {
  word <- names(anchors)[match(as.character(x), as.character(anchors))]
  ifelse(is.na(word), as.character(x), paste0(ifelse(seq_along(x) %% 2 == 0, " ", ""), word))
}
as_labels <- function(data) {
  for (name in item_names) data[[name]] <- label_of(data[[name]])
  data
}

test_that("items: a padded pattern, a list, a comma list and a mapping give the plain file's scores", {
  sample <- plain_sample()
  plain <- score(sample, "wai-sr")
  expect_true(any(plain$status == "error"))  # the sample holds invalid answers on purpose
  padded <- renamed(sample, sprintf("wai%02d", 1:12))
  expect_identical(scores_of(score(padded, "wai-sr", items = "wai{:02}")), scores_of(plain))
  expect_true(any(grepl("(column 'wai05', value '6')", score(padded, "wai-sr", items = "wai{:02}")$message, fixed = TRUE)))
  listed <- renamed(sample, letters12)
  expect_identical(scores_of(score(listed, "wai-sr", items = letters12)), scores_of(plain))
  expect_identical(scores_of(score(listed, "wai-sr", items = paste(letters12, collapse = ","))), scores_of(plain))
  mapping <- stats::setNames(rev(letters12), 12:1)  # item number -> column, in any order
  expect_identical(scores_of(score(listed, "wai-sr", items = mapping)), scores_of(plain))
  # the order of a list is the item order: items 1 (task) and 3 (bond) swapped differ
  swapped <- letters12[c(3, 2, 1, 4:12)]
  expect_false(identical(scores_of(score(listed, "wai-sr", items = swapped)), scores_of(plain)))
})

test_that("items: the other functions that read item columns take every form", {
  sample <- plain_sample()
  listed <- renamed(sample, letters12)
  expect_identical(suppressWarnings(scale_reliability(listed, "wai-sr", items = letters12)),
                   suppressWarnings(scale_reliability(sample, "wai-sr")))
  visits <- caseload_of_srs()
  srs <- c("srs_1", "srs_2", "srs_3", "srs_4")
  mapped <- track(visits, "srs", client = "client", session = "session", direction = "higher",
                  items = stats::setNames(srs, 1:4))
  expect_identical(mapped, track(visits, "srs", client = "client", session = "session", direction = "higher",
                                 items = "srs_{}"))
  pictures <- plot_trajectory(visits, "srs", items = srs, client = "client", session = "session", direction = "higher")
  expect_identical(pictures, plot_trajectory(visits, "srs", items = "srs_{}", client = "client", session = "session",
                                             direction = "higher"))
})


test_that("items: bad forms are refused with the library's message", {
  listed <- renamed(plain_sample(), letters12)
  twice <- c("A1", letters12[-2])
  expect_error(score(listed, "wai-sr", items = twice),
               "items names column 'A1' for items 1 and 2; each item needs a column of its own", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(score(listed, "wai-sr", items = c("A1", "A2")), "items lists 2 columns (A1,A2) for 12 items",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(listed, "wai-sr", items = stats::setNames(letters12[-12], 1:11)),
               "items names no column for item 12 (it must name items 1..12)", fixed = TRUE)
  expect_error(score(listed, "wai-sr", items = stats::setNames(letters12, c(1:11, 13))), "items maps item 13",
               fixed = TRUE)
  expect_error(score(listed, "wai-sr", items = c(a = "A1")), "the name 'a' (names are item numbers)", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(score(listed, "wai-sr", items = "wai{:2}"),
               "items 'wai{:2}' has '{:2}' where {} (the item number) or {:0N}", fixed = TRUE)
  expect_error(score(listed, "wai-sr", items = c("A1", NA)), "items expects", fixed = TRUE)
  # no item column: the header's columns that look like items, and what would read them
  padded <- renamed(plain_sample(), sprintf("wai%02d", 1:12))
  expect_error(score(padded, "wai-sr"), "columns that look like items: wai01, wai02, wai03, wai04, wai05, wai06, ... (12 in all); try items 'wai{:02}'",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(listed, "wai-sr"), "list the columns in item order (items A1,A2,A3,A4,B1,...)", fixed = TRUE)
})

test_that("labels: text and factor columns of labels give the plain file's scores", {
  sample <- plain_sample()
  plain <- score(sample, "wai-sr")
  words <- as_labels(sample)
  expect_identical(scores_of(score(words, "wai-sr", labels = anchors)), scores_of(plain))
  factors <- words
  for (name in item_names) factors[[name]] <- factor(factors[[name]])
  expect_identical(scores_of(score(factors, "wai-sr", labels = anchors)), scores_of(plain))
  expect_identical(scores_of(score(words, "wai-sr", labels = as.list(anchors))), scores_of(plain))
  # without the map a label is no answer
  expect_true(any(grepl("value 'Sometimes' is not a number", score(words, "wai-sr")$message, fixed = TRUE)))
  # a text that is no label names the row, the item, the column and the text
  words$item3[2] <- "Sometimez"
  expect_identical(score(words, "wai-sr", labels = anchors)$message[2],
                   paste("row 2, item 3, column 'item3': label 'Sometimez' is not one of the labels ('Seldom',",
                         "'Sometimes', 'Fairly often', 'Very often', 'Always'), a number, a missing code ('', 'NA')",
                         "or a not-applicable code (none)"))
})

test_that("labels: an item's own labels replace the common ones for that item", {
  d <- data.frame(item1 = "Seldom", item2 = "Seldom")
  for (i in 3:12) d[[paste0("item", i)]] <- 1
  own <- list(Seldom = 1, Always = 5, "2" = c(Seldom = 5, Always = 1))
  # task = items 1 2 10 12: 1 + 5 + 1 + 1
  expect_identical(score(d, "wai-sr", labels = own)$task_sum, 8)
  worded <- define_instrument("two", response = c(1, 5), scales = list(all = 1:2), labels = own)
  expect_identical(worded$labels, own)
  path <- tempfile(fileext = ".json")
  save_key(worded, path)
  expect_identical(load_key(path)$labels, own)
  expect_identical(score(data.frame(item1 = "Always", item2 = "Always"), load_key(path))$all_sum, 6)
  expect_error(score(d, "wai-sr", labels = list(Seldom = 1, "13" = c(Seldom = 1))),
               "labels give labels for item 13, but the items are 1..12", fixed = TRUE)
  expect_error(score(d, "wai-sr", labels = list(Seldom = 1, x = c(a = 1))), "labels expects", fixed = TRUE)
})

test_that("labels: bad maps are refused", {
  words <- as_labels(plain_sample())
  expect_error(score(words, "wai-sr", labels = c(Never = NaN)), "labels map label 'Never' to NaN, not to a number",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(words, "wai-sr", labels = c(Never = NA_real_)), "NA for label 'Never'", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(score(words, "wai-sr", labels = c(Never = "1")), "labels expects codes named by their labels",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(score(words, "wai-sr", labels = c(1, 2)), "labels expects codes named by their labels", fixed = TRUE)
  expect_error(score(words, "wai-sr", labels = c(`3` = 3)), "labels label '3' is a number", fixed = TRUE)
  expect_error(score(words, "wai-sr", labels = c(`NA` = 1)),
               "labels label 'NA' is a missing code, which is read as such before any label", fixed = TRUE)
  expect_error(score(words, "wai-sr", labels = c(Never = 1, Never = 2)), "labels hold label 'Never' twice",
               fixed = TRUE)
})

test_that("haven: labelled columns are read by their codes, labelled_spss user-missing values are missing", {
  skip_if_not_installed("haven")
  d <- data.frame(item1 = 1:4)
  for (i in 2:12) d[[paste0("item", i)]] <- 3
  plain <- d
  plain$item1 <- c(1, 2, NA, 5)
  d$item1 <- haven::labelled_spss(c(1, 2, -99, 5), labels = c(Never = 1), na_values = -99)
  expect_identical(scores_of(score(d, "wai-sr")), scores_of(score(plain, "wai-sr")))
  d$item1 <- haven::labelled_spss(c(1, 2, 97, 5), labels = c(Never = 1), na_range = c(90, Inf))
  expect_identical(scores_of(score(d, "wai-sr")), scores_of(score(plain, "wai-sr")))
  d$item1 <- haven::labelled(c(1, 2, NA, 5), labels = c(Never = 1, Always = 5))
  expect_identical(scores_of(score(d, "wai-sr")), scores_of(score(plain, "wai-sr")))
  # an undeclared -99 is a value, out of the scale: an error row, as in a CSV file
  d$item1 <- haven::labelled(c(1, 2, -99, 5), labels = c(Never = 1))
  expect_match(score(d, "wai-sr")$message[3], "response -99 is outside the response scale 1..5", fixed = TRUE)
  # text codes declared missing
  d$item1 <- haven::labelled_spss(c("1", "2", "x", "5"), labels = c(Never = "1"), na_values = "x")
  expect_identical(scores_of(score(d, "wai-sr")), scores_of(score(plain, "wai-sr")))
})

test_that("haven: the SPSS and Stata fixtures give the plain file's scores", {
  skip_if_not_installed("haven")
  path <- function(file) system.file("extdata", "reference", file, package = "alliance")
  plain <- utils::read.csv(path("wai_sr_wide.csv"), na.strings = "",
                           colClasses = c("character", "numeric", "character", rep("numeric", 12)))
  expected <- as.data.frame(score(plain, "wai-sr"))
  expect_true(any(expected$status == "error") && any(expected$status == "partial"))
  for (file in c("wai_sr_wide.sav", "wai_sr_wide.zsav")) {
    spss <- haven::read_sav(path(file), user_na = TRUE)
    expect_true(inherits(spss$item1, "haven_labelled_spss"))
    expect_identical(as.data.frame(score(spss, "wai-sr")), expected, label = file)
  }
  stata <- haven::read_dta(path("wai_sr_wide.dta"))
  expect_identical(as.data.frame(score(stata, "wai-sr")), expected)
})

test_that("define_instrument: by item numbers and by column names", {
  sample <- plain_sample()
  keys <- list(task = c(1, 2, 10, 12), goal = c(4, 6, 8, 11), bond = c(3, 5, 7, 9), total = 1:12)
  numbered <- define_instrument("wai-sr-copy", response = c(1, 5), scales = keys)
  expect_identical(numbered$item_columns, character(0))
  expect_identical(numbered$labels, numeric(0))
  expect_identical(scores_of(score(sample, numbered)), scores_of(score(sample, "wai-sr")))
  named_keys <- lapply(keys, function(items) letters12[items])
  named <- define_instrument("wai-sr-copy", response = c(1, 5), scales = named_keys)
  # numbered in order of first appearance: task's A1, A2, C2, C4 are items 1..4
  expect_identical(named$item_columns[1:5], c("A1", "A2", "C2", "C4", "A4"))
  listed <- renamed(sample, letters12)
  expect_identical(scores_of(score(listed, named)), scores_of(score(sample, "wai-sr")))
  # reversed items, a name, a rule and a metric
  lab <- define_instrument("lab", response = c(1, 7), scales = list(bond = c("b1", "-b2", "b3")), name = "Lab scale",
                           missing_rule = "prorate_min_answered:2", metric = "mean")
  expect_identical(lab$reversed, 2L)
  expect_identical(lab$name, "Lab scale")
  s <- score(data.frame(b1 = c(6, 5), b2 = c(2, NA), b3 = c(7, 6)), lab)
  expect_identical(s$bond_mean, c((6 + 6 + 7) / 3, (5 + 6) / 2))
  expect_identical(s$bond_status, c("complete", "prorated"))
  # labels travel with the instrument
  worded <- define_instrument("lab", response = c(1, 3), scales = list(all = c("q1", "q2")),
                              labels = c(No = 1, Maybe = 2, Yes = 3))
  expect_identical(score(data.frame(q1 = "Yes", q2 = factor("Maybe")), worded)$all_sum, 5)
})

test_that("define_instrument: bad requests are refused naming what is wrong", {
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = c("1", "A2"))),
               "scales mix item numbers and column names; give one or the other", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = 1:3), missing_rule = "sometimes"),
               "missing_rule 'sometimes' is not a rule; the rules are all_required, prorate_min_answered", fixed = TRUE,
               class = "alliance_input_error")
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = c(1, 2, 2))),
               "scales 'a' holds item '2' twice", fixed = TRUE)
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = c(1, -2), b = c(2, 3))),
               "item '2' is reversed in scale 'a' and not in scale 'b'", fixed = TRUE)
  expect_error(define_instrument("x", response = c(5, 1), scales = list(a = 1:3)),
               "response needs its lowest answer below its highest, not 5 and 1", fixed = TRUE)
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = c(1, 2.5))),
               "scales 'a' expects item numbers or column names (a leading '-' reverses an item), not 2.5 in element 2",
               fixed = TRUE, class = "alliance_input_error")
  expect_error(define_instrument("x", response = c(1, 5), scales = list()), "scales names no scale", fixed = TRUE)
  expect_error(define_instrument("x", response = c(1, 5), scales = list(a = 1:2), metric = "median"), "median")
  expect_error(define_instrument("x", response = 5, scales = list(a = 1:2)), "response expects two numbers", fixed = TRUE)
})

bfi_items <- function() psych::bfi[, 1:25]
bfi_instrument <- function() {
  define_instrument("bfi", response = c(1, 6), scales = psych::bfi.keys, missing_rule = "prorate_min_answered:1",
                    metric = "mean")
}
bfi_means <- function(scores) {
  means <- as.data.frame(scores)[paste0(names(psych::bfi.keys), "_mean")]
  names(means) <- names(psych::bfi.keys)
  as.matrix(means)
}

test_that("define_instrument(psych::bfi.keys) on psych::bfi gives psych::scoreItems(impute = 'none')", {
  skip_if_not_installed("psych")
  ours <- bfi_means(score(psych::bfi, bfi_instrument()))
  theirs <- psych::scoreItems(psych::bfi.keys, bfi_items(), min = 1, max = 6, impute = "none", totals = FALSE)$scores
  expect_identical(is.na(ours), is.na(unname(theirs[, names(psych::bfi.keys)])) | is.na(ours))
  expect_equal(unname(ours), unname(theirs[, names(psych::bfi.keys)]), tolerance = 1e-12)
  # the committed key file (tests/data/keys/bfi.json) is the same instrument
  key <- load_key(system.file("extdata", "reference", "bfi.json", package = "alliance"))
  expect_identical(key$item_columns, colnames(bfi_items()))
  expect_identical(scores_of(score(psych::bfi, key)), scores_of(score(psych::bfi, bfi_instrument())))
})

# The bfi items with a case number, as a CSV file for the command line.
bfi_csv <- function() {
  input <- tempfile(fileext = ".csv")
  utils::write.csv(cbind(case = seq_len(nrow(psych::bfi)), bfi_items()), input, row.names = FALSE, na = "",
                   quote = FALSE)
  input
}
cli_means <- function(...) {
  out <- run_cli(...)
  bfi_means(utils::read.csv(text = out, stringsAsFactors = FALSE))
}

test_that("define_instrument(psych::bfi.keys) gives the command line's scores with tests/data/keys/bfi.json", {
  skip_if_not_installed("psych")
  cli()
  ours <- bfi_means(score(psych::bfi, bfi_instrument()))
  key <- system.file("extdata", "reference", "bfi.json", package = "alliance")
  theirs <- cli_means("score", "--key", key, "--id", "case", bfi_csv())
  expect_equal(unname(theirs), unname(ours), tolerance = 1e-12)
})

test_that("save_key writes any instrument as a key file that load_key and the command line read back", {
  skip_if_not_installed("psych")
  directory <- tempfile("keys-")
  dir.create(directory)
  path <- file.path(directory, "bfi.json")
  defined <- bfi_instrument()
  expect_identical(save_key(defined, path), path)
  expect_identical(list.files(directory), "bfi.json")  # no temporary file left behind
  back <- load_key(path)
  for (field in c("id", "items", "scales", "reversed", "response_scale", "item_columns"))
    expect_identical(back[[field]], defined[[field]], label = field)
  expect_identical(scores_of(score(psych::bfi, back)), scores_of(score(psych::bfi, defined)))
  # a built-in instrument, with its cut-offs and bands
  save_key("phq-9", path)
  expect_identical(load_key(path)[c("scales", "reversed")], instrument("phq-9")[c("scales", "reversed")])
  phq <- as.data.frame(matrix(2, 1, 10, dimnames = list(NULL, paste0("item", 1:10))))
  expect_identical(score(phq, load_key(path), classify = TRUE)[-1], score(phq, "phq-9", classify = TRUE)[-1])
  # labels are kept
  worded <- define_instrument("yn", response = c(0, 1), scales = list(all = c("q1", "q2")), labels = c(No = 0, Yes = 1))
  save_key(worded, path)
  expect_identical(score(data.frame(q1 = "Yes", q2 = "Yes"), load_key(path))$all_sum, 2)
  # nothing is written where the folder does not exist
  expect_error(save_key(defined, file.path(directory, "no-such", "k.json")), "its folder does not exist", fixed = TRUE,
               class = "alliance_input_error")
  # the command line reads it back to the same scores
  save_key(defined, path)
  cli()
  expect_equal(unname(cli_means("score", "--key", path, "--id", "case", bfi_csv())),
               unname(bfi_means(score(psych::bfi, defined))), tolerance = 1e-12)
})

# The sample as long data: one row per answer, values as texts (the sample's item8 holds text).
long_sample <- function() {
  sample <- plain_sample()
  cells <- lapply(seq_len(nrow(sample)), function(r) vapply(item_names, function(i) as.character(sample[[i]][r]), ""))
  data.frame(client = rep(sample$client, each = 12), session = rep(sample$session, each = 12),
             item = rep(1:12, nrow(sample)), value = unlist(cells, use.names = FALSE), stringsAsFactors = FALSE)
}

test_that("score_long gives the plain file's scores, record by record", {
  sample <- plain_sample()
  plain <- score(sample, "wai-sr")
  long <- long_sample()
  scored <- score_long(long, "wai-sr", record = c("client", "session"))
  expect_identical(scored[c("client", "session")], sample[c("client", "session")])
  expect_identical(scores_of(scored[-(1:2)]), scores_of(plain))
  # rows in any order; item names instead of numbers (items =); labels
  shuffled <- long[rev(seq_len(nrow(long))), ]
  shuffled$item <- sprintf("wai_%d", shuffled$item)
  shuffled$value <- label_of(shuffled$value)
  again <- score_long(shuffled, "wai-sr", record = c("client", "session"), items = "wai_{}", labels = anchors)
  again <- again[order(again$client, again$session), ]
  rownames(again) <- NULL
  expect_identical(scores_of(again[-(1:2)]), scores_of(plain))
  # numbers in the value column (a text that is no number as NA), and the options of score()
  numbers <- long[long$client != "c003", ]
  numbers$value <- suppressWarnings(as.numeric(numbers$value))
  wide <- sample[sample$client != "c003", ]
  wide$item8 <- suppressWarnings(as.numeric(wide$item8))
  rownames(wide) <- NULL
  some <- score_long(numbers, "wai-sr", record = c("client", "session"), min_answered = 0.5, classify = TRUE)
  expect_true(any(some$status == "partial"))
  expect_identical(scores_of(some[-(1:2)]), scores_of(score(wide, "wai-sr", min_answered = 0.5, classify = TRUE)))
})

test_that("score_long: an instrument's item columns name its items; haven columns; tibbles", {
  skip_if_not_installed("psych")
  items <- bfi_items()[1:200, ]
  rownames(items) <- NULL
  long <- data.frame(case = rep(seq_len(nrow(items)), each = 25), item = rep(names(items), nrow(items)),
                     value = as.vector(t(as.matrix(items))))
  scored <- score_long(long, bfi_instrument(), record = "case")
  expect_identical(scores_of(scored[-1]), scores_of(score(items, bfi_instrument())))
  skip_if_not_installed("haven")
  coded <- long
  coded$value[is.na(coded$value)] <- -9
  coded$value <- haven::labelled_spss(coded$value, labels = c(Refused = -9), na_values = -9)
  expect_identical(scores_of(score_long(coded, bfi_instrument(), record = "case")), scores_of(scored))
  skip_if_not_installed("tibble")
  expect_s3_class(score_long(tibble::as_tibble(long), bfi_instrument(), record = "case"), "tbl_df")
})

test_that("score_long: records that cannot be scored name every problem", {
  long <- data.frame(client = rep(c("a", "b"), each = 12), item = rep(1:12, 2), value = 3)
  long$item[2] <- 1       # a: item 1 twice, item 2 not given
  long$item[13] <- 13     # b: no item 13
  long$client[24] <- " "  # an empty key: a record of its own
  out <- score_long(long, "wai-sr", record = "client")
  expect_identical(out$client, c("a", "b", " "))
  expect_identical(out$status, c("error", "error", "error"))
  expect_match(out$message[1], "row 1 and row 2: item 1 given twice (column 'item')", fixed = TRUE)
  expect_match(out$message[2], "row 13, column 'item': item '13' is not an item of wai-sr (1..12)", fixed = TRUE)
  expect_match(out$message[3], "row 24, column 'client': empty, so the row belongs to no record", fixed = TRUE)
  long$item <- rep(1:12, 2)
  long$client <- rep(c("a", "b"), each = 12)
  long$value[5] <- "x"
  expect_match(score_long(long, "wai-sr", record = "client")$message[1],
               "row 5, column 'value': value 'x' is not a number", fixed = TRUE)
  expect_match(score_long(long, "wai-sr", record = "client", labels = c(Never = 1))$message[1],
               "row 5, item 5, column 'value': label 'x' is not one of the labels ('Never')", fixed = TRUE)
  expect_error(score_long(long, "wai-sr", record = "client", errors = "stop"), "row 5, column 'value'", fixed = TRUE,
               class = "alliance_response_error")
  # the layout
  expect_error(score_long(long, "wai-sr", record = "client", item = "client"),
               "item 'client' is also a record column", fixed = TRUE, class = "alliance_input_error")
  expect_error(score_long(long, "wai-sr", record = c("client", "client")), "record names column 'client' twice",
               fixed = TRUE)
  expect_error(score_long(long, "wai-sr", record = "visit"), "visit", fixed = TRUE, class = "alliance_input_error")
  expect_error(score_long(long, "wai-sr", record = character(0)), "record expects", fixed = TRUE)
})
