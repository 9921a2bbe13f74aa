package org.sanlv.estimation;

import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * Scratch space and steps of one variance computation: a linearised variable {@code z} kept dense in an
 * array but touched only on its support (the domain's respondents, widened by post-stratification to the
 * cells they fall in), its PSU totals, and the strata sums with the lonely-PSU rule. Not thread-safe; one
 * per thread.
 */
final class Linearisation {

  /** R's {@code svyrecvar} sweeps the raking margins a fixed ten times. */
  static final int RAKING_SWEEPS = 10;

  private final SurveyDesign d;
  final double[] z;
  private int[] support;
  private int[] buffer;
  int size;
  private boolean dense;
  final double[] psuTotal;
  private final int[] touchedPsu;
  private int touchedPsuCount;
  private final boolean[] psuMark;
  final int[] touchedStrata;
  int touchedStrataCount;
  private final boolean[] strataMark;
  private double[] cellSum = new double[0];
  private int[] touchedCells = new int[0];
  private boolean[] cellMark = new boolean[0];

  Linearisation(SurveyDesign d) {
    this.d = d;
    z = new double[d.n];
    support = new int[d.n];
    buffer = new int[d.n];
    psuTotal = new double[d.psuStratum.length];
    touchedPsu = new int[d.psuStratum.length];
    psuMark = new boolean[d.psuStratum.length];
    touchedStrata = new int[d.stratumNames.length];
    strataMark = new boolean[d.stratumNames.length];
  }

  /** Starts a variable: z = values on members, zero elsewhere. */
  void start(int[] members, int count, double[] values) {
    for (int k = 0; k < count; k++) {
      int j = members[k];
      support[k] = j;
      z[j] = values[k];
    }
    size = count;
    dense = false;
  }

  /** Residuals within the design's calibration cells, in the order the calibrations were made (R's svyrecvar). */
  void residualise() {
    for (Calibration c : d.calibrations) {
      if (c instanceof PostStratification ps) {
        postStratification(ps);
      } else if (c instanceof Raking r) {
        raking(r);
      }
    }
  }

  private void ensureCells(int cells) {
    if (cellSum.length < cells) {
      cellSum = new double[cells];
      touchedCells = new int[cells];
      cellMark = new boolean[cells];
    }
  }

  private void postStratification(PostStratification ps) {
    int cells = ps.members.length;
    ensureCells(cells);
    int touched = 0;
    for (int k = 0; k < size; k++) {
      int j = support[k];
      int c = ps.cell[j];
      cellSum[c] += z[j] * ps.oldWeights[j] / ps.psw[j];
      if (!cellMark[c]) {
        cellMark[c] = true;
        touchedCells[touched++] = c;
      }
    }
    int newSize = 0;
    for (int t = 0; t < touched; t++) {
      int c = touchedCells[t];
      double mean = cellSum[c] / ps.oldWeightSum[c];
      for (int j : ps.members[c]) {
        z[j] -= mean * ps.psw[j];
        buffer[newSize++] = j;
      }
      cellSum[c] = 0;
      cellMark[c] = false;
    }
    if (!dense) {
      int[] swap = support;
      support = buffer;
      buffer = swap;
      size = newSize;
    }
  }

  private void raking(Raking r) {
    if (!dense) {
      for (int j = 0; j < d.n; j++) {
        support[j] = j;
      }
      size = d.n;
      dense = true;
    }
    for (int sweep = 0; sweep < RAKING_SWEEPS; sweep++) {
      for (PostStratification m : r.margins) {
        int cells = m.members.length;
        ensureCells(cells);
        double[] psw = m.newWeights;
        for (int j = 0; j < d.n; j++) {
          cellSum[m.cell[j]] += z[j] / psw[j];
        }
        for (int c = 0; c < cells; c++) {
          double mean = cellSum[c] / m.members[c].length;
          for (int j : m.members[c]) {
            z[j] -= psw[j] * mean;
          }
          cellSum[c] = 0;
        }
      }
    }
  }

  /** PSU totals of z over the support, remembering the PSUs and strata touched. */
  void totals() {
    for (int k = 0; k < size; k++) {
      int j = support[k];
      int p = d.psu[j];
      psuTotal[p] += z[j];
      if (!psuMark[p]) {
        psuMark[p] = true;
        touchedPsu[touchedPsuCount++] = p;
        int h = d.psuStratum[p];
        if (!strataMark[h]) {
          strataMark[h] = true;
          touchedStrata[touchedStrataCount++] = h;
        }
      }
    }
  }

  /** Clears z, the PSU totals and the marks, ready for the next variable. */
  void clear() {
    for (int k = 0; k < size; k++) {
      z[support[k]] = 0;
    }
    size = 0;
    for (int t = 0; t < touchedPsuCount; t++) {
      int p = touchedPsu[t];
      psuTotal[p] = 0;
      psuMark[p] = false;
    }
    touchedPsuCount = 0;
    for (int t = 0; t < touchedStrataCount; t++) {
      strataMark[touchedStrata[t]] = false;
    }
    touchedStrataCount = 0;
  }

  // ---- strata sums (R's onestage/onestrat) ----

  static boolean lonely(SurveyDesign d, int h) {
    return d.psusOfStratum[h].length == 1 && !(d.fpcFactor[h] < 1e-7);
  }

  /** Refuses a lonely stratum under {@link LonelyPsu#FAIL}, as R's onestrat. */
  static void checkLonely(SurveyDesign d, int h) {
    if (d.lonelyPsu == LonelyPsu.FAIL && lonely(d, h)) {
      throw new InputRejected(Problem.of("estimation.error.lonelyPsu", d.stratumNames[h]));
    }
  }

  /**
   * The stratum's term {@code f n/(n-1) Σ_i (t_i - t̄)²} of {@code t - minus} (minus may be null), NaN for a
   * lonely stratum under AVERAGE (left out and counted as not ok).
   */
  static double stratumTerm(SurveyDesign d, int h, double[] t, double[] minus) {
    double f = d.fpcFactor[h];
    if (f < 1e-7) {
      return 0;
    }
    int[] psus = d.psusOfStratum[h];
    int nh = psus.length;
    if (nh == 1) {
      double v = minus == null ? t[psus[0]] : t[psus[0]] - minus[psus[0]];
      return switch (d.lonelyPsu) {
        case REMOVE, CERTAINTY -> 0;
        case ADJUST -> f * v * v;
        case AVERAGE -> Double.NaN;
        case FAIL -> throw new InputRejected(Problem.of("estimation.error.lonelyPsu", d.stratumNames[h]));
      };
    }
    double sum = 0;
    for (int p : psus) {
      sum += minus == null ? t[p] : t[p] - minus[p];
    }
    double mean = sum / nh;
    double ss = 0;
    for (int p : psus) {
      double v = (minus == null ? t[p] : t[p] - minus[p]) - mean;
      ss += v * v;
    }
    return f * nh / (nh - 1) * ss;
  }
}
