package org.sanlv.sampling;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Writes doubles for the sample files the same way on every JDK: {@code Double.toString} changed its output
 * in JDK 19 (shortest repr), so values are written from their exact binary value rounded to 15 significant
 * digits, without trailing zeros or exponent.
 */
final class Decimals {

  private static final MathContext DIGITS = new MathContext(15);

  private Decimals() {}

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString();
  }
}
