package org.sanlv.estimation;

/**
 * A domain's (county's) estimate minus the whole population's (province's). The domain is part of the
 * population, so the two ratio estimators are linearised jointly: the variance is that of
 * {@code z_d - z}, with {@code z_d = w (y - ȳ_d) 1[d] / Σ_d w} and {@code z = w (y - ȳ) / Σ w}, which is the
 * delta method on the four totals (R: {@code svycontrast(svytotal(~yd + nd + y + n), quote(yd/nd - y/n))}).
 *
 * @param domain the domain's label
 * @param difference ȳ_d − ȳ
 * @param standardError of the difference
 * @param wald difference ± z₁₋α/₂ · se
 */
public record Difference(String domain, double difference, double standardError, Interval wald) {

  /** True when the whole confidence interval lies below zero. */
  public boolean significantlyBelow() {
    return wald.high() < 0;
  }
}
