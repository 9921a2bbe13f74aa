package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Wilson and Clopper–Pearson on the effective n, and the logit interval at p = 0 and 1. On a simple random
 * sample (se² = p(1-p)/n, df = n - 1) the effective n is n, so the values are the textbook ones, computed in R.
 */
class IntervalMethodTest {

  /** An estimate of x out of n from a simple random sample: se² = p(1-p)/n, df = n - 1. */
  static Estimate simple(int x, int n) {
    double p = (double) x / n;
    double se = Math.sqrt(p * (1 - p) / n);
    return new Estimate("d", p, se, Interval.NONE, Interval.NONE, 1, n, n, n - 1);
  }

  @Nested
  class Wilson {

    @Test
    void isTheScoreIntervalOnASimpleRandomSample() {
      // R: prop.test(81, 263, correct = FALSE)$conf.int (Newcombe 1998, method 3: 0.2553–0.3662)
      Interval i = IntervalMethod.WILSON.of(simple(81, 263), 0.95);
      assertThat(i.low()).isCloseTo(0.25528851987827428, within(1e-12));
      assertThat(i.high()).isCloseTo(0.36620957698280016, within(1e-12));
      // R: prop.test(15, 148, correct = FALSE)$conf.int
      Interval j = IntervalMethod.WILSON.of(simple(15, 148), 0.95);
      assertThat(j.low()).isCloseTo(0.062386399530736283, within(1e-12));
      assertThat(j.high()).isCloseTo(0.160487241723308000, within(1e-12));
    }

    @Test
    void atZeroUsesTheRespondentsSinceTheStandardErrorIsZero() {
      // se = 0 at p = 0: n* = n = 20; R: prop.test(0, 20, correct = FALSE)$conf.int
      Interval i = IntervalMethod.WILSON.of(new Estimate("d", 0, 0, Interval.NONE, Interval.NONE, Double.NaN, 20,
          Double.NaN, 19), 0.95);
      assertThat(i.low()).isEqualTo(0);
      assertThat(i.high()).isCloseTo(0.1611251580528193, within(1e-12));
    }

    @Test
    void shrinksTheSampleByTheDesignEffect() {
      // the same p with twice the variance: n* = n/2, the interval of 40.5 out of 131.5
      Estimate e = simple(81, 263);
      Estimate clustered = new Estimate("d", e.estimate(), e.standardError() * Math.sqrt(2), Interval.NONE,
          Interval.NONE, 2, 263, 131.5, 262);
      Interval wide = IntervalMethod.WILSON.of(clustered, 0.95);
      double z = Distributions.normalQuantile(0.975);
      double nStar = 131.5 * Math.pow(Distributions.tQuantile(0.025, 262) / Distributions.tQuantile(0.025, 262), 2);
      Interval expected = IntervalMethod.wilson(e.estimate(), nStar, z);
      assertThat(wide.low()).isCloseTo(expected.low(), within(1e-12));
      assertThat(wide.high() - wide.low()).isGreaterThan(0.36620957698280016 - 0.25528851987827428);
    }
  }

  @Nested
  class ClopperPearson {

    @Test
    void isTheExactBinomialIntervalOnASimpleRandomSample() {
      // R: binom.test(81, 263)$conf.int
      Interval i = IntervalMethod.CLOPPER_PEARSON.of(simple(81, 263), 0.95);
      assertThat(i.low()).isCloseTo(0.25273674558527121, within(1e-10));
      assertThat(i.high()).isCloseTo(0.36762192260135140, within(1e-10));
      // R: binom.test(1, 29)$conf.int
      Interval j = IntervalMethod.CLOPPER_PEARSON.of(simple(1, 29), 0.95);
      assertThat(j.low()).isCloseTo(0.0008726468835799228, within(1e-12));
      assertThat(j.high()).isCloseTo(0.1776442954887228476, within(1e-10));
    }

    @Test
    void atZeroAndOneUsesTheRespondentsWhereRGivesNaN() {
      // R: binom.test(0, 20)$conf.int = (0, 0.16843347098308536); svyciprop(method = "beta") is NaN here
      Estimate zero = new Estimate("d", 0, 0, Interval.NONE, Interval.NONE, Double.NaN, 20, Double.NaN, 19);
      Interval i = IntervalMethod.CLOPPER_PEARSON.of(zero, 0.95);
      assertThat(i.low()).isEqualTo(0);
      assertThat(i.high()).isCloseTo(0.16843347098308536, within(1e-12));
      Estimate one = new Estimate("d", 1, 0, Interval.NONE, Interval.NONE, Double.NaN, 20, Double.NaN, 19);
      Interval j = IntervalMethod.CLOPPER_PEARSON.of(one, 0.95);
      assertThat(j.low()).isCloseTo(1 - 0.16843347098308536, within(1e-12));
      assertThat(j.high()).isEqualTo(1);
    }

    @Test
    void hasNoIntervalWithoutDegreesOfFreedom() {
      // R: qt(alpha/2, 0) is NaN, so is the interval
      Estimate e = new Estimate("d", 0.5, 0.1, Interval.NONE, Interval.NONE, 1, 10, 10, 0);
      assertThat(IntervalMethod.CLOPPER_PEARSON.of(e, 0.95)).isEqualTo(Interval.NONE);
    }
  }

  @Nested
  class Logit {

    @Test
    void isDegenerateAtZeroAndOneAsR() {
      // R: svyciprop(~y, design, method = "logit") at a domain with y all 0 gives (2e-12, 4e-12), all 1 (1 - 5e-12, 1)
      assertThat(IntervalMethod.logit(0, 0, 10, 0.95)).isEqualTo(new Interval(0, 0));
      assertThat(IntervalMethod.logit(1, 0, 10, 0.95)).isEqualTo(new Interval(1, 1));
      Estimator est = Estimator.of(SurveyDesign.of(new String[] {"a", "a", "a", "b", "b", "b"}, null,
          new double[] {1, 2, 1, 1, 1, 2}));
      DomainResults r = est.meanByDomain(new double[] {0, 0, 0, 1, 0, 1}, null,
          Domains.of(new String[] {"a", "a", "a", "b", "b", "b"}));
      assertThat(r.domains().get(0).logit()).isEqualTo(new Interval(0, 0));
    }
  }

  @Test
  void methodsAreNamedAsOnTheCommandLine() {
    assertThat(IntervalMethod.of("clopper-pearson")).isEqualTo(IntervalMethod.CLOPPER_PEARSON);
    assertThat(IntervalMethod.of("wilson")).isEqualTo(IntervalMethod.WILSON);
    assertThat(IntervalMethod.LOGIT.label()).isEqualTo("logit");
    assertThatThrownBy(() -> IntervalMethod.of("exact")).hasMessageContaining("\"exact\"");
  }

  @Test
  void betaQuantileMatchesR() {
    // R: qbeta(0.975, 1, 20)
    assertThat(Distributions.betaQuantile(0.975, 1, 20)).isCloseTo(0.16843347098308536, within(1e-14));
  }
}
