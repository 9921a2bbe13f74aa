package org.sanlv.scoring;

/**
 * A county's deductions summed over the scored indicators (the combined rows).
 *
 * @param rank by deduction, 1 = the least deducted, ties share the better rank; null when the county is too few to
 *     rank on some scored indicator
 */
public record CountyTotal(String code, String name, double deduction, double expectedDeduction, Integer rank) {}
