package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.sanlv.platform.InputRejected;

/**
 * The grouped path (what the database's GROUP BY feeds) gives the same numbers as the per-respondent arrays:
 * random designs — strata, PSUs or each respondent its own PSU, post-stratification, domains, {@code where}
 * subsets, missing values, every lonely-PSU rule — every field of every estimate and difference to 1e-12
 * relative, and what comes from a variance to 1e-10.
 */
class GroupedEstimatorPropertiesTest {

  /** Relative tolerance, with an absolute floor for values that are zero in exact arithmetic. */
  static final double REL = 1e-12;
  /** Relative tolerance of what is computed from a variance (see {@link #sameEstimate}). */
  static final double SPREAD_REL = 1e-10;
  static final double FLOOR = 1e-14;

  record Case(GroupedDesign grouped, SurveyDesign expanded, double[] y, double[] yExpanded, boolean[] where,
      boolean[] whereExpanded, String[] domains, String[] domainsExpanded) {}

  static Case random(long seed) {
    Random r = new Random(seed);
    boolean own = r.nextBoolean();
    boolean post = r.nextBoolean();
    boolean proportion = r.nextBoolean();
    int strata = 1 + r.nextInt(5);
    int groups = 2 + r.nextInt(60);
    String[] stratum = new String[groups];
    String[] psu = new String[groups];
    String[] cell = new String[groups];
    String[] domain = new String[groups];
    double[] w = new double[groups];
    long[] count = new long[groups];
    double[] y = new double[groups];
    boolean[] where = r.nextBoolean() ? null : new boolean[groups];
    for (int g = 0; g < groups; g++) {
      // the last stratum often small: a lonely PSU or a lonely respondent
      int h = r.nextInt(strata);
      stratum[g] = "s" + h;
      psu[g] = "p" + r.nextInt(h == strata - 1 ? 1 : 4);
      cell[g] = stratum[g] + "|" + r.nextInt(3);
      domain[g] = r.nextInt(10) == 0 ? null : "d" + r.nextInt(4);
      w[g] = 1 + 500 * r.nextDouble();
      count[g] = h == strata - 1 && r.nextBoolean() ? 1 : 1 + r.nextInt(6);
      y[g] = r.nextInt(15) == 0 ? Double.NaN : proportion ? r.nextInt(2) : 10 * r.nextDouble();
      if (where != null) {
        where[g] = r.nextInt(4) != 0;
      }
    }
    // weights are constant within a group; in post-stratified designs the base weight is per stratum (w = N_h/n_h)
    int n = (int) java.util.Arrays.stream(count).sum();
    String[] sE = new String[n];
    String[] pE = new String[n];
    String[] cE = new String[n];
    String[] dE = new String[n];
    double[] wE = new double[n];
    double[] yE = new double[n];
    boolean[] whereE = where == null ? null : new boolean[n];
    for (int g = 0, i = 0; g < groups; g++) {
      for (long k = 0; k < count[g]; k++, i++) {
        sE[i] = stratum[g];
        pE[i] = psu[g];
        cE[i] = cell[g];
        dE[i] = domain[g];
        wE[i] = w[g];
        yE[i] = y[g];
        if (where != null) {
          whereE[i] = where[g];
        }
      }
    }
    LonelyPsu rule = LonelyPsu.values()[r.nextInt(LonelyPsu.values().length)];
    GroupedDesign gd = GroupedDesign.of(stratum, own ? null : psu, w, count).withLonelyPsu(rule);
    SurveyDesign sd = SurveyDesign.of(sE, own ? null : pE, wE).withLonelyPsu(rule);
    if (post) {
      Map<String, Double> population = new HashMap<>();
      for (String c : cell) {
        population.putIfAbsent(c, 100 + 10_000 * r.nextDouble());
      }
      gd = gd.postStratify(cell, population);
      sd = sd.postStratify(cE, population);
    }
    return new Case(gd, sd, y, yE, where, whereE, domain, dE);
  }

  @Property(tries = 400)
  void groupedSumsGiveTheSameEstimatesAsTheExpandedArrays(@ForAll @IntRange(min = 1, max = 1_000_000) int seed) {
    Case c = random(seed);
    DomainResults expected;
    try {
      expected = Estimator.of(c.expanded()).meanByDomain(c.yExpanded(), c.whereExpanded(),
          Domains.of(c.domainsExpanded()));
    } catch (InputRejected e) {
      // lonely PSU under FAIL: the grouped path refuses the same way, naming the same stratum
      assertThatThrownBy(() -> GroupedEstimator.of(c.grouped()).meanByDomain(c.y(), c.where(), Domains.of(c.domains())))
          .isInstanceOfSatisfying(InputRejected.class,
              g -> assertThat(g.problems()).isEqualTo(e.problems()));
      return;
    }
    DomainResults actual = GroupedEstimator.of(c.grouped()).meanByDomain(c.y(), c.where(), Domains.of(c.domains()));
    List<String> differences = new ArrayList<>();
    same("result", expected, actual, differences);
    assertThat(differences).as("seed %d", seed).isEmpty();
    assertThat(c.grouped().respondents()).isEqualTo(c.expanded().size());
    Estimate mean = GroupedEstimator.of(c.grouped()).mean(c.y(), c.where());
    same("mean", expected.overall(), mean, differences);
    assertThat(differences).as("seed %d", seed).isEmpty();
  }

  @Property(tries = 100)
  void groupedWeightsAreTheExpandedWeights(@ForAll @IntRange(min = 1, max = 1_000_000) int seed) {
    Case c = random(seed);
    double[] g = c.grouped().weights();
    double[] e = c.expanded().weights();
    long[] count = c.grouped().count;
    for (int k = 0, i = 0; k < g.length; i += (int) count[k], k++) {
      assertThat(Math.abs(g[k] - e[i])).isLessThanOrEqualTo(REL * e[i]);
    }
  }

  /** Every component of two records (estimates, intervals, lists of them), doubles to the tolerance. */
  static void same(String path, Object a, Object b, List<String> out) {
    same(path, a, b, REL, 0, out);
  }

  /**
   * {@code scale}: the size of the quantities a value was computed from. A domain's difference from the whole is a
   * small number left after subtracting two close ones (4.3723 − 4.3695), so its rounding error is relative to the
   * means, not to itself (seed 880: 1.5e-14 apart on a difference of 0.0027, 5e-12 relative to it).
   */
  static void same(String path, Object a, Object b, double rel, double scale, List<String> out) {
    if (a instanceof DomainResults r) {
      scale = Math.abs(r.overall().estimate());
    }
    if (a instanceof Double x && b instanceof Double y) {
      boolean ok = Double.isNaN(x) ? Double.isNaN(y)
          : Math.abs(x - y) <= rel * Math.max(Math.max(Math.abs(x), Math.abs(y)), scale) + FLOOR || x.equals(y);
      if (!ok) {
        out.add(path + ": " + x + " vs " + y);
      }
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        out.add(path + ": sizes " + la.size() + " vs " + lb.size());
        return;
      }
      for (int i = 0; i < la.size(); i++) {
        same(path + "[" + i + "]", la.get(i), lb.get(i), rel, scale, out);
      }
    } else if (a instanceof Estimate x && b instanceof Estimate y) {
      sameEstimate(path, x, y, scale, out);
    } else if (a != null && a.getClass().isRecord()) {
      for (RecordComponent rc : a.getClass().getRecordComponents()) {
        try {
          same(path + "." + rc.getName(), rc.getAccessor().invoke(a), rc.getAccessor().invoke(b), rel, scale, out);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    } else if (!java.util.Objects.equals(a, b)) {
      out.add(path + ": " + a + " vs " + b);
    }
  }

  /**
   * The estimate and the Wald interval to {@link #REL}; what comes from the variance to {@link #SPREAD_REL}. A
   * variance sums squared residuals y − ȳ, which lose digits when the spread is small beside the mean, and the two
   * paths sum in different orders (seed 70031: a deff of 3.4349651014 apart by 2e-12 relative).
   */
  static void sameEstimate(String path, Estimate x, Estimate y, double scale, List<String> out) {
    same(path + ".domain", x.domain(), y.domain(), REL, scale, out);
    same(path + ".n", x.n(), y.n(), REL, scale, out);
    same(path + ".degreesOfFreedom", x.degreesOfFreedom(), y.degreesOfFreedom(), REL, scale, out);
    same(path + ".estimate", x.estimate(), y.estimate(), REL, scale, out);
    same(path + ".wald", x.wald(), y.wald(), REL, scale, out);
    // a variance zero in exact arithmetic (every value in the domain the same, or one PSU) is rounding noise in both
    // paths (1e-14 and 2e-15 on a mean of 5), and so are a design effect of noise over noise and the logit interval at one degree of freedom, where R's factor
    // is infinite ((0, 1) for an se of 1e-17, NaN for an se of 0): compared only when the spread is real
    double noise = SPREAD_REL * Math.max(Math.abs(x.estimate()), scale) + FLOOR;
    if (x.standardError() <= noise && y.standardError() <= noise) {
      return;
    }
    same(path + ".standardError", x.standardError(), y.standardError(), SPREAD_REL, scale, out);
    same(path + ".logit", x.logit(), y.logit(), SPREAD_REL, scale, out);
    same(path + ".designEffect", x.designEffect(), y.designEffect(), SPREAD_REL, 0, out);
    // n / deff compared as deff: a deff of 7.6e-6 that is right to 1e-10 gives an n_eff of 2e6 that is too
    same(path + ".n/effectiveN", x.n() / x.effectiveN(), y.n() / y.effectiveN(), SPREAD_REL, 0, out);
  }
}
