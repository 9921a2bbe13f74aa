package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.estimation.Distributions;

/**
 * The deductions of a year's rules on the sources' results, with the honest part beside each: whether the gap is
 * beyond the sampling noise and what deduction to expect given it. Pure: no Spring, no SQL.
 *
 * <p>Per scored indicator, source and county, with k the points per point and D the county minus the average:
 * <ul>
 * <li>{@code gap_points} = 100 (average − rate); deduction = k · max(0, gap), or k · ⌊max(0, gap)⌋ for
 * {@code whole-points}; at most the cap.</li>
 * <li>D: for {@code pooled}, the county's difference from the whole (mean and SE of the estimation module's
 * difference); for {@code county-mean}, rate − the unweighted mean of the K counties' rates with
 * Var(D) = (1 − 1/K)² se² + Σ_{other k} se_k² / K² (strata are independent samples). K counts the counties with
 * enough responses.</li>
 * <li>Expected deduction k·100·E[max(0, −D)], D ~ N(d, s²) = k·100·(−d Φ(−d/s) + s φ(d/s)), always proportional;
 * with a cap c, E[min(c, k·100·max(0, −D))] = k·100·(E[X⁺] − E[(X − c/(k·100))⁺]) with X = −D.</li>
 * <li>95% range: the deduction at D = d + z s … at D = d − z s (z = 1.959963984540054, the estimation module's
 * 1.96); beyond the noise: the interval d ± z s excludes 0.</li>
 * <li>Rank by rate among the counties with at least {@code min_n} responses, 1 = best, ties share the better rank
 * (1, 2, 2, 4; rates within 1e-12 tie); fewer: "too few to rank", no rank and no deduction.</li>
 * <li>Combined rows: deduction, expected deduction and range bounds = Σ_s w_s × the source's; rate, average and
 * D are the weighted means Σ w_s x_s / Σ w_s (Var(D) = Σ w_s² s_s² / (Σ w_s)², sources are independent samples),
 * ranked by that rate; a county missing from a source has no combined row. The combined range is the sum of the
 * sources' ranges: the deduction when each source's D lies in its own 95% interval.</li>
 * </ul>
 */
public final class Scorer {

  /** z₀.₉₇₅, as the estimation module's 95% intervals use it. */
  static final double Z = 1.959963984540054;

  /** Whole points: a gap computed as 2.9999999999999996 for 0.80 − 0.77 is 3 points. */
  private static final double WHOLE_TOLERANCE = 1e-9;

  /** Rates (and totals) closer than this are a tie: 0.6 + 0.3 and 0.9 are the same rate. */
  static final double TIE = 1e-12;

  private Scorer() {}

  /**
   * Scores of every county on every scored indicator, per source of the rules present in {@code inputs} (in the
   * rules' order) and combined, indicator by indicator in the rules' order.
   *
   * @throws IllegalArgumentException when a {@code pooled} source lacks the whole's estimate of a scored indicator
   */
  public static List<ScoreRow> score(Rules rules, Map<String, SourceResults> inputs) {
    List<ScoreRow> out = new ArrayList<>();
    for (Map.Entry<String, Double> scored : rules.pointsPerPoint().entrySet()) {
      String indicator = scored.getKey();
      Map<String, List<ScoreRow>> bySource = new LinkedHashMap<>();
      for (String source : rules.sources().keySet()) {
        SourceResults in = inputs.get(source);
        if (in == null || in.byIndicator().get(indicator) == null) {
          continue;
        }
        WholeInput whole = in.whole() == null ? null : in.whole().get(indicator);
        List<ScoreRow> rows = scoreSource(rules, source, indicator, in.byIndicator().get(indicator), whole);
        bySource.put(source, rows);
        out.addAll(rows);
      }
      out.addAll(combine(rules, indicator, bySource));
    }
    return out;
  }

  /** Each county's deductions summed over the combined rows of the scored indicators, ranked by the sum. */
  public static List<CountyTotal> totals(List<ScoreRow> rows) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Boolean> ranked = new LinkedHashMap<>();
    for (ScoreRow r : rows) {
      if (!ScoreRow.COMBINED.equals(r.source())) {
        continue;
      }
      double[] s = sums.computeIfAbsent(r.code(), c -> new double[2]);
      s[0] += r.deduction();
      s[1] += r.expectedDeduction();
      names.putIfAbsent(r.code(), r.name());
      ranked.merge(r.code(), r.rank() != null, Boolean::logicalAnd);
    }
    List<CountyTotal> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      Integer rank = null;
      if (ranked.get(e.getKey())) {
        int better = 0;
        for (Map.Entry<String, double[]> other : sums.entrySet()) {
          if (ranked.get(other.getKey()) && other.getValue()[0] < e.getValue()[0] - TIE) {
            better++;
          }
        }
        rank = better + 1;
      }
      out.add(new CountyTotal(e.getKey(), names.get(e.getKey()), e.getValue()[0], e.getValue()[1], rank));
    }
    return out;
  }

  static List<ScoreRow> scoreSource(Rules rules, String source, String indicator, List<DomainInput> rows,
      WholeInput whole) {
    Context c = context(rules, source, indicator, rows, whole);
    List<ScoreRow> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      out.add(row(rules, source, indicator, rows, c, i));
    }
    return out;
  }

  /** What every row of one source and indicator shares: the average, who counts, and the sums of the mean's variance. */
  record Context(double average, boolean[] eligible, int counties, double sumVar) {}

  static boolean eligible(Rules rules, DomainInput r) {
    return r.n() >= rules.minN() && Double.isFinite(r.rate()) && Double.isFinite(r.se());
  }

  static Context context(Rules rules, String source, String indicator, List<DomainInput> rows, WholeInput whole) {
    int n = rows.size();
    boolean[] eligible = new boolean[n];
    int kCounties = 0;
    double sumRate = 0;
    double sumVar = 0;
    for (int i = 0; i < n; i++) {
      DomainInput r = rows.get(i);
      eligible[i] = eligible(rules, r);
      if (eligible[i]) {
        kCounties++;
        sumRate += r.rate();
        sumVar += r.se() * r.se();
      }
    }
    double average;
    if (rules.average() == Average.POOLED) {
      if (whole == null) {
        throw new IllegalArgumentException("source " + source + " has no whole estimate of indicator " + indicator);
      }
      average = whole.rate();
    } else {
      average = kCounties == 0 ? Double.NaN : sumRate / kCounties;
    }
    return new Context(average, eligible, kCounties, sumVar);
  }

  /** Row {@code i}: its deduction, expected deduction, range, noise and rank (O(n): one pass for the rank). */
  static ScoreRow row(Rules rules, String source, String indicator, List<DomainInput> rows, Context c, int i) {
    double k = rules.pointsPerPoint().get(indicator);
    Double cap = rules.caps().get(indicator);
    DomainInput r = rows.get(i);
    double average = c.average();
    int kCounties = c.counties();
    double d;
    double s;
    if (rules.average() == Average.POOLED) {
      d = r.diff();
      s = r.diffSe();
    } else if (c.eligible()[i]) {
      double share = 1 - 1.0 / kCounties;
      d = r.rate() - average;
      s = Math.sqrt(share * share * r.se() * r.se()
          + (c.sumVar() - r.se() * r.se()) / ((double) kCounties * kCounties));
    } else {
      // not part of the mean: its own variance plus the mean's
      d = r.rate() - average;
      s = Math.sqrt(r.se() * r.se() + c.sumVar() / ((double) kCounties * kCounties));
    }
    double gap = 100 * (average - r.rate());
    Integer rank = null;
    double deduction = 0;
    double expected = 0;
    double low = 0;
    double high = 0;
    boolean beyond = false;
    if (c.eligible()[i]) {
      int better = 0;
      for (int j = 0; j < rows.size(); j++) {
        if (c.eligible()[j] && rows.get(j).rate() > r.rate() + TIE) {
          better++;
        }
      }
      rank = better + 1;
      deduction = capped(deduction(k, gap, rules.fraction()), cap);
      expected = expectedDeduction(k, d, s, cap);
      low = capped(k * 100 * Math.max(0, -(d + Z * s)), cap);
      high = capped(k * 100 * Math.max(0, -(d - Z * s)), cap);
      beyond = beyondNoise(d, s);
    }
    return new ScoreRow(r.code(), r.name(), indicator, source, r.rate(), average, gap, deduction, expected, low,
        high, beyond, rank, r.n(), d, s);
  }

  private static List<ScoreRow> combine(Rules rules, String indicator, Map<String, List<ScoreRow>> bySource) {
    if (bySource.isEmpty()) {
      return List.of();
    }
    Map<String, List<ScoreRow>> byCounty = new LinkedHashMap<>();
    for (Map.Entry<String, List<ScoreRow>> e : bySource.entrySet()) {
      for (ScoreRow r : e.getValue()) {
        byCounty.computeIfAbsent(r.code(), c -> new ArrayList<>()).add(r);
      }
    }
    List<ScoreRow> partial = new ArrayList<>();
    List<Boolean> eligible = new ArrayList<>();
    for (List<ScoreRow> parts : byCounty.values()) {
      if (parts.size() != bySource.size()) {
        continue; // a county missing from a source has no combined score
      }
      partial.add(combined(rules, indicator, parts, null));
      eligible.add(parts.stream().allMatch(p -> p.rank() != null));
    }
    List<ScoreRow> out = new ArrayList<>(partial.size());
    for (int i = 0; i < partial.size(); i++) {
      ScoreRow r = partial.get(i);
      Integer rank = null;
      if (eligible.get(i)) {
        int better = 0;
        for (int j = 0; j < partial.size(); j++) {
          if (eligible.get(j) && partial.get(j).rate() > r.rate() + TIE) {
            better++;
          }
        }
        rank = better + 1;
      }
      out.add(new ScoreRow(r.code(), r.name(), r.indicator(), r.source(), r.rate(), r.average(), r.gapPoints(),
          r.deduction(), r.expectedDeduction(), r.deductionLow(), r.deductionHigh(), r.beyondNoise(), rank, r.n(),
          r.diff(), r.diffSe()));
    }
    return out;
  }

  /** The combined row of one county from its sources' rows (weights of the rules), with the given rank. */
  static ScoreRow combined(Rules rules, String indicator, List<ScoreRow> parts, Integer rank) {
    double w = 0;
    double rate = 0;
    double average = 0;
    double deduction = 0;
    double expected = 0;
    double low = 0;
    double high = 0;
    double d = 0;
    double var = 0;
    long n = 0;
    boolean ranked = true;
    for (ScoreRow p : parts) {
      double ws = rules.sources().get(p.source());
      w += ws;
      rate += ws * p.rate();
      average += ws * p.average();
      deduction += ws * p.deduction();
      expected += ws * p.expectedDeduction();
      low += ws * p.deductionLow();
      high += ws * p.deductionHigh();
      d += ws * p.diff();
      var += ws * ws * p.diffSe() * p.diffSe();
      n += p.n();
      ranked &= p.rank() != null;
    }
    rate /= w;
    average /= w;
    d /= w;
    double s = Math.sqrt(var) / w;
    ScoreRow first = parts.get(0);
    return new ScoreRow(first.code(), first.name(), indicator, ScoreRow.COMBINED, rate, average,
        100 * (average - rate), deduction, expected, low, high, ranked && beyondNoise(d, s), rank, n, d, s);
  }

  /** k · max(0, gap), or k · ⌊max(0, gap)⌋ when only whole points count. */
  static double deduction(double k, double gapPoints, Fraction fraction) {
    double below = Math.max(0, gapPoints);
    if (fraction == Fraction.WHOLE_POINTS) {
      below = Math.floor(below + WHOLE_TOLERANCE);
    }
    return k * below;
  }

  /**
   * k·100·E[min(c/(k·100), max(0, −D))] for D ~ N(d, s²): k·100·(E[X⁺] − E[(X − t)⁺]) with X = −D, t = c/(k·100),
   * E[(X − t)⁺] = (μ − t) Φ((μ − t)/s) + s φ((μ − t)/s), μ = −d. No cap: t = ∞, the second term is 0.
   */
  static double expectedDeduction(double k, double d, double s, Double cap) {
    double a = k * 100;
    double value = a * expectedExcess(-d, s, 0);
    if (cap != null && a > 0) {
      value -= a * expectedExcess(-d, s, cap / a);
    }
    return Math.max(0, value);
  }

  /** E[(X − t)⁺] for X ~ N(mu, s²). */
  static double expectedExcess(double mu, double s, double t) {
    double m = mu - t;
    if (!(s > 0)) {
      return Math.max(0, m);
    }
    double z = m / s;
    return m * Distributions.normalCdf(z) + s * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  static boolean beyondNoise(double d, double s) {
    return s > 0 ? Math.abs(d) > Z * s : d != 0 && !Double.isNaN(d);
  }

  private static double capped(double value, Double cap) {
    return cap == null ? value : Math.min(cap, value);
  }
}
