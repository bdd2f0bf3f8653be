# trend.R: the R reference values of tests/cli-trend-stats.sh.
options(digits = 17)
p <- function(...) cat(sprintf("%.17g", c(...)), "\n")
# Minh Long, models per year 2017-2022 (samples/minh-long.csv)
t <- 2017:2022; y <- c(38, 52, 61, 58, 55, 32)
s <- summary(lm(y ~ t)); p(coef(s)[2, 1:2], coef(s)[2, 4], s$r.squared)
g <- glm(y ~ t, family = poisson); b <- coef(g)[2]; se <- sqrt(vcov(g)[2, 2])
p(exp(b) - 1, exp(b - qnorm(0.975) * se) - 1, exp(b + qnorm(0.975) * se) - 1)
f <- predict(lm(y ~ t), data.frame(t = 2023:2024), interval = "prediction"); p(f[1, ], f[2, ])
# a growing count with a zero year: 2015-2022
t2 <- 2015:2022; y2 <- c(3, 0, 5, 8, 8, 13, 21, 30)
s2 <- summary(lm(y2 ~ t2)); p(coef(s2)[2, 1:2], coef(s2)[2, 4], s2$r.squared)
g2 <- glm(y2 ~ t2, family = poisson); b2 <- coef(g2)[2]; se2 <- sqrt(vcov(g2)[2, 2])
p(exp(b2) - 1, exp(b2 - qnorm(0.975) * se2) - 1, exp(b2 + qnorm(0.975) * se2) - 1)
f2 <- predict(lm(y2 ~ t2), data.frame(t2 = 2023), interval = "prediction"); p(f2)
# a value series with ties and two missing years (2017, 2022): lm on the rest
t3 <- c(2015, 2016, 2018, 2019, 2020, 2021, 2023, 2024); y3 <- c(5, 7, 7, 9, 12, 12, 15, 18)
s3 <- summary(lm(y3 ~ t3)); p(coef(s3)[2, 1:2], coef(s3)[2, 4], s3$r.squared)
# maintained of registered per year, Minh Long: prop.trend.test(k, n, score = t)
k <- c(3, 11, 10, 8, 6, 2); n <- c(38, 52, 61, 58, 55, 32)
r <- prop.trend.test(k, n, score = 2017:2022); p(r$statistic, r$p.value)
# a series near 1e12 (money in đồng): R² from centred sums, test-trend.c
t4 <- 2016:2023; y4 <- 1e12 + c(3, 1, 4, 1, 5, 9, 2, 6) * 1e3
s4 <- summary(lm(I(y4 - 1e12) ~ t4)); p(coef(s4)[2, 1:2], s4$r.squared)
# (lm(y4 ~ t4) on the raw values loses digits in R too: slope 535.71433)
# a field new in the last year: glm "converges" on a slope of about 24
# with "fitted rates numerically 0 occurred"; the estimate does not exist
g5 <- suppressWarnings(glm(c(0, 0, 0, 0, 5) ~ I(2019:2023), family = poisson)); p(coef(g5)[2])
