package org.sanlv.results.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SPSS system file ("$FL2"), after the system-file chapter of the PSPP developers' guide: file header (type
 * 1), one variable record (type 2) per 8-byte slot, value labels (types 3 and 4), machine integer and
 * floating-point info (7/3, 7/4), display parameters (7/11: coded numbers and strings nominal, other numbers
 * scale), long variable names (7/13), very long strings (7/14), character encoding
 * UTF-8 (7/20), dictionary end (999), then the cases, bytecode-compressed (bias 100) or not.
 *
 * <p>Strings wider than 255 bytes are "very long strings": segments of 255 bytes for every 252 bytes of
 * width, the data packed 255 bytes per segment. Variable labels are cut to 255 bytes, value labels to 120
 * bytes (SPSS's limit), the file label to 64 bytes, always at a whole character. The case count is written
 * as −1 and patched at the end (left −1 beyond 2<sup>31</sup>−1 cases, which readers accept).
 */
final class SavWriter {

  static final double SYSMIS = -Double.MAX_VALUE;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd MMM yy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
  private static final byte[] SPACES8 = "        ".getBytes(StandardCharsets.US_ASCII);

  private SavWriter() {}

  /** How one variable lies in the case: its short name and the widths of its segments (one unless very long). */
  record Layout(Variable variable, String shortName, List<String> segmentNames, int[] segmentWidths) {
    int slots() {
      int n = 0;
      for (int w : segmentWidths) {
        n += slotsOf(w);
      }
      return n;
    }
  }

  static int slotsOf(int width) {
    return width == 0 ? 1 : (width + 7) / 8;
  }

  static List<Layout> layout(List<Variable> vars) {
    Set<String> used = new HashSet<>();
    int[] counter = {0};
    List<Layout> out = new ArrayList<>();
    for (Variable v : vars) {
      String natural = v.name().toUpperCase(Locale.ROOT);
      natural = natural.substring(0, Math.min(8, natural.length()));
      String shortName = used.add(natural) ? natural : fresh(used, counter);
      int[] widths;
      if (!v.isNumeric() && v.width() > 255) {
        int n = (v.width() + 251) / 252;
        widths = new int[n];
        java.util.Arrays.fill(widths, 255);
        widths[n - 1] = v.width() - (n - 1) * 252;
      } else {
        widths = new int[] {v.isNumeric() ? 0 : v.width()};
      }
      List<String> names = new ArrayList<>();
      names.add(shortName);
      for (int s = 1; s < widths.length; s++) {
        names.add(fresh(used, counter));
      }
      out.add(new Layout(v, shortName, names, widths));
    }
    return out;
  }

  private static String fresh(Set<String> used, int[] counter) {
    String name;
    do {
      name = String.format(Locale.ROOT, "V%07d", ++counter[0]);
    } while (!used.add(name));
    return name;
  }

  static ExportResult write(Dataset dataset, Path target, ExportOptions options) {
    List<Variable> vars = dataset.variables();
    List<Layout> layouts = layout(vars);
    int caseSlots = layouts.stream().mapToInt(Layout::slots).sum();
    long[] counts = new long[2];
    try (var out = new SeekableOutput(target)) {
      // type 1: file header
      out.ascii("$FL2");
      out.fixed("@(#) SPSS DATA FILE Sanlv estimation export".getBytes(StandardCharsets.US_ASCII), 60, (byte) ' ');
      out.int32(2); // layout code
      out.int32(caseSlots);
      out.int32(options.compressSav() ? 1 : 0);
      out.int32(0); // no weight variable
      long ncasesAt = out.position();
      out.int32(-1);
      out.float64(100.0); // compression bias
      var created = options.createdAt().atZone(options.zone());
      out.ascii(DATE.format(created));
      out.ascii(TIME.format(created));
      out.fixed(Cells.utf8(dataset.label(), 64), 64, (byte) ' ');
      out.padding(3, (byte) 0);

      // type 2: variables, one record per 8-byte slot
      int[] dictionaryIndex = new int[vars.size()];
      int index = 0;
      for (int i = 0; i < layouts.size(); i++) {
        Layout l = layouts.get(i);
        dictionaryIndex[i] = index + 1;
        for (int s = 0; s < l.segmentWidths().length; s++) {
          int w = l.segmentWidths()[s];
          out.int32(2);
          out.int32(w);
          boolean labelled = s == 0 && !l.variable().label().isEmpty();
          out.int32(labelled ? 1 : 0);
          out.int32(0); // no user-missing values
          int format = formatSpec(l.variable(), w);
          out.int32(format);
          out.int32(format);
          out.fixed(l.segmentNames().get(s).getBytes(StandardCharsets.US_ASCII), 8, (byte) ' ');
          if (labelled) {
            byte[] label = Cells.utf8(l.variable().label(), 255);
            out.int32(label.length);
            out.bytes(label);
            out.padding((4 - label.length % 4) % 4, (byte) ' ');
          }
          for (int c = 1; c < slotsOf(w); c++) {
            out.int32(2);
            out.int32(-1);
            out.int32(0);
            out.int32(0);
            out.int32(0);
            out.int32(0);
            out.fixed(new byte[0], 8, (byte) ' ');
          }
          index += slotsOf(w);
        }
      }

      // types 3 and 4: value labels of each labelled numeric variable
      for (int i = 0; i < layouts.size(); i++) {
        Variable v = layouts.get(i).variable();
        if (v.valueLabels().isEmpty()) {
          continue;
        }
        out.int32(3);
        out.int32(v.valueLabels().size());
        for (var e : v.valueLabels().entrySet()) {
          out.float64(e.getKey());
          byte[] text = Cells.utf8(e.getValue(), 120);
          out.byte1(text.length);
          out.bytes(text);
          out.padding((8 - (1 + text.length) % 8) % 8, (byte) ' ');
        }
        out.int32(4);
        out.int32(1);
        out.int32(dictionaryIndex[i]);
      }

      // 7/3: machine integer info; 7/4: machine floating-point info
      out.int32(7);
      out.int32(3);
      out.int32(4);
      out.int32(8);
      for (int x : new int[] {1, 0, 0, -1, 1, 1, 2, 65001}) {
        out.int32(x);
      }
      out.int32(7);
      out.int32(4);
      out.int32(8);
      out.int32(3);
      out.float64(SYSMIS);
      out.float64(Double.MAX_VALUE);
      out.float64(Math.nextUp(-Double.MAX_VALUE));

      // 7/11: display parameters, one triple per segment: measure (1 nominal, 3 scale), width, alignment
      int segments = layouts.stream().mapToInt(l -> l.segmentWidths().length).sum();
      out.int32(7);
      out.int32(11);
      out.int32(4);
      out.int32(3 * segments);
      for (Layout l : layouts) {
        Variable v = l.variable();
        boolean nominal = !v.isNumeric() || !v.valueLabels().isEmpty();
        for (int s = 0; s < l.segmentWidths().length; s++) {
          out.int32(nominal ? 1 : 3);
          out.int32(v.isNumeric() ? 8 : Math.min(Math.max(v.width(), 8), 64));
          out.int32(v.isNumeric() ? 1 : 0);
        }
      }

      // 7/13: long variable names
      var names = new StringBuilder();
      for (Layout l : layouts) {
        if (names.length() > 0) {
          names.append('\t');
        }
        names.append(l.shortName()).append('=').append(l.variable().name());
      }
      textRecord(out, 13, names.toString().getBytes(StandardCharsets.UTF_8));

      // 7/14: very long strings
      var veryLong = new StringBuilder();
      for (Layout l : layouts) {
        if (l.segmentWidths().length > 1) {
          veryLong.append(l.shortName()).append('=')
              .append(String.format(Locale.ROOT, "%05d", l.variable().width())).append('\0').append('\t');
        }
      }
      if (veryLong.length() > 0) {
        textRecord(out, 14, veryLong.toString().getBytes(StandardCharsets.US_ASCII));
      }

      // 7/20: character encoding
      textRecord(out, 20, "UTF-8".getBytes(StandardCharsets.US_ASCII));

      out.int32(999);
      out.int32(0);

      CaseWriter cases = options.compressSav() ? new Compressed(out) : new Uncompressed(out);
      ByteBuffer slot = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      dataset
          .rows()
          .forEach(
              row -> {
                long r = ++counts[0];
                Cells.checkLength(row, vars, r);
                try {
                  for (int i = 0; i < layouts.size(); i++) {
                    Layout l = layouts.get(i);
                    Variable v = l.variable();
                    if (v.isNumeric()) {
                      double x = Cells.number(row[i], v, r);
                      cases.number(Double.isNaN(x) ? SYSMIS : x);
                      continue;
                    }
                    byte[] full = Cells.text(row[i]).getBytes(StandardCharsets.UTF_8);
                    byte[] b = Cells.cut(full, v.width());
                    if (b != full) {
                      counts[1]++;
                    }
                    int at = 0; // segments hold 255 bytes of data each; the rest of each segment is padding
                    for (int w : l.segmentWidths()) {
                      int take = Math.max(0, Math.min(b.length - at, Math.min(w, 255)));
                      int room = slotsOf(w) * 8;
                      for (int o = 0; o < room; o += 8) {
                        slot.clear();
                        for (int j = 0; j < 8; j++) {
                          int p = o + j;
                          slot.put(p < take ? b[at + p] : (byte) ' ');
                        }
                        cases.chunk(slot.array());
                      }
                      at += take;
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      cases.finish();
      if (counts[0] <= Integer.MAX_VALUE) {
        out.patchInt32(ncasesAt, (int) counts[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target, e);
    }
    return new ExportResult(ExportFormat.SPSS, counts[0], counts[1]);
  }

  /** Print and write format: F for numbers (F8.2 general, F8.0 codes, Fw.d fixed), A for strings. */
  private static int formatSpec(Variable v, int segmentWidth) {
    if (!v.isNumeric()) {
      return (1 << 16) | (segmentWidth << 8);
    }
    int d = v.decimals() < 0 ? 2 : v.decimals();
    int w = Math.max(8, d + 6);
    return (5 << 16) | (w << 8) | d;
  }

  private static void textRecord(SeekableOutput out, int subtype, byte[] text) throws IOException {
    out.int32(7);
    out.int32(subtype);
    out.int32(1);
    out.int32(text.length);
    out.bytes(text);
  }

  private interface CaseWriter {
    void number(double x) throws IOException;

    void chunk(byte[] eight) throws IOException;

    void finish() throws IOException;
  }

  private record Uncompressed(SeekableOutput out) implements CaseWriter {
    @Override
    public void number(double x) throws IOException {
      out.float64(x);
    }

    @Override
    public void chunk(byte[] eight) throws IOException {
      out.bytes(eight);
    }

    @Override
    public void finish() {}
  }

  /**
   * Bytecode compression: blocks of 8 command bytes, each followed by the 8-byte values it announces. Codes:
   * 1..251 the number code − 100, 253 eight raw bytes follow, 254 eight spaces, 255 system-missing, 0
   * padding.
   */
  private static final class Compressed implements CaseWriter {
    private final SeekableOutput out;
    private final byte[] commands = new byte[8];
    private final byte[] data = new byte[64];
    private int nCommands;
    private int nData;

    Compressed(SeekableOutput out) {
      this.out = out;
    }

    @Override
    public void number(double x) throws IOException {
      if (x == SYSMIS) {
        command(255);
      } else if (x == Math.rint(x) && x >= -99 && x <= 151) {
        command((int) x + 100);
      } else {
        long bits = Double.doubleToRawLongBits(x);
        for (int j = 0; j < 8; j++) {
          data[nData++] = (byte) (bits >>> (8 * j));
        }
        command(253);
      }
    }

    @Override
    public void chunk(byte[] eight) throws IOException {
      if (java.util.Arrays.equals(eight, SPACES8)) {
        command(254);
      } else {
        System.arraycopy(eight, 0, data, nData, 8);
        nData += 8;
        command(253);
      }
    }

    private void command(int code) throws IOException {
      commands[nCommands++] = (byte) code;
      if (nCommands == 8) {
        out.bytes(commands);
        out.bytes(data, 0, nData);
        nCommands = 0;
        nData = 0;
      }
    }

    @Override
    public void finish() throws IOException {
      if (nCommands > 0) {
        java.util.Arrays.fill(commands, nCommands, 8, (byte) 0);
        out.bytes(commands);
        out.bytes(data, 0, nData);
        nCommands = 0;
        nData = 0;
      }
    }
  }
}
