package org.sanlv.estimation;

/**
 * What to do with a stratum that has a single PSU, whose variance cannot be estimated; the options of R's
 * {@code options(survey.lonely.psu = ...)} with the same effect as survey 4.1.1's {@code onestrat}.
 */
public enum LonelyPsu {
  /** Refuse: the estimate fails naming the stratum (R's default). */
  FAIL,
  /** The stratum contributes nothing to the variance. */
  REMOVE,
  /**
   * The stratum's PSU total is taken as a deviation from zero instead of from the stratum mean, which is
   * conservative (R: the lonely PSU is not centred).
   */
  ADJUST,
  /**
   * The stratum is left out and the sum over the other strata is scaled by (strata) / (strata with more
   * than one PSU), i.e. it gets the average variance of the others.
   */
  AVERAGE,
  /** The stratum is sampled with certainty and contributes nothing (as REMOVE in single-stage designs). */
  CERTAINTY;

  /** Parses R's spelling ({@code "adjust"}), case-insensitive. */
  public static LonelyPsu of(String name) {
    for (LonelyPsu v : values()) {
      if (v.name().equalsIgnoreCase(name.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException("lonely PSU option \"" + name
        + "\" is not one of fail, remove, adjust, average, certainty");
  }
}
