package org.sanlv.estimation;

import java.util.Locale;

/**
 * How a confidence interval for a proportion (or mean) is formed from its design-based estimate, standard
 * error and design degrees of freedom. The logit interval is R's default and the project's; it is degenerate
 * at p = 0 or 1 (the interval is (p, p), as R's), so Wilson and Clopper–Pearson are offered, both on the
 * design-based effective sample size.
 *
 * <p>The effective n of Korn and Graubard (1998, "Confidence intervals for proportions with small expected
 * number of positive counts estimated from survey data", Survey Methodology 24(2)):
 * {@code n* = p (1 - p) / se² · (t_{n-1, α/2} / t_{df, α/2})²}, n the respondents in the domain and df its
 * design degrees of freedom — R's {@code svyciprop(method = "beta")}. Where se = 0 (p = 0 or 1, or a domain
 * whose PSUs agree) R's n* is 0/0 and its interval NaN; here n takes the place of p (1 - p) / se², so the
 * interval is that of a simple random sample of the domain's size.
 */
public enum IntervalMethod {

  /** p ± z se (R: {@code confint(svymean(...))}). */
  WALD,
  /**
   * {@code expit(logit(p) ± t_df · se / (p (1 - p)))}, R's {@code svyciprop(method = "logit")}; (p, p) at
   * p = 0 or 1, as R's glm gives it there.
   */
  LOGIT,
  /**
   * Wilson's score interval on the effective n (no R function; Wilson 1927, Newcombe 1998 method 3):
   * {@code (p + z²/(2n*) ± z √(p(1-p)/n* + z²/(4n*²))) / (1 + z²/n*)}, z the normal quantile.
   */
  WILSON,
  /**
   * Clopper–Pearson on the effective n (Korn–Graubard): {@code [B⁻¹(α/2; n*p, n*(1-p)+1),
   * B⁻¹(1-α/2; n*p+1, n*(1-p))]}, R's {@code svyciprop(method = "beta")}.
   */
  CLOPPER_PEARSON;

  /** The method named on the command line or in a page's query: wald, logit, wilson, clopper-pearson. */
  public static IntervalMethod of(String name) {
    for (IntervalMethod m : values()) {
      if (m.label().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "interval method \"" + name + "\" is not one of wald, logit, wilson, clopper-pearson");
  }

  /** The name used on the command line and in URLs: {@code clopper-pearson}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The interval of {@code e} at confidence {@code level}; Interval with NaN ends when it cannot be formed (no
   * estimate, no degrees of freedom for the t-based methods, a p outside [0, 1] for the proportion methods).
   */
  public Interval of(Estimate e, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level " + level + " is not between 0 and 1");
    }
    double p = e.estimate();
    double se = e.standardError();
    if (Double.isNaN(p) || Double.isNaN(se)) {
      return Interval.NONE;
    }
    return switch (this) {
      case WALD -> {
        double z = Distributions.normalQuantile(1 - (1 - level) / 2);
        yield new Interval(p - z * se, p + z * se);
      }
      case LOGIT -> logit(p, se, e.degreesOfFreedom(), level);
      case WILSON -> {
        double n = effectiveN(p, se, e.n(), e.degreesOfFreedom(), level);
        yield Double.isNaN(n) ? Interval.NONE : wilson(p, n, Distributions.normalQuantile(1 - (1 - level) / 2));
      }
      case CLOPPER_PEARSON -> {
        double n = effectiveN(p, se, e.n(), e.degreesOfFreedom(), level);
        yield Double.isNaN(n) ? Interval.NONE : clopperPearson(p, n, level);
      }
    };
  }

  /**
   * R's svyciprop(method = "logit"): the Wald interval of the logit on the t scale with the design degrees
   * of freedom, as {@code confint.svyglm} computes it (through an equivalent normal level); (p, p) at 0 and 1.
   */
  static Interval logit(double p, double se, int df, double level) {
    if (df <= 0 || !(p >= 0 && p <= 1) || Double.isNaN(se)) {
      return Interval.NONE;
    }
    if (p == 0 || p == 1) {
      return new Interval(p, p);
    }
    double a = (1 - level) / 2;
    double tLevel = 1 - 2 * Distributions.normalCdf(Distributions.tQuantile(a, df));
    double a2 = (1 - tLevel) / 2;
    double lowFactor = Distributions.normalQuantile(a2);
    double highFactor = Distributions.normalQuantile(1 - a2);
    double eta = Math.log(p / (1 - p));
    double seEta = se / (p * (1 - p));
    return new Interval(expit(eta + seEta * lowFactor), expit(eta + seEta * highFactor));
  }

  /** Korn–Graubard's n* (see the class comment); NaN without degrees of freedom or a p outside [0, 1]. */
  static double effectiveN(double p, double se, int n, int df, double level) {
    if (df <= 0 || n < 2 || !(p >= 0 && p <= 1)) {
      return Double.NaN;
    }
    double a = (1 - level) / 2;
    double base = se > 0 ? p * (1 - p) / (se * se) : n;
    double ratio = Distributions.tQuantile(a, n - 1) / Distributions.tQuantile(a, df);
    return base * ratio * ratio;
  }

  /** Wilson's score interval for p on n observations with the normal quantile z. */
  static Interval wilson(double p, double n, double z) {
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Clopper–Pearson for p on n (not necessarily whole) observations, as R's qbeta form in svyciprop. */
  static Interval clopperPearson(double p, double n, double level) {
    double a = (1 - level) / 2;
    double x = n * p;
    double low = x == 0 ? 0 : Distributions.betaQuantile(a, x, n - x + 1);
    double high = x == n ? 1 : Distributions.betaQuantile(1 - a, x + 1, n - x);
    return new Interval(low, high);
  }

  private static double expit(double eta) {
    if (eta == Double.POSITIVE_INFINITY) {
      return 1;
    }
    double e = Math.exp(eta);
    return e / (1 + e);
  }
}
