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
 * relative.
 */
class GroupedEstimatorPropertiesTest {

  /** Relative tolerance, with an absolute floor for values that are zero in exact arithmetic. */
  static final double REL = 1e-12;
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
    if (a instanceof Double x && b instanceof Double y) {
      boolean ok = Double.isNaN(x) ? Double.isNaN(y)
          : Math.abs(x - y) <= REL * Math.max(Math.abs(x), Math.abs(y)) + FLOOR || x.equals(y);
      if (!ok) {
        out.add(path + ": " + x + " vs " + y);
      }
    } else if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        out.add(path + ": sizes " + la.size() + " vs " + lb.size());
        return;
      }
      for (int i = 0; i < la.size(); i++) {
        same(path + "[" + i + "]", la.get(i), lb.get(i), out);
      }
    } else if (a != null && a.getClass().isRecord()) {
      // a variance zero in exact arithmetic (every value in the domain the same) is rounding noise in both paths,
      // and so is a design effect of noise over noise: compared only when the spread is real
      boolean degenerate = a instanceof Estimate x && b instanceof Estimate y
          && x.standardError() <= 1e-12 * Math.abs(x.estimate()) + FLOOR
          && y.standardError() <= 1e-12 * Math.abs(y.estimate()) + FLOOR;
      for (RecordComponent rc : a.getClass().getRecordComponents()) {
        if (degenerate && (rc.getName().equals("designEffect") || rc.getName().equals("effectiveN"))) {
          continue;
        }
        try {
          same(path + "." + rc.getName(), rc.getAccessor().invoke(a), rc.getAccessor().invoke(b), out);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    } else if (!java.util.Objects.equals(a, b)) {
      out.add(path + ": " + a + " vs " + b);
    }
  }
}
