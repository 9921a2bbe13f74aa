package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The R-agreement cases of {@link ReferenceAgreementTest} that the results page exercises (means per domain and
 * differences from the whole; stratified cluster design, post-stratification, every lonely-PSU rule) through the
 * grouped path ({@link GroupedDesign}, {@link GroupedEstimator}): respondents alike in county, PSU, weight, cell and
 * answers form one group. Same tolerances and R values as the per-respondent test.
 */
class ReferenceAgreementGroupedTest {

  static Stream<String> cases() {
    return Stream.of("strat", "post", "lonely-remove", "lonely-adjust", "lonely-average", "lonely-certainty");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void groupedAgreesWithR(String name) {
    Fixture f = ReferenceAgreementTest.data(name);
    String[] county = f.strings("county");
    String[] psu = f.strings("psu");
    double[] w = f.numbers("w");
    String[] cell = f.joined("county", "age_group", "sex");
    double[] safe = f.safe();
    double[] aware = f.aware();
    double[] q13good = f.q13good();
    boolean[] know = f.know();
    Map<String, String[]> by = new LinkedHashMap<>();
    for (String b : List.of("county", "age_group", "mode", "town", "sex")) {
      by.put(b, f.strings(b));
    }
    // groups: everything the estimators see alike
    Map<String, Integer> index = new HashMap<>();
    List<Integer> first = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < f.n; i++) {
      StringBuilder key = new StringBuilder().append(county[i]).append('/').append(psu[i]).append('/').append(w[i])
          .append('/').append(cell[i]).append('/').append(safe[i]).append('/').append(aware[i]).append('/')
          .append(q13good[i]).append('/').append(know[i]);
      for (String[] v : by.values()) {
        key.append('/').append(v[i]);
      }
      Integer g = index.get(key.toString());
      if (g == null) {
        g = first.size();
        index.put(key.toString(), g);
        first.add(i);
        counts.add(0L);
      }
      counts.set(g, counts.get(g) + 1);
    }
    int groups = first.size();
    long[] count = counts.stream().mapToLong(Long::longValue).toArray();
    GroupedDesign design = GroupedDesign.of(pick(county, first), pick(psu, first), pick(w, first), count);
    design = switch (name) {
      case "strat" -> design;
      case "post" -> design.postStratify(pick(cell, first),
          Fixture.margins("margins-county-age-sex.csv", "county", "age_group", "sex"));
      default -> design.withLonelyPsu(LonelyPsu.of(name.substring("lonely-".length())));
    };
    GroupedEstimator est = GroupedEstimator.of(design);
    Map<String, Double> java = new HashMap<>();
    for (String indicator : Fixture.indicators()) {
      double[] y = pick(switch (indicator) {
        case "safe" -> safe;
        case "aware" -> aware;
        default -> q13good;
      }, first);
      boolean[] where = indicator.equals("q13good") ? pick(know, first) : null;
      ReferenceAgreementTest.put(java, name, "all", est.mean(y, where), indicator);
      for (Map.Entry<String, String[]> b : by.entrySet()) {
        DomainResults r = est.meanByDomain(y, where, Domains.of(pick(b.getValue(), first)));
        for (Estimate e : r.domains()) {
          ReferenceAgreementTest.put(java, name, b.getKey(), e, indicator);
        }
        if (b.getKey().equals("county")) {
          for (Difference d : r.differences()) {
            java.put(ReferenceAgreementTest.key(name, "county", d.domain(), indicator, "diff"), d.difference());
            java.put(ReferenceAgreementTest.key(name, "county", d.domain(), indicator, "diff_se"), d.standardError());
          }
        }
      }
    }
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, Double> e : ReferenceAgreementTest.R.entrySet()) {
      String k = e.getKey();
      String stat = k.substring(k.lastIndexOf(',') + 1);
      if (!k.startsWith(name + ",") || !List.of("mean", "se", "deff", "logit_low", "logit_high", "diff", "diff_se")
          .contains(stat)) {
        continue;
      }
      compared++;
      Double actual = java.get(k);
      double expected = e.getValue();
      double tol = stat.equals("mean") || stat.equals("diff") ? 1e-9 : 1e-7;
      if (actual == null) {
        failures.add(k + ": not computed");
      } else if (Double.isNaN(expected)) {
        if (!(Double.isNaN(actual) || stat.equals("logit_high") && actual == 1.0)) {
          failures.add(k + ": R NaN, Java " + actual);
        }
      } else if (!(Math.abs(actual - expected) <= tol * Math.abs(expected) + ReferenceAgreementTest.ZERO)) {
        failures.add(k + ": R " + expected + ", Java " + actual);
      }
    }
    assertThat(groups).isLessThanOrEqualTo(f.n);
    assertThat(compared).isGreaterThan(50);
    assertThat(failures).as("%d of %d values differ", failures.size(), compared).isEmpty();
  }

  static String[] pick(String[] v, List<Integer> first) {
    return first.stream().map(i -> v[i]).toArray(String[]::new);
  }

  static double[] pick(double[] v, List<Integer> first) {
    return first.stream().mapToDouble(i -> v[i]).toArray();
  }

  static boolean[] pick(boolean[] v, List<Integer> first) {
    boolean[] out = new boolean[first.size()];
    for (int g = 0; g < out.length; g++) {
      out[g] = v[first.get(g)];
    }
    return out;
  }
}
