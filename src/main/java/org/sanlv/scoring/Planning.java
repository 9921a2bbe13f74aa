package org.sanlv.scoring;

/**
 * How many responses a county needs so that a gap of a given size is beyond the noise: with
 * se = √(deff · p(1 − p) / n), the smallest n with z · se &lt; gap / 100 (z = 1.96), i.e.
 * n &gt; deff · p(1 − p) · (100 z / gap)². Pure.
 */
public final class Planning {

  private Planning() {}

  /**
   * The n for which a gap of {@code gapPoints} percentage points is beyond the noise at the county's observed
   * design effect and rate.
   *
   * @throws IllegalArgumentException when deff is not positive, p not in (0, 1) or the gap not positive
   */
  public static long nFor(double deff, double p, double gapPoints) {
    if (!(deff > 0) || !Double.isFinite(deff)) {
      throw new IllegalArgumentException("design effect " + deff + " is not a positive number");
    }
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("rate " + p + " is not between 0 and 1");
    }
    if (!(gapPoints > 0) || !Double.isFinite(gapPoints)) {
      throw new IllegalArgumentException("gap " + gapPoints + " is not a positive number of points");
    }
    double ratio = 100 * Scorer.Z / gapPoints;
    double n = deff * p * (1 - p) * ratio * ratio;
    return (long) Math.floor(n) + 1;
  }

  /** The design effect implied by a proportion's SE: se² / (p(1 − p) / n); NaN when undefined. */
  public static double designEffect(double se, double p, long n) {
    double srs = p * (1 - p) / n;
    return srs > 0 && n > 0 ? se * se / srs : Double.NaN;
  }
}
