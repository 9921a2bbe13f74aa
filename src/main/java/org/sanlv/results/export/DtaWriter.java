package org.sanlv.results.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stata .dta, format 118 (Stata 14 and later, UTF-8), after Stata's "Description of the .dta file format
 * 118": tagged sections {@code <header> <map> <variable_types> <varnames> <sortlist> <formats>
 * <value_label_names> <variable_labels> <characteristics> <data> <strls> <value_labels>}, little-endian.
 *
 * <p>Storage: strings are {@code str#} of the variable's width, at most 2045 bytes (longer values are cut at
 * a whole character, no strL); numbers are {@code double}, except coded numbers whose labelled codes all lie
 * in −127..100, which are {@code byte}. Missing is Stata's {@code .} in both. Value labels keep whole-number
 * codes only (Stata's rule). Labels are cut to Stata's limits: 320 bytes (80 characters) for variable and
 * dataset labels, 32000 bytes for a value label. The number of observations and the section map are
 * written as zeros and patched when the rows are done, so the rows pass once.
 */
final class DtaWriter {

  static final int MAX_STR = 2045;
  static final int TYPE_DOUBLE = 65526;
  static final int TYPE_BYTE = 65530;
  static final long MISSING_DOUBLE = 0x7FE0000000000000L; // Stata's "." as a double
  static final int MISSING_BYTE = 101;

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm", Locale.ENGLISH);

  private DtaWriter() {}

  static ExportResult write(Dataset dataset, Path target, ExportOptions options) {
    List<Variable> vars = dataset.variables();
    int k = vars.size();
    if (k > 32767) {
      throw new IllegalArgumentException(k + " variables: format 118 holds at most 32767");
    }
    int[] types = new int[k];
    for (int i = 0; i < k; i++) {
      types[i] = storageType(vars.get(i));
    }
    long[] map = new long[14];
    long[] counts = new long[2]; // rows, truncated
    try (var out = new SeekableOutput(target)) {
      map[0] = out.position();
      out.ascii("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>");
      out.int16(k);
      out.ascii("</K><N>");
      long nAt = out.position();
      out.int64(0);
      out.ascii("</N><label>");
      byte[] label = Cells.utf8(dataset.label(), 320);
      out.int16(label.length);
      out.bytes(label);
      out.ascii("</label><timestamp>");
      byte[] ts = TIMESTAMP.format(options.createdAt().atZone(options.zone())).getBytes(StandardCharsets.US_ASCII);
      out.byte1(ts.length);
      out.bytes(ts);
      out.ascii("</timestamp></header>");

      map[1] = out.position();
      out.ascii("<map>");
      long mapAt = out.position();
      for (int i = 0; i < 14; i++) {
        out.int64(0);
      }
      out.ascii("</map>");

      map[2] = out.position();
      out.ascii("<variable_types>");
      for (int t : types) {
        out.int16(t);
      }
      out.ascii("</variable_types>");

      map[3] = out.position();
      out.ascii("<varnames>");
      for (Variable v : vars) {
        out.fixed(v.name().getBytes(StandardCharsets.UTF_8), 129, (byte) 0);
      }
      out.ascii("</varnames>");

      map[4] = out.position();
      out.ascii("<sortlist>");
      out.padding(2 * (k + 1), (byte) 0);
      out.ascii("</sortlist>");

      map[5] = out.position();
      out.ascii("<formats>");
      for (int i = 0; i < k; i++) {
        out.fixed(format(vars.get(i), types[i]).getBytes(StandardCharsets.US_ASCII), 57, (byte) 0);
      }
      out.ascii("</formats>");

      List<Map<Integer, String>> tables = new ArrayList<>();
      map[6] = out.position();
      out.ascii("<value_label_names>");
      for (Variable v : vars) {
        Map<Integer, String> table = wholeCodes(v);
        tables.add(table);
        byte[] name = table.isEmpty() ? new byte[0] : v.name().getBytes(StandardCharsets.UTF_8);
        out.fixed(name, 129, (byte) 0);
      }
      out.ascii("</value_label_names>");

      map[7] = out.position();
      out.ascii("<variable_labels>");
      for (Variable v : vars) {
        out.fixed(Cells.utf8(v.label(), 320), 321, (byte) 0);
      }
      out.ascii("</variable_labels>");

      map[8] = out.position();
      out.ascii("<characteristics></characteristics>");

      map[9] = out.position();
      out.ascii("<data>");
      dataset
          .rows()
          .forEach(
              row -> {
                long r = ++counts[0];
                Cells.checkLength(row, vars, r);
                try {
                  for (int i = 0; i < k; i++) {
                    Variable v = vars.get(i);
                    if (types[i] == TYPE_DOUBLE) {
                      double x = Cells.number(row[i], v, r);
                      if (Double.isNaN(x)) {
                        out.int64(MISSING_DOUBLE);
                      } else {
                        out.float64(x);
                      }
                    } else if (types[i] == TYPE_BYTE) {
                      double x = Cells.number(row[i], v, r);
                      if (Double.isNaN(x)) {
                        out.byte1(MISSING_BYTE);
                      } else if (x != Math.rint(x) || x < -127 || x > 100) {
                        throw new IllegalArgumentException(
                            "row " + r + ", variable " + v.name() + ": " + Cells.format(x)
                                + " is not a whole number in -127..100 like its labelled codes");
                      } else {
                        out.byte1((int) x);
                      }
                    } else {
                      byte[] full = Cells.text(row[i]).getBytes(StandardCharsets.UTF_8);
                      byte[] b = Cells.cut(full, types[i]);
                      if (b != full) {
                        counts[1]++;
                      }
                      out.fixed(b, types[i], (byte) 0);
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      out.ascii("</data>");

      map[10] = out.position();
      out.ascii("<strls></strls>");

      map[11] = out.position();
      out.ascii("<value_labels>");
      for (int i = 0; i < k; i++) {
        Map<Integer, String> table = tables.get(i);
        if (!table.isEmpty()) {
          writeLabelTable(out, vars.get(i).name(), table);
        }
      }
      out.ascii("</value_labels>");

      map[12] = out.position();
      out.ascii("</stata_dta>");
      map[13] = out.position();

      out.patchInt64(nAt, counts[0]);
      for (int i = 0; i < 14; i++) {
        out.patchInt64(mapAt + 8L * i, map[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target, e);
    }
    return new ExportResult(ExportFormat.STATA, counts[0], counts[1]);
  }

  static int storageType(Variable v) {
    if (!v.isNumeric()) {
      return Math.min(v.width(), MAX_STR);
    }
    if (v.decimals() == 0 && !v.valueLabels().isEmpty()) {
      boolean small =
          v.valueLabels().keySet().stream().allMatch(c -> c == Math.rint(c) && c >= -127 && c <= 100);
      if (small) {
        return TYPE_BYTE;
      }
    }
    return TYPE_DOUBLE;
  }

  private static String format(Variable v, int type) {
    if (!v.isNumeric()) {
      return "%-" + type + "s";
    }
    if (type == TYPE_BYTE) {
      return "%8.0g";
    }
    return v.decimals() > 0 ? "%12." + v.decimals() + "f" : "%10.0g";
  }

  /** The value labels Stata can hold: whole-number codes within a 4-byte integer. */
  private static Map<Integer, String> wholeCodes(Variable v) {
    var table = new java.util.TreeMap<Integer, String>();
    v.valueLabels()
        .forEach(
            (code, text) -> {
              if (code == Math.rint(code) && code >= -2147483647 && code <= 2147483620) {
                table.put(code.intValue(), text);
              }
            });
    return table;
  }

  /** One {@code <lbl>}: length, name, 3 padding bytes, then n, txtlen, off[n], val[n], txt. */
  private static void writeLabelTable(SeekableOutput out, String name, Map<Integer, String> table)
      throws IOException {
    int n = table.size();
    List<byte[]> texts = new ArrayList<>(n);
    int txtlen = 0;
    for (String text : table.values()) {
      byte[] b = Cells.utf8(text, 32000);
      texts.add(b);
      txtlen += b.length + 1;
    }
    out.ascii("<lbl>");
    out.int32(8 + 8 * n + txtlen);
    out.fixed(name.getBytes(StandardCharsets.UTF_8), 129, (byte) 0);
    out.padding(3, (byte) 0);
    out.int32(n);
    out.int32(txtlen);
    int off = 0;
    for (byte[] b : texts) {
      out.int32(off);
      off += b.length + 1;
    }
    for (int code : table.keySet()) {
      out.int32(code);
    }
    for (byte[] b : texts) {
      out.bytes(b);
      out.byte1(0);
    }
    out.ascii("</lbl>");
  }
}
