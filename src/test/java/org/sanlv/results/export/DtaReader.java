package org.sanlv.results.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal reader of Stata format 118 (little-endian, no strL), independent of the writer: it follows the
 * section map and checks each section's tag, so a wrong offset fails here as it would in Stata.
 */
final class DtaReader {

  record DtaFile(
      String label,
      String timestamp,
      List<String> names,
      List<Integer> types,
      List<String> formats,
      List<String> variableLabels,
      List<String> valueLabelNames,
      List<Object[]> rows,
      Map<String, Map<Integer, String>> valueLabels) {}

  private final ByteBuffer b;

  private DtaReader(byte[] bytes) {
    this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  static DtaFile read(Path file) throws IOException {
    return new DtaReader(Files.readAllBytes(file)).read();
  }

  private void expect(String tag) {
    byte[] got = new byte[tag.length()];
    b.get(got);
    String s = new String(got, StandardCharsets.US_ASCII);
    if (!s.equals(tag)) {
      throw new IllegalStateException("expected " + tag + " at " + (b.position() - tag.length()) + ", found " + s);
    }
  }

  private String fixed(int n) {
    byte[] raw = new byte[n];
    b.get(raw);
    int end = 0;
    while (end < n && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  private DtaFile read() {
    expect("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>");
    int k = Short.toUnsignedInt(b.getShort());
    expect("</K><N>");
    long n = b.getLong();
    expect("</N><label>");
    String label = fixed(Short.toUnsignedInt(b.getShort()));
    expect("</label><timestamp>");
    String timestamp = fixed(Byte.toUnsignedInt(b.get()));
    expect("</timestamp></header>");
    expect("<map>");
    long[] map = new long[14];
    for (int i = 0; i < 14; i++) {
      map[i] = b.getLong();
    }
    expect("</map>");
    if (map[13] != b.capacity()) {
      throw new IllegalStateException("map says end of file at " + map[13] + ", file has " + b.capacity());
    }
    b.position((int) map[2]);
    expect("<variable_types>");
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      types.add(Short.toUnsignedInt(b.getShort()));
    }
    b.position((int) map[3]);
    expect("<varnames>");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      names.add(fixed(129));
    }
    b.position((int) map[5]);
    expect("<formats>");
    List<String> formats = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      formats.add(fixed(57));
    }
    b.position((int) map[6]);
    expect("<value_label_names>");
    List<String> vlNames = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      vlNames.add(fixed(129));
    }
    b.position((int) map[7]);
    expect("<variable_labels>");
    List<String> varLabels = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      varLabels.add(fixed(321));
    }
    b.position((int) map[9]);
    expect("<data>");
    List<Object[]> rows = new ArrayList<>();
    for (long r = 0; r < n; r++) {
      Object[] row = new Object[k];
      for (int i = 0; i < k; i++) {
        int t = types.get(i);
        if (t <= 2045) {
          row[i] = fixed(t);
        } else if (t == 65526) {
          long bits = b.getLong();
          double x = Double.longBitsToDouble(bits);
          row[i] = x >= 8.98846567431158e307 ? null : x; // . and .a–.z
        } else if (t == 65530) {
          int x = b.get();
          row[i] = x > 100 ? null : (double) x;
        } else {
          throw new IllegalStateException("type " + t + " not read here");
        }
      }
      rows.add(row);
    }
    expect("</data>");
    b.position((int) map[11]);
    expect("<value_labels>");
    Map<String, Map<Integer, String>> valueLabels = new LinkedHashMap<>();
    while (true) {
      b.mark();
      byte[] peek = new byte[5];
      b.get(peek);
      if (!new String(peek, StandardCharsets.US_ASCII).equals("<lbl>")) {
        b.reset();
        break;
      }
      int len = b.getInt();
      String name = fixed(129);
      b.position(b.position() + 3);
      int start = b.position();
      int entries = b.getInt();
      int txtlen = b.getInt();
      int[] off = new int[entries];
      int[] val = new int[entries];
      for (int i = 0; i < entries; i++) {
        off[i] = b.getInt();
      }
      for (int i = 0; i < entries; i++) {
        val[i] = b.getInt();
      }
      int txt = b.position();
      Map<Integer, String> table = new TreeMap<>();
      for (int i = 0; i < entries; i++) {
        b.position(txt + off[i]);
        int end = txt + off[i];
        while (b.get(end) != 0) {
          end++;
        }
        byte[] s = new byte[end - (txt + off[i])];
        b.get(s);
        table.put(val[i], new String(s, StandardCharsets.UTF_8));
      }
      b.position(txt + txtlen);
      if (b.position() - start != len) {
        throw new IllegalStateException("value label " + name + ": length " + len + " but table is " + (b.position() - start));
      }
      expect("</lbl>");
      valueLabels.put(name, table);
    }
    expect("</value_labels>");
    if (b.position() != map[12]) {
      throw new IllegalStateException("</stata_dta> at " + b.position() + ", map says " + map[12]);
    }
    expect("</stata_dta>");
    return new DtaFile(label, timestamp, names, types, formats, varLabels, vlNames, rows, valueLabels);
  }
}
