# Pictures from the package: the same SVG documents, byte for byte, as `alliance plot` draws from
# the same data (one drawing code, alliance/plot, and one rule of what a picture shows,
# alliance/table/pictures.hpp); printed without error where no viewer is; saved whole.

svg_files <- function(directory) {
  files <- sort(list.files(directory, pattern = "\\.svg$"))
  stats::setNames(vapply(file.path(directory, files), function(f) readChar(f, file.size(f), useBytes = TRUE), ""),
                  files)
}

caseload <- function() utils::read.csv(system.file("extdata", "srs_caseload.csv", package = "alliance"))

test_that("plot_trajectory draws what the command line draws", {
  program <- cli()
  out <- tempfile("cli-")
  input <- tempfile(fileext = ".csv")
  utils::write.csv(caseload(), input, row.names = FALSE, quote = FALSE)
  run_cli("plot", "trajectory", "--instrument", "srs", "--items", "'srs_{}'", "--client", "client", "--session",
          "session", "--higher-is-better", "--rule", "below-cutoff,v-episode", "--k", "stiles-2004", "--sd-basis",
          "stricter", "--external-sd", "2.5", "--reference", "previous-session", "--max-decline", "1",
          "--repair-window", "3", "--repair-target", "pre-rupture-score", "--repair-margin", "0",
          "--min-sessions", "4", "--output-dir", out, "-q", input)
  expected <- svg_files(out)
  pictures <- plot_trajectory(caseload(), "srs", items = "srs_{}", client = "client", session = "session",
                              direction = "higher", rule = c("below-cutoff", "v-episode"), k = "stiles-2004",
                              sd_basis = "stricter", external_sd = 2.5, reference = "previous-session",
                              max_decline = 1, repair_window = 3, repair_target = "pre-rupture-score",
                              repair_margin = 0, min_sessions = 4)
  expect_gte(length(expected), 3)
  expect_s3_class(pictures, "alliance_pictures")
  drawn <- stats::setNames(vapply(pictures, function(p) p$svg, ""), vapply(pictures, function(p) p$file, ""))
  expect_identical(drawn[order(names(drawn))], expected[order(names(expected))])
  saved <- tempfile("package-")
  save_svg(pictures, saved)
  expect_identical(svg_files(saved), expected)
})

test_that("plot_change draws what the command line draws", {
  cli()
  input <- system.file("extdata", "ors_pre_post.csv", package = "alliance")
  changed <- run_cli("change", "--pre", "ors_pre", "--post", "ors_post", "--higher-is-better", "--sd", "7.7",
                     "--reliability", "0.8", "--cutoff-value", "25", "--keep", "ors_pre,ors_post", "-q", input)
  expected <- run_cli("plot", "change", "--pre", "ors_pre", "--post", "ors_post", "-q", "-",
                      stdin = strsplit(changed, "\n")[[1]])
  data <- utils::read.csv(input)
  picture <- plot_change(data$ors_pre, data$ors_post, direction = "higher", sd = 7.7, reliability = 0.8,
                         cutoff = 25)
  expect_s3_class(picture, "alliance_picture")
  expect_identical(sub("\n$", "", picture$svg), expected)
  path <- file.path(tempfile("jt-"), "jt.svg")
  dir.create(dirname(path))
  save_svg(picture, path)
  expect_identical(readChar(path, file.size(path), useBytes = TRUE), picture$svg)
  expect_identical(list.files(dirname(path), all.files = TRUE, no.. = TRUE), "jt.svg")  # no temporary left
})

test_that("plot_split_alliance draws what the command line draws", {
  cli()
  members <- data.frame(couple = c("c1", "c1", "c1", "c1", "c2", "c2", "c 3", "c 3"),
                        member = c("a", "b", "a", "b", "a", "b", "a", "a"), session = c(1, 1, 2, 2, 1, 1, 1, 2),
                        total = c(60, 55, 62, NA, 70, 71, 50, 52))
  input <- tempfile(fileext = ".csv")
  utils::write.csv(members, input, row.names = FALSE, na = "")
  out <- tempfile("cli-")
  run_cli("plot", "split", "--score", "total", "--unit", "couple", "--member", "member", "--session", "session",
          "--output-dir", out, "-q", input)
  pictures <- plot_split_alliance(members, score = "total", unit = "couple", member = "member", session = "session")
  expect_identical(names(pictures), c("c 3", "c1", "c2"))  # the units' byte order, as the command line draws
  drawn <- stats::setNames(vapply(pictures, function(p) p$svg, ""), vapply(pictures, function(p) p$file, ""))
  expect_identical(drawn[order(names(drawn))], svg_files(out)[order(names(svg_files(out)))])
  expect_identical(names(plot_split_alliance(members, score = "total", unit = "couple", member = "member",
                                             session = "session", units = "c2")), "c2")
})

test_that("pictures print where no viewer is, and their arguments are checked by the library", {
  visits <- data.frame(client = "a", session = 1:3, srs_1 = c(9, 5, 9), srs_2 = c(9, 5, 9), srs_3 = c(9, 5, 9),
                       srs_4 = c(9, 5, 9))
  draw <- function(...) plot_trajectory(visits, "srs", items = "srs_{}", client = "client", session = "session",
                                        direction = "higher", ...)
  pictures <- draw()
  expect_output(print(pictures), "^<alliance pictures: 1 \\('a'\\)>")
  expect_output(print(pictures[["a"]]), "^<alliance picture 'a': SVG, [0-9]+ bytes>")
  expect_match(pictures[["a"]]$svg, "^<svg")
  expect_error(draw(range = c(40, 20)), "^range expects LO,HI with LO below HI, not c\\(40, 20\\)$",
               class = "alliance_input_error")
  expect_error(draw(range = "0,40"), "^range expects two numbers", class = "alliance_error")
  expect_error(draw(range = c(0, NaN)), "^range expects", class = "alliance_error")
  expect_error(draw(title = 1), "^title expects text, not 1$", class = "alliance_error")
  expect_error(draw(summary = TRUE), "unused argument summary", class = "alliance_input_error")
  expect_error(draw(colour = "red"), "unused argument colour: not an argument of track\\(\\)",
               class = "alliance_input_error")
  expect_error(draw("x"), "must be named", class = "alliance_input_error")
  expect_error(plot_change(10, 15, direction = "higher", sd = 1, reliability = 0.8, range = c(-1e308, 1e308)),
               "too far apart to draw .*; give range or leave those rows out$", class = "alliance_error")
  expect_error(save_svg(list(), tempdir()), "^x expects pictures", class = "alliance_error")
  expect_error(save_svg(pictures, 3), "^path expects", class = "alliance_error")
})
