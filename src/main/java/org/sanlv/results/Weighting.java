package org.sanlv.results;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.org.PopulationCell;

/**
 * The weights of responses that carry no sampling weight of their own (online, phone; household and intercept
 * interviews without an assignment): each stratum's responses are weighted to the
 * stratum's population, {@code w = N_h / n_h}, then post-stratified to sex × age band within the stratum when the
 * area has those margins and the questionnaire asks age (and sex; age alone when it does not ask sex).
 *
 * <p>Rules (README "Weighting"):
 * <ul>
 * <li>The cells' populations are the margins' shares of the stratum's population: {@code N_c = N_h · M_c / Σ M},
 * so every stratum weighs its population whether or not it has margins.</li>
 * <li>Sparse cells: a cell with fewer than {@link #MIN_CELL} respondents (or no population) is merged with the
 * next older age band of the same sex (the oldest with the next younger) until every cell has enough; when a
 * sex still has too few, the stratum is one cell.</li>
 * <li>Respondents without a usable age or sex form their own cell with population {@code N_h · n_unknown / n_h}
 * (the stratum's average weight); the known cells share the rest.</li>
 * <li>A stratum without a population figure takes the average weight of the strata that have one (N_h = n_h ·
 * ΣN / Σn over them); with no figure anywhere every response weighs 1.</li>
 * </ul>
 */
final class Weighting {

  /** Fewest respondents a post-stratification cell keeps before it is merged with a neighbouring age band. */
  static final int MIN_CELL = 5;

  /**
   * How a set of responses was weighted; HOUSEHOLD and INTERCEPT are the field interviews' designs
   * ({@link FieldWeighting}).
   */
  enum Kind { NONE, POPULATION, AGE, AGE_SEX, HOUSEHOLD, INTERCEPT }

  /** The cells of a post-stratification: each group's cell, the cells' populations, the base weights N_h/n_h. */
  record Plan(String[] cells, Map<String, Double> population, double[] baseWeights, Kind kind, int strata,
      int postStratified, int withoutPopulation) {}

  /** A respondent group's age range in completed years ({@code low = -1}: unknown). */
  record Age(int low, int high) {
    static final Age UNKNOWN = new Age(-1, -1);
  }

  private Weighting() {}

  /**
   * @param stratum each group's stratum
   * @param age each group's age range (or {@link Age#UNKNOWN})
   * @param sex each group's sex {@code m}/{@code f}, or null when unknown or not asked
   * @param count each group's respondents
   * @param population each stratum's population (absent or 0: unknown)
   * @param margins each stratum's population by sex × age band (absent: none)
   * @param asksSex whether the questionnaire asks sex (else margins are summed over sex)
   */
  static Plan plan(String[] stratum, Age[] age, String[] sex, long[] count, Map<String, Long> population,
      Map<String, List<PopulationCell>> margins, boolean asksAge, boolean asksSex) {
    int g = stratum.length;
    Map<String, Long> n = new TreeMap<>();
    for (int i = 0; i < g; i++) {
      n.merge(stratum[i], count[i], Long::sum);
    }
    double knownPop = 0;
    long knownN = 0;
    int without = 0;
    for (Map.Entry<String, Long> e : n.entrySet()) {
      Long pop = population.get(e.getKey());
      if (pop != null && pop > 0) {
        knownPop += pop;
        knownN += e.getValue();
      } else {
        without++;
      }
    }
    double average = knownN == 0 ? 1 : knownPop / knownN;
    Map<String, Double> stratumPop = new HashMap<>();
    for (Map.Entry<String, Long> e : n.entrySet()) {
      Long pop = population.get(e.getKey());
      stratumPop.put(e.getKey(), pop != null && pop > 0 ? (double) pop : e.getValue() * average);
    }
    String[] cells = new String[g];
    double[] base = new double[g];
    Map<String, Double> cellPop = new LinkedHashMap<>();
    int postStratified = 0;
    Map<String, List<Integer>> byStratum = new TreeMap<>();
    for (int i = 0; i < g; i++) {
      byStratum.computeIfAbsent(stratum[i], k -> new ArrayList<>()).add(i);
      base[i] = stratumPop.get(stratum[i]) / n.get(stratum[i]);
    }
    for (Map.Entry<String, List<Integer>> e : byStratum.entrySet()) {
      String h = e.getKey();
      List<PopulationCell> m = margins.get(h);
      boolean split = asksAge && m != null && !m.isEmpty()
          && stratumCells(h, e.getValue(), age, sex, count, stratumPop.get(h), n.get(h), m, asksSex, cells, cellPop);
      if (split) {
        postStratified++;
      } else {
        for (int i : e.getValue()) {
          cells[i] = h;
        }
        cellPop.put(h, stratumPop.get(h));
      }
    }
    Kind kind = knownN == 0 ? Kind.NONE : postStratified == 0 ? Kind.POPULATION : asksSex ? Kind.AGE_SEX : Kind.AGE;
    return new Plan(cells, cellPop, base, kind, n.size(), postStratified, knownN == 0 ? n.size() : without);
  }

  /** Post-stratification cells of one stratum; false when they collapse to the stratum itself. */
  private static boolean stratumCells(String h, List<Integer> groups, Age[] age, String[] sex, long[] count,
      double bigN, long nh, List<PopulationCell> margins, boolean asksSex, String[] cells, Map<String, Double> cellPop) {
    // bands in age order; the sexes kept apart only when the questionnaire asks sex
    TreeMap<Integer, Integer> bandTo = new TreeMap<>();
    for (PopulationCell c : margins) {
      bandTo.put(c.ageFrom(), c.ageTo() == null ? Integer.MAX_VALUE : c.ageTo());
    }
    List<Integer> from = new ArrayList<>(bandTo.keySet());
    int bands = from.size();
    String[] sexes = asksSex ? new String[] {"m", "f"} : new String[] {"*"};
    double[][] pop = new double[sexes.length][bands];
    for (PopulationCell c : margins) {
      int s = asksSex ? (c.sex().equals("m") ? 0 : 1) : 0;
      pop[s][from.indexOf(c.ageFrom())] += c.population();
    }
    long[][] resp = new long[sexes.length][bands];
    int[] bandOf = new int[age.length];
    int[] sexOf = new int[age.length];
    long unknown = 0;
    for (int i : groups) {
      int b = -1;
      if (age[i].low() >= 0) {
        for (int k = 0; k < bands; k++) {
          if (from.get(k) <= age[i].low() && age[i].high() <= bandTo.get(from.get(k))) {
            b = k;
          }
        }
      }
      int s = !asksSex ? 0 : "m".equals(sex[i]) ? 0 : "f".equals(sex[i]) ? 1 : -1;
      bandOf[i] = b;
      sexOf[i] = s;
      if (b < 0 || s < 0) {
        unknown += count[i];
      } else {
        resp[s][b] += count[i];
      }
    }
    // merge sparse bands: segment[s][k] = first band of the segment band k belongs to
    int[][] segment = new int[sexes.length][bands];
    for (int s = 0; s < sexes.length; s++) {
      List<int[]> segs = new ArrayList<>(); // {first, last}
      for (int k = 0; k < bands; k++) {
        segs.add(new int[] {k, k});
      }
      while (segs.size() > 1) {
        int sparse = -1;
        for (int t = 0; t < segs.size() && sparse < 0; t++) {
          if (sum(resp[s], segs.get(t)) < MIN_CELL || sum(pop[s], segs.get(t)) <= 0) {
            sparse = t;
          }
        }
        if (sparse < 0) {
          break;
        }
        int other = sparse == segs.size() - 1 ? sparse - 1 : sparse + 1;
        int lo = Math.min(sparse, other);
        segs.set(lo, new int[] {segs.get(lo)[0], segs.get(lo + 1)[1]});
        segs.remove(lo + 1);
      }
      if (sum(resp[s], segs.get(0)) < MIN_CELL || sum(pop[s], segs.get(0)) <= 0) {
        return false; // this sex has too few: the stratum is one cell
      }
      for (int[] seg : segs) {
        for (int k = seg[0]; k <= seg[1]; k++) {
          segment[s][k] = seg[0];
        }
      }
    }
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (int s = 0; s < sexes.length; s++) {
      for (int k = 0; k < bands; k++) {
        distinct.add(label(h, sexes[s], segment[s][k]));
      }
    }
    if (distinct.size() == 1) {
      return false; // everything merged into one cell: weighted to the stratum's population alone
    }
    double known = 0;
    for (double[] row : pop) {
      for (double v : row) {
        known += v;
      }
    }
    if (known <= 0) {
      return false;
    }
    double share = 1 - (double) unknown / nh;
    for (int s = 0; s < sexes.length; s++) {
      for (int k = 0; k < bands; k++) {
        cellPop.merge(label(h, sexes[s], segment[s][k]), bigN * share * pop[s][k] / known, Double::sum);
      }
    }
    if (unknown > 0) {
      cellPop.put(h + "|?", bigN * unknown / nh);
    }
    for (int i : groups) {
      cells[i] = bandOf[i] < 0 || sexOf[i] < 0 ? h + "|?" : label(h, sexes[sexOf[i]], segment[sexOf[i]][bandOf[i]]);
    }
    return true;
  }

  private static String label(String h, String sex, int firstBand) {
    return h + "|" + sex + "|" + firstBand;
  }

  private static long sum(long[] v, int[] seg) {
    long t = 0;
    for (int k = seg[0]; k <= seg[1]; k++) {
      t += v[k];
    }
    return t;
  }

  private static double sum(double[] v, int[] seg) {
    double t = 0;
    for (int k = seg[0]; k <= seg[1]; k++) {
      t += v[k];
    }
    return t;
  }
}
