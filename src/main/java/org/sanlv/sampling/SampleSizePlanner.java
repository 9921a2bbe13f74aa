package org.sanlv.sampling;

/**
 * The sample size that gives a wanted 95% confidence-interval half-width for a rate (e.g. the safety-feeling
 * rate), immutable, in the manner of Commons Statistics: {@code SampleSizePlanner.withDefaults()
 * .withHalfWidth(0.02).withExpectedRate(0.9).withDesignEffect(1.5).sampleSize(48_000)}.
 *
 * <p>Formula (Cochran 1977, <i>Sampling Techniques</i>, §4.4 and eq. 4.2, with Kish's design effect, Kish 1965
 * §8.2): {@code n0 = deff · z² · p(1−p) / e²}, and with the finite population correction for a stratum of
 * {@code N} units {@code n = n0 / (1 + (n0 − 1)/N)}; the result is rounded <b>up</b> to a whole number (a
 * value within 1e−9 of a whole number is taken as that number, so floating error never adds a unit).
 * {@code z} is the 0.975 quantile of the standard normal, {@code qnorm(0.975) = 1.959963984540054} in R,
 * changeable with {@link #withZ}.
 */
public final class SampleSizePlanner {

  /** {@code qnorm(0.975)} in R. */
  public static final double Z_95 = 1.959963984540054;

  private static final SampleSizePlanner DEFAULTS = new SampleSizePlanner(0.03, 0.9, 1.0, Z_95);

  private final double halfWidth;
  private final double expectedRate;
  private final double designEffect;
  private final double z;

  private SampleSizePlanner(double halfWidth, double expectedRate, double designEffect, double z) {
    if (!(halfWidth > 0 && halfWidth < 1)) {
      throw new IllegalArgumentException("half-width must be in (0, 1): " + halfWidth);
    }
    if (!(expectedRate > 0 && expectedRate < 1)) {
      throw new IllegalArgumentException("expected rate must be in (0, 1): " + expectedRate);
    }
    if (!(designEffect >= 1 && designEffect <= 100)) {
      throw new IllegalArgumentException("design effect must be in [1, 100]: " + designEffect);
    }
    if (!(z > 0 && z < 10)) {
      throw new IllegalArgumentException("z must be in (0, 10): " + z);
    }
    this.halfWidth = halfWidth;
    this.expectedRate = expectedRate;
    this.designEffect = designEffect;
    this.z = z;
  }

  /** Half-width 0.03, expected rate 0.9, design effect 1, 95% confidence. */
  public static SampleSizePlanner withDefaults() {
    return DEFAULTS;
  }

  /** The wanted half-width {@code e} of the 95% interval, as a proportion (0.02 = ±2 percentage points). */
  public SampleSizePlanner withHalfWidth(double e) {
    return new SampleSizePlanner(e, expectedRate, designEffect, z);
  }

  /** The expected rate {@code p}, e.g. last year's county rate. */
  public SampleSizePlanner withExpectedRate(double p) {
    return new SampleSizePlanner(halfWidth, p, designEffect, z);
  }

  /** The design effect of the two-stage design (1 for simple random sampling; 1.5–2 is usual for blocks). */
  public SampleSizePlanner withDesignEffect(double deff) {
    return new SampleSizePlanner(halfWidth, expectedRate, deff, z);
  }

  /** The normal quantile for another confidence level, e.g. 2.5758293035489 for 99%. */
  public SampleSizePlanner withZ(double quantile) {
    return new SampleSizePlanner(halfWidth, expectedRate, designEffect, quantile);
  }

  public double halfWidth() {
    return halfWidth;
  }

  public double expectedRate() {
    return expectedRate;
  }

  public double designEffect() {
    return designEffect;
  }

  public double z() {
    return z;
  }

  /** {@code n0 = deff · z² · p(1−p) / e²}, not rounded. */
  public double unroundedSampleSize() {
    return designEffect * z * z * expectedRate * (1 - expectedRate) / (halfWidth * halfWidth);
  }

  /** {@code ⌈n0⌉}, for an infinite population. */
  public int sampleSize() {
    return ceil(unroundedSampleSize());
  }

  /** {@code ⌈n0 / (1 + (n0 − 1)/N)⌉} for a population of {@code N ≥ 1}. */
  public int sampleSize(long population) {
    if (population < 1) {
      throw new IllegalArgumentException("population must be at least 1: " + population);
    }
    double n0 = unroundedSampleSize();
    return ceil(n0 / (1 + (n0 - 1) / population));
  }

  static int ceil(double x) {
    double nearest = Math.rint(x);
    double v = Math.abs(x - nearest) < 1e-9 ? nearest : Math.ceil(x);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sample size too large: " + x);
    }
    return (int) v;
  }

  @Override
  public String toString() {
    return "plan:e=" + halfWidth + ",p=" + expectedRate + ",deff=" + designEffect + (z == Z_95 ? "" : ",z=" + z);
  }
}
