package org.sanlv.estimation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * One post-stratification step: the cell of each respondent, the weights before ({@code oldWeights}) and
 * after ({@code newWeights}). R's {@code svyrecvar} replaces x by
 * {@code x - psw · (Σ_c x·oldw/psw) / (Σ_c oldw)} within each cell c.
 */
final class PostStratification implements Calibration {

  final int[] cell;
  final double[] newWeights;
  final double[] oldWeights;
  /** psw with R's fix for zero weights (psw = 1 where both weights are 0). */
  final double[] psw;
  final int[][] members;
  final double[] oldWeightSum;

  private PostStratification(int[] cell, double[] newWeights, double[] oldWeights, int cells) {
    this.cell = cell;
    this.newWeights = newWeights;
    this.oldWeights = oldWeights;
    int n = cell.length;
    psw = newWeights.clone();
    for (int i = 0; i < n; i++) {
      if (psw[i] == 0 && oldWeights[i] == 0) {
        psw[i] = 1;
      }
    }
    int[] count = new int[cells];
    oldWeightSum = new double[cells];
    for (int i = 0; i < n; i++) {
      count[cell[i]]++;
      oldWeightSum[cell[i]] += oldWeights[i];
    }
    members = new int[cells][];
    for (int c = 0; c < cells; c++) {
      members[c] = new int[count[c]];
      count[c] = 0;
    }
    for (int i = 0; i < n; i++) {
      members[cell[i]][count[cell[i]]++] = i;
    }
  }

  /**
   * Post-stratifies weights {@code w} to {@code population}, refusing cells with respondents but no
   * population or the reverse (R's {@code postStratify} with {@code partial = FALSE}).
   *
   * @param source named in problems (a margin), may be empty
   */
  static PostStratification of(String[] labels, Map<String, Double> population, double[] w, String source) {
    int n = w.length;
    if (labels.length != n) {
      throw new IllegalArgumentException("cells has " + labels.length + " values, weights " + n);
    }
    Factors f = factors(labels, population, w, source);
    double[] nw = new double[n];
    for (int i = 0; i < n; i++) {
      nw[i] = w[i] * f.reweight()[f.cell()[i]];
    }
    return new PostStratification(f.cell(), nw, w.clone(), f.reweight().length);
  }

  /** Each row's cell (numbered in order of appearance) and each cell's factor N_c / Σ_c w. */
  record Factors(int[] cell, double[] reweight) {}

  /**
   * The cells and factors of a post-stratification; {@code w} is each row's weight sum (a respondent's weight,
   * or a group's count × weight), checked as {@link #of} does.
   */
  static Factors factors(String[] labels, Map<String, Double> population, double[] w, String source) {
    int n = w.length;
    Map<String, Integer> index = new HashMap<>();
    int[] cell = new int[n];
    List<Double> sample = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Integer c = index.get(labels[i]);
      if (c == null) {
        c = index.size();
        index.put(labels[i], c);
        sample.add(0.0);
        names.add(labels[i]);
      }
      cell[i] = c;
      sample.set(c, sample.get(c) + w[i]);
    }
    List<Problem> problems = new ArrayList<>();
    double[] reweight = new double[names.size()];
    for (int c = 0; c < names.size(); c++) {
      Double pop = population.get(names.get(c));
      boolean sampleZero = sample.get(c) == 0;
      boolean popZero = pop == null || pop == 0;
      if (sampleZero && popZero) {
        reweight[c] = 1;
      } else if (popZero) {
        problems.add(Problem.at(0, source.isEmpty() ? null : source, "estimation.error.cellWithoutPopulation",
            names.get(c)));
      } else if (sampleZero) {
        problems.add(Problem.at(0, source.isEmpty() ? null : source, "estimation.error.cellWithoutRespondents",
            names.get(c), pop));
      } else if (!(pop > 0) || Double.isInfinite(pop)) {
        problems.add(Problem.at(0, source.isEmpty() ? null : source, "estimation.error.badPopulation",
            names.get(c), pop));
      } else {
        reweight[c] = pop / sample.get(c);
      }
    }
    for (String label : new TreeSet<>(population.keySet())) {
      Double pop = population.get(label);
      if (!index.containsKey(label) && pop != null && pop != 0) {
        problems.add(Problem.at(0, source.isEmpty() ? null : source, "estimation.error.cellWithoutRespondents",
            label, pop));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return new Factors(cell, reweight);
  }
}
