package org.sanlv.estimation;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * {@link Estimator}'s means, per domain and differences from the whole, on a {@link GroupedDesign}: the same
 * formulas (Lumley 2010, §2.2–2.4, §7.3) with each group's sums taken {@code count} times, so a million
 * respondents cost as much as their few thousand distinct groups. The numbers equal those of {@link Estimator}
 * on the expanded arrays (same deff, n_eff, degrees of freedom, intervals, lonely-PSU rules and domain cuts).
 *
 * <p>For an own-PSU design (each respondent its own PSU) a group of m respondents with linearised value z is m
 * PSUs of total z: a stratum's term {@code n_h/(n_h-1) Σ_i (t_i - t̄)²} is {@code Σ_g m_g (z_g - t̄)²}. For
 * a clustered design a PSU's total is {@code Σ_g m_g z_g} over its groups.
 *
 * <p>{@code y}, {@code where} and {@link Domains} are per group. Immutable; not for concurrent use of one
 * call's scratch space (each call makes its own).
 */
public final class GroupedEstimator {

  private final GroupedDesign d;
  private final double level;
  private final Estimator builder;

  private GroupedEstimator(GroupedDesign d, double level) {
    this.d = d;
    this.level = level;
    this.builder = Estimator.atLevel(level);
  }

  /** Estimates with 95% confidence intervals. */
  public static GroupedEstimator of(GroupedDesign design) {
    return new GroupedEstimator(design, 0.95);
  }

  /** The same estimator with another confidence level. */
  public GroupedEstimator withConfidenceLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level " + level + " is not between 0 and 1");
    }
    return new GroupedEstimator(d, level);
  }

  public GroupedDesign design() {
    return d;
  }

  /** The mean over the groups in {@code where} (null: all), as {@link Estimator#mean}. */
  public Estimate mean(double[] y, boolean[] where) {
    check(y, where, null);
    Work w = new Work();
    return meanOf("all", part(y, where, null, -1), w, null);
  }

  /** As {@link Estimator#meanByDomain}: the whole, each domain, and each domain's difference from the whole. */
  public DomainResults meanByDomain(double[] y, boolean[] where, Domains domains) {
    check(y, where, domains);
    Work work = new Work();
    int strata = d.stratumNames.length;
    Part whole = part(y, where, null, -1);
    double[] wholeTotals = new double[work.unitTotal.length];
    Estimate overall = meanOf("all", whole, work, wholeTotals);
    double[] wholeTerm = new double[strata];
    boolean failing = false;
    int notOk = 0;
    for (int h = 0; h < strata; h++) {
      if (d.lonelyPsu == LonelyPsu.FAIL && d.lonely(h)) {
        failing = true;
        wholeTerm[h] = Double.NaN;
        continue;
      }
      wholeTerm[h] = stratumTerm(h, wholeTotals, null);
      if (Double.isNaN(wholeTerm[h])) {
        notOk++;
      }
    }
    List<Estimate> estimates = new ArrayList<>();
    List<Difference> differences = new ArrayList<>();
    double z = Distributions.normalQuantile(1 - (1 - level) / 2);
    boolean[] touched = new boolean[strata];
    for (int k = 0; k < domains.names.length; k++) {
      Part p = part(y, where, domains, k);
      estimates.add(meanOf(domains.names[k], p, work, null));
      if (p.count == 0) {
        differences.add(new Difference(domains.names[k], Double.NaN, Double.NaN, Interval.NONE));
        continue;
      }
      if (failing) {
        for (int h = 0; h < strata; h++) {
          checkLonely(h);
        }
      }
      linearisedMean(p, work);
      work.residualise();
      work.totals();
      double sum = 0;
      for (int t = 0; t < work.touchedStrataCount; t++) {
        int h = work.touchedStrata[t];
        touched[h] = true;
        double term = stratumTerm(h, work.unitTotal, wholeTotals);
        if (!Double.isNaN(term)) {
          sum += term;
        }
      }
      for (int h = 0; h < strata; h++) {
        if (!touched[h] && !Double.isNaN(wholeTerm[h])) {
          sum += wholeTerm[h];
        }
        touched[h] = false;
      }
      work.clear();
      double variance = sum * strata / (strata - notOk);
      double diff = p.mean - whole.mean;
      double se = Math.sqrt(variance);
      differences.add(new Difference(domains.names[k], diff, se, new Interval(diff - z * se, diff + z * se)));
    }
    return new DomainResults(overall, estimates, differences);
  }

  // ---- internals ----

  private void check(double[] y, boolean[] where, Domains domains) {
    if (y.length != d.groups) {
      throw new IllegalArgumentException("y has " + y.length + " values, the design " + d.groups + " groups");
    }
    if (where != null && where.length != d.groups) {
      throw new IllegalArgumentException("where has " + where.length + " values, the design " + d.groups);
    }
    if (domains != null && domains.size() != d.groups) {
      throw new IllegalArgumentException("domains has " + domains.size() + " values, the design " + d.groups);
    }
  }

  /** The groups of one (sub)population with their sums. */
  private static final class Part {
    int[] members;
    double[] values;
    int size;
    long count;
    long nonZero;
    double weightSum;
    double mean;
  }

  private Part part(double[] y, boolean[] where, Domains domains, int k) {
    int[] candidates = domains == null ? null : domains.members[k];
    int m = candidates == null ? d.groups : candidates.length;
    Part p = new Part();
    p.members = new int[m];
    double ws = 0;
    double wy = 0;
    for (int t = 0; t < m; t++) {
      int g = candidates == null ? t : candidates[t];
      double v = y[g];
      if (Double.isNaN(v) || where != null && !where[g]) {
        continue;
      }
      p.members[p.size++] = g;
      p.count += d.count[g];
      ws += d.count[g] * d.weight[g];
      wy += d.count[g] * d.weight[g] * v;
      if (d.weight[g] != 0) {
        p.nonZero += d.count[g];
      }
    }
    p.weightSum = ws;
    p.mean = wy / ws;
    p.values = y;
    return p;
  }

  private void linearisedMean(Part p, Work work) {
    for (int t = 0; t < p.size; t++) {
      int g = p.members[t];
      work.set(g, d.weight[g] * (p.values[g] - p.mean) / p.weightSum);
    }
  }

  private Estimate meanOf(String label, Part p, Work work, double[] keepTotals) {
    if (p.count == 0) {
      return new Estimate(label, Double.NaN, Double.NaN, Interval.NONE, Interval.NONE, Double.NaN, 0, Double.NaN, 0);
    }
    linearisedMean(p, work);
    work.residualise();
    work.totals();
    double variance = variance(work);
    if (keepTotals != null) {
      System.arraycopy(work.unitTotal, 0, keepTotals, 0, keepTotals.length);
    }
    work.clear();
    double ss = 0;
    for (int t = 0; t < p.size; t++) {
      int g = p.members[t];
      double e = p.values[g] - p.mean;
      ss += d.count[g] * d.weight[g] * e * e;
    }
    double s2 = ss / p.weightSum * p.nonZero / (p.nonZero - 1.0);
    double deff = p.weightSum < p.nonZero ? Double.NaN
        : variance / (s2 * (p.weightSum - p.nonZero) / (p.weightSum * p.nonZero));
    return builder.meanEstimate(label, p.mean, variance, deff, Math.toIntExact(p.count), degreesOfFreedom(p));
  }

  /** As {@link Estimator}: over the strata present when not calibrated, over all strata when calibrated. */
  private double variance(Work work) {
    int strata = d.stratumNames.length;
    int nstrat;
    int notOk = 0;
    double sum = 0;
    if (d.calibrated()) {
      nstrat = strata;
      for (int h = 0; h < strata; h++) {
        checkLonely(h);
        if (d.lonelyPsu == LonelyPsu.AVERAGE && d.lonely(h)) {
          notOk++;
        }
      }
      for (int t = 0; t < work.touchedStrataCount; t++) {
        double term = stratumTerm(work.touchedStrata[t], work.unitTotal, null);
        if (!Double.isNaN(term)) {
          sum += term;
        }
      }
    } else {
      nstrat = work.touchedStrataCount;
      for (int t = 0; t < work.touchedStrataCount; t++) {
        double term = stratumTerm(work.touchedStrata[t], work.unitTotal, null);
        if (Double.isNaN(term)) {
          notOk++;
        } else {
          sum += term;
        }
      }
    }
    if (nstrat == 0) {
      return 0;
    }
    return sum * nstrat / (nstrat - notOk);
  }

  /** R's degf: PSUs minus strata among the respondents with non-zero weight. */
  private int degreesOfFreedom(Part p) {
    BitSet psus = new BitSet();
    BitSet strata = new BitSet();
    long own = 0;
    for (int t = 0; t < p.size; t++) {
      int g = p.members[t];
      if (d.weight[g] != 0) {
        if (d.psu == null) {
          own += d.count[g];
        } else {
          psus.set(d.psu[g]);
        }
        strata.set(d.stratum[g]);
      }
    }
    return Math.toIntExact((d.psu == null ? own : psus.cardinality()) - strata.cardinality());
  }

  private void checkLonely(int h) {
    if (d.lonelyPsu == LonelyPsu.FAIL && d.lonely(h)) {
      throw new InputRejected(Problem.of("estimation.error.lonelyPsu", d.stratumNames[h]));
    }
  }

  /**
   * The stratum's term {@code n/(n-1) Σ_i (t_i - t̄)²} of {@code t - minus} over its PSUs (a group standing for
   * {@code count} PSUs in own-PSU designs), with the lonely-PSU rule; NaN for a lonely stratum under AVERAGE.
   */
  private double stratumTerm(int h, double[] t, double[] minus) {
    int[] units = d.unitsOfStratum[h];
    long nh = d.psusInStratum[h];
    boolean own = d.psu == null;
    if (nh == 1) {
      int u = units[0];
      double v = minus == null ? t[u] : t[u] - minus[u];
      return switch (d.lonelyPsu) {
        case REMOVE, CERTAINTY -> 0;
        case ADJUST -> v * v;
        case AVERAGE -> Double.NaN;
        case FAIL -> throw new InputRejected(Problem.of("estimation.error.lonelyPsu", d.stratumNames[h]));
      };
    }
    double sum = 0;
    for (int u : units) {
      double m = own ? d.count[u] : 1;
      sum += m * (minus == null ? t[u] : t[u] - minus[u]);
    }
    double mean = sum / nh;
    double ss = 0;
    for (int u : units) {
      double m = own ? d.count[u] : 1;
      double v = (minus == null ? t[u] : t[u] - minus[u]) - mean;
      ss += m * v * v;
    }
    return (double) nh / (nh - 1) * ss;
  }

  /**
   * Scratch space of one variance computation: z per group on its support, the residuals within calibration
   * cells, and the PSU totals (per group for own-PSU designs, where a group's respondents each have total z).
   */
  private final class Work {
    final double[] z = new double[d.groups];
    int[] support = new int[d.groups];
    int[] buffer = new int[d.groups];
    int size;
    final double[] unitTotal = new double[d.psu == null ? d.groups : d.psuStratum.length];
    final int[] touchedUnits = new int[unitTotal.length];
    final boolean[] unitMark = new boolean[unitTotal.length];
    int touchedUnitCount;
    final int[] touchedStrata = new int[d.stratumNames.length];
    final boolean[] strataMark = new boolean[d.stratumNames.length];
    int touchedStrataCount;
    double[] cellSum = new double[0];
    int[] touchedCells = new int[0];
    boolean[] cellMark = new boolean[0];

    void set(int g, double value) {
      z[g] = value;
      support[size++] = g;
    }

    void residualise() {
      for (GroupedDesign.Cells cs : d.calibrations) {
        int cells = cs.members().length;
        if (cellSum.length < cells) {
          cellSum = new double[cells];
          touchedCells = new int[cells];
          cellMark = new boolean[cells];
        }
        int touched = 0;
        for (int k = 0; k < size; k++) {
          int g = support[k];
          int c = cs.cell()[g];
          cellSum[c] += d.count[g] * z[g] * cs.oldWeights()[g] / cs.psw()[g];
          if (!cellMark[c]) {
            cellMark[c] = true;
            touchedCells[touched++] = c;
          }
        }
        int newSize = 0;
        for (int t = 0; t < touched; t++) {
          int c = touchedCells[t];
          double mean = cellSum[c] / cs.oldWeightSum()[c];
          for (int g : cs.members()[c]) {
            z[g] -= mean * cs.psw()[g];
            buffer[newSize++] = g;
          }
          cellSum[c] = 0;
          cellMark[c] = false;
        }
        int[] swap = support;
        support = buffer;
        buffer = swap;
        size = newSize;
      }
    }

    void totals() {
      for (int k = 0; k < size; k++) {
        int g = support[k];
        int u;
        if (d.psu == null) {
          u = g;
          unitTotal[u] = z[g];
        } else {
          u = d.psu[g];
          unitTotal[u] += d.count[g] * z[g];
        }
        if (!unitMark[u]) {
          unitMark[u] = true;
          touchedUnits[touchedUnitCount++] = u;
          int h = d.stratum[g];
          if (!strataMark[h]) {
            strataMark[h] = true;
            touchedStrata[touchedStrataCount++] = h;
          }
        }
      }
    }

    void clear() {
      for (int k = 0; k < size; k++) {
        z[support[k]] = 0;
      }
      size = 0;
      for (int t = 0; t < touchedUnitCount; t++) {
        unitTotal[touchedUnits[t]] = 0;
        unitMark[touchedUnits[t]] = false;
      }
      touchedUnitCount = 0;
      for (int t = 0; t < touchedStrataCount; t++) {
        strataMark[touchedStrata[t]] = false;
      }
      touchedStrataCount = 0;
    }
  }
}
