package org.sanlv.results.export;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading a row's values the same way in every writer, with errors that name the row and the variable. */
final class Cells {

  private Cells() {}

  static void checkLength(Object[] row, List<Variable> variables, long rowNumber) {
    if (row == null || row.length != variables.size()) {
      throw new IllegalArgumentException(
          "row " + rowNumber + ": " + (row == null ? "null" : row.length + " values") + " for "
              + variables.size() + " variables");
    }
  }

  /** The number in a numeric cell, NaN when missing. */
  static double number(Object value, Variable variable, long rowNumber) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        "row " + rowNumber + ", variable " + variable.name() + ": \"" + value + "\" is not a number");
  }

  /** The text in a string cell, empty when missing. */
  static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /**
   * The UTF-8 bytes of {@code text}, cut at the last whole character within {@code maxBytes}. The rule for
   * every format: a value longer than its column loses its tail, never half a character.
   */
  static byte[] utf8(String text, int maxBytes) {
    return cut(text.getBytes(StandardCharsets.UTF_8), maxBytes);
  }

  /** {@code bytes} itself when it fits, else its longest prefix of whole UTF-8 characters. */
  static byte[] cut(byte[] bytes, int maxBytes) {
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    int end = maxBytes;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // bytes[end] continues a character that starts before it
    }
    return java.util.Arrays.copyOf(bytes, end);
  }

  /** Numbers as text for CSV and codebooks: whole numbers without ".0", others without exponent when short. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    if (a >= 1e-6 && a < 1e15) {
      return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
    return Double.toString(v);
  }
}
