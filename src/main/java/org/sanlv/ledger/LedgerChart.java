package org.sanlv.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The statistics page's chart and cross table, laid out from {@link Statistics}' cells: counts added over the
 * months or over the other dimension (sums of counts only; medians are never combined, they come from the service's
 * margins).
 */
record LedgerChart(List<String> months, Map<String, List<Series>> byArea, Map<String, List<Series>> byCategory) {

  /** The measures the chart can show, as the page's select offers them. */
  static final List<String> MEASURES = List.of("recorded", "resolved", "closed");

  /** One stack of the chart: a name and a value per month, joined with '|' for the page's data attribute. */
  record Series(String name, String values) {}

  /** A row of the area × category table: an area, then per category (in the statistics' order) its counts. */
  record CrossRow(String areaName, List<long[]> counts) {}

  static LedgerChart of(Statistics s) {
    Map<String, List<Series>> areas = new HashMap<>();
    Map<String, List<Series>> categories = new HashMap<>();
    for (String m : MEASURES) {
      ToLongFunction<Statistics.Cell> measure = measure(m);
      areas.put(m, series(s, s.areas().stream().map(a -> new Key(a.code(), a.name())).toList(),
          Statistics.Cell::areaCode, measure));
      categories.put(m, series(s, s.categories().stream().map(c -> new Key(c.code(), c.name())).toList(),
          Statistics.Cell::category, measure));
    }
    return new LedgerChart(s.months(), areas, categories);
  }

  /** Per area, per category: {recorded, resolved, closed, overdue} over the whole period. */
  static List<CrossRow> crossTable(Statistics s) {
    Map<String, long[]> sums = new HashMap<>();
    for (Statistics.Cell c : s.cells()) {
      long[] n = sums.computeIfAbsent(c.areaCode() + "\u0000" + c.category(), k -> new long[4]);
      n[0] += c.recorded();
      n[1] += c.resolved();
      n[2] += c.closed();
      n[3] += c.overdue();
    }
    List<CrossRow> rows = new ArrayList<>();
    for (Statistics.Area a : s.areas()) {
      rows.add(new CrossRow(a.name(), s.categories().stream()
          .map(c -> sums.getOrDefault(a.code() + "\u0000" + c.code(), new long[4])).toList()));
    }
    return rows;
  }

  /** A margin of the statistics with the name of what it is the margin of. */
  record NamedCell(String code, String name, Statistics.Cell cell) {}

  static List<NamedCell> byArea(Statistics s) {
    Map<String, Statistics.Cell> cells = s.byArea().stream()
        .collect(Collectors.toMap(Statistics.Cell::areaCode, c -> c, (a, b) -> a));
    return s.areas().stream().filter(a -> cells.containsKey(a.code()))
        .map(a -> new NamedCell(a.code(), a.name(), cells.get(a.code()))).toList();
  }

  static List<NamedCell> byCategory(Statistics s) {
    Map<String, Statistics.Cell> cells = s.byCategory().stream()
        .collect(Collectors.toMap(Statistics.Cell::category, c -> c, (a, b) -> a));
    return s.categories().stream().filter(c -> cells.containsKey(c.code()))
        .map(c -> new NamedCell(c.code(), c.name(), cells.get(c.code()))).toList();
  }

  private record Key(String code, String name) {}

  private static List<Series> series(Statistics s, List<Key> keys, Function<Statistics.Cell, String> keyOf,
      ToLongFunction<Statistics.Cell> measure) {
    Map<String, Map<String, Long>> byKey = s.cells().stream().collect(Collectors.groupingBy(
        c -> String.valueOf(keyOf.apply(c)), Collectors.groupingBy(c -> String.valueOf(c.month()),
            Collectors.summingLong(measure))));
    List<Series> out = new ArrayList<>();
    for (Key k : keys) {
      Map<String, Long> perMonth = byKey.getOrDefault(k.code(), Map.of());
      out.add(new Series(k.name(), s.months().stream().map(m -> String.valueOf(perMonth.getOrDefault(m, 0L)))
          .collect(Collectors.joining("|"))));
    }
    return out;
  }

  private static ToLongFunction<Statistics.Cell> measure(String name) {
    switch (name) {
      case "resolved":
        return Statistics.Cell::resolved;
      case "closed":
        return Statistics.Cell::closed;
      default:
        return Statistics.Cell::recorded;
    }
  }
}
