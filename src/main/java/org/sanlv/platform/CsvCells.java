package org.sanlv.platform;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Writing CSV that spreadsheets open safely: RFC 4180 quoting (a field with a comma, a double quote, CR or LF is
 * quoted, quotes doubled), and OWASP's rule against formula injection: a text cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe, so Excel and WPS show it as
 * text instead of running it. Numbers are written by the caller as numbers and never pass through {@link #text}.
 * Every CSV the platform writes from what users typed (answers, labels, names, carriers) goes through here.
 */
public final class CsvCells {

  private CsvCells() {}

  /** A text cell made inert: {@code =HYPERLINK(…)} becomes {@code '=HYPERLINK(…)}. */
  public static String text(String cell) {
    if (cell == null || cell.isEmpty()) {
      return "";
    }
    char first = cell.charAt(0);
    boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    return formula ? "'" + cell : cell;
  }

  /** A field quoted as RFC 4180 requires (no formula rule: for cells already made inert or numeric). */
  public static String quoted(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return '"' + field.replace("\"", "\"\"") + '"';
      }
    }
    return field;
  }

  /**
   * One line of mixed cells: numbers as they print ({@code NaN} and {@code null} as empty), everything else as
   * inert text; fields quoted; the line ended with {@code lineEnd}.
   */
  public static void line(Writer out, List<?> cells, String lineEnd) throws IOException {
    line(out, cells, lineEnd, String::valueOf);
  }

  /** As {@link #line(Writer, List, String)}, with doubles written by {@code doubles}. */
  public static void line(Writer out, List<?> cells, String lineEnd, DoubleFunction<String> doubles) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      Object v = cells.get(i);
      String field;
      if (v == null) {
        field = "";
      } else if (v instanceof Double d) {
        field = d.isNaN() ? "" : doubles.apply(d);
      } else if (v instanceof Number || v instanceof Boolean) {
        field = String.valueOf(v);
      } else {
        field = text(String.valueOf(v));
      }
      out.write(quoted(field));
    }
    out.write(lineEnd);
  }
}
