package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * Reads and validates the sampling frames, all or nothing: every row is checked, and any problem rejects the
 * whole file with every problem found, each at its line and column ({@link InputRejected}).
 *
 * <p>Each reader takes {@code knownArea}, a test of whether a division code (4-digit city, 6-digit county,
 * 9-digit town) exists, e.g. the codes of {@code divisions/*.csv} or the org tree. Header names are
 * case-insensitive; unknown columns are refused (they are usually typos of a known one).
 *
 * <table>
 *   <caption>Frame formats (CSV, UTF-8 or GBK, first line the header)</caption>
 *   <tr><th>frame</th><th>required columns</th><th>optional columns</th></tr>
 *   <tr><td>blocks</td><td>block_id, county, households</td><td>town, population, name, lat, lon</td></tr>
 *   <tr><td>prefixes</td><td>prefix, area</td><td>carrier</td></tr>
 *   <tr><td>intercept sites</td><td>county, site_id, name, type</td><td>lat, lon</td></tr>
 *   <tr><td>populations</td><td>area, population</td><td>name</td></tr>
 *   <tr><td>do-not-call</td><td colspan="2">one number a line, optional header line {@code number}; see
 *   {@link #doNotCall}</td></tr>
 * </table>
 */
public final class Frames {

  /** At most this many rows in one frame file (Zhejiang has about 200,000 survey blocks). */
  public static final int MAX_ROWS = 2_000_000;

  private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
  private static final Pattern TOWN = Pattern.compile("[0-9]{9}");
  private static final Pattern CITY = Pattern.compile("[0-9]{4}");
  private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_.\\-]{1,40}");
  private static final Pattern MOBILE_PREFIX = Pattern.compile("1[0-9]{6}");
  private static final Pattern LANDLINE_PREFIX = Pattern.compile("(010|02[0-9]|0[3-9][0-9]{2})-([2-9][0-9]{2,3})");
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
  private static final Pattern LANDLINE = Pattern.compile("(010|02[0-9])[2-9][0-9]{7}|0[3-9][0-9]{2}[2-9][0-9]{6,7}");

  private Frames() {}

  // ---------------------------------------------------------------- blocks

  /** Parses a block frame from CSV text; see the class comment for the columns. */
  public static BlockFrame blocks(String csvText, Predicate<String> knownArea) {
    return blocks(CsvTable.parse(csvText, MAX_ROWS), knownArea);
  }

  /**
   * Validates a block frame: {@code block_id} present, at most 40 letters, digits, {@code _ . -}, unique;
   * {@code county} a known 6-digit code; {@code town} (optional) a known 9-digit code inside the county;
   * {@code households} a positive whole number; {@code population} (optional) a positive whole number;
   * {@code name} (optional) at most 200 characters; {@code lat}/{@code lon} (optional) both or neither, in degrees
   * within ±90 / ±180, as in the sites frame. Name and location do not enter the draw (nor the fingerprint); they
   * go with the drawn households to the interviewers and to the GPS check.
   */
  public static BlockFrame blocks(CsvTable table, Predicate<String> knownArea) {
    columns(table, List.of("block_id", "county", "households"), List.of("town", "population", "name", "lat", "lon"));
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> lineOfId = new HashMap<>();
    List<Block> blocks = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      int before = problems.size();
      String id = row.get("block_id");
      if (id.isEmpty()) {
        problems.add(Problem.at(row.line(), "block_id", "import.error.required"));
      } else if (!ID.matcher(id).matches()) {
        problems.add(Problem.at(row.line(), "block_id", "sampling.error.badId", id));
      } else {
        Integer first = lineOfId.putIfAbsent(id, row.line());
        if (first != null) {
          problems.add(Problem.at(row.line(), "block_id", "sampling.error.duplicateId", id, first));
        }
      }
      String county = area(row, "county", COUNTY, "sampling.error.badCounty", knownArea, problems);
      String town = row.get("town");
      if (!town.isEmpty()) {
        if (!TOWN.matcher(town).matches()) {
          problems.add(Problem.at(row.line(), "town", "sampling.error.badTown", town));
        } else if (county != null && !town.startsWith(county)) {
          problems.add(Problem.at(row.line(), "town", "sampling.error.townOutsideCounty", town, county));
        } else if (!knownArea.test(town)) {
          problems.add(Problem.at(row.line(), "town", "sampling.error.unknownArea", town));
        }
      }
      long households = positive(row, "households", true, problems);
      long population = positive(row, "population", false, problems);
      String name = row.get("name");
      if (name.length() > 200) {
        problems.add(Problem.at(row.line(), "name", "import.error.tooLong", 200));
      }
      Double lat = coordinate(row, "lat", 90, problems);
      Double lon = coordinate(row, "lon", 180, problems);
      if (problems.size() == before && (lat == null) != (lon == null)) {
        problems.add(Problem.at(row.line(), lat == null ? "lat" : "lon", "sampling.error.coordinatePair"));
      }
      if (problems.size() == before) {
        blocks.add(new Block(id, county, town, households, population, name, lat, lon));
      }
    }
    reject(problems);
    return BlockFrame.of(blocks);
  }

  // ---------------------------------------------------------------- prefixes

  public static PrefixFrame prefixes(String csvText, Predicate<String> knownArea) {
    return prefixes(CsvTable.parse(csvText, MAX_ROWS), knownArea);
  }

  /**
   * Validates a number-prefix frame: {@code prefix} either 7 digits starting with 1 (mobile) or
   * {@code 0AAA-XXXX} (landline: area code 010, 02x or 0xxx, a hyphen, 3 or 4 exchange digits not starting
   * with 0 or 1), unique; {@code area} a known code, 4 digits (city) for a mobile prefix, 4 or 6 digits
   * (city or county) for a landline prefix; {@code carrier} free text up to 20 characters.
   */
  public static PrefixFrame prefixes(CsvTable table, Predicate<String> knownArea) {
    columns(table, List.of("prefix", "area"), List.of("carrier"));
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> lineOfPrefix = new HashMap<>();
    List<NumberPrefix> prefixes = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      int before = problems.size();
      String prefix = row.get("prefix").replace(" ", "");
      NumberPrefix.Kind kind = null;
      if (prefix.isEmpty()) {
        problems.add(Problem.at(row.line(), "prefix", "import.error.required"));
      } else if (MOBILE_PREFIX.matcher(prefix).matches()) {
        kind = NumberPrefix.Kind.MOBILE;
      } else if (LANDLINE_PREFIX.matcher(prefix).matches()) {
        kind = NumberPrefix.Kind.LANDLINE;
      } else {
        problems.add(Problem.at(row.line(), "prefix", "sampling.error.badPrefix", prefix));
      }
      if (kind != null) {
        Integer first = lineOfPrefix.putIfAbsent(prefix.replace("-", ""), row.line());
        if (first != null) {
          problems.add(Problem.at(row.line(), "prefix", "sampling.error.duplicateId", prefix, first));
        }
      }
      String area = row.get("area");
      if (area.isEmpty()) {
        problems.add(Problem.at(row.line(), "area", "import.error.required"));
      } else if (kind == NumberPrefix.Kind.MOBILE && !CITY.matcher(area).matches()) {
        problems.add(Problem.at(row.line(), "area", "sampling.error.mobileAreaNotCity", area));
      } else if (!CITY.matcher(area).matches() && !COUNTY.matcher(area).matches()) {
        problems.add(Problem.at(row.line(), "area", "sampling.error.badArea", area));
      } else if (!knownArea.test(area)) {
        problems.add(Problem.at(row.line(), "area", "sampling.error.unknownArea", area));
      }
      String carrier = row.get("carrier");
      if (carrier.length() > 20) {
        problems.add(Problem.at(row.line(), "carrier", "import.error.tooLong", 20));
      }
      if (problems.size() == before) {
        prefixes.add(new NumberPrefix(prefix, kind, carrier, area));
      }
    }
    reject(problems);
    return PrefixFrame.of(prefixes);
  }

  // ---------------------------------------------------------------- do-not-call

  /**
   * Parses a do-not-call list: one number a line; blank lines are skipped, the first line may be the header
   * {@code number} (or 号码), spaces and hyphens inside a number are ignored, a leading {@code +86} or
   * {@code 86} before a mobile number is dropped. A number is an 11-digit mobile number ({@code 1[3-9]…}) or a
   * landline number with its area code (010/02x + 8 digits, or 0xxx + 7 or 8 digits). Anything else is an
   * error at its line.
   */
  public static DoNotCallList doNotCall(String text) {
    List<Problem> problems = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    long[] numbers = new long[lines.length];
    int n = 0;
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i].strip();
      if (i == 0 && !raw.isEmpty() && raw.charAt(0) == '\uFEFF') {
        raw = raw.substring(1).strip();
      }
      if (raw.isEmpty() || i == 0 && (raw.equalsIgnoreCase("number") || raw.equals("号码"))) {
        continue;
      }
      String digits = raw.replace(" ", "").replace("-", "");
      if (digits.startsWith("+86")) {
        digits = digits.substring(3);
      } else if (digits.length() == 13 && digits.startsWith("861")) {
        digits = digits.substring(2);
      }
      if (MOBILE.matcher(digits).matches() || LANDLINE.matcher(digits).matches()) {
        numbers[n++] = Long.parseLong(digits);
      } else {
        problems.add(Problem.at(i + 1, "number", "sampling.error.badNumber", raw));
      }
    }
    reject(problems);
    return DoNotCallList.of(java.util.Arrays.copyOf(numbers, n));
  }

  // ---------------------------------------------------------------- intercept sites

  public static SiteFrame sites(String csvText, Predicate<String> knownArea) {
    return sites(CsvTable.parse(csvText, MAX_ROWS), knownArea);
  }

  /**
   * Validates intercept sites: {@code county} a known 6-digit code; {@code site_id} unique as a block id;
   * {@code name} present, at most 200 characters; {@code type} one of {@link LocationType} (English or
   * Chinese name); {@code lat}/{@code lon} optional, both or neither, in degrees within ±90 / ±180.
   */
  public static SiteFrame sites(CsvTable table, Predicate<String> knownArea) {
    columns(table, List.of("county", "site_id", "name", "type"), List.of("lat", "lon"));
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> lineOfId = new HashMap<>();
    List<InterceptSite> sites = new ArrayList<>();
    for (CsvTable.Row row : table.rows()) {
      int before = problems.size();
      String county = area(row, "county", COUNTY, "sampling.error.badCounty", knownArea, problems);
      String id = row.get("site_id");
      if (id.isEmpty()) {
        problems.add(Problem.at(row.line(), "site_id", "import.error.required"));
      } else if (!ID.matcher(id).matches()) {
        problems.add(Problem.at(row.line(), "site_id", "sampling.error.badId", id));
      } else {
        Integer first = lineOfId.putIfAbsent(id, row.line());
        if (first != null) {
          problems.add(Problem.at(row.line(), "site_id", "sampling.error.duplicateId", id, first));
        }
      }
      String name = row.get("name");
      if (name.isEmpty()) {
        problems.add(Problem.at(row.line(), "name", "import.error.required"));
      } else if (name.length() > 200) {
        problems.add(Problem.at(row.line(), "name", "import.error.tooLong", 200));
      }
      LocationType type = LocationType.parse(row.get("type")).orElse(null);
      if (type == null) {
        problems.add(Problem.at(row.line(), "type", "sampling.error.badLocationType", row.get("type")));
      }
      Double lat = coordinate(row, "lat", 90, problems);
      Double lon = coordinate(row, "lon", 180, problems);
      if (problems.size() == before && (lat == null) != (lon == null)) {
        problems.add(Problem.at(row.line(), lat == null ? "lat" : "lon", "sampling.error.coordinatePair"));
      }
      if (problems.size() == before) {
        sites.add(new InterceptSite(county, id, name, type, lat, lon));
      }
    }
    reject(problems);
    return SiteFrame.of(sites);
  }

  // ---------------------------------------------------------------- populations

  public static AreaPopulations populations(String csvText, Predicate<String> knownArea) {
    return populations(CsvTable.parse(csvText, MAX_ROWS), knownArea);
  }

  /** Validates area populations: {@code area} a known, unique 4-, 6- or 9-digit code; {@code population} positive. */
  public static AreaPopulations populations(CsvTable table, Predicate<String> knownArea) {
    columns(table, List.of("area", "population"), List.of("name"));
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    Map<String, Long> populations = new LinkedHashMap<>();
    for (CsvTable.Row row : table.rows()) {
      int before = problems.size();
      String area = row.get("area");
      if (area.isEmpty()) {
        problems.add(Problem.at(row.line(), "area", "import.error.required"));
      } else if (!area.matches("[0-9]{4}|[0-9]{6}|[0-9]{9}")) {
        problems.add(Problem.at(row.line(), "area", "sampling.error.badArea", area));
      } else if (!knownArea.test(area)) {
        problems.add(Problem.at(row.line(), "area", "sampling.error.unknownArea", area));
      } else {
        Integer first = lineOf.putIfAbsent(area, row.line());
        if (first != null) {
          problems.add(Problem.at(row.line(), "area", "sampling.error.duplicateId", area, first));
        }
      }
      long population = positive(row, "population", true, problems);
      if (problems.size() == before) {
        populations.put(area, population);
      }
    }
    reject(problems);
    return AreaPopulations.of(populations);
  }

  // ---------------------------------------------------------------- shared checks

  private static void columns(CsvTable table, List<String> required, List<String> optional) {
    List<Problem> problems = new ArrayList<>();
    for (String column : required) {
      if (!table.hasColumn(column)) {
        problems.add(Problem.at(1, column, "import.error.missingColumn", column));
      }
    }
    for (String column : table.header()) {
      if (!required.contains(column) && !optional.contains(column)) {
        problems.add(Problem.at(1, column, "import.error.unknownColumn", column));
      }
    }
    reject(problems);
    if (table.rows().isEmpty()) {
      throw new InputRejected(Problem.of("import.error.noRows"));
    }
  }

  private static String area(CsvTable.Row row, String column, Pattern format, String badKey,
      Predicate<String> knownArea, List<Problem> problems) {
    String code = row.get(column);
    if (code.isEmpty()) {
      problems.add(Problem.at(row.line(), column, "import.error.required"));
      return null;
    }
    if (!format.matcher(code).matches()) {
      problems.add(Problem.at(row.line(), column, badKey, code));
      return null;
    }
    if (!knownArea.test(code)) {
      problems.add(Problem.at(row.line(), column, "sampling.error.unknownArea", code));
      return null;
    }
    return code;
  }

  /** A positive whole number; 0 when the optional cell is blank or the value is bad (then a problem is added). */
  private static long positive(CsvTable.Row row, String column, boolean required, List<Problem> problems) {
    String text = row.get(column);
    if (text.isEmpty()) {
      if (required) {
        problems.add(Problem.at(row.line(), column, "import.error.required"));
      }
      return 0;
    }
    try {
      long value = Long.parseLong(text);
      if (value > 0 && value <= 1_000_000_000_000L) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(Problem.at(row.line(), column, "sampling.error.notPositive", text));
    return 0;
  }

  private static Double coordinate(CsvTable.Row row, String column, double limit, List<Problem> problems) {
    String text = row.get(column);
    if (text.isEmpty()) {
      return null;
    }
    try {
      double value = Double.parseDouble(text);
      if (Math.abs(value) <= limit && !text.matches(".*[a-zA-Z].*")) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(Problem.at(row.line(), column, "sampling.error.badCoordinate", text, limit));
    return null;
  }

  static void reject(List<Problem> problems) {
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(Problem::line));
      throw new InputRejected(problems);
    }
  }
}
