package org.sanlv.estimation;

/** A confidence interval; both ends NaN when it cannot be computed (e.g. no degrees of freedom). */
public record Interval(double low, double high) {

  static final Interval NONE = new Interval(Double.NaN, Double.NaN);
}
