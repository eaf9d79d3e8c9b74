# Hostile inputs for every public function (types, shapes, codes, paths, arguments), table
# driven: no crash, no hang, no silent coercion. Every case says what must happen:
#   refused(pattern): an error of the package's class (alliance_error) whose message holds
#     `pattern` (the argument, the column or the path it is about);
#   row_error(...): no error, and the first row is an error row whose message names the row,
#     the item's column and the value;
#   accepted(check): no error, and check(result) holds (the value was read as what it is).
# The cases are listed in `cases` below; the last test counts them.

refused <- function(pattern) list(kind = "refused", pattern = pattern)
row_error <- function(...) list(kind = "row_error", patterns = c(...))
accepted <- function(check = function(x) TRUE) list(kind = "accepted", check = check)

cases <- list()
add <- function(label, call, outcome) {
  cases[[length(cases) + 1]] <<- list(label = label, call = call, outcome = outcome)
}

# An argument swept over values of the wrong kind: `base` the other arguments of a valid call.
sweep <- function(fun, base, argument, values, pattern = argument) {
  for (name in names(values)) {
    args <- base
    args[argument] <- list(values[[name]])
    local({
      args <- args
      add(sprintf("%s(%s = <%s>)", fun, argument, name),
          function() do.call(getExportedValue("alliance", fun), args), refused(pattern))
    })
  }
}

check_case <- function(case) {
  result <- tryCatch(list(value = suppressWarnings(case$call())), error = function(e) list(error = e))
  outcome <- case$outcome
  if (outcome$kind == "refused") {
    expect_true(!is.null(result$error), label = paste(case$label, "is refused"))
    if (is.null(result$error)) return()
    expect_s3_class(result$error, "alliance_error")
    expect_true(grepl(outcome$pattern, conditionMessage(result$error), fixed = TRUE),
                label = sprintf("%s: message '%s' names '%s'", case$label, conditionMessage(result$error),
                                outcome$pattern))
    return()
  }
  expect_null(result$error, label = paste(case$label, "raises", conditionMessage(result$error %||% simpleError(""))))
  if (!is.null(result$error)) return()
  if (outcome$kind == "row_error") {
    out <- result$value
    expect_identical(out$status[1], "error", label = case$label)
    for (pattern in outcome$patterns)
      expect_true(grepl(pattern, out$message[1], fixed = TRUE),
                  label = sprintf("%s: message '%s' names '%s'", case$label, out$message[1], pattern))
  } else {
    expect_true(isTRUE(outcome$check(result$value)), label = case$label)
  }
}
`%||%` <- function(a, b) if (is.null(a)) b else a

# ---------------------------------------------------------------------------------------------
# Data

wai <- function(rows = 2) as.data.frame(matrix(3, rows, 12, dimnames = list(NULL, paste0("item", 1:12))))
with_item <- function(values, column = "item1", data = wai(length(values))) {
  data[[column]] <- values
  data
}
caseload <- function() data.frame(client = c("a", "a", "a", "b"), session = c(1, 2, 3, 1), srs_1 = 8, srs_2 = 8,
                                  srs_3 = 8, srs_4 = c(8, 7, 6, 9))
couples <- function() data.frame(couple = c("c1", "c1", "c2", "c2"), member = c("w", "m", "w", "m"),
                                 total = c(70, 62, 55, 58))
judges <- function() data.frame(j1 = c(9, 6, 8, 7, 10, 6), j2 = c(2, 1, 4, 1, 5, 2), j3 = c(5, 3, 6, 2, 6, 4))
key_path <- system.file("extdata", "example-lab-alliance.json", package = "alliance")
scratch <- tempfile("hostile")
dir.create(scratch)
text_file <- function(name, lines) {
  path <- file.path(scratch, name)
  writeLines(lines, path)
  path
}

bad_number <- list(text = "x", logical = TRUE, "NA" = NA, "NaN" = NaN, "Inf" = Inf, two = c(1, 2), list = list(1),
                   factor = factor("1"), environment = new.env(), date = as.Date("2024-01-01"), "function" = mean)
bad_flag <- list(text = "no", "NA" = NA, number = 1, two = c(TRUE, FALSE), list = list(TRUE), "NULL" = NULL,
                 text_true = "TRUE")
bad_text <- list(number = 1, "NA" = NA_character_, two = c("a", "b"), logical = TRUE, list = list("a"),
                 empty = character(0), environment = new.env(), factor = factor("a"))
bad_codes <- list(logical = TRUE, "NA" = NA, with_NA = c(-9, NA), list = list(9), environment = new.env(),
                  complex = 1i, "function" = mean, date = as.Date("2024-01-01"))
bad_table <- list("NULL" = NULL, text = "x", numbers = 1:12, list = list(item1 = 3), environment = new.env(),
                  array = array(3, c(2, 12, 2)))
bad_instrument <- list("NULL" = NULL, number = 3, "NA" = NA_character_, two = c("wai-sr", "srs"), list = list("wai-sr"),
                       factor = factor("wai-sr"), logical = TRUE)

# ---------------------------------------------------------------------------------------------
# score()

score_base <- list(data = wai(), instrument = "wai-sr")
sweep("score", score_base, "data", bad_table)
sweep("score", score_base, "instrument", bad_instrument)
sweep("score", score_base, "items", bad_text)
sweep("score", score_base, "classify", bad_flag)
sweep("score", score_base, "errors", list(text = "warn", "NA" = NA, two = c("row", "stop"), number = 1, "NULL" = NULL))
sweep("score", score_base, "min_answered", c(bad_number[c("text", "logical", "NaN", "two", "list", "factor", "date")],
                                             list(zero = 0, above_one = 1.5, negative = -0.5)))
sweep("score", score_base, "missing", bad_codes)
sweep("score", score_base, "not_applicable", bad_codes[c("logical", "with_NA", "list", "environment", "complex")])

# paths and ids
dir_path <- file.path(scratch, "a-directory")
dir.create(dir_path)
add("score(instrument = <directory>)", function() score(wai(), dir_path), refused(paste0("'", dir_path, "': cannot read the file: it is a directory")))
add("score(instrument = <directory/>)", function() score(wai(), paste0(dir_path, "/")), refused("it is a directory"))
add("score(instrument = '/dev/null')", function() score(wai(), "/dev/null"), refused("'/dev/null': cannot read the file: it is a character device"))
add("score(instrument = <absent .json>)", function() score(wai(), file.path(scratch, "nope.json")), refused("nope.json': cannot read the file"))
add("score(instrument = <absent path>)", function() score(wai(), file.path(scratch, "nope")), refused("nope': cannot read the file"))
add("score(instrument = '')", function() score(wai(), ""), refused("unknown instrument ''"))
add("score(instrument = 'WAI-SR')", function() score(wai(), "WAI-SR"), refused("unknown instrument 'WAI-SR'"))
add("score(instrument = ' wai-sr')", function() score(wai(), " wai-sr"), refused("unknown instrument ' wai-sr'"))
add("score(instrument = <text file>)", function() score(wai(), text_file("hello.json", "hello")), refused("hello.json': not valid JSON"))
add("score(instrument = <empty file>)", function() score(wai(), text_file("empty.json", character(0))), refused("empty.json'"))
add("score(instrument = <JSON array>)", function() score(wai(), text_file("array.json", "[]")), refused("array.json'"))
add("score(instrument = <2 MB file>)", function() score(wai(), text_file("big.json", strrep("x", 2e6))), refused("big.json': the file is larger than"))
add("score(instrument = <dangling link>)", function() {
  link <- file.path(scratch, "dangling.json")
  if (!file.exists(link)) file.symlink(file.path(scratch, "gone.json"), link)
  score(wai(), link)
}, refused("dangling.json': cannot read the file"))
add("score(instrument = <key path>)", function() score(data.frame(item1 = 5, item2 = 6, item3 = 2, item4 = 7, item5 = 6,
                                                                  item6 = 1, item7 = 7, item8 = 6), key_path),
    accepted(function(x) x$status == "ok"))

# shapes
add("score(0 rows)", function() score(wai(0), "wai-sr"), accepted(function(x) nrow(x) == 0 && "total_sum" %in% names(x)))
add("score(0 columns)", function() score(data.frame(x = 1:2)[, 0], "wai-sr"), refused("item1"))
add("score(absent item12)", function() score(wai()[, -12], "wai-sr"), refused("item12"))
add("score(item3 twice)", function() score(cbind(wai(), item3 = 1), "wai-sr"), refused("item3"))
add("score(matrix)", function() score(as.matrix(wai()), "wai-sr"), accepted(function(x) all(x$total_sum == 36)))
add("score(character matrix)", function() score(matrix("3", 2, 12, dimnames = list(NULL, paste0("item", 1:12))), "wai-sr"),
    accepted(function(x) all(x$total_sum == 36)))
add("score(tibble)", function() score(tibble::as_tibble(wai()), "wai-sr"), accepted(function(x) inherits(x, "tbl_df")))
add("score(list column)", function() { d <- wai(); d$item2 <- list(3, 3); score(d, "wai-sr") }, refused("column 'item2' is of type list"))
add("score(matrix column)", function() { d <- wai(); d$item2 <- matrix(3, 2, 2); score(d, "wai-sr") }, refused("column 'item2' is of type matrix"))
add("score(data.frame column)", function() { d <- wai(); d$item2 <- data.frame(a = c(3, 3)); score(d, "wai-sr") }, refused("column 'item2' is of type data.frame"))
add("score(complex column)", function() score(with_item(c(3i, 3)), "wai-sr"), refused("column 'item1' is of type complex"))
add("score(raw column)", function() score(with_item(as.raw(c(3, 3))), "wai-sr"), refused("column 'item1' is of type raw"))
add("score(logical column)", function() score(with_item(c(TRUE, FALSE)), "wai-sr"), refused("column 'item1' is of type logical"))
add("score(Date column)", function() score(with_item(as.Date(c("2024-01-01", "2024-01-02"))), "wai-sr"), refused("column 'item1' is of type Date"))
add("score(POSIXct column)", function() score(with_item(Sys.time() + 1:2), "wai-sr"), refused("column 'item1' is of type POSIXct"))
add("score(difftime column)", function() score(with_item(as.difftime(c(3, 3), units = "secs")), "wai-sr"), refused("column 'item1' is of type difftime"))

# cells: an error row naming the row, the column and the value
cell_cases <- list("0" = list(0, "'0'"), "6" = list(6, "'6'"), "2.5" = list(2.5, "'2.5'"), "-1" = list(-1, "'-1'"),
                   "1e308" = list(1e308, "1e+308"), "NaN" = list(NaN, "nan"), "Inf" = list(Inf, "inf"),
                   "-Inf" = list(-Inf, "inf"), "text abc" = list("abc", "'abc'"), "text 3.5" = list("3.5", "'3.5'"),
                   "text 0x3" = list("0x3", "'0x3'"), "text TRUE" = list("TRUE", "'TRUE'"),
                   "text nan" = list("nan", "nan"), "text with accents" = list("tr\u00eas", "tr\u00eas"),
                   "text 9 (spaces)" = list(" 9 ", "9"), "long text" = list(strrep("x", 5000), "xxxx"),
                   "integer 7L" = list(7L, "'7'"), "factor label 8" = list(factor("8"), "'8'"))
for (name in names(cell_cases)) local({
  value <- cell_cases[[name]][[1]]
  shown <- cell_cases[[name]][[2]]
  add(sprintf("score(item1 = %s)", name), function() {
    d <- wai(1)
    d$item1 <- value
    score(d, "wai-sr")
  }, row_error("row 1", "item1", shown))
})
# cells that are answers, read as what they are
add("score(text ' 3 ')", function() score(with_item(c(" 3 ", "3")), "wai-sr"), accepted(function(x) all(x$total_sum == 36)))
add("score(text '' and 'NA')", function() score(with_item(c("", "NA")), "wai-sr"), accepted(function(x) all(x$total_answered == 11)))
add("score(NA column)", function() score(with_item(c(NA, NA)), "wai-sr"), accepted(function(x) all(x$total_answered == 11)))
add("score(factor labels, not codes)", function() score(with_item(factor(c("5", "1"), levels = c("5", "1"))), "wai-sr"),
    accepted(function(x) identical(x$total_sum, c(38, 34))))
add("score(AsIs column)", function() score(with_item(I(c(5, 1))), "wai-sr"), accepted(function(x) identical(x$total_sum, c(38, 34))))
add("score(integer64 column)", function() score(with_item(bit64::as.integer64(c(5, 1))), "wai-sr"),
    accepted(function(x) identical(x$total_sum, c(38, 34))))
add("score(row names in messages)", function() { d <- with_item(c(3, 9)); rownames(d) <- c("ann", "bob"); score(d, "wai-sr") },
    accepted(function(x) grepl("'row bob'", x$message[2], fixed = TRUE) && rownames(x)[2] == "bob"))
add("score(missing = -9, text '-9')", function() score(with_item(c("-9", "3")), "wai-sr", missing = -9),
    accepted(function(x) identical(x$total_answered, c(11L, 12L))))
add("score(missing = character(0): '' is no answer)", function() score(with_item(c("", "3")), "wai-sr", missing = character(0)),
    accepted(function(x) identical(x$status, c("error", "ok"))))
add("score(not_applicable on wai-sr)", function() score(with_item(c(9, 3)), "wai-sr", not_applicable = 9),
    accepted(function(x) identical(x$status, c("error", "ok"))))
add("score(errors = 'stop')", function() score(with_item(c(9, 3)), "wai-sr", errors = "stop"), refused("item 1"))

# ---------------------------------------------------------------------------------------------
# explain_score(), instrument(), load_key(), instruments()

answers <- c(4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 4, 5)
quiet <- function(f) function() { out <- NULL; utils::capture.output(out <- f()); out }
explain_base <- list(responses = answers, instrument = "wai-sr")
sweep("explain_score", explain_base, "instrument", bad_instrument)
sweep("explain_score", explain_base, "min_answered", bad_number[c("text", "NaN", "two", "factor")])
sweep("explain_score", explain_base, "missing", bad_codes[c("logical", "with_NA", "environment")])
sweep("explain_score", explain_base, "responses", list(environment = new.env(), date = as.Date("2024-01-01") + 0:11,
                                                       logical = rep(TRUE, 12), "function" = mean, complex = rep(1i, 12)))
add("explain_score(responses = 'abc' in a list)", quiet(function() explain_score(list(4, "abc"), "wai-sr")), refused("responses: response 2 'abc'"))
for (bad in list(9, 0, 2.5, NaN, Inf, -Inf)) local({
  bad <- bad
  add(sprintf("explain_score(item 3 = %s)", format(bad)), quiet(function() explain_score(replace(answers, 3, bad), "wai-sr")),
      accepted(function(x) grepl("item  3: .*\\(invalid\\)", x) && grepl("Not scored", x, fixed = TRUE)))
})
add("explain_score(3 answers)", quiet(function() explain_score(c(4, 5, 4), "wai-sr")),
    accepted(function(x) inherits(x, "alliance_explanation")))
add("explain_score(factor answers)", quiet(function() explain_score(factor(answers), "wai-sr")),
    accepted(function(x) identical(unclass(x), unclass(quiet(function() explain_score(answers, "wai-sr"))()))))

sweep("instrument", list(id = "wai-sr"), "id", bad_instrument, pattern = "id")
add("instrument(<directory>)", function() instrument(dir_path), refused("it is a directory"))
add("instrument('nope')", function() instrument("nope"), refused("unknown instrument 'nope'"))
sweep("load_key", list(path = key_path), "path", bad_instrument[c("NULL", "number", "NA", "two", "list", "logical")])
add("load_key(<directory>)", function() load_key(dir_path), refused("it is a directory"))
add("load_key('/dev/zero')", function() load_key("/dev/zero"), refused("'/dev/zero': cannot read the file: it is a character device"))
add("load_key(<absent>)", function() load_key(file.path(scratch, "absent.json")), refused("absent.json': cannot read the file"))
add("load_key(<not a key>)", function() load_key(text_file("object.json", "{}")), refused("object.json'"))
add("load_key('wai-sr')", function() load_key("wai-sr"), refused("'wai-sr': cannot read the file"))
add("instruments()", function() instruments(), accepted(function(x) "wai-sr" %in% x$id))

# ---------------------------------------------------------------------------------------------
# scale_reliability(), icc()

sample <- utils::read.csv(system.file("extdata", "wai_sr_sample.csv", package = "alliance"))
reliability_base <- list(data = sample, instrument = "wai-sr")
sweep("scale_reliability", reliability_base, "item_detail", bad_flag)
sweep("scale_reliability", reliability_base, "confidence", c(bad_number[c("text", "NaN", "two", "NA")], list(one = 1, zero = 0)))
sweep("scale_reliability", reliability_base, "data", bad_table[c("NULL", "text", "list")])
sweep("scale_reliability", reliability_base, "items", bad_text[c("number", "NA", "two")])
add("scale_reliability(logical item)", function() scale_reliability(with_item(c(TRUE, FALSE, TRUE)), "wai-sr"), refused("column 'item1'"))
add("scale_reliability(0 rows)", function() scale_reliability(wai(0), "wai-sr"), accepted(function(x) all(x$status == "error")))

sweep("icc", list(ratings = judges()), "ratings", bad_table[c("NULL", "text", "numbers", "list", "environment")])
sweep("icc", list(ratings = judges()), "confidence", c(bad_number[c("text", "NaN", "two", "factor")], list(one = 1)))
add("icc(logical rater)", function() icc(data.frame(a = c(TRUE, FALSE, TRUE), b = 1:3)), refused("column 'a' is of type logical"))
add("icc(Date rater)", function() icc(data.frame(a = as.Date("2024-01-01") + 1:3, b = 1:3)), refused("column 'a' is of type Date"))
add("icc(list rater)", function() { r <- judges(); r$j2 <- as.list(r$j2); icc(r) }, refused("column 'j2'"))
add("icc(NaN rating: row named)", function() icc(replace(judges(), "j1", list(c(NaN, 6, 8, 7, 10, 6)))),
    accepted(function(x) all(x$n == 5) && grepl("row 1", x$message[1], fixed = TRUE)))
add("icc(text rating 'x': row named)", function() icc(replace(judges(), "j1", list(c("x", 6, 8, 7, 10, 6)))),
    accepted(function(x) all(x$n == 5) && grepl("row 1", x$message[1], fixed = TRUE)))
add("icc(0 rows)", function() icc(judges()[0, ]), accepted(function(x) all(x$status == "error")))
add("icc(integer64 ratings)", function() icc(data.frame(a = bit64::as.integer64(c(1, 2, 3, 5)), b = c(1, 3, 3, 4))),
    accepted(function(x) isTRUE(all.equal(x$icc, icc(data.frame(a = c(1, 2, 3, 5), b = c(1, 3, 3, 4)))$icc))))

# ---------------------------------------------------------------------------------------------
# reliable_change(), normative_compare(), normative_equivalence()

change_base <- list(pre = c(20, 25, 18), post = c(26, 24, 30), sd = 7.7, reliability = 0.8, direction = "higher")
bad_scores <- list(text = "a", factor = factor(1:3), list = list(1, 2, 3), "NULL" = NULL, "NaN" = c(20, NaN, 18),
                   "Inf" = c(20, Inf, 18), logical = c(TRUE, FALSE, TRUE), date = as.Date("2024-01-01") + 0:2,
                   environment = new.env())
sweep("reliable_change", change_base, "pre", bad_scores)
sweep("reliable_change", change_base, "post", bad_scores[c("text", "NaN", "Inf", "logical")])
for (argument in c("sd", "reliability", "critical_value", "mean", "post_sd", "prepost_correlation"))
  sweep("reliable_change", change_base, argument, bad_number[c("text", "logical", "NaN", "Inf", "two", "factor")])
sweep("reliable_change", change_base, "direction", c(bad_text[c("number", "NA", "two")], list(up = "up")))
sweep("reliable_change", change_base, "method", c(bad_text[c("number", "NA")], list(unknown = "xyz")))
sweep("reliable_change", change_base, "cutoff", list("NaN" = NaN, logical = TRUE, letter = "z", two = c(1, 2)))
sweep("reliable_change", change_base, "norm", list(number = 3, unknown = "nope"))
add("reliable_change(lengths differ)", function() reliable_change(1:3, 1:2, sd = 1, reliability = 0.8, direction = "higher"),
    refused("pre has 3 values and post 2"))
add("reliable_change(names differ)", function() reliable_change(c(a = 1, b = 2), c(a = 1, c = 2), sd = 1, reliability = 0.8,
                                                                direction = "higher"), refused("'b'"))
add("reliable_change(no direction)", function() reliable_change(1, 2, sd = 1, reliability = 0.8), refused("direction"))
add("reliable_change(NA pair: partial row)", function() reliable_change(c(1, NA), c(2, 3), sd = 1, reliability = 0.8,
                                                                       direction = "higher"),
    accepted(function(x) identical(x$status, c("ok", "partial"))))
add("reliable_change(0 pairs)", function() reliable_change(numeric(0), numeric(0), sd = 1, reliability = 0.8, direction = "higher"),
    accepted(function(x) nrow(x) == 0))

compare_base <- list(scores = c(20, 30), mean = 28, sd = 6.8, n = 20)
sweep("normative_compare", compare_base, "scores", bad_scores[c("text", "factor", "NaN", "Inf", "logical", "date")])
for (argument in c("mean", "sd", "n", "confidence"))
  sweep("normative_compare", compare_base, argument, bad_number[c("text", "logical", "NaN", "Inf", "two", "factor", "date")])
sweep("normative_compare", compare_base, "n", list(one = 1, fraction = 2.5, negative = -5))
sweep("normative_compare", compare_base, "bayesian", bad_flag[c("text", "NA", "number")])
sweep("normative_compare", c(compare_base, bayesian = TRUE), "draws", list(ten = 10, fraction = 1000.5, text = "x"))
sweep("normative_compare", c(compare_base, bayesian = TRUE), "seed", list(negative = -1, fraction = 1.5, huge = 2^65))
sweep("normative_compare", c(compare_base, list(scores_b = c(1, 2), mean_b = 0, sd_b = 1, correlation = 0.5)), "prior",
      list(unknown = "flat", number = 1))
add("normative_compare(norm and mean)", function() normative_compare(11, norm = "core-10-uk-general-population-2007", mean = 3),
    refused("mean"))

equivalence_base <- list(group_mean = c(8, 12), group_sd = c(5, 4), group_n = c(95, 10), mean = 7, sd = 3, n = 500,
                         delta_sd = 1)
for (argument in c("group_mean", "group_sd", "group_n"))
  sweep("normative_equivalence", equivalence_base, argument, bad_scores[c("text", "factor", "NaN", "list", "NULL")])
for (argument in c("mean", "sd", "n", "alpha", "delta_sd"))
  sweep("normative_equivalence", equivalence_base, argument, bad_number[c("text", "logical", "NaN", "Inf", "two", "date")])
sweep("normative_equivalence", equivalence_base, "welch", bad_flag[c("text", "NA", "number")])
add("normative_equivalence(no mean)", function() normative_equivalence(8, 5, 95, sd = 3, n = 500, delta = 1), refused("mean"))

# ---------------------------------------------------------------------------------------------
# split_alliance(), track()

split_base <- list(data = couples(), score = "total", unit = "couple", member = "member")
for (argument in c("score", "unit", "member"))
  sweep("split_alliance", split_base, argument, c(bad_text[c("number", "NA", "two", "logical")], list(empty = "")))
sweep("split_alliance", split_base, "score", list(absent = "nope"), pattern = "column nope")
sweep("split_alliance", split_base, "session", list(absent = "nope"), pattern = "column nope")
sweep("split_alliance", split_base, "session", list(number = 1))
sweep("split_alliance", split_base, "summary", bad_flag[c("text", "NA", "number", "two")])
sweep("split_alliance", split_base, "threshold", bad_number[c("text", "logical", "NaN", "Inf", "two")])
sweep("split_alliance", split_base, "first", list(number = 1, two = c("w", "m")))
sweep("split_alliance", split_base, "data", bad_table[c("NULL", "text", "list")])
add("split_alliance(logical score column)", function() split_alliance(transform(couples(), total = total > 60), "total", "couple", "member"),
    refused("column 'total' is of type logical"))
add("split_alliance(list unit column)", function() { d <- couples(); d$couple <- as.list(d$couple); split_alliance(d, "total", "couple", "member") },
    refused("column 'couple'"))
add("split_alliance(text score 'x')", function() split_alliance(transform(couples(), total = c("x", 62, 55, 58)), "total", "couple", "member"),
    accepted(function(x) x$status[1] == "error" && grepl("'x'", x$message[1], fixed = TRUE)))
add("split_alliance(0 rows)", function() split_alliance(couples()[0, ], "total", "couple", "member"), accepted(function(x) nrow(x) == 0))

track_base <- list(data = caseload(), instrument = "srs", client = "client", session = "session", direction = "higher",
                   items = "srs_{}")
for (argument in c("client", "session")) {
  sweep("track", track_base, argument, c(bad_text[c("number", "NA", "two", "logical")], list(empty = "")))
  sweep("track", track_base, argument, list(absent = "nope"), pattern = "column nope")
}
sweep("track", track_base, "direction", c(bad_text[c("number", "NA", "two")], list(up = "up")))
sweep("track", track_base, "rule", list(number = 1, unknown = "nonsense", logical = TRUE))
sweep("track", track_base, "scale", list(number = 1, unknown = "nope", two = c("a", "b")))
sweep("track", track_base, "metric", list(unknown = "median"))
sweep("track", track_base, "session_dates", bad_flag[c("text", "NA", "number")])
sweep("track", track_base, "summary", bad_flag[c("text", "NA", "number")])
sweep("track", track_base, "instrument", bad_instrument[c("number", "NA", "two")])
sweep("track", c(track_base, rule = "drop", previous = "last-scored"), "drop_points",
      bad_number[c("text", "logical", "NaN", "Inf", "two", "factor")])
sweep("track", c(track_base, rule = "drop", drop_points = 2), "previous", list(unknown = "before", number = 1))
sweep("track", track_base, "drop_points", list(without_rule = 2))
add("track(list client column)", function() { d <- caseload(); d$client <- as.list(d$client); do.call(track, c(list(d), track_base[-1])) },
    refused("column 'client'"))
add("track(logical item column)", function() { d <- caseload(); d$srs_2 <- TRUE; do.call(track, c(list(d), track_base[-1])) },
    refused("column 'srs_2' is of type logical"))
add("track(duplicate session: both rows named)", function() { d <- caseload(); d$session[2] <- 1; do.call(track, c(list(d), track_base[-1])) },
    accepted(function(x) x$status[1] == "error" && x$status[2] == "error"))
add("track(0 rows)", function() do.call(track, c(list(caseload()[0, ]), track_base[-1])), accepted(function(x) nrow(x) == 0))
add("track(integer64 sessions)", function() { d <- caseload(); d$session <- bit64::as.integer64(d$session); do.call(track, c(list(d), track_base[-1])) },
    accepted(function(x) all(x$status == "ok")))

# pictures: plot_trajectory, plot_change, plot_split_alliance, save_svg
is_pictures <- function(names) function(x) inherits(x, "alliance_pictures") && identical(names(x), names)
sweep("plot_trajectory", track_base, "range", list(text = "0,40", one = 5, reversed = c(40, 0), equal = c(5, 5),
                                                    "NaN" = c(0, NaN), "Inf" = c(0, Inf), logical = c(FALSE, TRUE),
                                                    list = list(0, 40)))
sweep("plot_trajectory", track_base, "title", bad_text[c("number", "NA", "two", "logical")])
sweep("plot_trajectory", track_base, "clients", list(number = 1, logical = TRUE), "clients")
sweep("plot_trajectory", track_base, "data", bad_table[c("NULL", "text", "environment")], "data")
add("plot_trajectory(every client)", function() do.call(plot_trajectory, track_base), accepted(is_pictures(c("a", "b"))))
add("plot_trajectory(clients = \"b\")", function() do.call(plot_trajectory, c(track_base, clients = "b")),
    accepted(is_pictures("b")))
add("plot_trajectory(0 rows)", function() do.call(plot_trajectory, c(list(caseload()[0, ]), track_base[-1])),
    accepted(is_pictures(character(0))))
add("plot_trajectory(summary = TRUE)", function() do.call(plot_trajectory, c(track_base, summary = TRUE)),
    refused("unused argument summary"))
add("plot_trajectory(unknown argument)", function() do.call(plot_trajectory, c(track_base, colour = "red")),
    refused("unused argument colour"))
add("plot_trajectory(unnamed extra argument)", function() plot_trajectory(caseload(), "srs", "client"),
    refused("must be named"))
change_base <- list(pre = c(10, 12, 20), post = c(15, 11, 21), sd = 5, reliability = 0.8, direction = "higher")
add("plot_change(ok)", function() do.call(plot_change, change_base), accepted(function(x) inherits(x, "alliance_picture")))
add("plot_change(no pairs)", function() do.call(plot_change, c(list(numeric(0), numeric(0)), change_base[-(1:2)])),
    accepted(function(x) inherits(x, "alliance_picture")))
sweep("plot_change", change_base, "range", list(text = "0,40", reversed = c(40, 0), overflow = c(-1e308, 1e308)),
      "range")
sweep("plot_change", change_base, "label", bad_text[c("number", "NA", "two")])
sweep("plot_change", change_base, "sd", bad_number[c("text", "logical", "NaN")])
sweep("plot_change", change_base, "pre", list(text = c("a", "b", "c"), logical = c(TRUE, FALSE, TRUE)), "pre")
add("plot_change(unknown argument)", function() do.call(plot_change, c(change_base, colour = "red")),
    refused("unused argument colour"))
split_picture_base <- list(data = transform(couples(), session = 1), score = "total", unit = "couple",
                           member = "member", session = "session")
add("plot_split_alliance(every unit)", function() do.call(plot_split_alliance, split_picture_base),
    accepted(is_pictures(c("c1", "c2"))))
add("plot_split_alliance(units = \"c2\")", function() do.call(plot_split_alliance, c(split_picture_base, units = "c2")),
    accepted(is_pictures("c2")))
add("plot_split_alliance(0 rows)", function() do.call(plot_split_alliance,
                                                      c(list(split_picture_base$data[0, ]), split_picture_base[-1])),
    accepted(is_pictures(character(0))))
sweep("plot_split_alliance", split_picture_base, "session", bad_text[c("number", "NA", "two")])
add("plot_split_alliance(absent session column)", function() do.call(plot_split_alliance,
                                                                    c(split_picture_base[-5], session = "visit")),
    refused("lacks column visit"))
sweep("plot_split_alliance", split_picture_base, "range", list(text = "0,40", reversed = c(40, 0)), "range")
sweep("plot_split_alliance", split_picture_base, "units", list(number = 1, logical = TRUE), "units")
picture <- function() plot_change(c(10, 12), c(15, 11), sd = 5, reliability = 0.8, direction = "higher")
sweep("save_svg", list(x = picture(), path = file.path(scratch, "jt.svg")), "x",
      list("NULL" = NULL, text = "x", list = list(), data = caseload()), "x")
sweep("save_svg", list(x = picture(), path = file.path(scratch, "jt.svg")), "path", bad_text[c("number", "NA", "two")])
add("save_svg(a picture)", function() save_svg(picture(), file.path(scratch, "jt.svg")),
    accepted(function(x) file.exists(x)))
add("save_svg(into a missing folder)", function() save_svg(picture(), file.path(scratch, "no-such", "jt.svg")),
    refused("cannot write"))

# ---------------------------------------------------------------------------------------------
# Data shapes: items = and labels = in their forms, define_instrument(), save_key(), score_long()

letter_items <- c(paste0("A", 1:4), paste0("B", 1:4), paste0("C", 1:4))
lettered <- function() stats::setNames(wai(), letter_items)
sweep("score", c(score_base, items = "item{}"), "labels",
      list(text = c(Never = "1"), unnamed = c(1, 2), "NaN" = c(Never = NaN), "NA" = c(Never = NA_real_),
           number_label = c("3" = 3), code_label = c("NA" = 1), empty_label = c(" " = 1), twice = c(a = 1, a = 2),
           factor = factor(c(a = "1")), list_text = list(Never = "1"), date = as.Date("2024-01-01")))
sweep("score", list(data = lettered(), instrument = "wai-sr"), "items",
      list(repeated = c("A1", letter_items[-2]), short = letter_items[-12], mapped_twice = stats::setNames(letter_items, c(1:11, 11)),
           mapped_zero = stats::setNames(letter_items, 0:11), name_not_number = stats::setNames(letter_items, letters[1:12]),
           with_NA = c(letter_items[-12], NA), empty_name = c(letter_items[-12], ""), bad_pattern = "A{x}",
           no_placeholder = "A", padded_10 = "A{:010}"))
add("score(items = <mapping>)", function() score(lettered(), "wai-sr", items = stats::setNames(rev(letter_items), 12:1)),
    accepted(function(x) all(x$total_sum == 36)))
add("score(items = ' A1 , A2 ,...')", function() score(lettered(), "wai-sr", items = paste0(" ", letter_items, collapse = " ,")),
    accepted(function(x) all(x$total_sum == 36)))
add("score(label 'Sometimez')", function() score(with_item(c("Sometimez", "Always")), "wai-sr", labels = c(Always = 5)),
    row_error("row 1", "item 1", "column 'item1'", "label 'Sometimez'"))
add("score(labelled_spss na_range = c(-Inf, 0))", function() {
  skip_if_not_installed("haven")
  score(with_item(haven::labelled_spss(c(-5, 3), na_range = c(-Inf, 0))), "wai-sr")
}, accepted(function(x) identical(x$total_answered, c(11L, 12L))))
add("score(labelled_spss with a reversed na_range)", function() {
  skip_if_not_installed("haven")
  x <- haven::labelled_spss(c(-5, 3))
  attr(x, "na_range") <- c(0, -10)  # holds nothing
  score(with_item(x), "wai-sr")
}, row_error("row 1", "item1", "-5"))

define_base <- list(id = "x", response = c(1, 5), scales = list(a = c("q1", "-q2")))
sweep("define_instrument", define_base, "id", bad_text[c("number", "NA", "two", "logical")])
sweep("define_instrument", define_base, "response",
      list(one = 5, three = 1:3, text = c("1", "5"), "NaN" = c(1, NaN), "Inf" = c(1, Inf), reversed = c(5, 1),
           equal = c(3, 3), logical = c(TRUE, FALSE), factor = factor(1:2), "NULL" = NULL))
sweep("define_instrument", define_base, "scales",
      list("NULL" = NULL, vector = c("q1", "q2"), empty = list(), unnamed = list(c("q1", "q2")),
           empty_scale = list(a = character(0)), fraction = list(a = c(1, 1.5)), "NA" = list(a = c("q1", NA)),
           logical = list(a = TRUE), factor = list(a = factor("q1")), mixed = list(a = c("1", "q2")),
           twice = list(a = c("q1", "q1")),
           empty_item = list(a = c("q1", "-")), zero = list(a = c(0, 1)), huge = list(a = c(1, 1e12)),
           data = data.frame(a = 1:2)), pattern = "scales")
add("define_instrument(scales = <q2 reversed in one scale only>)",
    function() define_instrument("x", c(1, 5), list(a = c("q1", "-q2"), b = "q2")),
    refused("item 'q2' is reversed in scale 'a' and not in scale 'b'; an item is reversed for the whole instrument"))
sweep("define_instrument", define_base, "missing_rule",
      list(unknown = "sometimes", no_count = "prorate_min_answered", extra = "all_required:2", fraction_count = "prorate_min_answered:0.5",
           number = 3, two = c("a", "b")), pattern = "missing_rule")
sweep("define_instrument", define_base, "metric", list(unknown = "median", number = 1), pattern = "metric")
sweep("define_instrument", define_base, "reversed", list(absent = "q9", logical = TRUE), pattern = "reversed")
add("define_instrument(reversed = <a number, scales by name>)", function() do.call(define_instrument, c(define_base, reversed = 1)),
    refused("mix item numbers and column names"))
sweep("define_instrument", define_base, "labels", list(text = c(a = "1"), "NaN" = c(a = NaN)), pattern = "labels")
add("define_instrument(labels = <a number as a label>)", function() {
  score(data.frame(q1 = 1, q2 = 2), do.call(define_instrument, c(define_base, list(labels = c("2" = 2)))))
}, refused("labels label '2' is a number"))
add("define_instrument(a total)", function() define_instrument("x", c(0, 4), list(a = 1:2, b = 3:4, total = 1:4)),
    accepted(function(x) identical(x$scales$name, c("a", "b", "total"))))
add("define_instrument(unicode names)", function() define_instrument("x", c(1, 5), list("échelle" = c("é1", "-é2"))),
    accepted(function(x) identical(x$item_columns, c("é1", "é2"))))

sweep("save_key", list(instrument = "wai-sr", path = file.path(scratch, "k.json")), "path",
      bad_text[c("number", "NA", "two", "logical")])
sweep("save_key", list(instrument = "wai-sr", path = file.path(scratch, "k.json")), "instrument",
      bad_instrument[c("NULL", "number", "NA", "two")])
add("save_key(into a missing folder)", function() save_key("wai-sr", file.path(scratch, "no-such", "k.json")),
    refused("its folder does not exist"))
add("save_key(onto a directory)", function() save_key("wai-sr", dir_path), refused("cannot write"))
add("save_key(a key file's path)", function() {
  save_key(key_path, file.path(scratch, "copy.json"))
  load_key(file.path(scratch, "copy.json"))
}, accepted(function(x) identical(x$scales, load_key(key_path)$scales)))

long_wai <- function() data.frame(client = rep(c("a", "b"), each = 12), item = rep(1:12, 2), value = 3)
long_base <- list(data = long_wai(), instrument = "wai-sr", record = "client")
sweep("score_long", long_base, "record", c(bad_text[c("number", "NA", "logical", "empty")], list(empty_name = "")),
      pattern = "record")
sweep("score_long", long_base, "item", c(bad_text[c("number", "NA", "two")], list(same = "value", key = "client")),
      pattern = "item")
sweep("score_long", long_base, "value", c(bad_text[c("number", "NA", "two")], list(key = "client")), pattern = "value")
for (argument in c("record", "item", "value"))
  sweep("score_long", long_base, argument, list(absent = "nope"), pattern = "the header lacks column nope")
sweep("score_long", long_base, "data", bad_table[c("NULL", "text", "list")])
sweep("score_long", long_base, "errors", list(text = "warn"))
add("score_long(logical value column)", function() score_long(transform(long_wai(), value = TRUE), "wai-sr", record = "client"),
    refused("column 'value' is of type logical"))
add("score_long(list item column)", function() { d <- long_wai(); d$item <- as.list(d$item); score_long(d, "wai-sr", record = "client") },
    refused("column 'item'"))
add("score_long(0 rows)", function() score_long(long_wai()[0, ], "wai-sr", record = "client"),
    accepted(function(x) nrow(x) == 0 && "total_sum" %in% names(x)))
add("score_long(NA keys)", function() score_long(transform(long_wai(), client = NA), "wai-sr", record = "client"),
    accepted(function(x) nrow(x) == 24 && all(x$status == "error")))
add("score_long(NaN value)", function() score_long(transform(long_wai(), value = c(NaN, rep(3, 23))), "wai-sr", record = "client"),
    row_error("row 1", "value"))
add("score_long(item '1.0')", function() score_long(transform(long_wai(), item = c("1.0", 2:12, 1:12)), "wai-sr", record = "client"),
    row_error("item '1.0'"))
add("score_long(item 0)", function() score_long(transform(long_wai(), item = c(0, 2:12, 1:12)), "wai-sr", record = "client"),
    row_error("item '0'"))
add("score_long(factor values)", function() score_long(transform(long_wai(), value = factor(rep(c("3", "4"), 12))), "wai-sr",
                                                       record = "client"),
    accepted(function(x) identical(x$total_sum, c(42, 42))))

# ---------------------------------------------------------------------------------------------

test_that("hostile inputs: at least 150 cases over every public function", {
  expect_gte(length(cases), 150)
  covered <- unique(sub("[(].*", "", vapply(cases, `[[`, "", "label")))
  expect_setequal(covered, getNamespaceExports("alliance"))
})

for (group in unique(sub("[(].*", "", vapply(cases, `[[`, "", "label")))) {
  test_that(paste("hostile inputs:", group), {
    skip_if_not_installed("bit64")
    skip_if_not_installed("tibble")
    for (case in cases[startsWith(vapply(cases, `[[`, "", "label"), paste0(group, "("))]) check_case(case)
  })
}
