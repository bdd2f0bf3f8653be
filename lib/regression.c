/* regression.c: least squares with prediction intervals, and the Poisson
 * log-linear model of counts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OLS matches R's lm / summary.lm / predict.lm(interval = "prediction");
 * the Poisson fit repeats R's glm.fit step for step (start at y + 0.1,
 * iteratively reweighted least squares, stop when the deviance changes by
 * less than 1e-8 relative, standard errors from the last weights), so the
 * two agree to the last digits, not only at convergence.  The
 * quasi-Poisson fit is the same fit with the Pearson dispersion of
 * summary(glm(y ~ x, family = quasipoisson)) scaling its standard error.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <stddef.h>
#include <string.h>

static int regression_ols_body(const double *x, const double *y, size_t n,
                               struct dvk_ols *fit)
{
    if (!x || !y || !fit)
        return DVK_USAGE;
    if (n < 3)
        return DVK_VALUE;
    double xbar = 0, ybar = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return DVK_VALUE;
        xbar += x[i];
        ybar += y[i];
    }
    xbar /= (double)n;
    ybar /= (double)n;
    /* Every sum is taken about the means: with years near 2020 and values
     * near 1e12, the uncentred fitted values c0 + c1 x cancel to six digits
     * fewer than R gives. */
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double dx = x[i] - xbar, dy = y[i] - ybar;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0))
        return DVK_VALUE; /* every x the same */
    double c1 = sxy / sxx, c0 = ybar - c1 * xbar, rss = 0, mss = 0;
    for (size_t i = 0; i < n; i++) {
        double fitted = c1 * (x[i] - xbar), r = (y[i] - ybar) - fitted;
        rss += r * r;
        mss += fitted * fitted;
    }
    double df = (double)n - 2;
    fit->n = n;
    fit->intercept = c0;
    fit->slope = c1;
    fit->sigma2 = rss / df;
    fit->se = sqrt(fit->sigma2 / sxx);
    fit->xbar = xbar;
    fit->sxx = sxx;
    /* A constant series, or a perfect fit, has no test: R's p is NaN (or
     * its t is infinite); say "not defined" rather than invent one. */
    if (!(syy > 0)) {
        fit->p = NAN;
        fit->r2 = NAN;
    } else {
        fit->r2 = mss / (mss + rss);
        fit->p = fit->se > 0 ? 2 * gsl_cdf_tdist_Q(fabs(c1 / fit->se), df) : NAN;
    }
    return DVK_OK;
}

/* GSL's handler is off while the statistics run, the host's after. */
DVK_API int dvk_regression_ols(const double *x, const double *y, size_t n,
                               struct dvk_ols *fit)
{
    if (!fit || fit->size < offsetof(struct dvk_ols, sxx) + sizeof fit->sxx)
        return DVK_USAGE;
    /* Filled whole here, then as much as the caller's struct holds. */
    struct dvk_ols full = {.size = sizeof full};
    dvk_gsl_enter();
    int st = regression_ols_body(x, y, n, &full);
    dvk_gsl_leave();
    size_t size = fit->size < sizeof full ? fit->size : sizeof full;
    memcpy(fit, &full, size);
    fit->size = size;
    return st;
}

static int regression_predict_body(const struct dvk_ols *fit, double x0,
                                   double level, double *value, double *low,
                                   double *high)
{
    if (!fit || !value || !low || !high)
        return DVK_USAGE;
    if (fit->n < 3 || !(level > 0 && level < 1) || !isfinite(x0))
        return DVK_VALUE;
    double df = (double)fit->n - 2;
    double t = gsl_cdf_tdist_Pinv((1 + level) / 2, df);
    double d = x0 - fit->xbar;
    double se = sqrt(fit->sigma2 * (1 + 1 / (double)fit->n + d * d / fit->sxx));
    *value = fit->intercept + fit->slope * x0;
    *low = *value - t * se;
    *high = *value + t * se;
    return DVK_OK;
}

DVK_API int dvk_regression_predict(const struct dvk_ols *fit, double x0,
                                   double level, double *value, double *low,
                                   double *high)
{
    if (!fit || fit->size < offsetof(struct dvk_ols, sxx) + sizeof fit->sxx)
        return DVK_USAGE;
    DVK_GSL_RETURN(regression_predict_body(fit, x0, level, value, low, high));
}

/* Whether the Poisson log-linear fit of Y on X has no finite maximum: the
 * likelihood keeps rising along a slope that sends every zero count's mean
 * to 0 while the counts that are not zero stay fitted.  With one variable
 * that happens exactly when every count that is not zero falls at one time
 * and that time is the first or the last (a field new in the last year, or
 * one that stopped after the first): the slope is unbounded, and IRLS
 * would "converge" on whatever huge number its deviance test accepts. */
int dvk_poisson_separated(const double *x, const double *y, size_t n)
{
    double at = NAN, xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (x[i] < xmin)
            xmin = x[i];
        if (x[i] > xmax)
            xmax = x[i];
        if (y[i] > 0) {
            if (isnan(at))
                at = x[i];
            else if (x[i] != at)
                return 0;
        }
    }
    return !isnan(at) && xmin < xmax && (at == xmin || at == xmax);
}

static double poisson_deviance(const double *y, const double *mu, size_t n)
{
    double dev = 0;
    for (size_t i = 0; i < n; i++)
        dev += 2 * ((y[i] > 0 ? y[i] * log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
    return dev;
}

/* The IRLS fit behind dvk_regression_poisson, with what summary.glm
 * needs for the dispersion: the sum of the working weights of the last
 * iteration times the squared working residuals, Σ w (y - mu)² / mu².
 * R takes the weights from the means the last step started from and the
 * residuals from the means it ended on; the plain Pearson sum
 * Σ (y - mu)² / mu differs from it by about 1e-7 relative, too much to
 * agree with R to 1e-9. */
static int poisson_fit(const double *x, const double *y, size_t n,
                       double *intercept, double *slope, double *var_slope,
                       double *pearson)
{
    if (n < 3)
        return DVK_VALUE;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !(y[i] >= 0) || y[i] != floor(y[i]))
            return DVK_VALUE; /* not counts */
        total += y[i];
    }
    if (!(total > 0))
        return DVK_VALUE; /* all zero: the rate is 0, the slope unbounded */
    if (dvk_poisson_separated(x, y, n))
        return DVK_VALUE;
    double *mu = dvk_realloc_array(NULL, n, sizeof *mu);
    double *eta = dvk_realloc_array(NULL, n, sizeof *eta);
    double *w = dvk_realloc_array(NULL, n, sizeof *w);
    if (!mu || !eta || !w) {
        free(mu);
        free(eta);
        free(w);
        return DVK_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        mu[i] = y[i] + 0.1;
        eta[i] = log(mu[i]);
    }
    double devold = poisson_deviance(y, mu, n), b0 = 0, b1 = 0, var_b1 = NAN;
    int converged = 0;
    for (int iter = 0; iter < 25 && !converged; iter++) {
        /* weighted least squares of z on x, weights mu */
        double sw = 0, swx = 0, swz = 0;
        for (size_t i = 0; i < n; i++) {
            double z = eta[i] + (y[i] - mu[i]) / mu[i];
            w[i] = mu[i];
            sw += mu[i];
            swx += mu[i] * x[i];
            swz += mu[i] * z;
        }
        double xw = swx / sw, zw = swz / sw, sxx = 0, sxz = 0;
        for (size_t i = 0; i < n; i++) {
            double z = eta[i] + (y[i] - mu[i]) / mu[i];
            sxx += mu[i] * (x[i] - xw) * (x[i] - xw);
            sxz += mu[i] * (x[i] - xw) * (z - zw);
        }
        if (!(sxx > 0))
            break;
        b1 = sxz / sxx;
        b0 = zw - b1 * xw;
        var_b1 = 1 / sxx; /* (X'WX)^-1 of this step's weights, as summary.glm */
        for (size_t i = 0; i < n; i++) {
            eta[i] = b0 + b1 * x[i];
            mu[i] = exp(eta[i]);
        }
        double dev = poisson_deviance(y, mu, n);
        if (!isfinite(dev))
            break;
        converged = fabs(dev - devold) / (fabs(dev) + 0.1) < 1e-8;
        devold = dev;
    }
    double sum = 0;
    for (size_t i = 0; i < n && converged; i++) {
        double r = (y[i] - mu[i]) / mu[i];
        sum += w[i] * r * r;
    }
    free(mu);
    free(eta);
    free(w);
    if (!converged || !isfinite(var_b1))
        return DVK_VALUE;
    *intercept = b0;
    *slope = b1;
    *var_slope = var_b1;
    *pearson = sum;
    return DVK_OK;
}

DVK_API int dvk_regression_poisson(const double *x, const double *y, size_t n,
                                   double *intercept, double *slope,
                                   double *se_slope)
{
    if (!x || !y || !intercept || !slope || !se_slope)
        return DVK_USAGE;
    double b0, b1, var_b1, pearson;
    int st = poisson_fit(x, y, n, &b0, &b1, &var_b1, &pearson);
    if (st != DVK_OK)
        return st;
    *intercept = b0;
    *slope = b1;
    *se_slope = sqrt(var_b1);
    return DVK_OK;
}

DVK_API int dvk_regression_quasipoisson(const double *x, const double *y,
                                        size_t n, double level,
                                        struct dvk_quasipoisson *fit)
{
    if (!x || !y || !fit ||
        fit->size < offsetof(struct dvk_quasipoisson, high) + sizeof(double))
        return DVK_USAGE;
    struct dvk_quasipoisson full = {.size = sizeof full};
    size_t size = fit->size < sizeof full ? fit->size : sizeof full;
    if (!(level > 0 && level < 1))
        return DVK_VALUE;
    double b0, b1, var_b1, pearson;
    int st = poisson_fit(x, y, n, &b0, &b1, &var_b1, &pearson);
    if (st != DVK_OK)
        return st;
    struct dvk_quasipoisson *out = fit;
    fit = &full;
    dvk_gsl_enter();
    double df = (double)n - 2;
    fit->intercept = b0;
    fit->slope = b1;
    fit->df = df;
    fit->dispersion = pearson / df;
    fit->se_poisson = sqrt(var_b1);
    fit->p_poisson = 2 * gsl_cdf_ugaussian_Q(fabs(b1 / fit->se_poisson));
    fit->se = fit->se_poisson * sqrt(fit->dispersion);
    /* A perfect fit (a constant series) has no spread left to test
     * against: R's t is infinite or NaN; say "not defined". */
    if (fit->se > 0) {
        fit->t = b1 / fit->se;
        fit->p = 2 * gsl_cdf_tdist_Q(fabs(fit->t), df);
    } else {
        fit->t = NAN;
        fit->p = NAN;
    }
    double q = gsl_cdf_tdist_Pinv((1 + level) / 2, df);
    fit->growth = exp(b1) - 1;
    fit->low = exp(b1 - q * fit->se) - 1;
    fit->high = exp(b1 + q * fit->se) - 1;
    dvk_gsl_leave();
    memcpy(out, &full, size);
    out->size = size;
    return DVK_OK;
}
