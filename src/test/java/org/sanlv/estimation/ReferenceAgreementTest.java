package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sanlv.platform.InputRejected;

/**
 * Agreement with R's survey package (4.1.1) on the fixture of src/test/resources/estimation, produced by
 * src/test/r/estimation-reference.R. Every value in reference.csv for a case is compared: estimates to a
 * relative 1e-9, standard errors, design effects and interval ends to a relative 1e-7.
 */
class ReferenceAgreementTest {

  static final Map<String, Double> R = Fixture.reference();
  /**
   * Absolute floor: a standard error that is zero in exact arithmetic (a domain in one PSU of a stratum
   * with the lonely rule adjust, or a town whose PSUs agree) is 1e-17 of rounding noise in both R and Java.
   */
  static final double ZERO = 1e-12;
  static final Fixture MAIN = Fixture.load("fixture.csv");
  static final Fixture LONELY = Fixture.load("fixture-lonely.csv");

  static SurveyDesign strat(Fixture f) {
    // svydesign(ids = ~psu, strata = ~county, weights = ~w, nest = TRUE, data = main)
    return SurveyDesign.of(f.strings("county"), f.strings("psu"), f.numbers("w"));
  }

  static SurveyDesign design(String name) {
    return switch (name) {
      case "strat" -> strat(MAIN);
      // svydesign(..., fpc = ~fpc)
      case "fpc" -> strat(MAIN).withFpc(MAIN.numbers("fpc"));
      // postStratify(strat, ~county + age_group + sex, cells)
      case "post" -> strat(MAIN).postStratify(MAIN.joined("county", "age_group", "sex"),
          Fixture.margins("margins-county-age-sex.csv", "county", "age_group", "sex"));
      // rake(strat, list(~county, ~age_group, ~sex), ..., control = list(maxit = 100, epsilon = 1e-10))
      case "rake" -> strat(MAIN).rake(List.of(
              new SurveyDesign.Margin("county", MAIN.joined("county"), Fixture.margins("margin-county.csv", "county")),
              new SurveyDesign.Margin("age_group", MAIN.joined("age_group"), Fixture.margins("margin-age.csv", "age_group")),
              new SurveyDesign.Margin("sex", MAIN.joined("sex"), Fixture.margins("margin-sex.csv", "sex"))),
          SurveyDesign.RakeControl.defaults().withMaxIterations(100).withEpsilon(1e-10));
      // trimWeights(post, lower = 150, upper = 900)
      case "trim" -> design("post").trimWeights(150, 900, false);
      case "extremes" -> strat(MAIN);
      default -> strat(LONELY).withLonelyPsu(LonelyPsu.of(name.substring("lonely-".length())));
    };
  }

  static Fixture data(String name) {
    return name.startsWith("lonely-") ? LONELY : MAIN;
  }

  static Stream<String> cases() {
    return Stream.of("strat", "fpc", "post", "rake", "trim", "lonely-remove", "lonely-adjust", "lonely-average",
        "lonely-certainty", "extremes");
  }

  /** Everything Java computes for a case, under the keys of reference.csv. */
  static Map<String, Double> compute(String name) {
    Fixture f = data(name);
    Estimator est = Estimator.of(design(name));
    Map<String, Double> out = new HashMap<>();
    for (String indicator : name.equals("extremes") ? List.of("edge") : Fixture.indicators()) {
      double[] y = switch (indicator) {
        case "safe" -> f.safe();
        case "edge" -> edge(f);
        case "aware" -> f.aware();
        default -> f.q13good();
      };
      boolean[] where = indicator.equals("q13good") ? f.know() : null;
      Estimate all = est.mean(y, where);
      put(out, name, "all", all, indicator);
      Estimate total = est.total(y, where);
      out.put(key(name, "all", "all", indicator, "total"), total.estimate());
      out.put(key(name, "all", "all", indicator, "total_se"), total.standardError());
      out.put(key(name, "all", "all", indicator, "total_deff"), total.designEffect());
      out.put(key(name, "all", "all", indicator, "degf"), (double) all.degreesOfFreedom());
      for (String by : List.of("county", "age_group", "mode", "town", "sex")) {
        DomainResults r = est.meanByDomain(y, where, Domains.of(f.strings(by)));
        for (Estimate e : r.domains()) {
          put(out, name, by, e, indicator);
        }
        assertThat(r.overall()).isEqualTo(all);
        if (by.equals("county")) {
          for (Difference d : r.differences()) {
            out.put(key(name, by, d.domain(), indicator, "diff"), d.difference());
            out.put(key(name, by, d.domain(), indicator, "diff_se"), d.standardError());
          }
        }
      }
    }
    double[] w = est.design().weights();
    for (int i = 0; i < f.n; i++) {
      out.put(key(name, "weight", f.table.rows().get(i).get("id"), "w", "weight"), w[i]);
    }
    return out;
  }

  /** safe, with county c01 at 0 % and c02 at 100 % (the R script's case 7). */
  static double[] edge(Fixture f) {
    double[] y = f.safe();
    String[] county = f.strings("county");
    for (int i = 0; i < y.length; i++) {
      y[i] = county[i].equals("c01") ? 0 : county[i].equals("c02") ? 1 : y[i];
    }
    return y;
  }

  static void put(Map<String, Double> out, String name, String by, Estimate e, String indicator) {
    out.put(key(name, by, e.domain(), indicator, "mean"), e.estimate());
    out.put(key(name, by, e.domain(), indicator, "se"), e.standardError());
    out.put(key(name, by, e.domain(), indicator, "deff"), e.designEffect());
    out.put(key(name, by, e.domain(), indicator, "logit_low"), e.logit().low());
    out.put(key(name, by, e.domain(), indicator, "logit_high"), e.logit().high());
    Interval beta = IntervalMethod.CLOPPER_PEARSON.of(e, 0.95);
    out.put(key(name, by, e.domain(), indicator, "beta_low"), beta.low());
    out.put(key(name, by, e.domain(), indicator, "beta_high"), beta.high());
  }

  static String key(String... parts) {
    return String.join(",", parts);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithR(String name) {
    Map<String, Double> java = compute(name);
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, Double> e : R.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(name + ",")) {
        continue;
      }
      compared++;
      String stat = k.substring(k.lastIndexOf(',') + 1);
      Double actual = java.get(k);
      double expected = e.getValue();
      double tol = switch (stat) {
        case "mean", "total", "diff", "weight", "degf" -> 1e-9;
        default -> 1e-7;
      };
      // R's logit interval at p = 0 or 1 is the glm's (p, p) to its convergence, about 1e-11
      double floor = stat.startsWith("logit") && name.equals("extremes") ? 1e-10 : ZERO;
      if (actual == null) {
        failures.add(k + ": not computed");
      } else if (Double.isNaN(expected) && stat.startsWith("beta")) {
        // R's n.eff = 0/0 at p = 0 or 1; Java uses n there (IntervalMethodTest holds those values);
        // both NaN without degrees of freedom (a town in one PSU)
        if (!(Double.isNaN(actual) || actual >= 0 && actual <= 1)) {
          failures.add(k + ": R NaN (se = 0), Java " + actual);
        }
      } else if (Double.isNaN(expected)) {
        // R's expit(Inf) is NaN where the t quantile of one degree of freedom overflows; Java gives 1
        if (!(Double.isNaN(actual) || stat.equals("logit_high") && actual == 1.0)) {
          failures.add(k + ": R NaN, Java " + actual);
        }
      } else if (!(Math.abs(actual - expected) <= tol * Math.abs(expected) + floor)) {
        failures.add(k + ": R " + expected + ", Java " + actual + " (rel "
            + Math.abs(actual - expected) / Math.abs(expected) + ")");
      }
    }
    assertThat(compared).isGreaterThan(50);
    assertThat(failures).as("%d of %d values differ", failures.size(), compared).isEmpty();
  }

  @Test
  void lonelyPsuFailNamesTheStratumAsRDoes() {
    // options(survey.lonely.psu = "fail"); svymean(~safe, lon) stops: "Stratum (c09) has only one PSU"
    assertThat(R.get("lonely-fail,all,all,safe,fails")).isEqualTo(1.0);
    Estimator est = Estimator.of(strat(LONELY));
    assertThatThrownBy(() -> est.mean(LONELY.safe(), null))
        .isInstanceOfSatisfying(InputRejected.class, e -> {
          assertThat(e.problems().get(0).messageKey()).isEqualTo("estimation.error.lonelyPsu");
          assertThat(e.problems().get(0).args()).containsExactly("c09");
        });
  }
}
