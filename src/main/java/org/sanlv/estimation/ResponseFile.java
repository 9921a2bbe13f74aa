package org.sanlv.estimation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * A respondent CSV (RFC 4180, UTF-8, header line) read in one streaming pass, keeping only the columns
 * asked for, as arrays; repeated cell values share one String. Lines before the header that start with
 * {@code #} are comments.
 */
final class ResponseFile {

  final String name;
  final List<String> columns;
  final String[][] values;
  final int[] lines;
  final int rows;

  private ResponseFile(String name, List<String> columns, String[][] values, int[] lines, int rows) {
    this.name = name;
    this.columns = columns;
    this.values = values;
    this.lines = lines;
    this.rows = rows;
  }

  String[] column(String column) {
    return values[columns.indexOf(column)];
  }

  /** The header of a CSV file (trimmed names). */
  static List<String> header(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Parser p = new Parser(in);
      List<String> h = p.headerSkippingComments();
      return h == null ? List.of() : h;
    } catch (IOException e) {
      throw new InputRejected(Problem.of("estimation.error.unreadable", file.toString(), e.getMessage()));
    }
  }

  /**
   * Reads the given columns.
   *
   * @throws InputRejected {@code estimation.error.missingColumn} naming each missing column and the file
   */
  static ResponseFile read(Path file, List<String> wanted) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Parser p = new Parser(in);
      List<String> header = p.headerSkippingComments();
      if (header == null) {
        throw new InputRejected(Problem.of("estimation.error.noData", file.getFileName().toString()));
      }
      List<String> columns = new ArrayList<>();
      for (String w : wanted) {
        if (!columns.contains(w)) {
          columns.add(w);
        }
      }
      int[] at = new int[columns.size()];
      List<Problem> problems = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        at[c] = header.indexOf(columns.get(c));
        if (at[c] < 0) {
          problems.add(Problem.at(1, columns.get(c), "estimation.error.missingColumn", columns.get(c),
              file.getFileName().toString()));
        }
      }
      if (!problems.isEmpty()) {
        throw new InputRejected(problems);
      }
      int capacity = 1024;
      String[][] values = new String[columns.size()][capacity];
      int[] lines = new int[capacity];
      List<Map<String, String>> pools = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        pools.add(new HashMap<>());
      }
      int rows = 0;
      List<String> record = new ArrayList<>();
      while (true) {
        int line = p.line;
        if (!p.record(record)) {
          break;
        }
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue; // blank line
        }
        if (rows == capacity) {
          capacity *= 2;
          for (int c = 0; c < values.length; c++) {
            values[c] = Arrays.copyOf(values[c], capacity);
          }
          lines = Arrays.copyOf(lines, capacity);
        }
        for (int c = 0; c < at.length; c++) {
          String v = at[c] < record.size() ? record.get(at[c]).trim() : "";
          Map<String, String> pool = pools.get(c);
          if (pool.size() < 100_000) {
            String shared = pool.putIfAbsent(v, v);
            v = shared == null ? v : shared;
          }
          values[c][rows] = v;
        }
        lines[rows] = line;
        rows++;
      }
      if (rows == 0) {
        throw new InputRejected(Problem.of("estimation.error.noData", file.getFileName().toString()));
      }
      for (int c = 0; c < values.length; c++) {
        values[c] = Arrays.copyOf(values[c], rows);
      }
      return new ResponseFile(file.getFileName().toString(), columns, values, Arrays.copyOf(lines, rows), rows);
    } catch (IOException e) {
      throw new InputRejected(Problem.of("estimation.error.unreadable", file.toString(), e.getMessage()));
    }
  }

  /** Numbers of a column; refuses a blank or non-numeric cell naming its line and column. */
  double[] numbers(String column, boolean nonNegative) {
    String[] v = column(column);
    double[] out = new double[rows];
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < rows && problems.size() < 20; i++) {
      double d;
      try {
        d = Double.parseDouble(v[i]);
      } catch (NumberFormatException e) {
        d = Double.NaN;
      }
      if (!Double.isFinite(d)) {
        problems.add(Problem.at(lines[i], column, "estimation.error.notNumber", v[i], column));
      } else if (nonNegative && d < 0) {
        problems.add(Problem.at(lines[i], column, "estimation.error.negative", v[i], column));
      }
      out[i] = d;
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return out;
  }

  /** A column that must not be blank (strata, PSUs): refuses blank cells naming line and column. */
  String[] codes(String column) {
    String[] v = column(column);
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < rows && problems.size() < 20; i++) {
      if (v[i].isEmpty()) {
        problems.add(Problem.at(lines[i], column, "estimation.error.blankCell", column));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return v;
  }

  /** RFC 4180 records from a reader, counting lines. */
  static final class Parser {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    int line = 1;
    private final StringBuilder cell = new StringBuilder();

    Parser(Reader in) {
      this.in = in;
    }

    private int next() throws IOException {
      if (pos == len) {
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return -1;
        }
      }
      return buf[pos++];
    }

    private int peek() throws IOException {
      if (pos == len) {
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return -1;
        }
      }
      return buf[pos];
    }

    List<String> headerSkippingComments() throws IOException {
      List<String> record = new ArrayList<>();
      while (true) {
        if (peek() == '\uFEFF') {
          next();
        }
        if (peek() == '#') {
          int c;
          while ((c = next()) != -1 && c != '\n') {
            // skip the comment
          }
          line++;
          continue;
        }
        if (!record(record)) {
          return null;
        }
        List<String> header = new ArrayList<>();
        for (String h : record) {
          header.add(h.trim());
        }
        return header;
      }
    }

    /** Reads one record into {@code out}; false at the end of input. */
    boolean record(List<String> out) throws IOException {
      out.clear();
      int c = next();
      if (c == -1) {
        return false;
      }
      cell.setLength(0);
      boolean quoted = false;
      while (true) {
        if (quoted) {
          if (c == -1) {
            throw new InputRejected(Problem.at(line, null, "estimation.error.unclosedQuote"));
          }
          if (c == '"') {
            if (peek() == '"') {
              cell.append('"');
              next();
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            cell.append((char) c);
          }
        } else if (c == '"' && cell.isEmpty()) {
          quoted = true;
        } else if (c == ',') {
          out.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\n' || c == -1) {
          if (!cell.isEmpty() && cell.charAt(cell.length() - 1) == '\r') {
            cell.setLength(cell.length() - 1);
          }
          out.add(cell.toString());
          if (c == '\n') {
            line++;
          }
          return true;
        } else {
          cell.append((char) c);
        }
        c = next();
      }
    }
  }
}
