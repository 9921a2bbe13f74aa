package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanlv.platform.CsvTable;

/**
 * Issue 18: an online-like sample (strata = county, each respondent its own PSU, base weights N_h/n_h,
 * post-stratified to county × age group × sex, one county of a single respondent with lonely PSUs "adjust")
 * against R's survey package — src/test/r/online-weighting-reference.R wrote the fixture and R's values — through
 * the per-respondent arrays and through the grouped sums the results page uses. Estimates and differences to a
 * relative 1e-9, standard errors, design effects, effective sizes and interval ends to 1e-7.
 */
class OnlineWeightingReferenceTest {

  static final Fixture DATA = Fixture.load("online-fixture.csv");
  static final double ZERO = 1e-12;

  static Map<String, Double> reference() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : Fixture.resource("online-reference.csv").split("\n")) {
      if (line.startsWith("#") || line.startsWith("by,") || line.isBlank()) {
        continue;
      }
      int cut = line.lastIndexOf(',');
      out.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1).trim()));
    }
    return out;
  }

  static Map<String, Double> cells() {
    Map<String, Double> out = new HashMap<>();
    for (CsvTable.Row r : CsvTable.parse(Fixture.resource("online-cells.csv"), 10_000).rows()) {
      out.put(r.get("cell"), Double.parseDouble(r.get("population")));
    }
    return out;
  }

  /** What Java computes, under the keys of online-reference.csv; {@code grouped}: through the grouped sums. */
  static Map<String, Double> compute(boolean grouped) {
    String[] county = DATA.strings("county");
    String[] cell = DATA.strings("cell");
    double[] w0 = DATA.numbers("w0");
    double[] safe = DATA.numbers("safe");
    double[] score = DATA.numbers("score");
    double[] know = DATA.numbers("know");
    Map<String, Double> out = new HashMap<>();
    if (!grouped) {
      Estimator est = Estimator.of(SurveyDesign.of(county, null, w0).withLonelyPsu(LonelyPsu.ADJUST)
          .postStratify(cell, cells()));
      for (String name : List.of("safe", "score", "safe_knowing")) {
        double[] y = name.equals("score") ? score : safe;
        boolean[] where = name.equals("safe_knowing") ? ones(know) : null;
        put(out, name, est.meanByDomain(y, where, Domains.of(county)), where == null ? county.length : count(where));
      }
      double[] w = est.design().weights();
      for (int i = 0; i < w.length; i++) {
        out.put("weight," + (i + 1) + ",w,weight", w[i]);
      }
      return out;
    }
    // group identical respondents: county, cell, answers
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Integer> first = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    int[] groupOf = new int[county.length];
    for (int i = 0; i < county.length; i++) {
      String key = county[i] + "/" + cell[i] + "/" + safe[i] + "/" + score[i] + "/" + know[i];
      Integer g = index.get(key);
      if (g == null) {
        g = index.size();
        index.put(key, g);
        first.add(i);
        counts.add(0L);
      }
      counts.set(g, counts.get(g) + 1);
      groupOf[i] = g;
    }
    int groups = first.size();
    String[] gCounty = new String[groups];
    String[] gCell = new String[groups];
    double[] gW = new double[groups];
    double[] gSafe = new double[groups];
    double[] gScore = new double[groups];
    double[] gKnow = new double[groups];
    long[] gCount = new long[groups];
    for (int g = 0; g < groups; g++) {
      int i = first.get(g);
      gCounty[g] = county[i];
      gCell[g] = cell[i];
      gW[g] = w0[i];
      gSafe[g] = safe[i];
      gScore[g] = score[i];
      gKnow[g] = know[i];
      gCount[g] = counts.get(g);
    }
    assertThat(groups).isLessThan(county.length);
    GroupedEstimator est = GroupedEstimator.of(GroupedDesign.of(gCounty, null, gW, gCount)
        .withLonelyPsu(LonelyPsu.ADJUST).postStratify(gCell, cells()));
    for (String name : List.of("safe", "score", "safe_knowing")) {
      double[] y = name.equals("score") ? gScore : gSafe;
      boolean[] where = name.equals("safe_knowing") ? ones(gKnow) : null;
      put(out, name, est.meanByDomain(y, where, Domains.of(gCounty)), where == null ? county.length
          : count(ones(know)));
    }
    double[] w = est.design().weights();
    for (int i = 0; i < county.length; i++) {
      out.put("weight," + (i + 1) + ",w,weight", w[groupOf[i]]);
    }
    return out;
  }

  static boolean[] ones(double[] v) {
    boolean[] b = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i] == 1;
    }
    return b;
  }

  static int count(boolean[] b) {
    int n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }

  static void put(Map<String, Double> out, String name, DomainResults r, int n) {
    List<Estimate> all = new ArrayList<>(r.domains());
    all.add(0, r.overall());
    for (Estimate e : all) {
      String by = e.domain().equals("all") ? "all" : "county";
      String k = by + "," + e.domain() + "," + name + ",";
      out.put(k + "mean", e.estimate());
      out.put(k + "se", e.standardError());
      out.put(k + "deff", e.designEffect());
      out.put(k + "n_eff", e.effectiveN());
      out.put(k + "logit_low", e.logit().low());
      out.put(k + "logit_high", e.logit().high());
      if (by.equals("all")) {
        out.put(k + "degf", (double) e.degreesOfFreedom());
        assertThat(e.n()).isEqualTo(n);
      }
    }
    for (Difference d : r.differences()) {
      out.put("county," + d.domain() + "," + name + ",diff", d.difference());
      out.put("county," + d.domain() + "," + name + ",diff_se", d.standardError());
    }
  }

  @ParameterizedTest(name = "grouped = {0}")
  @ValueSource(booleans = {false, true})
  void agreesWithR(boolean grouped) {
    Map<String, Double> java = compute(grouped);
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, Double> e : reference().entrySet()) {
      String k = e.getKey();
      String stat = k.substring(k.lastIndexOf(',') + 1);
      Double actual = java.get(k);
      double expected = e.getValue();
      double tol = switch (stat) {
        case "mean", "diff", "weight", "degf" -> 1e-9;
        default -> 1e-7;
      };
      compared++;
      if (actual == null) {
        failures.add(k + ": not computed");
      } else if (Double.isNaN(expected)) {
        // a county of one respondent: no spread, so no design effect; R's logit interval at p = 1 is NaN
        if (!Double.isNaN(actual) && !(stat.startsWith("logit") && (actual == 0.0 || actual == 1.0))) {
          failures.add(k + ": R NaN, Java " + actual);
        }
      } else if (!(Math.abs(actual - expected) <= tol * Math.abs(expected) + ZERO)) {
        failures.add(k + ": R " + expected + ", Java " + actual);
      }
    }
    assertThat(compared).isGreaterThan(150);
    assertThat(failures).as("%d of %d values differ", failures.size(), compared).isEmpty();
    // finite and meaningful: the whole's design effect near 1 and its effective size near n
    assertThat(java.get("all,all,safe,deff")).isBetween(1.0, 2.0);
    assertThat(java.get("all,all,safe,n_eff")).isBetween(200.0, 536.0);
  }
}
