package org.sanlv.estimation;

/**
 * The few distribution functions the estimators need, computed here because no statistics library is on
 * the class path: the standard normal CDF and quantile, the Student t quantile and the beta quantile.
 *
 * <ul>
 * <li>{@link #normalCdf}: erfc by its power series {@code erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1}/(1·3·…·(2n+1))}
 * (all terms positive, no cancellation) for |x| &lt; 2.5 and by the Laplace continued fraction
 * (modified Lentz) beyond (Abramowitz and Stegun 1964, 7.1.6 and 7.1.14); about 1e-15 relative.</li>
 * <li>{@link #normalQuantile}: Acklam's rational approximation (P. J. Acklam 2003, "An algorithm for
 * computing the inverse normal cumulative distribution function", relative error 1.15e-9) refined by two
 * Halley steps on {@link #normalCdf}, which brings it to machine precision (qnorm(0.975) =
 * 1.959963984540054).</li>
 * <li>{@link #tQuantile}: the t CDF through the regularised incomplete beta function
 * {@code P(T ≤ -|t|) = I_{ν/(ν+t²)}(ν/2, 1/2) / 2} (Abramowitz and Stegun 26.7.1, continued fraction 26.5.8
 * evaluated by modified Lentz, ln Γ by Lanczos g=7, n=9), inverted by safeguarded Newton steps.</li>
 * <li>The tails the integrity tests use ({@link #chiSquareUpperTail}, {@link #studentTwoSided},
 * {@link #binomialUpperTail}): the regularised upper incomplete gamma function by its series below a + 1 and
 * Lentz's continued fraction beyond (Press et al., Numerical Recipes, 3rd ed., §6.2), the beta function above.</li>
 * </ul>
 */
public final class Distributions {

  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double EPS = 1e-16;

  private Distributions() {}

  /** Φ(x), the standard normal CDF (R's {@code pnorm(x)}). */
  public static double normalCdf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double t = Math.abs(x) / Math.sqrt(2);
    double tail = 0.5 * erfc(t);
    return x < 0 ? tail : 1 - tail;
  }

  /** erfc(t) for t ≥ 0. */
  static double erfc(double t) {
    if (t == Double.POSITIVE_INFINITY) {
      return 0;
    }
    if (t < 2.5) {
      // erf(t) = 2/√π e^{-t²} Σ_{n≥0} 2ⁿ t^{2n+1} / (2n+1)!!
      double term = t;
      double sum = t;
      double t2 = 2 * t * t;
      for (int n = 1; n < 200; n++) {
        term *= t2 / (2 * n + 1);
        sum += term;
        if (term < sum * EPS) {
          break;
        }
      }
      return 1 - 2 / SQRT_PI * Math.exp(-t * t) * sum;
    }
    // erfc(t) = e^{-t²}/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + 2/(t + …)))))
    double tiny = 1e-300;
    double f = t;
    double c = t;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = k / 2.0;
      d = t + a * d;
      d = d == 0 ? tiny : d;
      c = t + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-t * t) / SQRT_PI / f;
  }

  /** Φ⁻¹(p) (R's {@code qnorm(p)}). */
  static double normalQuantile(double p) {
    if (Double.isNaN(p) || p < 0 || p > 1) {
      return Double.NaN;
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (p > 0.5) {
      return -normalQuantile(1 - p); // 1 - p is exact here (Sterbenz)
    }
    double x = acklam(p);
    for (int i = 0; i < 2; i++) {
      double e = normalCdf(x) - p;
      double u = e * SQRT_2PI * Math.exp(x * x / 2);
      x = x - u / (1 + x * u / 2);
    }
    return x;
  }

  private static double acklam(double p) {
    final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double pLow = 0.02425;
    if (p < pLow) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /** The Student t quantile with {@code df} degrees of freedom (R's {@code qt(p, df)}); df = ∞ gives Φ⁻¹. */
  static double tQuantile(double p, double df) {
    if (Double.isNaN(p) || Double.isNaN(df) || df <= 0 || p < 0 || p > 1) {
      return Double.NaN;
    }
    if (df == Double.POSITIVE_INFINITY || df > 1e12) {
      return normalQuantile(p);
    }
    if (p == 0.5) {
      return 0;
    }
    if (p > 0.5) {
      return -tQuantile(1 - p, df);
    }
    if (p == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (df == 1) {
      return Math.tan(Math.PI * (p - 0.5));
    }
    if (df == 2) {
      return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    }
    // Newton on F(t) = p for t < 0, starting from the normal quantile (which is above the t quantile),
    // safeguarded by bisection on a bracket.
    double hi = 0;
    double lo = -1;
    while (tCdf(lo, df) > p) {
      hi = lo;
      lo *= 2;
      if (lo < -1e300) {
        return Double.NEGATIVE_INFINITY;
      }
    }
    double t = Math.max(lo, Math.min(hi, normalQuantile(p)));
    for (int i = 0; i < 200; i++) {
      double f = tCdf(t, df) - p;
      if (f == 0) {
        return t;
      }
      if (f > 0) {
        hi = t;
      } else {
        lo = t;
      }
      double next = t - f / tDensity(t, df);
      if (!(next > lo && next < hi)) {
        next = (lo + hi) / 2;
      }
      if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) {
        return next;
      }
      t = next;
    }
    return t;
  }

  /** P(T ≤ t) for t ≤ 0. */
  static double tCdf(double t, double df) {
    if (t > 0) {
      return 1 - tCdf(-t, df);
    }
    double x = df / (df + t * t);
    return 0.5 * regularizedBeta(x, df / 2, 0.5);
  }

  static double tDensity(double t, double df) {
    double logC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
    return Math.exp(logC - (df + 1) / 2 * Math.log1p(t * t / df));
  }

  /** I_x(a, b), the regularised incomplete beta function. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - regularizedBeta(1 - x, b, a);
    }
    double logFront = a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - lnBeta(a, b);
    return Math.exp(logFront) * betaContinuedFraction(x, a, b);
  }

  /**
   * The beta quantile (R's {@code qbeta(q, a, b)}) for a, b &gt; 0: I_x(a, b) = q solved by bisection, which
   * is slow (about 60 evaluations) but cannot leave [0, 1]; used a few times per domain.
   */
  static double betaQuantile(double q, double a, double b) {
    if (Double.isNaN(q) || !(a > 0) || !(b > 0) || q < 0 || q > 1) {
      return Double.NaN;
    }
    if (q == 0 || q == 1) {
      return q;
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 1100 && hi - lo > 1e-17 + 1e-16 * lo; i++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (regularizedBeta(mid, a, b) < q) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + (hi - lo) / 2;
  }

  private static double betaContinuedFraction(double x, double a, double b) {
    double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < 10_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return h;
  }

  /** P(X ≥ x) for X ~ χ²(df): Q(df/2, x/2) (R's {@code pchisq(x, df, lower.tail = FALSE)}). */
  public static double chiSquareUpperTail(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
    }
    if (!(x > 0)) {
      return 1.0;
    }
    double a = df / 2.0;
    double half = x / 2.0;
    return half < a + 1 ? 1.0 - gammaSeries(a, half) : gammaContinuedFraction(a, half);
  }

  /** The regularised lower incomplete gamma function P(a, x) by its series, for x &lt; a + 1. */
  private static double gammaSeries(double a, double x) {
    double ap = a;
    double sum = 1.0 / a;
    double del = sum;
    for (int n = 0; n < 10_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }

  /** The regularised upper incomplete gamma function Q(a, x) by Lentz's continued fraction, for x ≥ a + 1. */
  private static double gammaContinuedFraction(double a, double x) {
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
  }

  /**
   * P(|T| ≥ |t|) for T ~ Student's t with {@code df} degrees of freedom, {@code I_{df/(df+t²)}(df/2, 1/2)}, exact
   * in the far tail (no 1 − Φ cancellation).
   */
  public static double studentTwoSided(double t, double df) {
    if (!(df > 0)) {
      throw new IllegalArgumentException("degrees of freedom must be positive, got " + df);
    }
    if (Double.isNaN(t)) {
      return 1.0;
    }
    return regularizedBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** P(X ≥ k) for X ~ Binomial(n, p), summed in log space (R's {@code pbinom(k - 1, n, p, lower.tail = FALSE)}). */
  public static double binomialUpperTail(int k, int n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > n || p <= 0) {
      return 0.0;
    }
    if (p >= 1) {
      return 1.0;
    }
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    double sum = 0;
    for (int i = k; i <= n; i++) {
      sum += Math.exp(lnGamma(n + 1.0) - lnGamma(i + 1.0) - lnGamma(n - i + 1.0) + i * logP + (n - i) * logQ);
    }
    return Math.min(1.0, sum);
  }

  static double lnBeta(double a, double b) {
    return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  }

  /** ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, n = 9). */
  static double lnGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
    }
    final double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    double xm = x - 1;
    double sum = g[0];
    double t = xm + 7.5;
    for (int i = 1; i < 9; i++) {
      sum += g[i] / (xm + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
