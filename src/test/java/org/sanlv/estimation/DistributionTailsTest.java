package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The tails the integrity tests use, against R 4.2.2 (the call beside each value). */
class DistributionTailsTest {

  @Test
  void chiSquareUpperTailIsRsPchisq() {
    // pchisq(x, df, lower.tail = FALSE)
    assertThat(Distributions.chiSquareUpperTail(3.84, 1)).isCloseTo(5.0043521248705224e-02, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(20, 4)).isCloseTo(4.9939922738733355e-04, within(1e-14));
    assertThat(Distributions.chiSquareUpperTail(0.5, 3)).isCloseTo(9.1889141165467592e-01, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(150, 100)).isCloseTo(9.0393204235400938e-04, within(1e-13));
    assertThat(Distributions.chiSquareUpperTail(0, 3)).isEqualTo(1.0);
  }

  @Test
  void studentTwoSidedIsTwiceRsPt() {
    // 2 * pt(-|t|, df)
    assertThat(Distributions.studentTwoSided(3, 1)).isCloseTo(2.0483276469913345e-01, within(1e-13));
    assertThat(Distributions.studentTwoSided(-2.5, 2)).isCloseTo(1.2961172022151080e-01, within(1e-13));
    assertThat(Distributions.studentTwoSided(8, 30) / 6.2658224757007723e-09).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void binomialUpperTailIsRsPbinom() {
    // pbinom(k - 1, n, p, lower.tail = FALSE)
    assertThat(Distributions.binomialUpperTail(19, 19, 0.5)).isCloseTo(1.9073486328125000e-06, within(1e-18));
    assertThat(Distributions.binomialUpperTail(2, 3, 0.5)).isCloseTo(0.5, within(1e-12));
    assertThat(Distributions.binomialUpperTail(12, 40, 0.1) / 3.8083426673634404e-04).isCloseTo(1.0, within(1e-9));
    assertThat(Distributions.binomialUpperTail(0, 10, 0.3)).isEqualTo(1.0);
  }
}
