package org.sanlv.sampling;

/**
 * Tolerances for the statistical tests, derived rather than guessed. All tests use fixed seeds, so they are
 * deterministic; the bounds say how unlikely a failure would be for a correct sampler under a fresh seed.
 */
final class Tolerance {

  private Tolerance() {}

  /**
   * Bernstein's inequality for a sum X of D independent Bernoulli(π) draws: {@code P(|X − Dπ| ≥ t) ≤
   * 2·exp(−t² / (2(σ² + t/3)))} with {@code σ² = Dπ(1−π)}. Solving for the {@code t} where the bound equals
   * {@code alpha}, with {@code L = ln(2/alpha)}: {@code t = L/3 + sqrt(L²/9 + 2σ²L)}. Unlike a normal
   * approximation this holds for any D and π.
   */
  static double bernstein(int draws, double pi, double alpha) {
    double variance = draws * pi * (1 - pi);
    double l = Math.log(2 / alpha);
    return l / 3 + Math.sqrt(l * l / 9 + 2 * variance * l);
  }

  /** Pearson's statistic {@code Σ (O − E)² / E}. */
  static double chiSquare(long[] observed, double[] expected) {
    double x = 0;
    for (int i = 0; i < observed.length; i++) {
      double d = observed[i] - expected[i];
      x += d * d / expected[i];
    }
    return x;
  }
}
