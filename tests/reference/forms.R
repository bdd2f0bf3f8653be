# forms.R: a second computation of the true figures of tests/forms/, from
# the true rows alone (tests/forms/truth/NAME.csv), independent of
# make-forms.py's own arithmetic.  It prints the figures one per line, as
# "make-forms.py --figures" prints those of the expected.json files, so
# that tests/forms/check-truth.sh can compare the two.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   Rscript tests/reference/forms.R tests/forms/truth
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args)) args[1] else "tests/forms/truth"
out <- character(0)
emit <- function(case, what, key, value) {
  out <<- c(out, paste(case, what, key, value, sep = "\t"))
}
for (path in sort(list.files(dir, pattern = "\\.csv$", full.names = TRUE))) {
  case <- sub("\\.csv$", "", basename(path))
  d <- read.csv(path, colClasses = "character", encoding = "UTF-8",
                fileEncoding = "UTF-8", na.strings = character(0), check.names = FALSE)
  emit(case, "total", "", nrow(d))
  emit(case, "no_year", "", sum(d$year == ""))
  kept <- d$maintained == "1"
  emit(case, "maintained", "", sum(kept))
  for (f in unique(d$field)) emit(case, "field", f, sum(d$field == f))
  ty <- table(d$year[d$year != ""])
  for (i in seq_along(ty)) emit(case, "year", names(ty)[i], as.vector(ty)[i])
  mk <- tapply(kept, d$field, sum)
  for (i in seq_along(mk)) emit(case, "field_maintained", names(mk)[i], as.vector(mk)[i])
  # a district agency has no unit: its key is the empty string
  tu <- table(d$unit)
  for (i in seq_along(tu)) emit(case, "unit", names(tu)[i], as.vector(tu)[i])
  num <- function(x) sum(as.numeric(x[x != ""]))
  emit(case, "sum", "households", format(num(d$households), scientific = FALSE))
  emit(case, "sum", "money", format(num(d$money), scientific = FALSE))
  if (any(d$amount != "")) emit(case, "sum", "amount", sprintf("%.3f", num(d$amount)))
}
writeLines(out)
