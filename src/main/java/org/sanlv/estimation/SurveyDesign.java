package org.sanlv.estimation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * A stratified cluster sample on plain arrays: each respondent's stratum, first-stage cluster (PSU, nested
 * in its stratum, as R's {@code nest = TRUE}) and weight, with an optional finite population correction, the
 * lonely-PSU rule and the weight adjustments made so far (post-stratification, raking, trimming). Immutable:
 * every {@code with…}/adjustment returns a new design.
 *
 * <p>Variance is the with-replacement (ultimate cluster) estimator of Lumley (2010, §2.2; R's
 * {@code svyrecvar} with one stage):
 * {@code V = Σ_h f_h n_h/(n_h-1) Σ_i (t_hi - t̄_h)²}, {@code t_hi} the PSU totals of the linearised variable,
 * {@code f_h = (N_h - n_h)/N_h} with a finite population correction and 1 without.
 *
 * <p>Phone and online samples: strata = county and each respondent its own PSU ({@link #of} with
 * {@code psus == null}).
 */
public final class SurveyDesign {

  final int n;
  final int[] stratum;
  final int[] psu;
  final double[] weight;
  final String[] stratumNames;
  final int[] psuStratum;
  final int[][] psusOfStratum;
  final double[] fpcFactor;
  final LonelyPsu lonelyPsu;
  final List<Calibration> calibrations;

  private SurveyDesign(int n, int[] stratum, int[] psu, double[] weight, String[] stratumNames,
      int[] psuStratum, int[][] psusOfStratum, double[] fpcFactor, LonelyPsu lonelyPsu,
      List<Calibration> calibrations) {
    this.n = n;
    this.stratum = stratum;
    this.psu = psu;
    this.weight = weight;
    this.stratumNames = stratumNames;
    this.psuStratum = psuStratum;
    this.psusOfStratum = psusOfStratum;
    this.fpcFactor = fpcFactor;
    this.lonelyPsu = lonelyPsu;
    this.calibrations = List.copyOf(calibrations);
  }

  /**
   * A stratified cluster design with replacement (R: {@code svydesign(ids = ~psu, strata = ~stratum,
   * weights = ~w, nest = TRUE)}), lonely PSUs {@link LonelyPsu#FAIL} as R's default.
   *
   * @param strata each respondent's stratum; null for one stratum
   * @param psus each respondent's PSU within its stratum; null when each respondent is its own PSU
   * @param weights each respondent's weight (finite, not negative)
   * @throws IllegalArgumentException when the lengths differ or a weight is negative or not finite
   */
  public static SurveyDesign of(String[] strata, String[] psus, double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new InputRejected(Problem.of("estimation.error.noData"));
    }
    if (strata != null && strata.length != n) {
      throw new IllegalArgumentException("strata has " + strata.length + " values, weights " + n);
    }
    if (psus != null && psus.length != n) {
      throw new IllegalArgumentException("psus has " + psus.length + " values, weights " + n);
    }
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("weight " + weights[i] + " of respondent " + i
            + " is not a finite number ≥ 0");
      }
    }
    // strata in sorted order (R's factor levels), PSUs numbered in order of appearance
    TreeMap<String, Integer> strataIndex = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      strataIndex.put(strata == null ? "1" : strata[i], 0);
    }
    String[] names = strataIndex.keySet().toArray(new String[0]);
    for (int h = 0; h < names.length; h++) {
      strataIndex.put(names[h], h);
    }
    int[] stratum = new int[n];
    int[] psu = new int[n];
    Map<String, Integer>[] psuIndex = newMaps(names.length);
    List<Integer> psuStratumList = new ArrayList<>();
    String lastStratum = null;
    int lastH = -1;
    for (int i = 0; i < n; i++) {
      String s = strata == null ? "1" : strata[i];
      int h = s.equals(lastStratum) ? lastH : strataIndex.get(s);
      lastStratum = s;
      lastH = h;
      stratum[i] = h;
      if (psus == null) {
        psu[i] = psuStratumList.size();
        psuStratumList.add(h);
      } else {
        Integer p = psuIndex[h].get(psus[i]);
        if (p == null) {
          p = psuStratumList.size();
          psuIndex[h].put(psus[i], p);
          psuStratumList.add(h);
        }
        psu[i] = p;
      }
    }
    int[] psuStratum = psuStratumList.stream().mapToInt(Integer::intValue).toArray();
    int[] count = new int[names.length];
    for (int h : psuStratum) {
      count[h]++;
    }
    int[][] psusOfStratum = new int[names.length][];
    for (int h = 0; h < names.length; h++) {
      psusOfStratum[h] = new int[count[h]];
      count[h] = 0;
    }
    for (int p = 0; p < psuStratum.length; p++) {
      int h = psuStratum[p];
      psusOfStratum[h][count[h]++] = p;
    }
    double[] fpc = new double[names.length];
    Arrays.fill(fpc, 1);
    return new SurveyDesign(n, stratum, psu, weights.clone(), names, psuStratum, psusOfStratum, fpc,
        LonelyPsu.FAIL, List.of());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer>[] newMaps(int size) {
    Map<String, Integer>[] maps = new Map[size];
    for (int h = 0; h < size; h++) {
      maps[h] = new HashMap<>();
    }
    return maps;
  }

  /** The same design with another lonely-PSU rule. */
  public SurveyDesign withLonelyPsu(LonelyPsu rule) {
    return new SurveyDesign(n, stratum, psu, weight, stratumNames, psuStratum, psusOfStratum, fpcFactor,
        rule, calibrations);
  }

  /**
   * The same design with a finite population correction, as R's {@code svydesign(fpc = ~fpc)}: per
   * respondent, the number of PSUs in the population of its stratum, or (when every value is ≤ 1) the
   * sampling fraction of PSUs; constant within a stratum.
   *
   * @throws InputRejected {@code estimation.error.fpcNotConstant} or {@code estimation.error.fpcTooSmall}
   *     naming the stratum
   */
  public SurveyDesign withFpc(double[] fpc) {
    if (fpc.length != n) {
      throw new IllegalArgumentException("fpc has " + fpc.length + " values, weights " + n);
    }
    boolean fractions = true;
    for (double v : fpc) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("fpc " + v + " is not a finite number ≥ 0");
      }
      fractions &= v <= 1;
    }
    double[] perStratum = new double[stratumNames.length];
    Arrays.fill(perStratum, Double.NaN);
    for (int i = 0; i < n; i++) {
      int h = stratum[i];
      if (Double.isNaN(perStratum[h])) {
        perStratum[h] = fpc[i];
      } else if (perStratum[h] != fpc[i]) {
        throw new InputRejected(Problem.of("estimation.error.fpcNotConstant", stratumNames[h]));
      }
    }
    double[] factor = new double[stratumNames.length];
    for (int h = 0; h < factor.length; h++) {
      int sampled = psusOfStratum[h].length;
      double population = fractions ? sampled / perStratum[h] : perStratum[h];
      if (population < sampled) {
        throw new InputRejected(Problem.of("estimation.error.fpcTooSmall", stratumNames[h],
            perStratum[h], sampled));
      }
      factor[h] = population == Double.POSITIVE_INFINITY ? 1 : (population - sampled) / population;
    }
    return new SurveyDesign(n, stratum, psu, weight, stratumNames, psuStratum, psusOfStratum, factor,
        lonelyPsu, calibrations);
  }

  /** The current weights (after any adjustment), a copy. */
  public double[] weights() {
    return weight.clone();
  }

  /** Respondents in the design. */
  public int size() {
    return n;
  }

  /** Strata in sorted order. */
  public List<String> strata() {
    return List.of(stratumNames);
  }

  /** Whether weights were post-stratified or raked (R: {@code is.calibrated}); it changes how domains are cut. */
  public boolean calibrated() {
    return !calibrations.isEmpty();
  }

  /**
   * Post-stratification to known population counts (R: {@code postStratify(design, ~cell, population)}):
   * each weight is multiplied by {@code N_c / Σ_{i∈c} w_i}. The variance then uses residuals within
   * post-strata (Lumley 2010, §7.3; R's {@code svyrecvar}).
   *
   * @param cells each respondent's post-stratum label (e.g. {@code "330102|a3|F"})
   * @param population population count per label
   * @throws InputRejected {@code estimation.error.cellWithoutPopulation} / {@code cellWithoutRespondents}
   *     naming the cell
   */
  public SurveyDesign postStratify(String[] cells, Map<String, Double> population) {
    PostStratification ps = PostStratification.of(cells, population, weight, "");
    return withCalibration(ps.newWeights, ps);
  }

  /**
   * Raking (iterative proportional fitting) to several margins (R: {@code rake(design, list(~a, ~b),
   * list(popA, popB), control = list(maxit, epsilon))}): each round post-stratifies to every margin in turn,
   * until the largest change of the weighted cross-classification of all margin variables between rounds is
   * below epsilon (relative to the total weight when epsilon &lt; 1, as R). The variance uses R's approach:
   * ten sweeps of residuals within each margin, with the weights of the last round.
   *
   * @throws InputRejected {@code estimation.error.rakeNotConverged}, {@code marginTotalsDiffer} or a cell
   *     error of a margin
   */
  public SurveyDesign rake(List<Margin> margins, RakeControl control) {
    if (margins.isEmpty()) {
      throw new IllegalArgumentException("rake needs at least one margin");
    }
    double total0 = margins.get(0).total();
    for (Margin m : margins) {
      if (m.cells().length != n) {
        throw new IllegalArgumentException("margin " + m.name() + " has " + m.cells().length + " values, not " + n);
      }
      double t = m.total();
      if (Math.abs(t - total0) > 1e-9 * Math.max(Math.abs(t), Math.abs(total0))) {
        throw new InputRejected(Problem.of("estimation.error.marginTotalsDiffer", margins.get(0).name(),
            m.name(), total0, t));
      }
    }
    double sum = 0;
    for (double w : weight) {
      sum += w;
    }
    double epsilon = control.epsilon() < 1 ? control.epsilon() * sum : control.epsilon();
    int[] joint = jointCells(margins);
    int jointCount = 0;
    for (int c : joint) {
      jointCount = Math.max(jointCount, c + 1);
    }
    double[] old = table(joint, jointCount, weight);
    double[] w = weight;
    PostStratification[] last = new PostStratification[margins.size()];
    int iter = 0;
    double delta = Double.NaN;
    boolean converged = false;
    while (iter < control.maxIterations()) {
      for (int k = 0; k < margins.size(); k++) {
        Margin m = margins.get(k);
        last[k] = PostStratification.of(m.cells(), m.population(), w, m.name());
        w = last[k].newWeights;
      }
      double[] now = table(joint, jointCount, w);
      delta = 0;
      for (int c = 0; c < jointCount; c++) {
        delta = Math.max(delta, Math.abs(old[c] - now[c]));
      }
      if (delta < epsilon) {
        converged = true;
        break;
      }
      old = now;
      iter++;
    }
    if (!converged) {
      throw new InputRejected(Problem.of("estimation.error.rakeNotConverged", iter, delta));
    }
    return withCalibration(w, new Raking(last));
  }

  private int[] jointCells(List<Margin> margins) {
    Map<String, Integer> index = new HashMap<>();
    int[] joint = new int[n];
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < n; i++) {
      key.setLength(0);
      for (Margin m : margins) {
        key.append(m.cells()[i]).append('\u0000');
      }
      joint[i] = index.computeIfAbsent(key.toString(), k -> index.size());
    }
    return joint;
  }

  private static double[] table(int[] cell, int cells, double[] w) {
    double[] t = new double[cells];
    for (int i = 0; i < cell.length; i++) {
      t[cell[i]] += w[i];
    }
    return t;
  }

  /**
   * Weight trimming as R's {@code trimWeights(design, upper, lower, strict)}: weights outside
   * [lower, upper] are set to the bound and the amount trimmed is shared equally (added, not multiplied)
   * among the weights that were inside; with {@code strict} repeated until no weight is outside. The
   * calibration record is kept as it is, as R does.
   */
  public SurveyDesign trimWeights(double lower, double upper, boolean strict) {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower bound " + lower + " is above upper bound " + upper);
    }
    double[] w = weight.clone();
    while (true) {
      double trimmed = 0;
      int inside = 0;
      boolean any = false;
      boolean[] outside = new boolean[n];
      for (int i = 0; i < n; i++) {
        if (w[i] < lower || w[i] > upper) {
          outside[i] = true;
          any = true;
          double nw = Math.max(lower, Math.min(w[i], upper));
          trimmed += w[i] - nw;
          w[i] = nw;
        } else {
          inside++;
        }
      }
      if (!any) {
        break;
      }
      double share = trimmed / inside;
      for (int i = 0; i < n; i++) {
        if (!outside[i]) {
          w[i] += share;
        }
      }
      if (!strict) {
        break;
      }
    }
    return new SurveyDesign(n, stratum, psu, w, stratumNames, psuStratum, psusOfStratum, fpcFactor,
        lonelyPsu, calibrations);
  }

  private SurveyDesign withCalibration(double[] newWeights, Calibration c) {
    List<Calibration> all = new ArrayList<>(calibrations);
    all.add(c);
    return new SurveyDesign(n, stratum, psu, newWeights, stratumNames, psuStratum, psusOfStratum, fpcFactor,
        lonelyPsu, all);
  }

  /**
   * One raking margin: each respondent's category and the population count of each category.
   *
   * @param name for messages, e.g. the margin file's name or its columns
   */
  public record Margin(String name, String[] cells, Map<String, Double> population) {
    public Margin {
      population = new LinkedHashMap<>(population);
    }

    double total() {
      double t = 0;
      for (double v : population.values()) {
        t += v;
      }
      return t;
    }
  }

  /**
   * Convergence control of raking, as R's {@code rake(control = list(maxit, epsilon))}.
   *
   * @param maxIterations rounds at most (R default 10)
   * @param epsilon largest change of the weighted cross-table accepted as converged; below 1 it is a
   *     fraction of the total weight (R default 1)
   */
  public record RakeControl(int maxIterations, double epsilon) {
    public RakeControl {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations " + maxIterations + " is below 1");
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon " + epsilon + " is not positive");
      }
    }

    /** R's defaults: 10 rounds, epsilon 1. */
    public static RakeControl defaults() {
      return new RakeControl(10, 1);
    }

    public RakeControl withMaxIterations(int value) {
      return new RakeControl(value, epsilon);
    }

    public RakeControl withEpsilon(double value) {
      return new RakeControl(maxIterations, value);
    }
  }
}
