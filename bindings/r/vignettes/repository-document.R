# A document of the repository's docs/ folder as the rest of a vignette: its title dropped (the
# vignette has one) and its links to other files of the repository shown as their names, which
# are not installed with the package. The vignettes' symbolic links (key-files.md, ...) point at
# docs/; R CMD build copies the files themselves into the source tarball.
repository_document <- function(file) {
  text <- readLines(file, encoding = "UTF-8")
  text <- text[-1]
  text <- gsub("\\[([^]]+)\\]\\(([^)]+)\\)", "\\1 (the repository's \\2)", text)
  text <- gsub("(the repository's )\\.\\./", "\\1", text)
  text <- gsub("(the repository's )([a-z-]+\\.md)", "\\1docs/\\2", text)
  cat(text, sep = "\n")
}
