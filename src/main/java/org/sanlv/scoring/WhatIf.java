package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a county's score would be with a different rate or sample size: the rate + x points (its difference from
 * the whole too; the whole is kept, a county is a small part of it), the SE and the difference's SE scaled by
 * 1/√factor and n by the factor; for {@code county-mean} the average is recomputed, and the rank among the others.
 * The others' rows do not change, so only the county's rows are computed: its rank is counted in the others' sorted
 * rates. The rows are those {@link Scorer#score} gives on the changed inputs. Pure.
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
    if (source.byIndicator().get(indicator) == null) {
      throw new IllegalArgumentException("indicator " + indicator + " is not in this source");
    }
    Prepared p = prepare(rules, sourceName, 1, source, indicator);
    Integer index = p.index().get(code);
    if (index == null) {
      throw new IllegalArgumentException("county " + code + " is not in this source");
    }
    return changedRow(rules, indicator, p, index, ratePoints, nFactor);
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
    List<ScoreRow> rows = new All(rules, inputs, indicator).of(code, ratePoints, nFactor);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("county " + code + " is not in the results");
    }
    return rows;
  }

  /**
   * The same change tried on every county in turn (one indicator): county → its rows as {@link #whatIfAll} gives
   * them, sharing the work that does not depend on the county.
   */
  public static Map<String, List<ScoreRow>> forEveryCounty(Rules rules, Map<String, SourceResults> inputs,
      String indicator, double ratePoints, double nFactor) {
    check(rules, indicator, ratePoints, nFactor);
    All all = new All(rules, inputs, indicator);
    Map<String, List<ScoreRow>> out = new LinkedHashMap<>();
    for (Prepared p : all.sources) {
      for (DomainInput r : p.rows()) {
        out.computeIfAbsent(r.code(), c -> all.of(c, ratePoints, nFactor));
      }
    }
    return out;
  }

  /** One source's rows of the indicator with what every what-if on them shares. */
  private record Prepared(String source, double weight, List<DomainInput> rows, Map<String, Integer> index,
      Scorer.Context context, double[] sorted) {}

  private static Prepared prepare(Rules rules, String source, double weight, SourceResults in, String indicator) {
    List<DomainInput> rows = in.byIndicator().get(indicator);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      index.putIfAbsent(rows.get(i).code(), i);
    }
    WholeInput whole = in.whole() == null ? null : in.whole().get(indicator);
    Scorer.Context c = Scorer.context(rules, source, indicator, rows, whole);
    return new Prepared(source, weight, rows, index, c, Scorer.eligibleRates(rows, c.eligible()));
  }

  /** Every source of the rules that has the indicator, and the counties' combined rates as Scorer.combine has them. */
  private static final class All {

    final Rules rules;
    final String indicator;
    final List<Prepared> sources = new ArrayList<>();
    final Map<String, Double> combinedRate = new HashMap<>();
    final double[] combinedSorted;

    All(Rules rules, Map<String, SourceResults> inputs, String indicator) {
      this.rules = rules;
      this.indicator = indicator;
      for (Map.Entry<String, Double> s : rules.sources().entrySet()) {
        SourceResults in = inputs.get(s.getKey());
        if (in != null && in.byIndicator().get(indicator) != null) {
          sources.add(prepare(rules, s.getKey(), s.getValue(), in, indicator));
        }
      }
      // Σ w·rate / Σ w in the rules' order, for the counties in every source with enough responses in each
      Map<String, double[]> sums = new LinkedHashMap<>();
      double weights = 0;
      for (Prepared p : sources) {
        weights += p.weight();
        for (int i = 0; i < p.rows().size(); i++) {
          DomainInput r = p.rows().get(i);
          double[] a = sums.computeIfAbsent(r.code(), c -> new double[] {0, 0, 1});
          a[0] += p.weight() * r.rate();
          a[1]++;
          if (!p.context().eligible()[i]) {
            a[2] = 0;
          }
        }
      }
      double[] rates = new double[sums.size()];
      int m = 0;
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        double[] a = e.getValue();
        if (a[1] == sources.size() && a[2] == 1) {
          double rate = a[0] / weights;
          combinedRate.put(e.getKey(), rate);
          rates[m++] = rate;
        }
      }
      combinedSorted = Arrays.copyOf(rates, m);
      Arrays.sort(combinedSorted);
    }

    List<ScoreRow> of(String code, double ratePoints, double nFactor) {
      List<ScoreRow> parts = new ArrayList<>();
      for (Prepared p : sources) {
        Integer i = p.index().get(code);
        if (i != null) {
          parts.add(changedRow(rules, indicator, p, i, ratePoints, nFactor));
        }
      }
      List<ScoreRow> out = new ArrayList<>(parts);
      if (!parts.isEmpty() && parts.size() == sources.size()) {
        ScoreRow combined = Scorer.combined(rules, indicator, parts, null);
        Integer rank = null;
        if (parts.stream().allMatch(r -> r.rank() != null)) {
          int better = Scorer.countAbove(combinedSorted, combined.rate());
          Double before = combinedRate.get(code);
          if (before != null && before > combined.rate() + Scorer.TIE) {
            better--; // the county itself, at its old rate
          }
          rank = better + 1;
        }
        out.add(Scorer.combined(rules, indicator, parts, rank));
      }
      return out;
    }
  }

  private static ScoreRow changedRow(Rules rules, String indicator, Prepared p, int index, double ratePoints,
      double nFactor) {
    DomainInput old = p.rows().get(index);
    DomainInput r = changed(old, ratePoints, nFactor);
    boolean was = p.context().eligible()[index];
    boolean is = Scorer.eligible(rules, r);
    Scorer.Context c = p.context();
    if (rules.average() == Average.COUNTY_MEAN) {
      // the mean of the counties with the changed one, summed in the same order as scoring the changed rows would
      int k = 0;
      double sumRate = 0;
      double sumVar = 0;
      for (int j = 0; j < p.rows().size(); j++) {
        DomainInput x = j == index ? r : p.rows().get(j);
        if (j == index ? is : c.eligible()[j]) {
          k++;
          sumRate += x.rate();
          sumVar += x.se() * x.se();
        }
      }
      c = new Scorer.Context(k == 0 ? Double.NaN : sumRate / k, c.eligible(), k, sumRate, sumVar);
    }
    Integer rank = null;
    if (is) {
      int better = Scorer.countAbove(p.sorted(), r.rate());
      if (was && old.rate() > r.rate() + Scorer.TIE) {
        better--; // the county itself, at its old rate
      }
      rank = better + 1;
    }
    return Scorer.row(rules, p.source(), indicator, r, is, c, rank);
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

  private static DomainInput changed(DomainInput r, double ratePoints, double nFactor) {
    double shrink = 1 / Math.sqrt(nFactor);
    // a proportion stays within [0, 1]
    double rate = Math.min(1, Math.max(0, r.rate() + ratePoints / 100));
    return new DomainInput(r.code(), r.name(), rate, r.se() * shrink, Math.round(r.n() * nFactor),
        r.diff() + (rate - r.rate()), r.diffSe() * shrink);
  }
}
