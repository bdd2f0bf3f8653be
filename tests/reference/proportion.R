# proportion.R: the reference values of tests/test-proportion.c.
# Rscript tests/reference/proportion.R
options(digits = 17)
cases <- list(c(4, 7, 0.95), c(0, 10, 0.95), c(10, 10, 0.95), c(40, 296, 0.95),
              c(1, 1, 0.95), c(7, 35, 0.90), c(24, 194, 0.99), c(123456, 1000000, 0.95))
for (x in cases) {
  w <- prop.test(x[1], x[2], conf.level = x[3], correct = FALSE)$conf.int
  b <- binom.test(x[1], x[2], conf.level = x[3])$conf.int
  cat(sprintf("k=%g n=%g level=%g wilson %.17g %.17g exact %.17g %.17g\n",
              x[1], x[2], x[3], w[1], w[2], b[1], b[2]))
}
k <- c(4, 24, 7, 5); n <- c(7, 194, 35, 60)
t <- chisq.test(cbind(k, n - k), correct = FALSE)
cat(sprintf("chisq minh long %.17g %g %.17g\n", t$statistic, t$parameter, t$p.value))
k <- c(3, 10, 0); n <- c(10, 12, 9)
t <- chisq.test(cbind(k, n - k), correct = FALSE)
cat(sprintf("chisq three %.17g %g %.17g\n", t$statistic, t$parameter, t$p.value))
