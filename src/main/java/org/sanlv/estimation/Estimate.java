package org.sanlv.estimation;

/**
 * One design-based estimate (a mean, proportion or total) for the whole sample or one domain.
 *
 * @param domain the domain's label, or {@code "all"} for the whole (sub)population
 * @param estimate ratio mean Σwy/Σw (or the total Σwy)
 * @param standardError by Taylor linearisation, with-replacement (ultimate cluster) variance
 * @param wald estimate ± z₁₋α/₂ · se (R: {@code confint(svymean(...))})
 * @param logit the logit interval of R's {@code svyciprop(method = "logit")}, t quantile with the domain's
 *     design degrees of freedom; (p, p) at p = 0 or 1 as R gives it; NaN for totals. Other methods:
 *     {@link IntervalMethod#of(Estimate, double)}
 * @param designEffect variance over the variance of simple random sampling without replacement of the same
 *     size (R: {@code svymean(..., deff = TRUE)})
 * @param n respondents in the domain (unweighted)
 * @param effectiveN n / designEffect (NaN where the design effect is not defined, e.g. se = 0); the
 *     intervals of {@link IntervalMethod} use Korn–Graubard's p (1 - p) / se² instead
 * @param degreesOfFreedom PSUs minus strata among the domain's respondents (R: {@code degf})
 */
public record Estimate(
    String domain,
    double estimate,
    double standardError,
    Interval wald,
    Interval logit,
    double designEffect,
    int n,
    double effectiveN,
    int degreesOfFreedom) {}
