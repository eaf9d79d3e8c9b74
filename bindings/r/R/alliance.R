# The R side of the package: argument checks, reading R data into numbers and codes, and laying
# results out as data.frames. Every rule and every number comes from the C++ library through
# src/alliance_r.cpp.

#' @useDynLib alliance, .registration = TRUE
#' @importFrom Rcpp sourceCpp
NULL

# ---------------------------------------------------------------------------------------------
# Errors

alliance_condition <- function(message, class, call = NULL, ...) {
  structure(class = c(class, "alliance_error", "error", "condition"),
            list(message = message, call = call, ...))
}

# Signals an error of the library as src/alliance_r.cpp (guarded) classes it: `class` is
# "alliance_input_error" or "alliance_library_error", `id` the library's stable id.
signal_error <- function(message, class, id) {
  stop(alliance_condition(message, class, id = id))
}

# Runs a call into C++; the library's conditions (alliance_error) get the caller's call.
call_library <- function(expr, call = sys.call(-1)) {
  tryCatch(expr, alliance_error = function(e) {
    e$call <- call
    stop(e)
  })
}

input_error <- function(message, call = sys.call(-1)) {
  stop(alliance_condition(message, "alliance_input_error", call = call))
}

# An argument of the wrong R type: `expected` in R's words, the message the library's
# ("data expects a data.frame, a tibble or a matrix, not a list of length 2").
wrong_argument <- function(name, expected, value, call = sys.call(-1)) {
  call_library(.cpp_argument_error(name, expected, value), call)
}

# One argument checked by the library as every request's options are: "flag" (TRUE or FALSE),
# "number", "text" or "name" (a column name).
checked_argument <- function(x, name, kind, call = sys.call(-1)) {
  call_library(.cpp_checked_argument(name, x, kind), call)
}

# ---------------------------------------------------------------------------------------------
# Instruments

# Which instrument: list(kind = "id" | "key_text", value = the id or the key's text, path = the
# key file's path or NA). Whether a text is an id or a path is the library's rule; a key file is
# read once, here (refused at once unless it is a regular file), and its key kept as text.
instrument_source <- function(instrument, name = "instrument", call = sys.call(-1)) {
  if (inherits(instrument, "alliance_instrument")) {
    source <- attr(instrument, "source")
    # an object saved by an older version kept only the path
    if (identical(source$kind, "key")) source <- call_library(.cpp_key_source(source$value), call)
    return(source)
  }
  if (is.character(instrument) && length(instrument) == 1 && !is.na(instrument))
    instrument <- path.expand(instrument)
  call_library(.cpp_instrument_source(instrument, name), call)
}

new_instrument <- function(source) {
  x <- call_library(.cpp_instrument(source$kind, source$value))
  scales <- data.frame(name = x$scales$name, column = x$scales$column, role = x$scales$role,
                       metric = x$scales$metric, missing_rule = x$scales$missing_rule,
                       missing_rule_source = x$scales$missing_rule_source,
                       stringsAsFactors = FALSE)
  scales$items <- x$scales$items
  x$scales <- scales
  x$key_file <- if (is.null(source$path)) NA_character_ else source$path
  x <- x[c("id", "name", "form", "items", "scales", "reversed", "response_scale", "citation",
           "licence", "verification", "key_file", "item_columns", "labels")]
  structure(x, class = "alliance_instrument", source = source)
}

#' The built-in instruments
#'
#' The catalogue of instruments whose keys ship with the library, in a stable order: alliance
#' measures first, then the outcome measures tracked beside them. Instruments whose keys could
#' not be verified are not in it (see `vignette("instruments")`).
#'
#' @return A data.frame with one row per instrument: `id` (what [score()] and the other
#'   functions take), `name`, `form` (who fills it in), `items`, `response_scale`, `scales`
#'   (in report order, the total last) and `citation` (the key's source).
#' @seealso [instrument()] for one instrument's key, [load_key()] for your own.
#' @examples
#' instruments()[, c("id", "items", "scales")]
#' @export
instruments <- function() {
  x <- .cpp_catalogue()
  data.frame(x, stringsAsFactors = FALSE)
}

#' One instrument's key
#'
#' The full definition of an instrument: its items, its scales with their items and
#' missing-item rules, the reverse-keyed items, the response scale, and where the key comes
#' from (citation and how it was verified). No item wording ships: the questionnaires are
#' copyrighted.
#'
#' @param id A built-in id (see [instruments()]), a key file's path, or an object returned
#'   by `instrument()` or [load_key()].
#' @return An object of class `alliance_instrument`: a list with `id`, `name`, `form`,
#'   `items` (the number of items), `scales` (a data.frame: `name`, `column` (the stem of the
#'   score columns), `role`, `metric`, `missing_rule`, `missing_rule_source` and the list
#'   column `items`), `reversed` (item numbers), `response_scale`, `citation`, `licence`,
#'   `verification` (how the key was checked against its published source), `key_file`
#'   (the path a key file was read from; `NA` for a built-in or a [define_instrument()]) and
#'   `item_columns` (the columns of items 1..N when the key names them, as a key file's
#'   `item_columns` or an instrument defined by column names do; `character(0)` otherwise: then
#'   `items = "item{}"` reads them) and `labels` (the codes of answers given as labels that
#'   [score()] uses when given none, a key file's `response_labels`: a named numeric vector,
#'   empty for a built-in; a list when items have labels of their own, in the form `labels`
#'   takes). The built-in keys are those of the C++ library version `packageVersion("alliance")`.
#' @seealso [load_key()] for your own key file; `vignette("key-files", package = "alliance")`
#'   for the format.
#' @examples
#' wai <- instrument("wai-sr")
#' wai$verification
#' wai$scales[, c("name", "missing_rule")]
#' wai$scales$items[[1]]   # the task items
#' instrument("haq-ii-p")$reversed
#' @export
instrument <- function(id) {
  new_instrument(instrument_source(id, "id"))
}

#' Load an instrument key file
#'
#' Reads a JSON key file (format `alliance-key-file/1`, described in
#' `vignette("key-files", package = "alliance")`) through the same validator as the built-in
#' keys. The file is read once, now: the object keeps the key itself, so editing, moving or
#' deleting the file afterwards changes nothing, and the object can be saved with [saveRDS()]
#' or sent to parallel workers (e.g. `parallel::parLapply()`). Errors name the file, the field
#' (`scales[0].items[3]`) and what is wrong; a path that is not a regular file (a directory, a
#' FIFO, a device) is refused at once, naming it.
#'
#' @param path The key file's path.
#' @return An `alliance_instrument` object (see [instrument()]), usable wherever an instrument
#'   is taken.
#' @seealso `vignette("key-files", package = "alliance")`: the key-file format, field by field.
#' @examples
#' lab <- load_key(system.file("extdata", "example-lab-alliance.json", package = "alliance"))
#' lab$scales[, c("name", "missing_rule")]
#' score(data.frame(item1 = 5, item2 = 6, item3 = 2, item4 = 7,
#'                  item5 = 6, item6 = 1, item7 = 7, item8 = 6), lab)
#' @export
load_key <- function(path) {
  if (is.character(path) && length(path) == 1 && !is.na(path)) path <- path.expand(path)
  new_instrument(call_library(.cpp_key_source(path)))
}

#' Define an instrument in R
#'
#' Builds an instrument from its key given in the call, through the same validator as key
#' files ([load_key()]): the response scale, the scales with their items and which items are
#' reversed, the missing-item rule and the metric. `scales` reads like psych's key lists
#' (`psych::bfi.keys`, `psych::scoreItems()`): a named list with the items of each scale, by
#' number or by column name, a leading `-` marking a reversed item (`min + max - x` on the
#' response scale). Items named by column are numbered in order of first appearance and the
#' instrument keeps the names (`$item_columns`), so [score()] reads those columns without
#' `items`, and [save_key()] writes them into the key file.
#'
#' @param id The instrument's id (used in messages, as a key file's `id`).
#' @param response The lowest and the highest answer of the (Likert) response scale,
#'   `c(1, 6)`.
#' @param scales A named list: per scale to report (a total too, if wanted; none is added) its
#'   items, as numbers (`c(1, -2, 3)`) or column names (`c("-A1", "A2")`), not both in one
#'   instrument. An item reversed in one scale is reversed in every scale that holds it.
#' @param reversed `NULL`, or more reversed items (numbers or names, without `-`), e.g. items no
#'   scale holds.
#' @param missing_rule `NULL` (`"all_required"`: a scale is scored only when every item is
#'   answered), or a missing-item rule of the key-file format with its number:
#'   `"prorate_min_answered:3"`, `"prorate_max_missing:1"`, `"prorate_min_fraction:0.8"`,
#'   `"replace_by_mean:2"` (see `vignette("key-files", package = "alliance")`).
#' @param name `NULL` (the id) or the instrument's name.
#' @param metric `NULL` (`"sum"`) or `"mean"`: the value each scale reports.
#' @param labels `NULL`, or the codes of answers given as labels (`c(Never = 1, ...)`, as in
#'   [score()]), kept with the instrument and used when [score()] is given none.
#' @return An `alliance_instrument` object (see [instrument()]), usable wherever an instrument
#'   is taken; it holds its key, so it can be saved with [saveRDS()] or [save_key()].
#' @section psych: with psych's `bfi` data and key list, the scale means are those of
#'   `psych::scoreItems(psych::bfi.keys, psych::bfi[1:25], min = 1, max = 6, impute = "none")`
#'   when the rule scores any scale with an answered item (`"prorate_min_answered:1"`: the mean
#'   of the answered items) and the metric is the mean.
#' @seealso [save_key()] to write it as a key file; [load_key()].
#' @examples
#' lab <- define_instrument("lab-alliance", response = c(1, 7),
#'                          scales = list(bond = c("b1", "-b2", "b3"), task = c("t1", "t2", "-t3")),
#'                          missing_rule = "prorate_min_answered:2", metric = "mean")
#' lab$item_columns
#' answers <- data.frame(b1 = c(6, 5), b2 = c(2, NA), b3 = c(7, 6), t1 = 5, t2 = 6, t3 = c(1, 3))
#' score(answers, lab)[, c("bond_mean", "bond_status", "task_mean")]
#' if (requireNamespace("psych", quietly = TRUE)) {
#'   bfi <- define_instrument("bfi", response = c(1, 6), scales = psych::bfi.keys,
#'                            missing_rule = "prorate_min_answered:1", metric = "mean")
#'   head(score(psych::bfi, bfi)[, c("agree_mean", "openness_mean")], 3)
#' }
#' @export
define_instrument <- function(id, response, scales, reversed = NULL, missing_rule = NULL, name = NULL,
                              metric = NULL, labels = NULL) {
  options <- list(name = name, missing_rule = missing_rule, metric = metric)
  new_instrument(call_library(.cpp_define_instrument(id, response, scales, reversed, labels, options)))
}

#' Write an instrument as a key file
#'
#' Writes any instrument (a built-in one, a loaded key file, one from [define_instrument()]) as
#' a key file (format `alliance-key-file/1`) that [load_key()], the command line
#' (`alliance score --key`) and the Python package read back to the same instrument: its key,
#' cut-offs, norms and severity bands, its item columns and its answer labels. The file is
#' written whole or not at all: to a temporary file in the same directory, then renamed over
#' `path`.
#'
#' @param instrument A built-in id, an object from [instrument()], [load_key()] or
#'   [define_instrument()], or a key file's path.
#' @param path The file to write (replaced when it exists).
#' @return `path`, invisibly.
#' @examples
#' lab <- define_instrument("lab", response = c(1, 5), scales = list(total = c("q1", "-q2", "q3")))
#' path <- file.path(tempdir(), "lab.json")
#' save_key(lab, path)
#' load_key(path)$item_columns
#' @export
save_key <- function(instrument, path) {
  source <- instrument_source(instrument)
  checked_argument(path, "path", "text")
  path <- path.expand(path)
  if (dir.exists(path)) input_error(paste0("cannot write '", path, "': it is a directory"))
  text <- call_library(.cpp_key_text(source$kind, source$value))
  write_whole(text, path)  # a temporary file beside it, renamed into place
  invisible(path)
}

#' @export
print.alliance_instrument <- function(x, ...) {
  cat(x$id, ": ", x$name, "\n", sep = "")
  cat("  ", x$items, " items, ", x$response_scale$description, "; reversed: ",
      if (length(x$reversed)) paste(x$reversed, collapse = " ") else "none", "\n", sep = "")
  for (i in seq_len(nrow(x$scales)))
    cat("  ", x$scales$name[i], " (", x$scales$role[i], "): items ",
        paste(x$scales$items[[i]], collapse = " "), "; ", x$scales$missing_rule[i], "\n", sep = "")
  cat("  source: ", x$citation, "\n", sep = "")
  if (nzchar(x$verification)) cat("  verification: ", x$verification, "\n", sep = "")
  if (length(x$item_columns))
    cat("  item columns: ", paste(utils::head(x$item_columns, 12), collapse = " "),
        if (length(x$item_columns) > 12) " ...", "\n", sep = "")
  if (!is.na(x$key_file)) cat("  key file: ", x$key_file, " (read when loaded)\n", sep = "")
  invisible(x)
}

# ---------------------------------------------------------------------------------------------
# Reading item columns

as_table <- function(data, what = "data", call = sys.call(-1)) {
  if (is.matrix(data)) {
    rn <- rownames(data)
    data <- as.data.frame(data, stringsAsFactors = FALSE)
    if (is.null(rn)) attr(data, "row.names") <- .set_row_names(nrow(data))
    return(data)
  }
  if (!is.data.frame(data)) wrong_argument(what, "a data.frame, a tibble or a matrix", data, call)
  data
}

# Codes (missing=, not_applicable=) as the library's texts (a number as its exact text; the
# library matches numeric cells to codes that read as numbers). NULL means the command-line
# driver's defaults: `default`.
code_text <- function(codes, default, name, call = sys.call(-1)) {
  if (is.null(codes)) return(default)
  if (is.factor(codes)) codes <- as.character(codes)
  call_library(.cpp_codes(codes, name), call)
}

# One column as the library reads it: numbers (an integer or double vector, passed on as it is,
# without a copy; attributes such as haven's labels dropped), or texts (read in C++ by the
# library's rule of what a cell means, alliance/table/cells.hpp, each distinct text once). A
# factor is read by its labels, never by its level codes; bit64's integer64 by its exact value;
# a column of NA only as missing numbers. Anything else (TRUE/FALSE, dates, lists, matrices) is
# refused, naming the column (alliance/table/column_type.hpp); `role` is what it should hold.
column_values <- function(x, name, role = "answers", call = sys.call(-1)) {
  if (inherits(x, "integer64")) return(.cpp_integer64_text(x))
  if (is.factor(x)) return(as.character(x))
  if (is.null(dim(x))) {
    if (is.character(x)) return(x)
    if (is.numeric(x)) {
      if (!is.null(attributes(x))) attributes(x) <- NULL
      return(x)
    }
    if (is.logical(x) && all(is.na(x))) return(as.double(x))
  }
  type <- if (is.null(dim(x))) paste(class(x), collapse = "/") else class(x)[1]
  call_library(.cpp_column_type_error(name, type, role), call)
}

# A key column (client, session, unit, member) as texts: any vector of R's atomic types by its
# text (a factor by its labels, an integer64 by its exact value); a list or matrix is refused.
key_values <- function(x, name, call = sys.call(-1)) {
  if (inherits(x, "integer64")) return(.cpp_integer64_text(x))
  if (!is.atomic(x) || !is.null(dim(x)))
    call_library(.cpp_column_type_error(name, paste(class(x), collapse = "/"), "keys"), call)
  enc2utf8(as.character(x))
}

# The values a haven_labelled_spss column (haven's read_sav(user_na = TRUE), labelled_spss())
# declares missing, as haven keeps them: list(values = na_values, range = na_range), or NULL for
# any other column. Which cells they make missing is the library's rule
# (alliance/table/data_shapes.hpp: user_missing).
user_missing_of <- function(x) {
  if (!inherits(x, "haven_labelled_spss")) return(NULL)
  list(values = attr(x, "na_values", exact = TRUE), range = attr(x, "na_range", exact = TRUE))
}

# The item columns of `data` for the instrument `source`, as `items` names them (NULL: the
# instrument's own item columns, else item{}; the forms are the library's, item_spec.hpp): per
# item its numbers or texts (the codes and labels are matched in C++, alliance/table/cells.hpp)
# and the values its column declares missing.
read_items <- function(data, source, items, call = sys.call(-1)) {
  names <- call_library(.cpp_item_columns(source$kind, source$value, items, as.character(colnames(data))), call)
  columns <- lapply(names, function(name) column_values(data[[name]], name, "answers", call))
  declared <- lapply(names, function(name) user_missing_of(data[[name]]))
  none <- vector("list", length(names))
  list(columns = columns, kinds = none, texts = none, declared = declared, names = names, rows = nrow(data))
}

# One column of `table` named by argument `what` (NULL allowed when optional).
column_name <- function(table, x, what, optional = FALSE, call = sys.call(-1)) {
  if (optional && is.null(x)) return(NULL)
  checked_argument(x, what, "name", call)
  call_library(.cpp_locate_columns(as.character(colnames(table)), x, "", 0L), call)
  x
}

restore_shape <- function(result, data) {
  if (inherits(data, "tbl_df") && requireNamespace("tibble", quietly = TRUE))
    return(tibble::as_tibble(result))
  result
}

# min_answered and confidence as the table layer checks them (alliance/table/option_checks.hpp).
checked_option <- function(x, option, call = sys.call(-1)) {
  call_library(.cpp_checked_option(option, x), call = call)
}

# ---------------------------------------------------------------------------------------------
# Scoring

# Threads that score rows at once: getOption("alliance.threads"), 2 by default (R CMD check's
# limit; a machine with more cores can set more).
score_threads <- function() {
  threads <- getOption("alliance.threads", 2L)
  if (!is.numeric(threads) || length(threads) != 1 || is.na(threads) || threads < 1)
    input_error("option alliance.threads must be one whole number >= 1")
  as.integer(threads)
}

#' Score questionnaire responses
#'
#' Scores every row of `data` with an instrument's published key: reverse keying on the
#' instrument's nominal response scale (`min + max - x`), the scale's missing-item rule, and
#' validation of every answer. One output row per input row, in the same order and with the
#' same row names; a row that cannot be scored is an `error` row whose message names the row,
#' the item, the column and the value, and the other rows go on.
#'
#' @section Reverse keying: `alliance` reverses an item as `min + max - x` on the instrument's
#'   nominal response scale (1..5 for the WAI-SR), whatever the data hold. `psych::scoreItems()`
#'   and `psych::reverse.code()` default to the observed range of each item, so a reversed item
#'   that nobody answered with the scale's minimum or maximum scores differently there; with
#'   `min` and `max` given to `psych::scoreItems()` both agree. The nominal scale is the
#'   published rule: the score must not depend on who else is in the sample.
#' @section Missing answers: `NA` is always a missing answer, never zero. In text or factor
#'   columns the empty text and `"NA"` are missing too (unless `missing` replaces these codes).
#'   A scale is scored only as its missing-item rule allows (see `instrument(id)$scales`);
#'   `min_answered` replaces every scale's rule by "prorate when at least this fraction of the
#'   scale's items is answered" (sum = mean of the answered items x number of items), the
#'   command-line driver's `--min-answered`. `psych::scoreItems()` averages whatever is answered
#'   (`impute = "none"`) or imputes, with no rule.
#' @section Speed: rows go through the library's batch scorer (`alliance/batch.hpp`), which
#'   applies the same rules as scoring one record at a time, in blocks, by
#'   `getOption("alliance.threads", 2)` threads at once (for more than 50,000 rows); the results
#'   do not depend on the number of threads.
#' @section Invalid answers: an answer outside the response scale, a non-integer on a Likert
#'   scale, `NaN` or `Inf`, "does not apply" where the instrument does not offer it, or a text
#'   that is not a number or a code, makes the row an error row. Factors are read by their
#'   labels, never by their level codes; `bit64::integer64` columns by their values.
#' @section Column types: item columns hold numbers (double, integer, `bit64::integer64`),
#'   texts or factors. A column of another type (`TRUE`/`FALSE`, dates, lists) is refused as a
#'   whole with an error of class `alliance_input_error` naming the column: reading `TRUE` as
#'   1 would be a silent coercion. A column of `NA` only is a column of missing answers.
#' @section Data shapes: data as labs export them score as they are, and give exactly the scores
#'   of the plain file with `item1..itemN` numbers: item columns named by a padded pattern, a
#'   list or a mapping (`items`); answers as labels (`labels`); factors, read by their labels;
#'   SPSS and Stata files read by haven (`haven::read_sav(path, user_na = TRUE)`,
#'   `haven::read_dta()`), whose `haven_labelled` columns are read by their numeric codes (the
#'   value labels are not answers) and whose `haven_labelled_spss` columns' user-missing values
#'   (`na_values`, `na_range`) are missing answers; instruments of your own
#'   ([define_instrument()]); and long data, one row per answer ([score_long()]). See
#'   `vignette("alliance")`, "Data as labs export it".
#'
#' @param data A data.frame, tibble or matrix with one row per record and the item columns.
#' @param instrument A built-in id (see [instruments()]), an object from [instrument()] or
#'   [load_key()], or a key file's path. A text that is a built-in id is that instrument;
#'   any other text naming something on disk, ending in `.json` or holding a `/` is a path,
#'   read once per call (a directory, FIFO or device is refused at once, naming it).
#' @param items Which columns hold items 1..N, in one of three forms (see the section Data
#'   shapes): one text, a pattern where `{}` stands for the item number and `{:0N}` for it
#'   zero-padded to N digits (`items = "item{}"` reads `item1`, `item2`, ...; `items = "wai_{}"`
#'   reads `wai_1`, ...; `items = "wai{:02}"` reads `wai01`, ...), or the columns in item order
#'   separated by commas
#'   (`"A1,A2,A3"`), as the command line's `--items`; a character vector of the columns in item
#'   order (`c("A1", "A2", "A3")`); or the columns named by item number
#'   (`c("1" = "q_a", "2" = "q_b", ...)`, every item once). `NULL` (the default): the
#'   instrument's own item columns (a key file's `item_columns`, an instrument defined by column
#'   names), else `"item{}"`. A column named for two items is refused.
#' @param labels `NULL` (the instrument's own answer labels, a key file's `response_labels`;
#'   none for a built-in), or the codes of answers given as labels, as a named numeric vector
#'   `c(Never = 1, Rarely = 2, ...)`: a text or factor cell holding a label (trimmed, case
#'   included) is read as its code. Items with labels of their own: a list of the common labels'
#'   codes and, named by the item's number, the item's codes
#'   (`list(Never = 1, Always = 5, "3" = c(Never = 5, Always = 1))`), which replace the common
#'   ones for that item. A label that is also a number or a missing code is refused; a cell that
#'   is no label, number or code makes an error row naming the row, the item, the column and the
#'   text.
#' @param min_answered `NULL` (the published rules) or a fraction in (0, 1]: prorate every scale
#'   when at least this fraction of its items is answered.
#' @param missing `NULL`, or codes meaning "not answered": numbers such as `-9` or texts (a
#'   number and its text, `-9` and `"-9"`, are the same code, in numeric and in text columns);
#'   for text columns they replace the default codes `""` and `"NA"`. `NA` is always missing
#'   and is no code; `TRUE`/`FALSE` are refused.
#' @param not_applicable Codes meaning "does not apply", for instruments that offer it (CARE).
#' @param errors `"row"` (default): invalid rows become error rows; `"stop"`: signal a
#'   condition of class `alliance_response_error` (with `rows`, the error rows' numbers)
#'   instead.
#' @param classify `TRUE` to add, as the command-line driver's `score --classify`, after the
#'   scale columns one column per published cut-off of the instrument (its own: a built-in's
#'   from the catalogue, a key file's from the file), named by the cut-off's id, and one per
#'   severity band table, named by the table's id. They compare the scale's reported value
#'   (its sum or mean, as its authors report it): a cut-off column is an integer, `1L` when the
#'   cut-off flags the score, `0L` when not and `NA` when the scale has no score (an error row,
#'   too few items answered); a band column holds the band's label, `NA` when there is no
#'   score.
#' @return A data.frame (a tibble for a tibble) with, per scale (subscales in published order,
#'   the total last; names lower-cased with anything but letters and digits as `_`):
#'   `<scale>_sum`, `<scale>_mean` (`NA` when the scale has no score), `<scale>_answered`,
#'   `<scale>_status` (`complete`, `prorated`, `insufficient`); then `status` (`ok`, `partial`
#'   when a scale is not complete, `error`) and `message` (`NA` for `ok` rows; what was
#'   prorated or why a row is an error otherwise). Error rows have `NA` in every scale column.
#'   The status and message columns are character vectors held compactly (R's ALTREP: an index
#'   per row into a few words), which every R function reads as ordinary character vectors;
#'   R expands one into its usual form the first time it needs the vector's memory, for
#'   example when a value in it is changed. With `classify = TRUE` the cut-off and band
#'   columns stand between the scale columns and `status`.
#' @examples
#' sample <- read.csv(system.file("extdata", "wai_sr_sample.csv", package = "alliance"))
#' scores <- score(sample, "wai-sr")
#' head(scores[, c("task_sum", "goal_sum", "bond_sum", "total_sum", "status")])
#' table(scores$status)
#' scores$message[scores$status == "error"]
#' # proration is an explicit choice:
#' table(score(sample, "wai-sr", min_answered = 0.75)$status)
#' # the PHQ-9's published cut-off (total >= 10) and severity bands:
#' phq <- as.data.frame(matrix(c(1, 2), nrow = 2, ncol = 10, dimnames = list(NULL, paste0("item", 1:10))))
#' score(phq, "phq-9", classify = TRUE)[, c("total_sum", "phq-9-total-10", "phq-9-severity")]
#' @export
score <- function(data, instrument, items = NULL, labels = NULL, min_answered = NULL, missing = NULL,
                  not_applicable = NULL, errors = "row", classify = FALSE) {
  errors <- call_library(.cpp_checked_errors(errors))
  checked_argument(classify, "classify", "flag")
  source <- instrument_source(instrument)
  min_answered <- checked_option(min_answered, "min-answered")
  codes <- answer_codes(missing, not_applicable)
  table <- as_table(data)
  result <- score_items(source, table, items, codes, min_answered, labels)$scores
  result <- scores_frame(result, source, classify, errors, attr(table, "row.names"))
  restore_shape(result, data)
}

# missing= and not_applicable= as the library's code texts (NULL: the command line's defaults).
answer_codes <- function(missing, not_applicable, call = sys.call(-1)) {
  list(missing = code_text(missing, c("", "NA"), "missing", call),
       not_applicable = code_text(not_applicable, character(0), "not_applicable", call))
}

# score()'s columns (.cpp_score's, or .cpp_score_long's) as a data.frame with `row_names`: with
# `classify`, after the four columns of every scale, one column per cut-off and per band table,
# from the scale's reported value (the library's, as `alliance score --classify`); with errors =
# "stop", the condition naming the first error row.
scores_frame <- function(result, source, classify, errors, row_names, call = sys.call(-1)) {
  if (classify) {
    scale_columns <- seq_len(length(result) - 2L)
    sums <- result[scale_columns[scale_columns %% 4L == 1L]]
    means <- result[scale_columns[scale_columns %% 4L == 2L]]
    classes <- call_library(.cpp_classify(source$kind, source$value, unname(sums), unname(means)), call)
    result <- c(result[scale_columns], classes, result[c("status", "message")])
  }
  attr(result, "row.names") <- row_names
  class(result) <- "data.frame"
  if (errors == "stop") {
    bad <- which(result$status == "error")
    if (length(bad))
      stop(alliance_condition(.cpp_error_rows_message(result$message[bad[1]], length(bad)),
                              "alliance_response_error", call = call, rows = bad))
  }
  result
}

# The item columns of `table` read as score() reads them and scored by the library: a list of
# the cells (read_items) and the scores (.cpp_score's columns). Rows are named "row <name>" in
# messages when the table has row names. `codes`: answer_codes(); `labels`: labels= as given.
score_items <- function(source, table, items, codes, min_answered, labels = NULL, call = sys.call(-1)) {
  cells <- read_items(table, source, items, call)
  scores <- call_library(.cpp_score(source$kind, source$value, cells$columns, cells$kinds, cells$texts,
                                    cells$declared, cells$rows, row_labels(table), cells$names, min_answered,
                                    score_threads(), codes$missing, codes$not_applicable, labels), call)
  list(cells = cells, scores = scores)
}

# The row names as they are, for messages ("row <name>", made in C++ for the rows that need
# one); NULL for automatic row names (the row numbers).
row_labels <- function(table) {
  if (.row_names_info(table, type = 1L) < 0) NULL else attr(table, "row.names")
}

#' Score long data: one row per answer
#'
#' Scores data with one row per answer instead of one row per record, as the command line's
#' `alliance score --long`: the record's key columns (`record`, e.g. client and session), a
#' column naming the item and a column holding the answer. Rows are grouped into records by
#' their key cells (trimmed), in any order; each record is scored as [score()] scores a row,
#' with the same rules, so a data set gives exactly the same scores in either shape. An item
#' not given is a missing answer.
#'
#' A record whose rows cannot make one record is an error row naming every problem: an item
#' cell that names no item of the instrument, an item given twice (both rows named), a value
#' that is no answer (its row, the value column and the text), a row with an empty key cell
#' (an error row of its own). The rows are named by the data's row names (`row 12`), as in
#' [score()].
#'
#' @inheritParams score
#' @param data A data.frame, tibble or matrix with one row per answer.
#' @param record The names of the record's key columns (one or more).
#' @param item,value The names of the column naming the item and of the column holding the
#'   answer (numbers, texts, labels or factors, read as [score()] reads an item column; a
#'   `haven_labelled_spss` column's declared missing values are missing).
#' @param items `NULL`, or names the item cells may hold besides the numbers 1..N, in any form
#'   [score()] takes (`"wai_{}"`, `c("A1", "A2")`, `c("1" = "q_a", ...)`): the k-th name is
#'   item k. `NULL`: the instrument's own item columns when it names them, else numbers only.
#' @return One row per record, in the order of each record's first row: the record's key
#'   columns (the values of its first row), then the columns of [score()] (four per scale, the
#'   `classify` columns, `status` and `message`).
#' @examples
#' long <- data.frame(client = rep(c("c1", "c2"), each = 12), item = rep(1:12, 2),
#'                    value = c(4, 5, 4, 3, 5, 4, 4, 3, 5, 4, 4, 5, rep(3, 12)))
#' score_long(long, "wai-sr", record = "client")[, c("client", "total_sum", "status")]
#' @export
score_long <- function(data, instrument, record, item = "item", value = "value", items = NULL, labels = NULL,
                       min_answered = NULL, missing = NULL, not_applicable = NULL, errors = "row",
                       classify = FALSE) {
  errors <- call_library(.cpp_checked_errors(errors))
  checked_argument(classify, "classify", "flag")
  source <- instrument_source(instrument)
  min_answered <- checked_option(min_answered, "min-answered")
  codes <- answer_codes(missing, not_applicable)
  table <- as_table(data)
  names <- call_library(.cpp_long_columns(record, item, value, as.character(colnames(table))))
  keys <- names[seq_len(length(names) - 2L)]
  item <- names[length(names) - 1L]
  value <- names[length(names)]
  x <- call_library(.cpp_score_long(source$kind, source$value, lapply(keys, function(k) key_values(table[[k]], k)),
                                    key_values(table[[item]], item), column_values(table[[value]], value),
                                    user_missing_of(table[[value]]), names, items, labels, min_answered,
                                    score_threads(), codes$missing, codes$not_applicable, row_labels(table)))
  scores <- scores_frame(x$scores, source, classify, errors, .set_row_names(length(x$first_row)))
  first <- as.data.frame(table, stringsAsFactors = FALSE)[x$first_row, keys, drop = FALSE]
  attr(first, "row.names") <- .set_row_names(length(x$first_row))
  restore_shape(cbind(first, scores), data)
}

#' Explain how one record is scored
#'
#' Prints the library's teaching trace of one record: what was given, which items are reverse
#' keyed and what they become, which items each scale adds, the missing-item rule that decided
#' each scale and why, and the sum and mean. The numbers are the ones [score()] gives.
#'
#' @param responses The answers to items 1..N in order: a numeric vector (`NA` for a missing
#'   answer), or a text vector (or factor) read as [score()] reads a text column. An answer
#'   the instrument does not allow (out of the response scale, not whole on a Likert scale,
#'   `NaN`, `Inf`) is listed in the trace as invalid, and nothing is scored, as
#'   `alliance explain` does; a text that is neither a number nor a code is an error of class
#'   `alliance_input_error` naming its position, as are `TRUE`/`FALSE` answers.
#' @param instrument As in [score()].
#' @param min_answered As in [score()]: `NULL` (the published rules) or a fraction in (0, 1]
#'   replacing every scale's rule by proration.
#' @param missing,not_applicable As in [score()]: the texts meaning "not answered" (default `""`
#'   and `"NA"`) and "does not apply" (default none, e.g. `"n/a"`), as `alliance explain
#'   --missing --not-applicable`.
#' @return The trace as one string of class `alliance_explanation`, invisibly.
#' @examples
#' explain_score(c(4, 5, NA, 3, 5, 4, 4, 3, 5, 4, 4, 5), "wai-sr")
#' @export
explain_score <- function(responses, instrument, min_answered = NULL, missing = NULL, not_applicable = NULL) {
  source <- instrument_source(instrument)
  min_answered <- checked_option(min_answered, "min-answered")
  missing <- code_text(missing, c("", "NA"), "missing")
  not_applicable <- code_text(not_applicable, character(0), "not_applicable")
  if (is.list(responses) && !is.object(responses)) responses <- unlist(responses, use.names = FALSE)
  if (inherits(responses, "integer64")) responses <- .cpp_integer64_text(responses)
  if (is.factor(responses)) responses <- as.character(responses)
  if (!is.null(responses) && !is.character(responses) && !is.numeric(responses) && !is.logical(responses))
    wrong_argument("responses", "numbers or texts", responses)
  text <- call_library(.cpp_explain(source$kind, source$value, responses, min_answered, missing, not_applicable))
  trace <- structure(text, class = "alliance_explanation")
  print(trace)
  invisible(trace)
}

#' @export
print.alliance_explanation <- function(x, ...) {
  cat(unclass(x))
  if (!grepl("\n$", x)) cat("\n")
  invisible(x)
}

# ---------------------------------------------------------------------------------------------
# Reliability and agreement

#' Internal consistency of every scale
#'
#' Cronbach's alpha of every scale of an instrument in a sample, with the standardised alpha,
#' Feldt's (1965) confidence interval and the standard error of measurement; or, with
#' `item_detail = TRUE`, one row per item with its mean, SD, corrected item-total correlation
#' and alpha if deleted. The numbers are those of `psych::alpha()` on the same keyed items.
#'
#' Reversed items are keyed on the instrument's NOMINAL response scale (`min + max - x`);
#' `psych::alpha(check.keys = TRUE)` and `psych::reverse.code()` use the observed range instead
#' (see [score()]). A row with a missing answer to an item of a scale is left out of that scale
#' only (listwise per scale); `n` says how many rows each scale used. A row with an invalid
#' value is left out of every scale, with a warning naming it.
#'
#' @inheritParams score
#' @param item_detail `FALSE`: one row per scale; `TRUE`: one row per item of each scale.
#' @param confidence The level of Feldt's interval.
#' @return A data.frame with columns `scale`, `n`, `k`, `alpha`, `alpha_standardized`,
#'   `alpha_lower`, `alpha_upper`, `sem`, `status` (`ok`; `partial` when rows were left out;
#'   `error` when alpha could not be computed, e.g. fewer than 2 rows or an item with zero
#'   variance) and `message`; with `item_detail = TRUE`: `scale`, `item`, `reversed`, `mean`,
#'   `sd`, `r_drop`, `alpha_if_deleted`, `status`, `message`.
#' @examples
#' sample <- read.csv(system.file("extdata", "wai_sr_sample.csv", package = "alliance"))
#' suppressWarnings(scale_reliability(sample, "wai-sr"))[, c("scale", "n", "alpha", "status")]
#' @export
scale_reliability <- function(data, instrument, item_detail = FALSE, items = NULL, labels = NULL, missing = NULL,
                        not_applicable = NULL, confidence = 0.95) {
  checked_option(confidence, "confidence")
  checked_argument(item_detail, "item_detail", "flag")
  source <- instrument_source(instrument)
  codes <- answer_codes(missing, not_applicable)
  table <- as_table(data)
  # The item cells as score() reads them; which rows are left out, the statuses and every
  # message are the library's (.cpp_reliability: alliance/table/reliability.hpp).
  cells <- read_items(table, source, items)
  x <- call_library(.cpp_reliability(source$kind, source$value, cells$columns, cells$kinds, cells$texts,
                                     cells$declared, cells$rows, rownames(table), list(confidence = confidence),
                                     item_detail, codes$missing, codes$not_applicable, labels))
  if (!is.na(attr(x, "warning"))) warning(attr(x, "warning"), call. = FALSE)
  attr(x, "warning") <- NULL
  as.data.frame(x, stringsAsFactors = FALSE)
}

#' Intraclass correlations
#'
#' The six intraclass correlations of Shrout and Fleiss (1979), ICC(1,1), ICC(2,1), ICC(3,1)
#' and their average-measure forms, with confidence intervals and F tests, as
#' `psych::ICC(lmer = FALSE)` computes them. Rows are targets (clients, sessions), columns
#' raters.
#'
#' @param ratings A matrix, data.frame or tibble of numbers (or texts, read as [score()] reads
#'   them): targets x raters. A row with a missing rating is left out (listwise); a row with a
#'   rating that is not a finite number is left out and named in the message.
#' @param confidence The level of the intervals.
#' @return A data.frame with one row per form: `form` (`ICC1`, `ICC2`, `ICC3`, `ICC1k`,
#'   `ICC2k`, `ICC3k`), `icc`, `lower`, `upper`, `n` (targets used), `k` (raters), `f`, `df1`,
#'   `df2`, `p` (upper-tailed), `status` (`ok`, `partial` when rows were left out, `error` when
#'   nothing could be computed) and `message`.
#' @references Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing
#'   rater reliability. Psychological Bulletin, 86(2), 420-428.
#' @examples
#' judges <- read.csv(system.file("extdata", "shrout_fleiss_1979.csv", package = "alliance"))
#' icc(judges[, c("judge1", "judge2", "judge3", "judge4")])[, c("form", "icc", "lower", "upper")]
#' @export
icc <- function(ratings, confidence = 0.95) {
  table <- as_table(ratings, "ratings")
  # Numbers or texts per rater; which rows are used, the checks and every message are the
  # library's (.cpp_icc: alliance/table/reliability.hpp).
  columns <- Map(function(x, name) column_values(x, name, "ratings"), table, names(table))
  x <- call_library(.cpp_icc(unname(columns), list(confidence = confidence), rownames(table)))
  as.data.frame(x, stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------------------------------------
# Change and comparison

# `second` in the order of `first`: by name when both are named (as pandas aligns on the index),
# else by position. The rule and its messages are the library's (alliance/table/pairing.hpp);
# this only matches the names into codes.
paired <- function(first, second, what) {
  if (is.null(names(first)) || is.null(names(second))) {
    call_library(.cpp_require_same_length(length(first), length(second), what[1], what[2]), sys.call(-1))
    return(second)
  }
  labels <- c(names(first), names(second))
  codes <- match(labels, unique(labels))
  at <- seq_along(first)
  rows <- call_library(.cpp_pair_by_key(codes[at], codes[-at], what[1], what[2], names(first), names(second)),
                       sys.call(-1))
  second[rows]
}

# A numeric vector as the library takes it, with its names, which pair it with another input:
# R judges the type (numbers, bit64's integer64, or NA only); the library refuses R's NaN, which
# it would read as missing, and with `finite` an infinite value, naming the argument.
number_vector <- function(x, name, finite, call = sys.call(-1)) {
  if (!inherits(x, "integer64") && !is.numeric(x) && !(is.logical(x) && all(is.na(x))))
    wrong_argument(name, "numbers", x, call)
  call_library(.cpp_checked_numbers(name, x, finite), call)
}

# Scores (NA for a missing one, never NaN or Inf).
check_scores <- function(x, name, call = sys.call(-1)) number_vector(x, name, TRUE, call)

# Numbers whose cells the library judges row by row (NA: missing).
check_numbers <- function(x, name, call = sys.call(-1)) number_vector(x, name, FALSE, call)

check_number <- function(x, name, call = sys.call(-1)) {
  if (is.null(x)) return(NULL)
  checked_argument(x, name, "number", call)
}

check_flag <- function(x, name, call = sys.call(-1)) checked_argument(x, name, "flag", call)

#' Reliable change
#'
#' The reliable change index of every pre/post pair: Jacobson and Truax (1991) by default, or
#' any method of the library (see `method`), with the reliable-change classification and,
#' with a cut-off, Jacobson and Truax's four categories. Inputs are explicit: the SD, the
#' reliability and the direction are never chosen for you.
#'
#' @param pre,post Numeric vectors: each client's scores before and after. Two named vectors
#'   are paired by name (the result in `pre`'s order), and names that do not pair one to one
#'   (a name in one only, or twice) are an error naming the first that differs; otherwise they
#'   pair by position and must be equally long.
#'   `NA` in either gives a `partial` row with nothing computed.
#' @param sd The SD of the pre scores (the clinical sample). Methods other than `"jt"` may
#'   need more parameters (`mean`, `post_mean`, ...); a mean, SD or correlation a method needs
#'   and that is not given is estimated from the complete pairs (SD with n - 1) and reported
#'   with [message()].
#' @param reliability The reliability of the measure (always given, never estimated).
#' @param direction `"higher"` (higher scores are better, e.g. the ORS) or `"lower"` (e.g. the
#'   PHQ-9). No default.
#' @param method `"jt"` (Jacobson & Truax 1991), `"gln"`, `"hll"`, `"en"`, `"nk"`, `"ha"`,
#'   `"maassen"`, `"iverson"`, `"iverson-unadjusted"`, `"chelune"`, `"temkin"` or
#'   `"mcsweeny"`, as in the command-line driver's `change --method`.
#' @param confidence The two-sided confidence level of the critical value (NULL: 0.95, which gives 1.96);
#'   give it or `critical_value`, not both.
#' @param critical_value A critical value to use as given instead (e.g. 1.96 to reproduce a
#'   paper).
#' @param cutoff A cut-off score of your own, or `"a"`, `"b"` or `"c"`: Jacobson and Truax's
#'   (1991) cut-offs of the clinical norm (`clinical_mean`, `clinical_sd`; b and c also
#'   `functional_mean`, `functional_sd`). Adds the columns `cutoff` and `category` (recovered,
#'   improved, unchanged, deteriorated). With `method = "ha"` a letter is Hageman and
#'   Arrindell's (1999) true-score cut-off and adds `cs_indiv`, their individual
#'   clinical-significance index: recovered means `rci` and `cs_indiv` both pass the critical
#'   value (give `critical_value = qnorm(0.95)` for their one-sided 5\%); a number is refused
#'   there, as by the command-line driver's `change --method ha`.
#' @param mean The mean of the pre scores.
#' @param post_mean,post_sd The mean and SD of the post scores.
#' @param post_reliability The reliability at post, for the methods that take one.
#' @param prepost_correlation The correlation of pre and post scores (test-retest).
#' @param clinical_mean,clinical_sd,functional_mean,functional_sd The clinical and functional
#'   norms of the cut-off letters (`"a"` needs the clinical norm only).
#' @param recovery_rule With a cut-off: `"jacobson-truax"` (default: recovered = reliably
#'   improved and ending on the functional side) or `"clinicalsignificance"` (also starting on
#'   the clinical side, as the R package clinicalsignificance), the driver's `--recovery-rule`.
#' @param norm A published norm of the catalogue by id (as the driver's `change --norm`), for
#'   `mean`, `sd` and, when its source reports one, `reliability`; giving one of these as well
#'   is an error.
#' @return A data.frame, one row per pair: `difference` (post - pre), `standard_error`, `rci`,
#'   `critical_value`, `threshold` (the smallest reliable |post - pre| in score points, for the
#'   methods whose numerator is post - pre; else `NA`), `reliable_change` (`improved`,
#'   `deteriorated`, `none`), with a cut-off `cutoff` (with `method = "ha"` and a letter also
#'   `cs_indiv`) and `category`; then `status` and `message`.
#' @references Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach
#'   to defining meaningful change in psychotherapy research. Journal of Consulting and Clinical
#'   Psychology, 59(1), 12-19.
#'   Hageman, W. J. J. M., & Arrindell, W. A. (1999). Establishing clinically significant change:
#'   increment of precision and the distinction between individual and group level of analysis.
#'   Behaviour Research and Therapy, 37(12), 1169-1193.
#' @examples
#' ors <- read.csv(system.file("extdata", "ors_pre_post.csv", package = "alliance"))
#' head(reliable_change(ors$ors_pre, ors$ors_post, sd = 7.7, reliability = 0.8,
#'                      direction = "higher", cutoff = 25))
#' # Hageman & Arrindell: RC_indiv and CS_indiv with cut-off c (clinical and functional norms;
#' # the post scores' mean and SD and the pre-post correlation are estimated from the pairs)
#' head(reliable_change(ors$ors_pre, ors$ors_post, sd = 7.7, reliability = 0.8,
#'                      direction = "higher", method = "ha", critical_value = qnorm(0.95),
#'                      cutoff = "c", clinical_mean = 19.6, clinical_sd = 7.7,
#'                      functional_mean = 28, functional_sd = 6.8))
#' @export
reliable_change <- function(pre, post, sd = NULL, reliability = NULL, direction, method = "jt",
                            confidence = NULL, critical_value = NULL, cutoff = NULL, mean = NULL,
                            post_mean = NULL, post_sd = NULL, post_reliability = NULL,
                            prepost_correlation = NULL, clinical_mean = NULL, clinical_sd = NULL,
                            functional_mean = NULL, functional_sd = NULL, recovery_rule = NULL,
                            norm = NULL) {
  if (missing(direction)) direction <- NULL
  arguments <- as.list(environment())
  pre <- check_scores(pre, "pre")
  post <- paired(pre, check_scores(post, "post"), c("pre", "post"))
  x <- call_library(.cpp_reliable_change(pre, post, change_options(arguments), c("pre", "post"), NULL))
  if (nzchar(attr(x, "estimated"))) message("reliable_change: ", attr(x, "estimated"))
  result <- as.data.frame(x, stringsAsFactors = FALSE)
  if (!is.null(names(pre))) rownames(result) <- make.unique(names(pre))
  result
}

# reliable_change's arguments (by name) as the library's change request takes them.
change_options <- function(arguments, call = sys.call(-1)) {
  options <- arguments[setdiff(names(arguments), c("pre", "post", "cutoff"))]
  # cutoff is a letter or a number: the library's request has the two apart
  cutoff <- arguments$cutoff
  if (!is.null(cutoff) && !is.character(cutoff)) cutoff <- checked_argument(cutoff, "cutoff", "number", call)
  options[[if (is.character(cutoff)) "cutoff" else "cutoff_value"]] <- cutoff
  options
}

#' Compare scores with a norm
#'
#' The z score, T score and percentile of each score against a normative mean and SD; with the
#' normative sample's size `n`, also Crawford and Howell's (1998) modified t-test of a single
#' case against a small control sample and Crawford and Garthwaite's (2002) interval estimates
#' of the case's abnormality, as the command-line driver's `compare` writes them. With
#' `bayesian = TRUE`, Crawford and Garthwaite's (2007) Bayesian test for a deficit instead; with
#' a second task (`scores_b`), their Bayesian standardised difference test.
#'
#' @section Bayesian tests: by Monte Carlo (the library's `stats/bayesian_single_case.hpp`,
#'   through `alliance/table/compare.hpp`), with `draws` draws (default 100000) from the random
#'   number generator seeded by `seed` (default 1) for every row, so a result is the same on
#'   every run with the same seed. They need `n`. `bayesian = TRUE` gives `z`, `t_score`,
#'   `percentile`, `p_one_tailed` (in the direction of the case), `p_two_tailed`,
#'   `percent_below` with its credible interval (`percent_below_lower`,
#'   `percent_below_upper`), `z_cc` with its interval (`z_cc_lower`, `z_cc_upper`) and
#'   `mc_standard_error` (the Monte Carlo standard error of the p value). `scores_b` (the
#'   case's scores on a second task, with the controls' `mean_b`, `sd_b` and the tasks'
#'   `correlation` in the controls) gives the standardised difference test: `z_a`, `z_b`,
#'   `btd_p_a`, `btd_p_b` (each task's Bayesian deficit test, one-tailed), `z_dcc`,
#'   `p_one_tailed`, `p_two_tailed`, `percent_below`, `percent_below_lower`,
#'   `percent_below_upper`, `z_dcc_lower`, `z_dcc_upper`, `mc_standard_error`.
#'
#' @param scores A numeric vector; `NA` gives a `partial` row with nothing computed.
#' @param mean,sd The normative mean and SD (or `norm`).
#' @param n The normative sample's size, or `NULL` for z, T and percentile only.
#' @param confidence The level of the Crawford and Garthwaite intervals (and of the Bayesian
#'   credible intervals); NULL means 0.95. Only with `n`, which the intervals need.
#' @param norm A published norm of the catalogue by id (the driver's `compare --norm`) instead
#'   of `mean` and `sd`, and of `n` when its source reports one; giving them as well is an
#'   error.
#' @param bayesian `TRUE` for the Bayesian test for a deficit.
#' @param scores_b `NULL`, or the case's scores on a second task, for the Bayesian
#'   standardised difference test. Paired with `scores` by name when both are named (as
#'   [reliable_change()] pairs `pre` and `post`), else by position.
#' @param mean_b,sd_b The controls' mean and SD on the second task (with `scores_b`).
#' @param correlation The correlation of the two tasks in the controls (with `scores_b`).
#' @param prior With `scores_b`: `"standard"` (default; Crawford & Garthwaite 2007) or
#'   `"calibrated"` (Crawford, Garthwaite & Ryan 2011).
#' @param unstandardised With `scores_b`: `TRUE` to test the raw difference of two tasks on
#'   the same scale instead of the difference of the z scores.
#' @param draws,seed The Monte Carlo draws (a whole number from 100 to 100000000; default
#'   100000) and the seed (a whole number from 0 to 18446744073709551615; default 1), for the
#'   Bayesian tests only.
#' @return A data.frame, one row per score: `z`, `t_score` (50 + 10 z), `percentile`; with `n`
#'   also `t`, `df`, `p_one_tailed` (in the direction of the case), `p_two_tailed`,
#'   `percent_below` with `percent_below_lower` and `percent_below_upper`, `z_cc`,
#'   `z_cc_lower`, `z_cc_upper`; the Bayesian tests' columns instead (see the section Bayesian
#'   tests); then `status` and `message`.
#' @references Crawford, J. R., & Howell, D. C. (1998). Comparing an individual's test score
#'   against norms derived from small samples. The Clinical Neuropsychologist, 12(4), 482-486.
#'   Crawford, J. R., & Garthwaite, P. H. (2002). Investigation of the single case in
#'   neuropsychology: confidence limits on the abnormality of test scores and test score
#'   differences. Neuropsychologia, 40(8), 1196-1208.
#'   Crawford, J. R., & Garthwaite, P. H. (2007). Comparison of a single case to a control or
#'   normative sample in neuropsychology: development of a Bayesian approach. Cognitive
#'   Neuropsychology, 24(4), 343-372.
#' @examples
#' ors <- read.csv(system.file("extdata", "ors_pre_post.csv", package = "alliance"))
#' head(normative_compare(ors$ors_post, mean = 28, sd = 6.8, n = 100))
#' normative_compare(11, norm = "core-10-uk-general-population-2007")[, c("z", "percentile")]
#' normative_compare(c(30, 33), mean = 50, sd = 10, n = 15, bayesian = TRUE, draws = 10000)
#' normative_compare(-2, mean = 0, sd = 1, n = 20, scores_b = -3, mean_b = 0, sd_b = 1,
#'                   correlation = 0.68, draws = 10000, seed = 7)
#' @export
normative_compare <- function(scores, mean = NULL, sd = NULL, n = NULL, confidence = NULL, norm = NULL,
                              bayesian = FALSE, scores_b = NULL, mean_b = NULL, sd_b = NULL,
                              correlation = NULL, prior = NULL, unstandardised = FALSE, draws = NULL,
                              seed = NULL) {
  scores <- check_scores(scores, "scores")
  if (!is.null(scores_b)) scores_b <- paired(scores, check_scores(scores_b, "scores_b"), c("scores", "scores_b"))
  options <- list(mean = mean, sd = sd, n = n, norm = norm, confidence = confidence, bayesian = bayesian,
                  mean_b = mean_b, sd_b = sd_b, correlation = correlation, prior = prior,
                  unstandardised = unstandardised, draws = draws, seed = seed)
  x <- call_library(.cpp_normative_compare(scores, scores_b, options))
  result <- data.frame(x, stringsAsFactors = FALSE)  # with the library's status and message
  if (!is.null(names(scores))) rownames(result) <- make.unique(names(scores))
  result
}

#' Normative equivalence of treated groups
#'
#' Whether each treated group (its mean, SD and size) has come close to a normative group, by
#' Kendall, Marrs-Garcia, Nath and Sheldrick's (1999) two one-sided tests of equivalence, with
#' the traditional test of a difference beside them, as the command-line driver's
#' `compare --equivalence` (the library's `stats/equivalence.hpp`, through
#' `alliance/table/compare.hpp`). `welch = TRUE` uses separate variances and Welch's degrees of
#' freedom (Cribbie & Arpin-Cribbie 2009).
#'
#' @param group_mean,group_sd,group_n Numeric vectors, one element per treated group: its mean,
#'   SD and size. `group_sd` and `group_n` are paired with `group_mean` by name when both are
#'   named, else by position (see [reliable_change()]). `NA` gives a `partial` row with
#'   nothing computed; an SD that is not positive or a size that is not a whole number of at
#'   least 2 gives an `error` row naming the input.
#' @param mean,sd,n The normative group's mean, SD and size. No defaults.
#' @param delta,delta_sd The range of closeness: `delta` in score points or `delta_sd` in
#'   normative SDs (Kendall et al. used 1); one of them, not both. No default.
#' @param welch `TRUE` for separate variances and Welch's df; `FALSE` (default) pools them.
#' @param alpha The level of each one-sided test and of the difference test.
#' @return A data.frame, one row per group: `difference` (group mean - normative mean),
#'   `delta`, `standard_error`, `df`, `t_upper`, `p_upper`, `t_lower`, `p_lower`, `equivalent`
#'   (`TRUE` when both one-sided p values are below `alpha`; `NA` on rows that are not ok),
#'   `t_difference`, `p_difference` (two-tailed), `different` (`TRUE` when `p_difference` is
#'   below `alpha`), `status` and `message`.
#' @references Kendall, P. C., Marrs-Garcia, A., Nath, S. R., & Sheldrick, R. C. (1999).
#'   Normative comparisons for the evaluation of clinical significance. Journal of Consulting
#'   and Clinical Psychology, 67(3), 285-299.
#'   Cribbie, R. A., & Arpin-Cribbie, C. A. (2009). Evaluating clinical significance through
#'   equivalence testing: extending the normative comparisons approach. Psychotherapy
#'   Research, 19(6), 677-686.
#' @examples
#' normative_equivalence(c(8, 12), c(5, 4), c(95, 10), mean = 7, sd = 3, n = 500, delta_sd = 1)
#' @export
normative_equivalence <- function(group_mean, group_sd, group_n, mean, sd, n, delta = NULL, delta_sd = NULL,
                                  welch = FALSE, alpha = 0.05) {
  if (missing(mean) || missing(sd) || missing(n))
    input_error("normative_equivalence needs the normative group's mean, sd and n")
  mean <- checked_argument(mean, "mean", "number")
  sd <- checked_argument(sd, "sd", "number")
  n <- checked_argument(n, "n", "number")
  delta <- check_number(delta, "delta")
  delta_sd <- check_number(delta_sd, "delta_sd")
  check_flag(welch, "welch")
  alpha <- checked_argument(alpha, "alpha", "number")
  group_mean <- check_numbers(group_mean, "group_mean")
  # group_sd and group_n each paired with group_mean: by name when both are named, else by position
  group_sd <- paired(group_mean, check_numbers(group_sd, "group_sd"), c("group_mean", "group_sd"))
  group_n <- paired(group_mean, check_numbers(group_n, "group_n"), c("group_mean", "group_n"))
  x <- call_library(.cpp_normative_equivalence(group_mean, group_sd, group_n, mean, sd, n, delta, delta_sd,
                                               welch, alpha))
  result <- data.frame(x, stringsAsFactors = FALSE)
  labels <- Find(Negate(is.null), list(names(group_mean), names(group_sd), names(group_n)))
  if (!is.null(labels)) rownames(result) <- make.unique(labels)
  result
}

# ---------------------------------------------------------------------------------------------
# Split alliances

#' Split alliances
#'
#' How far apart the members of one system (a couple, a family, a client and a therapist) rate
#' the same alliance, as the command-line driver's `split` computes it, with the same rules and
#' messages (the library's `table/split.hpp` and `stats/split.hpp`). The data have one row per
#' member (and session) with a score; the result has one row per unit (and session), in order
#' of first appearance, or with `summary = TRUE` the ICC(1) of members within units. Descriptive statistics only: no cut-off for a "split"
#' has been published, so nothing is flagged unless `threshold` is given.
#'
#' @section Name: the command-line driver's `split`; named `split_alliance()` here so that
#'   attaching the package masks no function of base R (`base::split()`).
#' @section Sources: within-system SD and partner discrepancies: Bartle-Haring, Glebova,
#'   Gangamma, Grafsky & Ostrom Delaney (2012), Psychotherapy Research 22(5), 502-514; the sign
#'   of the difference matters: Knobloch-Fedders, Pinsof & Mann (2007), Journal of Marital and
#'   Family Therapy 33(2), 245-257. ICC(1): one-way random effects, single measure (Shrout &
#'   Fleiss 1979, case 1), `psych::ICC()`'s `ICC1`.
#'
#' @param data A data.frame, tibble or matrix with one row per member.
#' @param score,unit,member The names of the score column, the column naming the unit and the
#'   column naming the member.
#' @param session `NULL`, or the name of a session column: units are analysed per session.
#' @param first,second Member labels: the member whose score comes first in the signed
#'   difference, and the other; every two-member unit must consist of exactly these two.
#'   Without them the two members are ordered by label (byte order).
#' @param threshold `NULL`, or a range: adds the logical column `flag` (`TRUE` when the unit's range is
#'   at least this). Your choice: no published cut-off exists.
#' @param summary `TRUE` for the ICC(1) of members within units (per session) instead of the
#'   unit rows.
#' @param confidence The level of the ICC interval (NULL: 0.95); only with `summary = TRUE`.
#' @return Unit rows: `unit`, `session` (with `session`), `members`, `mean`, `sd` (n - 1),
#'   `min`, `max`, `range`, `first`, `second`, `first_score`, `second_score`, `difference`
#'   (first - second), `abs_difference` (two-member units only), `flag` (with `threshold`),
#'   `status` (`ok`, `error`) and `message` (which rows and why). A row without a unit (or
#'   session) is an error row of its own. With `summary = TRUE`: `session` (with `session`),
#'   `units`, `members_per_unit`, `icc1`, `lower`, `upper`, `f`, `df1`, `df2`, `p`, `status`
#'   (`ok`, `partial` when units or rows were left out, `error`) and `message`.
#' @examples
#' couples <- data.frame(couple = rep(c("c1", "c2", "c3", "c4"), each = 2),
#'                       member = rep(c("woman", "man"), 4),
#'                       total = c(70, 62, 55, 58, 80, 61, 66, 66))
#' split_alliance(couples, score = "total", unit = "couple", member = "member",
#'                first = "woman", second = "man", threshold = 10)
#' split_alliance(couples, score = "total", unit = "couple", member = "member", summary = TRUE)
#' @export
split_alliance <- function(data, score, unit, member, session = NULL, first = NULL, second = NULL,
                  threshold = NULL, summary = FALSE, confidence = NULL) {
  table <- as_table(data)
  score <- column_name(table, score, "score")
  unit <- column_name(table, unit, "unit")
  member <- column_name(table, member, "member")
  session <- column_name(table, session, "session", optional = TRUE)
  checked_argument(summary, "summary", "flag")
  options <- list(score = score, unit = unit, member = member, session = session, first = first, second = second,
                  threshold = threshold, confidence = confidence)
  x <- split_rows(table, options, summary, NULL)
  restore_shape(as.data.frame(x, stringsAsFactors = FALSE), data)
}

# The library's split of a table (.cpp_split: the rules, the grouping and every message), or
# with `picture` plot_split_alliance's pictures.
split_rows <- function(table, options, summary, picture, call = sys.call(-1)) {
  texts <- function(name) if (!is.null(name)) key_values(table[[name]], name, call)
  call_library(.cpp_split(texts(options$unit), texts(options$session), texts(options$member),
                          column_values(table[[options$score]], options$score, "scores", call), options, summary,
                          rownames(table), picture), call)
}

# ---------------------------------------------------------------------------------------------
# Tracking

#' Track scores session by session
#'
#' Session-by-session scores of one scale per client, as the command-line driver's
#' `alliance track`: the change from the previous session and from the running mean, the
#' alerts that fired and the rupture-repair episodes. Every rule is the library's
#' (`alliance/tracking`: `series`, `changes`, the rules' `evaluate`, `find_episodes`,
#' `classify`, `summarize`); the records are scored as [score()] scores them.
#'
#' Rows may come in any order: they are grouped by `client` and ordered by `session`. One
#' output row per input row, in input order, with the input's row names; `summary = TRUE`
#' gives one row per client instead (clients in byte order; a last row with an empty client
#' counts the rows without one). An invalid answer, session or empty client makes an error
#' row; two rows of a client with the same session are both error rows naming each other, and
#' neither enters the series.
#'
#' @section Rules: the sources are in `vignette("tracking")`; every parameter the
#'   sources leave open has no default.
#'
#'   `below-cutoff`: the catalogue's cut-off for the scale, `cutoff_id`, or `cutoff_value` with
#'     `cutoff_when` (`"below"`, `"at-or-below"`, `"above"`, `"at-or-above"`); for the SRS the
#'     catalogue's `srs-total-36`, a total below 36 (Duncan et al. 2003, Journal of Brief
#'     Therapy 3(1), 3-12; the boundary as the OpenFIT knowledge base, article KA-01028).
#'
#'   `drop`: a fall of at least `drop_points` from the `previous` score (`"last-scored"` or
#'     `"immediately-preceding"`).
#'
#'   `reliable-drop`: a reliable deterioration from the `previous` score (Jacobson & Truax
#'     1991, Journal of Consulting and Clinical Psychology 59(1), 12-19) with `sd` and
#'     `reliability` (or a catalogue `norm`) and `confidence` (0.95) or `critical_value`.
#'
#'   `v-episode`: rupture-repair episodes (Stiles et al. 2004, Journal of Counseling
#'     Psychology 51(1), 81-92; Strauss et al. 2006, Journal of Consulting and Clinical
#'     Psychology 74(2), 337-345; both k values as Gumz et al. 2012 report them): `k` (a number,
#'     `"stiles-2004"`: 2 SD, or `"strauss-2006"`: 1 SD),
#'     `sd_basis` (`"within-client"`, `"external"`, `"stricter"`; `external_sd` for the last
#'     two), `reference` (`"previous-session"` with `max_decline`, `"running-mean"`,
#'     `"client-mean"`), `repair_window`, `repair_target` (`"pre-rupture-score"`,
#'     `"reference"`), `repair_margin`, `min_sessions`, and with `summary = TRUE` `pattern`
#'     (`"any-unrepaired"`, `"last-episode"`).
#'
#' @param data A data.frame, tibble or matrix with the client, session and item columns.
#' @param instrument As in [score()].
#' @param client,session The names of the client and session columns. A session is a number,
#'   or with `session_dates = TRUE` a date `YYYY-MM-DD` (changes and slopes are then per day).
#' @param direction `"higher"` or `"lower"` (is better). No default.
#' @param rule `NULL` (no rule), or rule names (a vector, or one comma-separated text):
#'   `"below-cutoff"`, `"drop"`, `"reliable-drop"`, `"v-episode"`.
#' @param scale,metric The tracked scale (default: the total, or the only scale; its name or
#'   column stem) and `"sum"` or `"mean"` (default: the metric its authors report).
#' @param session_dates `TRUE` when sessions are dates.
#' @param items,labels,min_answered,missing,not_applicable As in [score()].
#' @param summary `TRUE` for one row per client.
#' @param cutoff_id,cutoff_value,cutoff_when,drop_points,previous,sd,reliability,norm,confidence,critical_value,k,sd_basis,external_sd,reference,max_decline,repair_window,repair_target,repair_margin,min_sessions,pattern
#'   The rules' parameters, as the command line's `--cutoff-id`, `--drop-points`, ... (see
#'   the section Rules). An option whose rule is not chosen is refused.
#' @return Per row: the client and session columns, the four columns of every scale as
#'   [score()] gives them, `score`, `change`, `change_from_mean`, `alerts` (the rules that fired,
#'   `;`-separated, `""` for none), `episode`, `event` (`rupture` / `repair`), `repaired`
#'   (`yes` / `no` / `censored`), `depth`, `sessions_to_repair`, `status` and `message`. With
#'   `summary = TRUE`: the client column, `administrations`, `scored`, `error_rows`,
#'   `first_session`, `last_session`, `mean`, `slope`, `first`, `last`, `below_cutoff`,
#'   `drops`, `reliable_drops`, `ruptures`, `repaired`, `unrepaired`, `censored` (`NA` for a
#'   rule not chosen or not evaluated), `pattern`, `status` and `message`.
#' @examples
#' caseload <- read.csv(system.file("extdata", "srs_caseload.csv", package = "alliance"))
#' episodes <- list(rule = "v-episode", k = "stiles-2004", sd_basis = "stricter",
#'                  external_sd = 2.5, reference = "previous-session", max_decline = 1,
#'                  repair_window = 3, repair_target = "pre-rupture-score",
#'                  repair_margin = 0, min_sessions = 4)
#' rows <- do.call(track, c(list(caseload, "srs", client = "client", session = "session",
#'                               direction = "higher", items = "srs_{}"), episodes))
#' rows[rows$client == "anna", c("session", "score", "change", "alerts", "event", "repaired")]
#' do.call(track, c(list(caseload, "srs", client = "client", session = "session",
#'                       direction = "higher", items = "srs_{}", summary = TRUE,
#'                       pattern = "any-unrepaired"), episodes))[, c("client", "ruptures", "pattern")]
#' @export
track <- function(data, instrument, client, session, direction, rule = NULL, scale = NULL, metric = NULL,
                  session_dates = FALSE, items = NULL, labels = NULL, min_answered = NULL, missing = NULL,
                  not_applicable = NULL, summary = FALSE, cutoff_id = NULL, cutoff_value = NULL,
                  cutoff_when = NULL, drop_points = NULL, previous = NULL, sd = NULL, reliability = NULL,
                  norm = NULL, confidence = NULL, critical_value = NULL, k = NULL, sd_basis = NULL,
                  external_sd = NULL, reference = NULL, max_decline = NULL, repair_window = NULL,
                  repair_target = NULL, repair_margin = NULL, min_sessions = NULL, pattern = NULL) {
  if (missing(direction)) direction <- NULL
  track_rows(as.list(environment()), NULL)
}

# track's result of its arguments (by name), or with `pictures` plot_trajectory's pictures.
track_rows <- function(a, pictures, call = sys.call(-1)) {
  data <- a$data
  table <- as_table(data, call = call)
  client <- column_name(table, a$client, "client", call = call)
  session <- column_name(table, a$session, "session", call = call)
  rule <- a$rule
  scale <- a$scale
  metric <- a$metric
  summary <- a$summary
  rules <- if (is.character(rule)) trimws(unlist(strsplit(rule, ",", fixed = TRUE))) else rule
  source <- instrument_source(a$instrument)
  about <- new_instrument(source)
  if (!is.null(scale)) checked_argument(scale, "scale", "text", call)
  # the named scale, else the total, else the only one (the library's, as alliance track picks it)
  chosen <- call_library(.cpp_tracked_scale(source$kind, source$value, scale))
  tracked <- chosen$scale + 1
  # the library checks the metric's name; anything else is shown as its text
  metric <- if (is.null(metric)) chosen$metrics[tracked] else paste(format(metric), collapse = " ")
  options <- a[c("session_dates", "direction", "cutoff_id", "cutoff_value", "cutoff_when", "drop_points",
                 "previous", "sd", "reliability", "norm", "confidence", "critical_value", "k", "sd_basis",
                 "external_sd", "reference", "max_decline", "repair_window", "repair_target", "repair_margin",
                 "min_sessions", "pattern")]
  options <- c(list(client = client, session = session, summary = summary, rule = rules), options)
  call_library(.cpp_track_check(source$kind, source$value, as.integer(tracked - 1), metric, options), call)
  options$pictures <- pictures

  plain <- table
  if (inherits(plain, "tbl_df")) plain <- as.data.frame(plain, stringsAsFactors = FALSE)
  scored <- score(plain, about, items = a$items, labels = a$labels, min_answered = a$min_answered,
                  missing = a$missing, not_applicable = a$not_applicable)
  raw_session <- table[[session]]
  if (is.factor(raw_session)) raw_session <- as.character(raw_session)
  numbered <- is.numeric(raw_session) && !inherits(raw_session, "integer64")
  sessions <- if (numbered) as.double(raw_session) else key_values(raw_session, session)
  block <- call_library(.cpp_track(source$kind, source$value, as.integer(tracked - 1), metric,
                                   key_values(table[[client]], client), sessions,
                                   as.character(scored$status), as.character(scored$message),
                                   as.double(scored[[paste0(about$scales$column[tracked], "_", metric)]]),
                                   options, rownames(table)), call)
  if (!is.null(pictures)) return(block)
  if (isTRUE(summary)) {
    for (name in c("first_session", "last_session")) block[[name]] <- raw_session[block[[name]]]
    return(restore_shape(as.data.frame(block, stringsAsFactors = FALSE, optional = TRUE), data))
  }
  scales <- scored[setdiff(names(scored), c("status", "message"))]
  scales[block$status == "error", ] <- NA
  out <- cbind(table[c(client, session)], scales, as.data.frame(block, stringsAsFactors = FALSE))
  attr(out, "row.names") <- attr(table, "row.names")
  restore_shape(out, data)
}
