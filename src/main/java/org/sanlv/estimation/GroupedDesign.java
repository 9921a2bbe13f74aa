package org.sanlv.estimation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * A stratified (cluster) sample given as groups of respondents that are alike for the estimators: the same
 * stratum, PSU, post-stratum, domain and answers, hence the same weight and linearised value. Each group has
 * a count; the design is that of the {@code count}-fold expanded respondents, so every estimate equals the one
 * {@link SurveyDesign} and {@link Estimator} give on the expanded arrays (a property test holds them to 1e-12).
 * A million stored responses come from the database as a few thousand such groups ({@code GROUP BY}).
 *
 * <p>PSUs: either given per group (a group never spans PSUs), or each respondent is its own PSU (online, phone
 * and intercept samples), which a group of count m stands for as m PSUs with the same total.
 *
 * <p>Supported: strata, PSUs, weights, post-stratification (R: {@code postStratify}), the lonely-PSU rules.
 * Not here (use the arrays): finite population corrections, raking and trimming.
 */
public final class GroupedDesign {

  final int groups;
  final int[] stratum;
  final String[] stratumNames;
  final long[] count;
  final double[] weight;
  /** PSU index per group, or null when each respondent is its own PSU. */
  final int[] psu;
  final int[] psuStratum;
  /** PSUs per stratum in the population of the design: for own-PSU designs, the respondents. */
  final long[] psusInStratum;
  /** Groups per stratum (own-PSU) or PSUs per stratum (clustered). */
  final int[][] unitsOfStratum;
  final LonelyPsu lonelyPsu;
  final List<Cells> calibrations;

  /** One post-stratification: each group's cell, weights before/after, R's psw and the cells' old weight sums. */
  record Cells(int[] cell, double[] oldWeights, double[] newWeights, double[] psw, int[][] members,
      double[] oldWeightSum) {}

  private GroupedDesign(int groups, int[] stratum, String[] stratumNames, long[] count, double[] weight, int[] psu,
      int[] psuStratum, long[] psusInStratum, int[][] unitsOfStratum, LonelyPsu lonelyPsu, List<Cells> calibrations) {
    this.groups = groups;
    this.stratum = stratum;
    this.stratumNames = stratumNames;
    this.count = count;
    this.weight = weight;
    this.psu = psu;
    this.psuStratum = psuStratum;
    this.psusInStratum = psusInStratum;
    this.unitsOfStratum = unitsOfStratum;
    this.lonelyPsu = lonelyPsu;
    this.calibrations = List.copyOf(calibrations);
  }

  /**
   * Groups of respondents (R, on the expanded data: {@code svydesign(ids = ~psu or ~1, strata = ~stratum,
   * weights = ~w, nest = TRUE)}), lonely PSUs {@link LonelyPsu#FAIL} as R's default.
   *
   * @param strata each group's stratum; null for one stratum
   * @param psus each group's PSU within its stratum; null when each respondent is its own PSU
   * @param weights each group's weight per respondent (finite, not negative)
   * @param counts each group's respondents (at least 1)
   */
  public static GroupedDesign of(String[] strata, String[] psus, double[] weights, long[] counts) {
    int g = weights.length;
    if (g == 0) {
      throw new InputRejected(Problem.of("estimation.error.noData"));
    }
    if (strata != null && strata.length != g || psus != null && psus.length != g || counts.length != g) {
      throw new IllegalArgumentException("strata, psus, weights and counts differ in length");
    }
    for (int i = 0; i < g; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("weight " + weights[i] + " of group " + i + " is not a finite number ≥ 0");
      }
      if (counts[i] < 1) {
        throw new IllegalArgumentException("count " + counts[i] + " of group " + i + " is below 1");
      }
    }
    TreeMap<String, Integer> strataIndex = new TreeMap<>();
    for (int i = 0; i < g; i++) {
      strataIndex.put(strata == null ? "1" : strata[i], 0);
    }
    String[] names = strataIndex.keySet().toArray(new String[0]);
    for (int h = 0; h < names.length; h++) {
      strataIndex.put(names[h], h);
    }
    int[] stratum = new int[g];
    for (int i = 0; i < g; i++) {
      stratum[i] = strataIndex.get(strata == null ? "1" : strata[i]);
    }
    long[] psusIn = new long[names.length];
    int[] psu = null;
    int[] psuStratum;
    List<List<Integer>> units = new ArrayList<>();
    for (int h = 0; h < names.length; h++) {
      units.add(new ArrayList<>());
    }
    if (psus == null) {
      psuStratum = null;
      for (int i = 0; i < g; i++) {
        psusIn[stratum[i]] += counts[i];
        units.get(stratum[i]).add(i);
      }
    } else {
      psu = new int[g];
      List<Integer> psuStratumList = new ArrayList<>();
      List<Map<String, Integer>> psuIndex = new ArrayList<>();
      for (int h = 0; h < names.length; h++) {
        psuIndex.add(new HashMap<>());
      }
      for (int i = 0; i < g; i++) {
        int h = stratum[i];
        Integer p = psuIndex.get(h).get(psus[i]);
        if (p == null) {
          p = psuStratumList.size();
          psuIndex.get(h).put(psus[i], p);
          psuStratumList.add(h);
          psusIn[h]++;
          units.get(h).add(p);
        }
        psu[i] = p;
      }
      psuStratum = psuStratumList.stream().mapToInt(Integer::intValue).toArray();
    }
    int[][] unitsOf = new int[names.length][];
    for (int h = 0; h < names.length; h++) {
      unitsOf[h] = units.get(h).stream().mapToInt(Integer::intValue).toArray();
    }
    return new GroupedDesign(g, stratum, names, counts.clone(), weights.clone(), psu, psuStratum, psusIn, unitsOf,
        LonelyPsu.FAIL, List.of());
  }

  /** The same design with another lonely-PSU rule. */
  public GroupedDesign withLonelyPsu(LonelyPsu rule) {
    return new GroupedDesign(groups, stratum, stratumNames, count, weight, psu, psuStratum, psusInStratum,
        unitsOfStratum, rule, calibrations);
  }

  /**
   * Post-stratification to known population counts, as {@link SurveyDesign#postStratify}: each weight is
   * multiplied by {@code N_c / Σ_{i∈c} w_i}, the variance uses residuals within the cells.
   *
   * @param cells each group's post-stratum label
   * @throws InputRejected as {@link SurveyDesign#postStratify}
   */
  public GroupedDesign postStratify(String[] cells, Map<String, Double> population) {
    if (cells.length != groups) {
      throw new IllegalArgumentException("cells has " + cells.length + " values, groups " + groups);
    }
    double[] sums = new double[groups];
    for (int i = 0; i < groups; i++) {
      sums[i] = count[i] * weight[i];
    }
    PostStratification.Factors f = PostStratification.factors(cells, population, sums, "");
    int cellCount = f.reweight().length;
    double[] nw = new double[groups];
    double[] psw = new double[groups];
    double[] oldSum = new double[cellCount];
    int[] size = new int[cellCount];
    for (int i = 0; i < groups; i++) {
      nw[i] = weight[i] * f.reweight()[f.cell()[i]];
      psw[i] = nw[i] == 0 && weight[i] == 0 ? 1 : nw[i];
      oldSum[f.cell()[i]] += count[i] * weight[i];
      size[f.cell()[i]]++;
    }
    int[][] members = new int[cellCount][];
    for (int c = 0; c < cellCount; c++) {
      members[c] = new int[size[c]];
      size[c] = 0;
    }
    for (int i = 0; i < groups; i++) {
      members[f.cell()[i]][size[f.cell()[i]]++] = i;
    }
    List<Cells> all = new ArrayList<>(calibrations);
    all.add(new Cells(f.cell(), weight, nw, psw, members, oldSum));
    return new GroupedDesign(groups, stratum, stratumNames, count, nw, psu, psuStratum, psusInStratum,
        unitsOfStratum, lonelyPsu, all);
  }

  /** Each group's weight per respondent (after any post-stratification), a copy. */
  public double[] weights() {
    return weight.clone();
  }

  /** Groups in the design. */
  public int size() {
    return groups;
  }

  /** Respondents in the design (the sum of the counts). */
  public long respondents() {
    return Arrays.stream(count).sum();
  }

  /** Whether weights were post-stratified (R: {@code is.calibrated}). */
  public boolean calibrated() {
    return !calibrations.isEmpty();
  }

  boolean lonely(int h) {
    return psusInStratum[h] == 1;
  }
}
