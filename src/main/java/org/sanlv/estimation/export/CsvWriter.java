package org.sanlv.estimation.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV after RFC 4180: CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF, quotes
 * doubled inside. UTF-8, with an optional byte-order mark. Numbers as {@link Cells#format}, missing as an
 * empty field. Strings are written whole (CSV has no width).
 */
final class CsvWriter {

  private CsvWriter() {}

  static ExportResult write(Dataset dataset, OutputStream target, ExportOptions options) {
    List<Variable> vars = dataset.variables();
    long[] rows = {0};
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
      if (options.byteOrderMark()) {
        out.write('\uFEFF');
      }
      String[] header = vars.stream().map(Variable::name).toArray(String[]::new);
      line(out, header);
      String[] fields = new String[vars.size()];
      dataset
          .rows()
          .forEach(
              row -> {
                long r = ++rows[0];
                Cells.checkLength(row, vars, r);
                for (int i = 0; i < fields.length; i++) {
                  Variable v = vars.get(i);
                  if (v.isNumeric()) {
                    double x = Cells.number(row[i], v, r);
                    fields[i] = Double.isNaN(x) ? "" : Cells.format(x);
                  } else {
                    fields[i] = Cells.text(row[i]);
                  }
                }
                try {
                  line(out, fields);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ExportResult(ExportFormat.CSV, rows[0], 0);
  }

  static void line(Writer out, String[] fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      field(out, fields[i]);
    }
    out.write("\r\n");
  }

  private static void field(Writer out, String s) throws IOException {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    if (!quote) {
      out.write(s);
      return;
    }
    out.write('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        out.write('"');
      }
      out.write(c);
    }
    out.write('"');
  }

  static void codebook(Dataset dataset, OutputStream target, ExportOptions options) {
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
      if (options.byteOrderMark()) {
        out.write('\uFEFF');
      }
      line(out, Codebook.HEADER);
      for (String[] l : Codebook.lines(dataset)) {
        line(out, l);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
