package org.sanlv.platform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file (RFC 4180: commas, double quotes, quoted line breaks) read into rows that remember their line
 * number in the file, so that every error can name the line and the column a user sees in their editor.
 */
public final class CsvTable {

  private final List<String> header;
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final List<Row> rows;

  private CsvTable(List<String> header, List<Row> rows) {
    this.header = header;
    this.rows = rows;
    for (int i = 0; i < header.size(); i++) {
      columnIndex.put(header.get(i), i);
    }
  }

  /** One data row; {@code line} is the line in the file where the row starts (the header is line 1). */
  public record Row(int line, List<String> cells, CsvTable table) {

    /** The trimmed cell of a column, empty when the column is absent or blank. */
    public String get(String column) {
      Integer index = table.columnIndex.get(column);
      return index == null || index >= cells.size() ? "" : cells.get(index).trim();
    }

    public Optional<String> optional(String column) {
      String value = get(column);
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
  }

  public List<String> header() {
    return header;
  }

  public List<Row> rows() {
    return rows;
  }

  public boolean hasColumn(String column) {
    return columnIndex.containsKey(column);
  }

  /**
   * Parses text into a table whose first line is the header; header names are trimmed and lower-cased.
   *
   * @throws InputRejected when the text is empty, a quote is not closed, a row has more cells than the header, or
   *     a cell holds text that cannot be stored ({@link StorableText}: named by line and column)
   */
  public static CsvTable parse(String text, int maxRows) {
    List<Problem> problems = new ArrayList<>();
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> current = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean cellStarted = false;
    int line = 1;
    int recordLine = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"' && !cellStarted) {
        quoted = true;
        cellStarted = true;
      } else if (c == ',') {
        current.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        current.add(cell.toString());
        cell.setLength(0);
        cellStarted = false;
        addRecord(records, lines, current, recordLine);
        current = new ArrayList<>();
        line++;
        recordLine = line;
      } else {
        cell.append(c);
        cellStarted = true;
      }
    }
    if (quoted) {
      problems.add(Problem.at(recordLine, null, "import.error.unclosedQuote"));
    }
    current.add(cell.toString());
    addRecord(records, lines, current, recordLine);
    if (records.isEmpty()) {
      problems.add(Problem.of("import.error.empty"));
      throw new InputRejected(problems);
    }
    List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    for (int c = 0; c < header.size(); c++) {
      if (!StorableText.isStorable(header.get(c))) {
        problems.add(StorableText.problem(lines.get(0), null, header.get(c)));
      }
    }
    if (records.size() - 1 > maxRows) {
      problems.add(Problem.of("import.error.tooManyRows", maxRows));
    }
    CsvTable table = new CsvTable(header, new ArrayList<>());
    for (int r = 1; r < records.size(); r++) {
      List<String> cells = records.get(r);
      if (cells.size() > header.size()) {
        problems.add(Problem.at(lines.get(r), null, "import.error.tooManyCells", cells.size(), header.size()));
      }
      for (int c = 0; c < cells.size(); c++) {
        if (!StorableText.isStorable(cells.get(c))) {
          problems.add(StorableText.problem(lines.get(r), c < header.size() ? header.get(c) : null, cells.get(c)));
        }
      }
      table.rows.add(new Row(lines.get(r), List.copyOf(cells), table));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return table;
  }

  private static void addRecord(List<List<String>> records, List<Integer> lines, List<String> cells, int line) {
    boolean blank = cells.stream().allMatch(s -> s.isBlank());
    if (!blank) {
      records.add(cells);
      lines.add(line);
    }
  }
}
