package org.sanlv.results.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sanlv.platform.CsvCells;

/**
 * CSV after RFC 4180: CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF, quotes
 * doubled inside ({@link CsvCells}). UTF-8, with an optional byte-order mark. Numbers as {@link Cells#format},
 * missing as an empty field. Strings are written whole (CSV has no width), made inert against formula injection
 * (an answer {@code =HYPERLINK(…)} reaches the spreadsheet as text).
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
                    fields[i] = CsvCells.text(Cells.text(row[i]));
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
      out.write(CsvCells.quoted(fields[i]));
    }
    out.write("\r\n");
  }

  static void codebook(Dataset dataset, OutputStream target, ExportOptions options) {
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8));
      if (options.byteOrderMark()) {
        out.write('\uFEFF');
      }
      line(out, Codebook.HEADER);
      for (String[] l : Codebook.lines(dataset)) {
        String[] inert = new String[l.length];
        for (int i = 0; i < l.length; i++) {
          inert[i] = CsvCells.text(l[i]);
        }
        line(out, inert);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
