package org.sanlv.estimation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.platform.CsvTable;

/** The R-generated fixture data of src/test/resources/estimation, as columns. */
final class Fixture {

  final CsvTable table;
  final int n;

  private Fixture(CsvTable table) {
    this.table = table;
    this.n = table.rows().size();
  }

  static Fixture load(String name) {
    return new Fixture(CsvTable.parse(resource(name), 1_000_000));
  }

  static String resource(String name) {
    try (InputStream in = Fixture.class.getResourceAsStream("/estimation/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String[] strings(String column) {
    return table.rows().stream().map(r -> r.get(column)).toArray(String[]::new);
  }

  String[] joined(String... columns) {
    return table.rows().stream().map(r -> {
      StringBuilder b = new StringBuilder();
      for (String c : columns) {
        b.append(r.get(c)).append('|');
      }
      return b.toString();
    }).toArray(String[]::new);
  }

  double[] numbers(String column) {
    return table.rows().stream().mapToDouble(r -> Double.parseDouble(r.get(column))).toArray();
  }

  /** The fixture's indicators, as the R script derives them. */
  double[] safe() {
    return table.rows().stream().mapToDouble(r -> r.get("q9").equals("1") || r.get("q9").equals("2") ? 1 : 0)
        .toArray();
  }

  double[] aware() {
    return table.rows().stream().mapToDouble(r -> {
      String s = r.get("q11").trim();
      if (s.isEmpty()) {
        return 0;
      }
      int k = 0;
      for (String code : s.split("\\s+")) {
        int c = Integer.parseInt(code);
        if (c >= 1 && c <= 12) {
          k++;
        }
      }
      return k / 12.0;
    }).toArray();
  }

  boolean[] know() {
    boolean[] b = new boolean[n];
    for (int i = 0; i < n; i++) {
      b[i] = !table.rows().get(i).get("q13").equals("6");
    }
    return b;
  }

  double[] q13good() {
    return table.rows().stream().mapToDouble(r -> r.get("q13").equals("1") || r.get("q13").equals("2") ? 1 : 0)
        .toArray();
  }

  /** A margins file: the joined cell label (columns in the given order, '|' after each) → population. */
  static Map<String, Double> margins(String name, String... columns) {
    CsvTable t = CsvTable.parse(resource(name), 100_000);
    Map<String, Double> m = new HashMap<>();
    for (CsvTable.Row r : t.rows()) {
      StringBuilder b = new StringBuilder();
      for (String c : columns) {
        b.append(r.get(c)).append('|');
      }
      m.put(b.toString(), Double.parseDouble(r.get("population")));
    }
    return m;
  }

  /** reference.csv: "case,by,domain,indicator,stat" → value. */
  static Map<String, Double> reference() {
    Map<String, Double> ref = new HashMap<>();
    for (String line : resource("reference.csv").split("\n")) {
      if (line.startsWith("#") || line.startsWith("case,") || line.isBlank()) {
        continue;
      }
      int cut = line.lastIndexOf(',');
      ref.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1).trim()));
    }
    return ref;
  }

  static List<String> indicators() {
    return List.of("safe", "aware", "q13good");
  }
}
