package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a county's score would be with a different rate or sample size: the rate + x points (its difference from
 * the whole too; the whole is kept, a county is a small part of it), the SE and the difference's SE scaled by
 * 1/√factor and n by the factor; for {@code county-mean} the average is recomputed, and the rank among the others.
 * The others' rows do not change, so only the county's rows are computed (one pass over the others per source).
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
    check(rules, indicator, ratePoints, nFactor);
    List<DomainInput> rows = source.byIndicator().get(indicator);
    if (rows == null) {
      throw new IllegalArgumentException("indicator " + indicator + " is not in this source");
    }
    List<DomainInput> changed = new ArrayList<>(rows);
    int index = replace(changed, code, ratePoints, nFactor);
    if (index < 0) {
      throw new IllegalArgumentException("county " + code + " is not in this source");
    }
    WholeInput whole = source.whole() == null ? null : source.whole().get(indicator);
    Scorer.Context c = Scorer.context(rules, sourceName, indicator, changed, whole);
    return Scorer.row(rules, sourceName, indicator, changed, c, index);
  }

  /**
   * The county's rows of every source (in the rules' order) and combined after the change, applied to the county in
   * every source (one indicator; ranks among the others, as {@link Scorer#score} would give them).
   *
   * @throws IllegalArgumentException as {@link #whatIf(Rules, String, SourceResults, String, String, double, double)}
   */
  public static List<ScoreRow> whatIfAll(Rules rules, Map<String, SourceResults> inputs, String code,
      String indicator, double ratePoints, double nFactor) {
    check(rules, indicator, ratePoints, nFactor);
    List<ScoreRow> parts = new ArrayList<>();
    // the other counties' combined rates as Scorer.combine sums them: Σ w·rate in the rules' order, sources, ranked
    Map<String, double[]> others = new HashMap<>();
    int present = 0;
    double weights = 0;
    for (Map.Entry<String, Double> s : rules.sources().entrySet()) {
      SourceResults in = inputs.get(s.getKey());
      if (in == null || in.byIndicator().get(indicator) == null) {
        continue;
      }
      present++;
      weights += s.getValue();
      List<DomainInput> changed = new ArrayList<>(in.byIndicator().get(indicator));
      int index = replace(changed, code, ratePoints, nFactor);
      for (int j = 0; j < changed.size(); j++) {
        if (j == index) {
          continue;
        }
        DomainInput r = changed.get(j);
        double[] a = others.computeIfAbsent(r.code(), c -> new double[] {0, 0, 1});
        a[0] += s.getValue() * r.rate();
        a[1]++;
        if (!Scorer.eligible(rules, r)) {
          a[2] = 0;
        }
      }
      if (index >= 0) {
        WholeInput whole = in.whole() == null ? null : in.whole().get(indicator);
        Scorer.Context c = Scorer.context(rules, s.getKey(), indicator, changed, whole);
        parts.add(Scorer.row(rules, s.getKey(), indicator, changed, c, index));
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("county " + code + " is not in the results");
    }
    List<ScoreRow> out = new ArrayList<>(parts);
    if (parts.size() == present) {
      ScoreRow combined = Scorer.combined(rules, indicator, parts, null);
      Integer rank = null;
      if (parts.stream().allMatch(p -> p.rank() != null)) {
        int better = 0;
        for (double[] a : others.values()) {
          if (a[1] == present && a[2] == 1 && a[0] / weights > combined.rate() + Scorer.TIE) {
            better++;
          }
        }
        rank = better + 1;
      }
      out.add(Scorer.combined(rules, indicator, parts, rank));
    }
    return out;
  }

  private static void check(Rules rules, String indicator, double ratePoints, double nFactor) {
    if (!Double.isFinite(ratePoints) || !(nFactor > 0) || !Double.isFinite(nFactor)) {
      throw new IllegalArgumentException("points " + ratePoints + " and factor " + nFactor
          + " must be finite, the factor positive");
    }
    if (!rules.pointsPerPoint().containsKey(indicator)) {
      throw new IllegalArgumentException("indicator " + indicator + " is not scored");
    }
  }

  /** Replaces the county's row with the changed one; its index, or −1 when it is not there. */
  private static int replace(List<DomainInput> rows, String code, double ratePoints, double nFactor) {
    for (int i = 0; i < rows.size(); i++) {
      DomainInput r = rows.get(i);
      if (r.code().equals(code)) {
        rows.set(i, changed(r, ratePoints, nFactor));
        return i;
      }
    }
    return -1;
  }

  private static DomainInput changed(DomainInput r, double ratePoints, double nFactor) {
    double shrink = 1 / Math.sqrt(nFactor);
    // a proportion stays within [0, 1]
    double rate = Math.min(1, Math.max(0, r.rate() + ratePoints / 100));
    return new DomainInput(r.code(), r.name(), rate, r.se() * shrink, Math.round(r.n() * nFactor),
        r.diff() + (rate - r.rate()), r.diffSe() * shrink);
  }
}
