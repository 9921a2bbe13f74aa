package org.sanlv.estimation;

import java.util.HashMap;
import java.util.Map;

/** Weight adjustments made before a design is built. */
public final class WeightAdjustment {

  private WeightAdjustment() {}

  /**
   * Nonresponse adjustment within weighting cells (weighting-class adjustment, Valliant, Dever and Kreuter
   * 2013, §13.5): each respondent's weight is multiplied by {@code Σ_c w / Σ_{c, responded} w} over the
   * eligible sample units of its cell c; nonrespondents get weight 0. The variance then treats the adjusted
   * weights as given, as R does with such weights in {@code svydesign}.
   *
   * @param weights base weights of every eligible sampled unit
   * @param cells each unit's adjustment cell
   * @param responded whether the unit responded
   * @throws IllegalArgumentException naming a cell with units but no respondent
   */
  public static double[] nonresponse(double[] weights, String[] cells, boolean[] responded) {
    if (cells.length != weights.length || responded.length != weights.length) {
      throw new IllegalArgumentException("weights, cells and responded differ in length: " + weights.length + ", "
          + cells.length + ", " + responded.length);
    }
    Map<String, double[]> sums = new HashMap<>();
    for (int i = 0; i < weights.length; i++) {
      double[] s = sums.computeIfAbsent(cells[i], k -> new double[2]);
      s[0] += weights[i];
      if (responded[i]) {
        s[1] += weights[i];
      }
    }
    sums.forEach((cell, s) -> {
      if (s[0] > 0 && s[1] == 0) {
        throw new IllegalArgumentException("nonresponse cell " + cell + " has no respondent with a positive weight");
      }
    });
    double[] out = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      if (responded[i]) {
        double[] s = sums.get(cells[i]);
        out[i] = weights[i] * s[0] / s[1];
      }
    }
    return out;
  }
}
