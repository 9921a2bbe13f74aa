package org.sanlv.scoring;

/** Whether a fraction of a percentage point below the average counts. */
public enum Fraction {
  /** 1.5 points below at 2 per point: 3 points deducted. */
  PROPORTIONAL,
  /** Only whole points count: 1.5 points below at 2 per point: 2 points deducted. */
  WHOLE_POINTS;

  /** {@code proportional}, {@code whole-points}: the word in the rules file. */
  public String word() {
    return this == PROPORTIONAL ? "proportional" : "whole-points";
  }
}
