package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a county's score would be with a different rate or sample size: the rate + x points (its difference from
 * the whole too; the whole is kept, a county is a small part of it), the SE and the difference's SE scaled by
 * 1/√factor and n by the factor; for {@code county-mean} the average is recomputed, and the rank among the others.
 * Pure.
 */
public final class WhatIf {

  private WhatIf() {}

  /** The county's row of one source (labelled {@code what-if}) after the change. */
  public static ScoreRow whatIf(Rules rules, SourceResults source, String code, String indicator, double ratePoints,
      double nFactor) {
    return whatIf(rules, "what-if", source, code, indicator, ratePoints, nFactor);
  }

  /**
   * The county's row of the named source after the change.
   *
   * @throws IllegalArgumentException when the indicator is not scored, the county is not in the source, or the
   *     points or factor are not finite (factor &gt; 0)
   */
  public static ScoreRow whatIf(Rules rules, String sourceName, SourceResults source, String code, String indicator,
      double ratePoints, double nFactor) {
    if (!Double.isFinite(ratePoints) || !(nFactor > 0) || !Double.isFinite(nFactor)) {
      throw new IllegalArgumentException("points " + ratePoints + " and factor " + nFactor
          + " must be finite, the factor positive");
    }
    Double k = rules.pointsPerPoint().get(indicator);
    List<DomainInput> rows = source.byIndicator().get(indicator);
    if (k == null || rows == null) {
      throw new IllegalArgumentException("indicator " + indicator + " is not scored in this source");
    }
    List<DomainInput> changed = new ArrayList<>(rows.size());
    boolean found = false;
    for (DomainInput r : rows) {
      if (r.code().equals(code)) {
        found = true;
        changed.add(changed(r, ratePoints, nFactor));
      } else {
        changed.add(r);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("county " + code + " is not in this source");
    }
    Map<String, Double> caps = rules.caps().containsKey(indicator) ? Map.of(indicator, rules.caps().get(indicator))
        : Map.of();
    Rules single = new Rules(rules.year(), rules.average(), rules.fraction(), rules.minN(), Map.of(sourceName, 1.0),
        Map.of(indicator, k), caps);
    Map<String, WholeInput> whole = new LinkedHashMap<>();
    if (source.whole() != null && source.whole().get(indicator) != null) {
      whole.put(indicator, source.whole().get(indicator));
    }
    List<ScoreRow> scored = Scorer.scoreSource(single, sourceName, indicator, changed, whole.get(indicator));
    return scored.stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
  }
  /**
   * The county's rows of every source and combined after the change, applied to the county in every source (one
   * indicator; ranks recomputed among the others).
   *
   * @throws IllegalArgumentException as {@link #whatIf(Rules, String, SourceResults, String, String, double, double)}
   */
  public static List<ScoreRow> whatIfAll(Rules rules, Map<String, SourceResults> inputs, String code,
      String indicator, double ratePoints, double nFactor) {
    if (!Double.isFinite(ratePoints) || !(nFactor > 0) || !Double.isFinite(nFactor)) {
      throw new IllegalArgumentException("points " + ratePoints + " and factor " + nFactor
          + " must be finite, the factor positive");
    }
    Double k = rules.pointsPerPoint().get(indicator);
    if (k == null) {
      throw new IllegalArgumentException("indicator " + indicator + " is not scored");
    }
    Map<String, SourceResults> changed = new LinkedHashMap<>();
    boolean found = false;
    for (Map.Entry<String, SourceResults> e : inputs.entrySet()) {
      List<DomainInput> rows = e.getValue().byIndicator().get(indicator);
      if (rows == null) {
        continue;
      }
      List<DomainInput> out = new ArrayList<>(rows.size());
      for (DomainInput r : rows) {
        if (r.code().equals(code)) {
          found = true;
          out.add(changed(r, ratePoints, nFactor));
        } else {
          out.add(r);
        }
      }
      Map<String, WholeInput> whole = new LinkedHashMap<>();
      if (e.getValue().whole() != null && e.getValue().whole().get(indicator) != null) {
        whole.put(indicator, e.getValue().whole().get(indicator));
      }
      changed.put(e.getKey(), new SourceResults(Map.of(indicator, out), whole));
    }
    if (!found) {
      throw new IllegalArgumentException("county " + code + " is not in the results");
    }
    Map<String, Double> caps = rules.caps().containsKey(indicator) ? Map.of(indicator, rules.caps().get(indicator))
        : Map.of();
    Rules one = new Rules(rules.year(), rules.average(), rules.fraction(), rules.minN(), rules.sources(),
        Map.of(indicator, k), caps);
    return Scorer.score(one, changed).stream().filter(r -> r.code().equals(code)).toList();
  }

  private static DomainInput changed(DomainInput r, double ratePoints, double nFactor) {
    double shrink = 1 / Math.sqrt(nFactor);
    // a proportion stays within [0, 1]
    double rate = Math.min(1, Math.max(0, r.rate() + ratePoints / 100));
    return new DomainInput(r.code(), r.name(), rate, r.se() * shrink, Math.round(r.n() * nFactor),
        r.diff() + (rate - r.rate()), r.diffSe() * shrink);
  }
}
