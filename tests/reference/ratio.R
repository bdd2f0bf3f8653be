# ratio.R: the reference values of tests/cli-ratio.sh (tests/data/ratio.csv:
# An 0 of 5, Bình 6 of 6, Chiến 3 of 10, Dũng 0 of 0, overall 9 of 21).
options(digits = 17)
for (x in list(c(0, 5), c(6, 6), c(3, 10), c(9, 21))) {
  w <- suppressWarnings(prop.test(x[1], x[2], correct = FALSE))$conf.int
  b <- binom.test(x[1], x[2], conf.level = 0.90)$conf.int
  cat(sprintf("%g of %g: wilson %.17g %.17g exact(0.90) %.17g %.17g\n", x[1], x[2], w[1], w[2], b[1], b[2]))
}
t <- suppressWarnings(chisq.test(cbind(c(0, 6, 3), c(5, 0, 7)), correct = FALSE))
cat(sprintf("chisq %.17g %g %.17g\n", t$statistic, t$parameter, t$p.value))
# Each group against the rest (tests/cli-edges.sh): the two-proportion test
# of a group and the others, its p adjusted across the groups.
k <- c(0, 6, 3); n <- c(5, 6, 10); K <- sum(k); N <- sum(n)
p <- sapply(seq_along(k), function(i)
  suppressWarnings(prop.test(c(k[i], K - k[i]), c(n[i], N - n[i]), correct = FALSE))$p.value)
for (m in c("none", "holm", "BH", "bonferroni"))
  cat(m, sprintf("%.17g", p.adjust(p, m)), "\n")
# dvkstat report's maintained of registered on samples/minh-long.csv: each
# field against the other fields, Holm across the ten (tests/cli-edges.sh).
k <- c(4, 8, 7, 4, 2, 6, 2, 2, 1, 4); n <- c(60, 60, 35, 30, 25, 22, 22, 20, 15, 7)
K <- sum(k); N <- sum(n)
p <- sapply(seq_along(k), function(i)
  suppressWarnings(prop.test(c(k[i], K - k[i]), c(n[i], N - n[i]), correct = FALSE))$p.value)
cat("report raw", sprintf("%.17g", p), "\n")
cat("report holm", sprintf("%.17g", p.adjust(p, "holm")), "\n")
