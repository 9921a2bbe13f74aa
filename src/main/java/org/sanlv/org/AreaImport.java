package org.sanlv.org;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * Validates a CSV of areas and units with their figures, every row before anything is written, and returns
 * the rows in an order where parents come before children.
 *
 * <p>Columns: {@code code, name, level, parent_code} (required), {@code population, households, villages,
 * unit_type, phone_blocks} (optional). Levels: province, city, county, town, village, unit (or 省, 市, 县, 镇,
 * 村, 单位). {@code phone_blocks} is a space-separated list of {@code prefix} or {@code prefix:carrier}.
 *
 * <p>Population by sex and age band (optional, the results' post-stratification margins): columns
 * {@code pop_m_16_29}, {@code pop_f_16_29}, …, {@code pop_m_70plus}, {@code pop_f_70plus} — sex {@code m}/{@code f},
 * first and last age in completed years, or {@code plus} for "and over". The header's bands must not overlap
 * and each band needs both sexes. A row fills every cell or none (none keeps the area's margins as they are);
 * its cells together must not exceed its population.
 */
final class AreaImport {

  static final List<String> REQUIRED = List.of("code", "name", "level", "parent_code");
  static final List<String> OPTIONAL = List.of("population", "households", "villages", "unit_type", "phone_blocks");
  static final int MAX_ROWS = 200_000;

  // compiled once: a 100,000-row file checks each of them 100,000 times
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,40}");
  private static final Pattern PREFIX = Pattern.compile("[0-9]{3,8}");

  private static final Map<String, OrgLevel> LEVEL_NAMES = Map.ofEntries(
      Map.entry("province", OrgLevel.PROVINCE), Map.entry("省", OrgLevel.PROVINCE),
      Map.entry("city", OrgLevel.CITY), Map.entry("市", OrgLevel.CITY),
      Map.entry("county", OrgLevel.COUNTY), Map.entry("县", OrgLevel.COUNTY), Map.entry("区县", OrgLevel.COUNTY),
      Map.entry("town", OrgLevel.TOWN), Map.entry("镇", OrgLevel.TOWN), Map.entry("镇街", OrgLevel.TOWN),
      Map.entry("village", OrgLevel.VILLAGE), Map.entry("村", OrgLevel.VILLAGE), Map.entry("村社区", OrgLevel.VILLAGE),
      Map.entry("unit", OrgLevel.UNIT), Map.entry("单位", OrgLevel.UNIT));

  /** A validated row. {@code existing} is the node it updates, or null when it creates one. */
  record Row(int line, String code, String name, OrgLevel level, UnitType unitType, String parentCode,
      Long population, Long households, Integer villages, List<PhoneBlock> phoneBlocks, OrgNode existing,
      List<PopulationCell> margins) {}

  private static final Pattern MARGIN = Pattern.compile("pop_([mf])_([0-9]{1,3})(?:_([0-9]{1,3})|plus)");

  private AreaImport() {}

  static List<Row> validate(CsvTable table, Scope scope, Function<String, Optional<OrgNode>> existingNode) {
    List<Problem> problems = new ArrayList<>();
    for (String column : REQUIRED) {
      if (!table.hasColumn(column)) {
        problems.add(Problem.at(1, column, "import.error.missingColumn", column));
      }
    }
    List<PopulationCell> bands = new ArrayList<>();
    for (String column : table.header()) {
      java.util.regex.Matcher m = MARGIN.matcher(column);
      if (m.matches()) {
        int from = Integer.parseInt(m.group(2));
        Integer to = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        if (to != null && to < from) {
          problems.add(Problem.at(1, column, "import.error.marginBand", column));
        } else {
          bands.add(new PopulationCell(m.group(1), from, to, 0));
        }
      } else if (!REQUIRED.contains(column) && !OPTIONAL.contains(column)) {
        problems.add(Problem.at(1, column, "import.error.unknownColumn", column));
      }
    }
    marginHeader(bands, problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    if (table.rows().isEmpty()) {
      throw new InputRejected(Problem.of("import.error.noRows"));
    }
    Map<String, Row> byCode = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    for (CsvTable.Row csv : table.rows()) {
      int line = csv.line();
      int before = problems.size();
      String code = csv.get("code");
      if (code.isEmpty()) {
        problems.add(Problem.at(line, "code", "import.error.required"));
      } else if (!CODE.matcher(code).matches()) {
        problems.add(Problem.at(line, "code", "import.error.badCode", code));
      } else if (byCode.containsKey(code)) {
        problems.add(Problem.at(line, "code", "import.error.duplicateCode", code, byCode.get(code).line()));
      }
      String name = csv.get("name");
      if (name.isEmpty()) {
        problems.add(Problem.at(line, "name", "import.error.required"));
      } else if (name.length() > 200) {
        problems.add(Problem.at(line, "name", "import.error.tooLong", 200));
      }
      OrgLevel level = LEVEL_NAMES.get(csv.get("level").toLowerCase(Locale.ROOT));
      if (level == null) {
        problems.add(Problem.at(line, "level", "import.error.badLevel", csv.get("level")));
      }
      UnitType unitType = null;
      String unitTypeText = csv.get("unit_type");
      if (level == OrgLevel.UNIT) {
        try {
          unitType = UnitType.valueOf(unitTypeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add(Problem.at(line, "unit_type", "import.error.badUnitType", unitTypeText));
        }
      } else if (!unitTypeText.isEmpty() && level != null) {
        problems.add(Problem.at(line, "unit_type", "import.error.unitTypeOnArea"));
      }
      Long population = count(csv, "population", problems);
      Long households = count(csv, "households", problems);
      Long villages = count(csv, "villages", problems);
      if (villages != null && villages > Integer.MAX_VALUE) {
        problems.add(Problem.at(line, "villages", "import.error.notCount", csv.get("villages")));
      }
      List<PhoneBlock> blocks = phoneBlocks(csv, problems);
      List<PopulationCell> margins = margins(csv, bands, population, existingNode, code, problems);
      String parentCode = csv.get("parent_code");
      if (parentCode.isEmpty() && level == OrgLevel.PROVINCE) {
        parentCode = "CN";
      } else if (parentCode.isEmpty()) {
        problems.add(Problem.at(line, "parent_code", "import.error.required"));
      }
      if (problems.size() == before) {
        Row row = new Row(line, code, name, level, unitType, parentCode, population, households,
            villages == null ? null : villages.intValue(), blocks, existingNode.apply(code).orElse(null), margins);
        byCode.put(code, row);
        rows.add(row);
      } else if (!code.isEmpty() && !byCode.containsKey(code)) {
        byCode.put(code, new Row(line, code, name, level, unitType, parentCode, null, null, null, List.of(), null,
            null));
      }
    }
    // Second pass: parents exist (in the database or in the file), levels fit, everything is in scope.
    for (Row row : rows) {
      OrgLevel parentLevel;
      String parentPath;
      Row parentInFile = byCode.get(row.parentCode());
      Optional<OrgNode> parentInDb = parentInFile == null ? existingNode.apply(row.parentCode()) : Optional.empty();
      if (parentInFile != null && parentInFile.existing() == null) {
        parentLevel = parentInFile.level();
        parentPath = null; // created by this import: its own parent is checked on its row
      } else if (parentInFile != null || parentInDb.isPresent()) {
        OrgNode parent = parentInFile != null ? parentInFile.existing() : parentInDb.get();
        parentLevel = parent.level();
        parentPath = parent.path();
      } else {
        problems.add(Problem.at(row.line(), "parent_code", "import.error.unknownParent", row.parentCode()));
        continue;
      }
      if (parentLevel != null && row.level() != null && !row.level().mayHangUnder(parentLevel)) {
        problems.add(Problem.at(row.line(), "level", "import.error.levelUnderParent",
            row.level().dbValue(), parentLevel.dbValue()));
      }
      if (parentPath != null && !scope.covers(parentPath)) {
        problems.add(Problem.at(row.line(), "parent_code", "import.error.outOfScope", row.parentCode()));
      }
      OrgNode existing = row.existing();
      if (existing != null) {
        if (!scope.covers(existing)) {
          problems.add(Problem.at(row.line(), "code", "import.error.outOfScope", row.code()));
        } else if (existing.level() != row.level()) {
          problems.add(Problem.at(row.line(), "level", "import.error.levelChange", existing.level().dbValue()));
        } else if (!row.parentCode().equals(existing.parentCode())) {
          problems.add(Problem.at(row.line(), "parent_code", "import.error.parentChange", existing.parentCode()));
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(Problem::line));
      throw new InputRejected(problems);
    }
    rows.sort(Comparator.comparingInt(r -> r.level().ordinal()));
    return rows;
  }

  /** The header's age bands: no overlap, each with both sexes. */
  private static void marginHeader(List<PopulationCell> bands, List<Problem> problems) {
    for (int i = 0; i < bands.size(); i++) {
      PopulationCell a = bands.get(i);
      boolean otherSex = false;
      for (int j = 0; j < bands.size(); j++) {
        PopulationCell b = bands.get(j);
        if (i == j) {
          continue;
        }
        if (!a.sex().equals(b.sex()) && a.ageFrom() == b.ageFrom() && java.util.Objects.equals(a.ageTo(), b.ageTo())) {
          otherSex = true;
        }
        boolean overlap = a.sex().equals(b.sex()) && (b.ageTo() == null || a.ageFrom() <= b.ageTo())
            && (a.ageTo() == null || b.ageFrom() <= a.ageTo());
        if (overlap && i < j) {
          problems.add(Problem.at(1, b.column(), "import.error.marginOverlap", b.column(), a.column()));
        }
      }
      if (!otherSex) {
        String other = new PopulationCell(a.sex().equals("m") ? "f" : "m", a.ageFrom(), a.ageTo(), 0).column();
        problems.add(Problem.at(1, a.column(), "import.error.marginOtherSex", a.column(), other));
      }
    }
  }

  /** A row's margins: all cells or none (null), not more than the row's (or the area's) population. */
  private static List<PopulationCell> margins(CsvTable.Row csv, List<PopulationCell> bands, Long population,
      Function<String, Optional<OrgNode>> existingNode, String code, List<Problem> problems) {
    if (bands.isEmpty()) {
      return null;
    }
    List<PopulationCell> cells = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    int before = problems.size();
    long sum = 0;
    for (PopulationCell band : bands) {
      Long value = count(csv, band.column(), problems);
      if (value == null) {
        if (csv.get(band.column()).isEmpty()) {
          empty.add(band.column());
        }
      } else {
        cells.add(new PopulationCell(band.sex(), band.ageFrom(), band.ageTo(), value));
        sum += value;
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (empty.size() == bands.size()) {
      return null;
    }
    if (!empty.isEmpty()) {
      problems.add(Problem.at(csv.line(), empty.get(0), "import.error.marginIncomplete", String.join("、", empty)));
      return null;
    }
    Long total = population != null ? population
        : code.isEmpty() ? null : existingNode.apply(code).map(OrgNode::population).orElse(null);
    if (total != null && sum > total) {
      problems.add(Problem.at(csv.line(), bands.get(0).column(), "import.error.marginOverPopulation", sum, total));
      return null;
    }
    return cells;
  }

  private static Long count(CsvTable.Row csv, String column, List<Problem> problems) {
    String text = csv.get(column);
    if (text.isEmpty()) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        problems.add(Problem.at(csv.line(), column, "import.error.notCount", text));
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(Problem.at(csv.line(), column, "import.error.notCount", text));
      return null;
    }
  }

  private static List<PhoneBlock> phoneBlocks(CsvTable.Row csv, List<Problem> problems) {
    String text = csv.get("phone_blocks");
    if (text.isEmpty()) {
      return List.of();
    }
    List<PhoneBlock> blocks = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String item : text.split("\\s+")) {
      String[] parts = item.split(":", 2);
      if (!PREFIX.matcher(parts[0]).matches()) {
        problems.add(Problem.at(csv.line(), "phone_blocks", "import.error.badPrefix", parts[0]));
      } else if (!seen.add(parts[0])) {
        problems.add(Problem.at(csv.line(), "phone_blocks", "import.error.duplicatePrefix", parts[0]));
      } else {
        blocks.add(new PhoneBlock(parts[0], parts.length > 1 && !parts[1].isBlank() ? parts[1] : null));
      }
    }
    return blocks;
  }
}
