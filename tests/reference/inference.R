# inference.R: the R reference values of tests/test-inference.c.
# Rscript tests/reference/inference.R
options(digits = 17)
p <- function(label, ...) cat(label, sprintf("%.17g", c(...)), "\n")

# ---- quasi-Poisson: summary(glm(y ~ t, family = quasipoisson)); the
# interval is exp(coef ± qt((1 + level) / 2, df.residual) * se) - 1, the
# Wald interval with the t quantile that summary.glm tests with.
quasi <- function(label, t, y, level = 0.95) {
  g <- glm(y ~ t, family = quasipoisson); s <- summary(g)
  gp <- summary(glm(y ~ t, family = poisson))
  b <- coef(g)[2]; se <- coef(s)[2, 2]
  q <- qt((1 + level) / 2, df.residual(g))
  p(label, coef(g), gp$coefficients[2, 2], gp$coefficients[2, 4], s$dispersion,
    df.residual(g), se, coef(s)[2, 3], coef(s)[2, 4],
    exp(b) - 1, exp(b - q * se) - 1, exp(b + q * se) - 1)
}
# Minh Long, models per year (samples/minh-long.csv): dispersion 3.43
quasi("quasi minh-long", 2017:2022, c(38, 52, 61, 58, 55, 32))
# a growing count with a zero year and ties
quasi("quasi growing", 2015:2022, c(3, 0, 5, 8, 8, 13, 21, 30))
# steadier than Poisson (dispersion below 1), at level 0.90
quasi("quasi steady", 2016:2021, c(10, 11, 12, 12, 13, 14), 0.90)

# ---- Fisher's exact test, fisher.test(cbind(k, n - k))$p.value, and the
# smallest expected count of chisq.test(cbind(k, n - k))
fisher <- function(label, k, n) {
  x <- cbind(k, n - k)
  e <- suppressWarnings(chisq.test(x[n > 0, ], correct = FALSE)$expected)
  p(label, fisher.test(x)$p.value, min(e))
}
fisher("fisher 2x2", c(3, 9), c(10, 12))
fisher("fisher symmetric", c(1, 3), c(4, 4))        # tables of equal probability
fisher("fisher 5x2", c(2, 5, 0, 3, 1), c(6, 9, 4, 10, 2))
fisher("fisher zero-row", c(3, 0, 1), c(5, 0, 8))   # the zero row is left out
# tables as probable as the observed one but summed in another order:
# without R's tolerance their last bits would leave them out
fisher("fisher tolerance", c(2, 1, 2), c(5, 3, 8))
fisher("fisher tolerance4", c(3, 0, 1, 9), c(7, 1, 8, 11))
fisher("fisher minh-long", c(4, 24, 7, 5), c(7, 194, 35, 60))
p("fisher zero-column", fisher.test(cbind(c(0, 0, 0), c(3, 4, 5)))$p.value)

# ---- p.adjust: NA is missing and not counted (n = 8 here)
pv <- c(0.01, NA, 0.04, 0.03, 0.2, 0.04, 0.5, NA, 0.001, 0.03)
for (m in c("holm", "hochberg", "bonferroni", "BH", "BY"))
  p(paste("adjust", m), ifelse(is.na(pv), -1, p.adjust(pv, m)))
p("adjust BH-large", p.adjust(c(0.9, 0.95, 0.8), "BH"))

# ---- change from the previous period and from the first (NA where the
# base is missing, and the relative change where the base is 0)
y <- c(38, 52, 61, NA, 55, 0, 32)
prev <- c(NA, head(y, -1)); first <- c(NA, rep(y[1], length(y) - 1))
rel <- function(d, b) ifelse(!is.na(b) & b == 0, NA, d / b)
na <- function(v) ifelse(is.na(v), -1e300, v)
p("change previous", na(y - prev), na(rel(y - prev, prev)))
p("change first", na(y - first), na(rel(y - first, first)))

# ---- Newcombe's hybrid score interval (Newcombe 1998, method 10), from
# the Wilson intervals of prop.test(k, n, correct = FALSE), and the
# two-sample test prop.test(c(k1, k2), c(n1, n2), correct = FALSE)
newcombe <- function(label, k1, n1, k2, n2, level = 0.95) {
  w1 <- prop.test(k1, n1, conf.level = level, correct = FALSE)$conf.int
  w2 <- prop.test(k2, n2, conf.level = level, correct = FALSE)$conf.int
  p1 <- k1 / n1; p2 <- k2 / n2; d <- p1 - p2
  lo <- d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2)
  hi <- d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)
  t <- suppressWarnings(prop.test(c(k1, k2), c(n1, n2), correct = FALSE))
  p(label, d, lo, hi, t$statistic, t$p.value)
}
# Newcombe's example (a): 56/70 - 48/80, his table II gives 0.0524, 0.3339
newcombe("newcombe paper", 56, 70, 48, 80)
# maintained share, Minh Long 2022 against 2021 (2 of 32, 6 of 55)
newcombe("newcombe minh-long", 2, 32, 6, 55)
newcombe("newcombe extremes", 10, 10, 0, 5, 0.90)
w <- c(prop.test(0, 10, correct = FALSE)$conf.int, prop.test(0, 20, correct = FALSE)$conf.int)
p("newcombe zeros", 0 - sqrt(0 + (w[4] - 0)^2), 0 + sqrt((w[2] - 0)^2 + 0))

# ---- the commands' output (tests/cli-inference.sh, tests/cli-report.sh)
# ratio of a small-count table: 2 of 3, 1 of 4, 3 of 3; chisq.test warns
m <- cbind(c(2, 1, 3), c(1, 3, 0))
p("cli fisher small", fisher.test(m)$p.value, min(suppressWarnings(chisq.test(m))$expected))
# the report's maintained of registered on the Minh Long sample, by field
k <- c(24, 5, 7, 4); n <- c(194, 60, 35, 7)
p("cli fisher minh-long", fisher.test(cbind(k, n - k))$p.value)
# three fields' Mann-Kendall Z (pyMannKendall's formulas on the series
# 1..8; 5 6 4 7 8 9 9 11; 6 5 7 4 6 5 6 5), their p adjusted across them
z <- c(3.340383700311406, -0.39391929857916763, 2.7428663952471632)
pz <- 2 * pnorm(-abs(z))
p("cli adjust raw", pz)
p("cli adjust holm", p.adjust(pz, "holm"))
p("cli adjust BH", p.adjust(pz, "BH"))
