package org.sanlv.scoring;

/**
 * One county's score on one indicator from one source (or {@code combined}).
 *
 * @param rate the county's estimate, a proportion
 * @param average the average it is compared with, a proportion
 * @param gapPoints 100 × (average − rate): positive = below the average
 * @param deduction the points deducted by the rules (0 for a county with too few responses)
 * @param expectedDeduction k·100·E[max(0, −D)], D ~ N(diff, diffSe²), capped as the deduction is
 * @param deductionLow the deduction at D = diff + 1.96·diffSe
 * @param deductionHigh the deduction at D = diff − 1.96·diffSe
 * @param beyondNoise the 95% interval of D excludes 0
 * @param rank by rate among the counties with enough responses, 1 = best, ties share the better rank; null: too few
 * @param diff D's mean: county − average
 * @param diffSe D's standard error
 */
public record ScoreRow(String code, String name, String indicator, String source, double rate, double average,
    double gapPoints, double deduction, double expectedDeduction, double deductionLow, double deductionHigh,
    boolean beyondNoise, Integer rank, long n, double diff, double diffSe) {

  /** The source name of the rows that combine the sources by the rules' weights. */
  public static final String COMBINED = "combined";
}
