package org.sanlv.scoring;

/** Which average a county's rate is compared with. */
public enum Average {
  /** The whole area's (province's) estimate: D is the county's row of the difference (county − whole). */
  POOLED,
  /** The unweighted mean of the K county rates. */
  COUNTY_MEAN;

  /** {@code pooled}, {@code county-mean}: the word in the rules file. */
  public String word() {
    return this == POOLED ? "pooled" : "county-mean";
  }
}
