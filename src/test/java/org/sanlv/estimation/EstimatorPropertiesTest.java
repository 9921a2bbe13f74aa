package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Properties of the estimators that hold whatever the data. */
class EstimatorPropertiesTest {

  static double[] random(Random r, int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return v;
  }

  @Property(tries = 50)
  void scalingAllWeightsByAConstantLeavesRatesAndTheirErrorsUnchanged(@ForAll @IntRange(min = 1, max = 10_000) int seed,
      @ForAll @DoubleRange(min = 0.01, max = 1000) double c) {
    Random r = new Random(seed);
    int n = 300;
    String[] strata = new String[n];
    String[] psus = new String[n];
    String[] county = new String[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      strata[i] = "s" + i % 5;
      psus[i] = "p" + i % 15;
      county[i] = "c" + r.nextInt(4);
      y[i] = r.nextDouble() < 0.6 ? 1 : 0;
    }
    double[] w = random(r, n, 50, 500);
    double[] scaled = w.clone();
    for (int i = 0; i < n; i++) {
      scaled[i] *= c;
    }
    DomainResults a = Estimator.of(SurveyDesign.of(strata, psus, w)).meanByDomain(y, null, Domains.of(county));
    DomainResults b = Estimator.of(SurveyDesign.of(strata, psus, scaled)).meanByDomain(y, null, Domains.of(county));
    assertThat(b.overall().estimate()).isCloseTo(a.overall().estimate(), within(1e-12));
    assertThat(b.overall().standardError()).isCloseTo(a.overall().standardError(), within(1e-12));
    for (int k = 0; k < a.domains().size(); k++) {
      assertThat(b.domains().get(k).estimate()).isCloseTo(a.domains().get(k).estimate(), within(1e-12));
      assertThat(b.differences().get(k).standardError())
          .isCloseTo(a.differences().get(k).standardError(), within(1e-12));
    }
  }

  @Test
  void aSingleStratumSimpleRandomSampleGivesTheTextbookFormula() {
    // equal weights N/n, one stratum, each respondent its own PSU, fpc N:
    // var(ȳ) = (1 - n/N) s²/n  (Cochran 1977, 2.11)
    Random r = new Random(7);
    int n = 400;
    double bigN = 10_000;
    double[] y = random(r, n, 0, 10);
    double[] w = new double[n];
    double[] fpc = new double[n];
    java.util.Arrays.fill(w, bigN / n);
    java.util.Arrays.fill(fpc, bigN);
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
    double s2 = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    Estimate e = Estimator.of(SurveyDesign.of(null, null, w).withFpc(fpc)).mean(y, null);
    assertThat(e.estimate()).isCloseTo(mean, within(1e-12));
    assertThat(e.standardError()).isCloseTo(Math.sqrt((1 - n / bigN) * s2 / n), within(1e-12));
    // its design effect is 1 (R's deff divides by the same without-replacement SRS variance)
    assertThat(e.designEffect()).isCloseTo(1, within(1e-12));
    // without fpc: with-replacement s²/n
    Estimate wr = Estimator.of(SurveyDesign.of(null, null, w)).mean(y, null);
    assertThat(wr.standardError()).isCloseTo(Math.sqrt(s2 / n), within(1e-12));
  }

  @Test
  void quantilesAgreeWithR() {
    assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-15));
    assertThat(Distributions.normalQuantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-13));
    // qt(0.025, c(4, 30, 1000, 3)), qnorm(1e-10), pnorm(-2.776445105197794) in R 4.2.2
    assertThat(Distributions.tQuantile(0.025, 4)).isCloseTo(-2.776445105197794, within(1e-13));
    assertThat(Distributions.tQuantile(0.025, 30)).isCloseTo(-2.042272456301238, within(1e-13));
    // ln Γ differences lose a few digits at large df: still 1e-13 relative
    assertThat(Distributions.tQuantile(0.025, 1000)).isCloseTo(-1.962339080826408, within(1e-12));
    assertThat(Distributions.tQuantile(0.025, 3)).isCloseTo(-3.182446305283709, within(1e-13));
    assertThat(Distributions.normalCdf(-2.776445105197794)).isCloseTo(0.002747845729966187, within(1e-15));
  }

  @Test
  void nonresponseAdjustmentKeepsEachCellsWeightTotal() {
    double[] w = {1, 2, 3, 4, 5, 6};
    String[] cell = {"a", "a", "a", "b", "b", "b"};
    boolean[] responded = {true, false, true, true, true, false};
    double[] adj = WeightAdjustment.nonresponse(w, cell, responded);
    assertThat(adj).containsExactly(1 * 6 / 4.0, 0, 3 * 6 / 4.0, 4 * 15 / 9.0, 5 * 15 / 9.0, 0);
  }
}
