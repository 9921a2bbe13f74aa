package org.sanlv.results.export;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One column of an export.
 *
 * @param name the column name: a letter, then letters, digits or {@code _}, at most 32 characters (the
 *     common ground of Stata and SPSS names); not a word reserved by either
 * @param label the variable label, usually Chinese ({@code 九、总体安全感}); may be empty
 * @param type numeric or string
 * @param width for strings, the maximum length in UTF-8 bytes (1 to 32767); 0 for numbers. Longer values are
 *     cut at the last whole character that fits, and counted in {@link ExportResult#truncatedValues()}
 * @param valueLabels for numbers, the label of each code ({@code 1.0 → 好}); kept sorted by code; empty for
 *     strings
 * @param decimals a display hint for numbers: -1 general, 0 whole numbers, n fixed decimals
 */
public record Variable(
    String name, String label, VariableType type, int width, Map<Double, String> valueLabels, int decimals) {

  /** Longest string a variable may hold: SPSS's limit. Stata's str# holds 2045 bytes (see the writer). */
  public static final int MAX_STRING_WIDTH = 32767;

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

  // Stata's reserved names and SPSS's reserved keywords; neither package opens a file that uses them.
  private static final Set<String> RESERVED =
      Set.of(
          "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with", "in", "if",
          "using", "byte", "int", "long", "float", "double", "str", "strl", "pi");

  public Variable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    label = label == null ? "" : label;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "variable name \"" + name + "\" must be a letter then up to 31 letters, digits or _");
    }
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("variable name \"" + name + "\" is reserved in Stata or SPSS");
    }
    if (type == VariableType.STRING && (width < 1 || width > MAX_STRING_WIDTH)) {
      throw new IllegalArgumentException(
          "variable " + name + ": string width " + width + " is not between 1 and " + MAX_STRING_WIDTH);
    }
    if (type == VariableType.NUMERIC) {
      width = 0;
    }
    valueLabels = valueLabels == null ? Map.of() : valueLabels;
    if (type == VariableType.STRING && !valueLabels.isEmpty()) {
      throw new IllegalArgumentException("variable " + name + ": value labels are for numeric variables");
    }
    for (var e : valueLabels.entrySet()) {
      if (e.getKey() == null || !Double.isFinite(e.getKey()) || e.getValue() == null) {
        throw new IllegalArgumentException(
            "variable " + name + ": value label " + e.getKey() + " = " + e.getValue() + " is not a finite code");
      }
    }
    valueLabels = Collections.unmodifiableSortedMap(new TreeMap<>(valueLabels));
    if (decimals < -1 || decimals > 16) {
      throw new IllegalArgumentException("variable " + name + ": decimals " + decimals + " is not in -1..16");
    }
  }

  /** A number shown in general format. */
  public static Variable numeric(String name, String label) {
    return new Variable(name, label, VariableType.NUMERIC, 0, Map.of(), -1);
  }

  /** A number shown with {@code decimals} decimals (0 for counts and codes). */
  public static Variable numeric(String name, String label, int decimals) {
    return new Variable(name, label, VariableType.NUMERIC, 0, Map.of(), decimals);
  }

  /** A coded number ({@code select_one}): whole numbers with labels. */
  public static Variable coded(String name, String label, Map<Double, String> valueLabels) {
    return new Variable(name, label, VariableType.NUMERIC, 0, valueLabels, 0);
  }

  /** UTF-8 text of at most {@code width} bytes. */
  public static Variable string(String name, String label, int width) {
    return new Variable(name, label, VariableType.STRING, width, Map.of(), -1);
  }

  public boolean isNumeric() {
    return type == VariableType.NUMERIC;
  }
}
