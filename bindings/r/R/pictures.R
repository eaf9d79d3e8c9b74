# Pictures the library draws (alliance/plot, through alliance/table/pictures.hpp): SVG documents,
# the same ones `alliance plot` writes. What a picture shows is the library's; here they are held,
# shown and saved.

# The library's pictures (list(name, svg, file) each) as R holds them.
as_pictures <- function(drawn) {
  pictures <- lapply(drawn, function(p) structure(p, class = "alliance_picture"))
  names(pictures) <- vapply(drawn, function(p) p$name, "")
  structure(pictures, class = "alliance_pictures")
}

# `function_name`'s arguments for a call with `given_first` and `...`'s `arguments`: those named, each
# at most once, none of `refused` (an error of the package's class naming the first that is
# not), the rest at their defaults (NULL for one without).
forwarded <- function(arguments, function_name, refused, given_first = list(), call = sys.call(-1)) {
  parameters <- setdiff(names(formals(function_name)), refused)
  given <- names(arguments)
  if (length(arguments) > 0 && (is.null(given) || any(!nzchar(given))))
    input_error(paste0("every argument after the first two must be named (as ", function_name, "()'s)"), call)
  unknown <- setdiff(given, parameters)
  if (length(unknown) > 0)
    input_error(paste0("unused argument ", unknown[1], ": not an argument of ", function_name, "()",
                       if (unknown[1] %in% refused) " here" else ""), call)
  if (anyDuplicated(given)) input_error(paste0("argument ", given[anyDuplicated(given)], " is given twice"), call)
  defaults <- lapply(formals(function_name), function(x) if (is.symbol(x) && !nzchar(as.character(x))) NULL else eval(x))
  utils::modifyList(defaults, c(given_first, arguments), keep.null = TRUE)
}

#' Pictures of clients' trajectories
#'
#' Each client's trajectory as the command-line driver's `plot trajectory` draws it: the tracked
#' scale by session, the flagged side of the cut-off shaded (the below-cutoff rule's, else the
#' instrument's own published cut-off for the scale), and each rupture marked at its lowest point
#' and joined to its repair (with `rule` including `"v-episode"`). The pictures are the
#' library's SVG documents, byte for byte those of the command line for the same data.
#'
#' @param data,instrument As for [track()].
#' @param ... [track()]'s other arguments by name (`client`, `session`, `direction`, `rule` and
#'   the rules' parameters, `items`, ...; not `summary`), checked as [track()] checks them.
#' @param clients `NULL` (every client) or the clients to draw.
#' @param range `NULL` (the scale's possible range) or the score axis, `c(LO, HI)`.
#' @param title `NULL` (the instrument's name) or the prefix of every picture's title.
#' @return A list of class `alliance_pictures` by client (in the byte order of the clients'
#'   names), each of class `alliance_picture` (`name`, `svg`, `file`). Printing shows them in
#'   the viewer (RStudio, Positron) or the browser; [save_svg()] writes them.
#' @examples
#' visits <- data.frame(client = "a", session = 1:3, srs_1 = c(9, 5, 9), srs_2 = c(9, 5, 9),
#'                      srs_3 = c(9, 5, 9), srs_4 = c(9, 5, 9))
#' pictures <- plot_trajectory(visits, "srs", items = "srs_{}", client = "client",
#'                             session = "session", direction = "higher", rule = "below-cutoff")
#' save_svg(pictures, tempdir())
#' @export
plot_trajectory <- function(data, instrument, ..., clients = NULL, range = NULL, title = NULL) {
  a <- forwarded(list(...), "track", c("data", "instrument", "summary"), list(data = data, instrument = instrument))
  as_pictures(track_rows(a, list(clients = clients, range = range, title = title)))
}

#' The Jacobson-Truax picture of reliable change
#'
#' The scatter of [reliable_change()]'s result as the command-line driver's `plot change` draws
#' it: post against pre, the line of no change, the band inside which change is not reliable,
#' the cut-off on both axes, each client coloured by category. Rows that are not ok (a missing
#' pre or post score, an error) are left out.
#'
#' @param pre,post As for [reliable_change()].
#' @param ... [reliable_change()]'s other arguments by name (`sd`, `reliability`, `direction`,
#'   `method`, `cutoff`, ...).
#' @param range `NULL` (from the data) or both axes, `c(LO, HI)`.
#' @param title,label `NULL` or the title and the axis label.
#' @return An `alliance_picture` (`name`, `svg`, `file`); see [plot_trajectory()].
#' @examples
#' picture <- plot_change(c(12, 20, 25), c(22, 19, 30), sd = 7.7, reliability = 0.8,
#'                        direction = "higher", cutoff = 25)
#' save_svg(picture, file.path(tempdir(), "jt.svg"))
#' @export
plot_change <- function(pre, post, ..., range = NULL, title = NULL, label = NULL) {
  a <- forwarded(list(...), "reliable_change", c("pre", "post"))
  pre <- check_scores(pre, "pre")
  post <- paired(pre, check_scores(post, "post"), c("pre", "post"))
  drawn <- call_library(.cpp_reliable_change(pre, post, change_options(a), c("pre", "post"),
                                             list(range = range, title = title, label = label)))
  as_pictures(drawn)[[1]]
}

#' Pictures of split alliances
#'
#' Each unit's members by session as the command-line driver's `plot split` draws them: one line
#' and marker per member. A row without a usable score or member, or a member with two rows in
#' one session, is left out.
#'
#' @param data,score,unit,member As for [split_alliance()].
#' @param session The name of the session column (sessions are numbers).
#' @param units `NULL` (every unit) or the units to draw.
#' @param range `NULL` (from the data) or the score axis, `c(LO, HI)`.
#' @param title `NULL` (`"unit"`) or the prefix of every title.
#' @param label `NULL` (the score column) or the score axis label.
#' @return A list of class `alliance_pictures` by unit (in the byte order of the units' names);
#'   see [plot_trajectory()].
#' @examples
#' couples <- data.frame(couple = rep(c("c1", "c2"), each = 4), member = rep(c("a", "b"), 4),
#'                       session = rep(c(1, 1, 2, 2), 2), total = c(60, 55, 62, 50, 70, 71, 72, 69))
#' plot_split_alliance(couples, score = "total", unit = "couple", member = "member",
#'                     session = "session")
#' @export
plot_split_alliance <- function(data, score, unit, member, session, units = NULL, range = NULL, title = NULL,
                                label = NULL) {
  table <- as_table(data)
  options <- list(score = column_name(table, score, "score"), unit = column_name(table, unit, "unit"),
                  member = column_name(table, member, "member"), session = column_name(table, session, "session"))
  as_pictures(split_rows(table, options, FALSE,
                         list(units = units, range = range, title = title, label = label)))
}

#' Save pictures as SVG files
#'
#' Writes a picture to a file, or pictures to a directory (made if absent, one file each, named
#' as the command line names them). A file is written whole or not at all: a temporary file
#' beside it is renamed into place.
#'
#' @param x An `alliance_picture` or `alliance_pictures` from [plot_trajectory()],
#'   [plot_change()] or [plot_split_alliance()].
#' @param path The file (for a picture) or the directory (for pictures).
#' @return The paths written, invisibly.
#' @export
save_svg <- function(x, path) {
  if (!inherits(x, c("alliance_picture", "alliance_pictures")))
    wrong_argument("x", "pictures from plot_trajectory(), plot_change() or plot_split_alliance()", x)
  checked_argument(path, "path", "text")
  if (inherits(x, "alliance_picture")) return(invisible(write_whole(x$svg, path)))
  dir.create(path, recursive = TRUE, showWarnings = FALSE)
  invisible(vapply(x, function(p) write_whole(p$svg, file.path(path, p$file)), ""))
}

# Writes `text` to `path` whole or not at all: a temporary file beside it, renamed into place
# (pictures, and save_key's key files).
write_whole <- function(text, path, call = sys.call(-1)) {
  temporary <- tempfile(".alliance-", tmpdir = dirname(path), fileext = ".tmp")
  on.exit(if (file.exists(temporary)) unlink(temporary))
  written <- tryCatch({
    connection <- file(temporary, open = "wb")
    tryCatch(writeBin(charToRaw(enc2utf8(text)), connection), finally = close(connection))
    TRUE
  }, error = function(e) FALSE, warning = function(w) FALSE)
  if (!written || !suppressWarnings(file.rename(temporary, path)))
    input_error(paste0("cannot write '", path, "'", if (!dir.exists(dirname(path))) ": its folder does not exist"),
                call)
  path
}

# Shows pictures where R can show a web page: the IDE's viewer, else the browser (an SVG file
# in the session's temporary directory); in a session that shows none, says what it holds.
show_svg <- function(pictures) {
  viewer <- getOption("viewer")
  if (!interactive() && is.null(viewer)) return(invisible(FALSE))
  page <- tempfile("alliance-", fileext = ".html")
  writeLines(c("<!DOCTYPE html><meta charset='utf-8'>",
               vapply(pictures, function(p) paste0("<figure>", p$svg, "</figure>"), "")), page, useBytes = TRUE)
  if (is.function(viewer)) viewer(page) else utils::browseURL(page)
  invisible(TRUE)
}

#' @export
print.alliance_picture <- function(x, ...) {
  cat("<alliance picture ", encodeString(x$name, quote = "'"), ": SVG, ", nchar(x$svg, type = "bytes"),
      " bytes>\n", sep = "")
  show_svg(list(x))
  invisible(x)
}

#' @export
print.alliance_pictures <- function(x, ...) {
  shown <- utils::head(names(x), 5)
  cat("<alliance pictures: ", length(x), if (length(x) > 0) paste0(" (", paste(encodeString(shown, quote = "'"),
                                                                                collapse = ", "),
                                                                     if (length(x) > 5) ", ..." else "", ")"),
      ">\n", sep = "")
  if (length(x) > 0) show_svg(x)
  invisible(x)
}
