package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code significant} is the two-sided test: the interval of the difference excludes zero, on either side. */
class DifferenceTest {

  @Test
  void aDomainSignificantlyAboveTheWholeIsSignificant() {
    Difference above = new Difference("c01", 0.08, 0.02, new Interval(0.0408, 0.1192));
    assertThat(above.significant()).isTrue();
    assertThat(above.direction()).isEqualTo(Difference.Direction.ABOVE);
    assertThat(above.direction().label()).isEqualTo("above");
  }

  @Test
  void aDomainSignificantlyBelowTheWholeIsSignificant() {
    Difference below = new Difference("c02", -0.08, 0.02, new Interval(-0.1192, -0.0408));
    assertThat(below.significant()).isTrue();
    assertThat(below.direction()).isEqualTo(Difference.Direction.BELOW);
    assertThat(below.significantlyBelow()).isTrue();
  }

  @Test
  void anIntervalContainingZeroIsNotSignificant() {
    Difference none = new Difference("c03", 0.01, 0.02, new Interval(-0.0292, 0.0492));
    assertThat(none.significant()).isFalse();
    assertThat(none.direction()).isEqualTo(Difference.Direction.NONE);
    Difference empty = new Difference("c04", Double.NaN, Double.NaN, Interval.NONE);
    assertThat(empty.significant()).isFalse();
    assertThat(empty.direction().label()).isEqualTo("none");
  }

  @Test
  void theTwoSidedTestIsZAgainstTheNormalQuantile() {
    // |z| = 2.0 > 1.96 on a design: the interval excludes 0 exactly when |d / se| > z_0.975
    double z = Distributions.normalQuantile(0.975);
    for (double d : new double[] {-0.041, -0.039, 0.039, 0.041}) {
      Difference x = new Difference("c", d, 0.02, new Interval(d - z * 0.02, d + z * 0.02));
      assertThat(x.significant()).isEqualTo(Math.abs(d / 0.02) > z);
    }
  }
}
