package org.sanlv.estimation;

import java.util.Locale;

/**
 * A domain's (county's) estimate minus the whole population's (province's). The domain is part of the
 * population, so the two ratio estimators are linearised jointly: the variance is that of
 * {@code z_d - z}, with {@code z_d = w (y - ȳ_d) 1[d] / Σ_d w} and {@code z = w (y - ȳ) / Σ w}, which is the
 * delta method on the four totals (R: {@code svycontrast(svytotal(~yd + nd + y + n), quote(yd/nd - y/n))}).
 *
 * @param domain the domain's label
 * @param difference ȳ_d − ȳ
 * @param standardError of the difference
 * @param wald difference ± z₁₋α/₂ · se
 */
public record Difference(String domain, double difference, double standardError, Interval wald) {

  /** Which side of the whole a domain lies on, when the difference is significant. */
  public enum Direction {
    /** The whole interval of the difference lies below zero. */
    BELOW,
    /** The whole interval of the difference lies above zero. */
    ABOVE,
    /** The interval contains zero (or there is none). */
    NONE;

    /** {@code below}, {@code above}, {@code none}: the word in files and URLs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The two-sided test at the interval's level: |z| &gt; z₁₋α/₂, i.e. the interval of the difference excludes
   * zero, whichever side it lies on. False when there is no interval.
   */
  public boolean significant() {
    return direction() != Direction.NONE;
  }

  /** {@link Direction#BELOW} or {@link Direction#ABOVE} when {@link #significant()}, else {@link Direction#NONE}. */
  public Direction direction() {
    if (wald.high() < 0) {
      return Direction.BELOW;
    }
    if (wald.low() > 0) {
      return Direction.ABOVE;
    }
    return Direction.NONE;
  }

  /** True when the whole interval lies below zero (one side of {@link #direction()}). */
  public boolean significantlyBelow() {
    return direction() == Direction.BELOW;
  }
}
