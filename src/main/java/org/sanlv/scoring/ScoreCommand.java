package org.sanlv.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.CommandOutput;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TextFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score}: the deductions of a rules file on the {@code estimate} command's output, for the bureau's analysts.
 *
 * <pre>
 * java -jar sanlv.jar score --rules rules.yaml --source bureau=est.csv,diffs.csv \
 *     --source third_party=est2.csv,diffs2.csv --out scores.csv
 * </pre>
 *
 * Each source is an estimates file ({@code domain,indicator,estimate,se,…,n,…}, the whole as domain {@code all})
 * and its differences file ({@code domain,indicator,diff,se,…}). Output: one row per county, scored indicator and
 * source, then the {@code combined} rows: {@code domain,indicator,source,rate,average,gap_points,deduction,
 * expected_deduction,deduction_low,deduction_high,beyond_noise,rank}, values with 17 significant digits (C's
 * {@code %.17g}), rank {@code NA} for "too few to rank". Bad rules or inputs: every problem on stderr with its file,
 * line and key, exit code 2, nothing written (the output goes to a temporary file moved into place).
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Deductions, expected deductions and ranks of a rules file on the estimate command's output.")
public final class ScoreCommand implements Callable<Integer> {

  static final String HEADER = "domain,indicator,source,rate,average,gap_points,deduction,expected_deduction,"
      + "deduction_low,deduction_high,beyond_noise,rank";

  @Option(names = "--rules", required = true, description = "rules file (YAML)")
  Path rules;

  @Option(names = "--source", required = true,
      description = "NAME=ESTIMATES.csv,DIFFS.csv (repeat per source: bureau, third_party, online)")
  List<String> sources = new ArrayList<>();

  @Option(names = "--out", required = true, description = "scores CSV to write")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public ScoreCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    try {
      run();
      return 0;
    } catch (InputRejected e) {
      boolean inRules = e instanceof RulesRejected;
      for (Problem p : e.problems()) {
        err.println("score: " + (inRules ? rules + ": " + english(p, "key") : english(p, "column")));
      }
      err.flush();
      return 2;
    }
  }

  /** Reads, scores and writes; throws with every problem found before anything is written. */
  List<ScoreRow> run() {
    String rulesText = read(rules);
    Rules parsed;
    try {
      parsed = RulesFile.parse(rulesText);
    } catch (InputRejected e) {
      throw new RulesRejected(e.problems());
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Path[]> files = new LinkedHashMap<>();
    for (String spec : sources) {
      int eq = spec.indexOf('=');
      String[] paths = eq < 0 ? new String[0] : spec.substring(eq + 1).split(",", -1);
      if (eq <= 0 || paths.length != 2 || paths[0].isBlank() || paths[1].isBlank()) {
        problems.add(Problem.of("scoring.input.sourceSyntax", spec));
        continue;
      }
      String name = spec.substring(0, eq).strip();
      if (files.containsKey(name)) {
        problems.add(Problem.of("scoring.input.sourceTwice", name));
      } else if (!parsed.sources().containsKey(name)) {
        problems.add(Problem.of("scoring.input.sourceNotInRules", name));
      } else {
        files.put(name, new Path[] {Path.of(paths[0].strip()), Path.of(paths[1].strip())});
      }
    }
    for (Map.Entry<String, Double> s : parsed.sources().entrySet()) {
      if (s.getValue() > 0 && !files.containsKey(s.getKey()) && problems.isEmpty()) {
        problems.add(Problem.of("scoring.input.sourceMissing", s.getKey()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Map<String, SourceResults> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, Path[]> f : files.entrySet()) {
      try {
        inputs.put(f.getKey(), source(parsed, rulesText, f.getValue()[0], f.getValue()[1]));
      } catch (InputRejected e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    List<ScoreRow> rows = Scorer.score(parsed, inputs);
    write(rows);
    return rows;
  }

  /** One source's estimates and differences, matched by domain and indicator. */
  static SourceResults source(Rules rules, String rulesText, Path estimates, Path diffs) {
    CsvTable est = table(estimates);
    CsvTable dif = table(diffs);
    List<Problem> problems = new ArrayList<>();
    columns(est, estimates, List.of("domain", "indicator", "estimate", "se", "n"), problems);
    columns(dif, diffs, List.of("domain", "indicator", "diff", "se"), problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    String estName = estimates.getFileName().toString();
    String difName = diffs.getFileName().toString();
    Map<String, CsvTable.Row> diffRows = new HashMap<>();
    for (CsvTable.Row r : dif.rows()) {
      String key = r.get("domain") + "\u0000" + r.get("indicator");
      if (diffRows.putIfAbsent(key, r) != null) {
        problems.add(Problem.at(r.line(), "domain", "scoring.input.duplicateRow", difName, r.get("domain"),
            r.get("indicator")));
      }
    }
    Map<String, List<DomainInput>> byIndicator = new LinkedHashMap<>();
    Map<String, WholeInput> whole = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Set<String> matched = new java.util.HashSet<>();
    for (CsvTable.Row r : est.rows()) {
      String domain = r.get("domain");
      String indicator = r.get("indicator");
      if (!seen.add(domain + "\u0000" + indicator)) {
        problems.add(Problem.at(r.line(), "domain", "scoring.input.duplicateRow", estName, domain, indicator));
        continue;
      }
      if (!rules.pointsPerPoint().containsKey(indicator)) {
        continue; // shown by the estimate command, not scored
      }
      double rate = number(r, "estimate", problems);
      double se = number(r, "se", problems);
      if (domain.equals("all")) {
        whole.put(indicator, new WholeInput(rate, se));
        continue;
      }
      double n = number(r, "n", problems);
      CsvTable.Row d = diffRows.get(domain + "\u0000" + indicator);
      if (d == null) {
        problems.add(Problem.at(r.line(), "domain", "scoring.input.noDiff", estName, domain, indicator, difName));
        continue;
      }
      matched.add(domain + "\u0000" + indicator);
      double diff = number(d, "diff", problems);
      double diffSe = number(d, "se", problems);
      byIndicator.computeIfAbsent(indicator, k -> new ArrayList<>())
          .add(new DomainInput(domain, domain, rate, se, Double.isNaN(n) ? 0 : (long) n, diff, diffSe));
    }
    for (CsvTable.Row d : dif.rows()) {
      String key = d.get("domain") + "\u0000" + d.get("indicator");
      if (rules.pointsPerPoint().containsKey(d.get("indicator")) && !matched.contains(key)) {
        problems.add(Problem.at(d.line(), "domain", "scoring.input.diffWithoutEstimate", difName, d.get("domain"),
            d.get("indicator")));
      }
    }
    for (String indicator : rules.pointsPerPoint().keySet()) {
      if (!byIndicator.containsKey(indicator) && !whole.containsKey(indicator)) {
        problems.add(Problem.at(lineOf(rulesText, indicator), "points_per_point", "scoring.input.unknownIndicator",
            indicator, estName));
      } else if (!whole.containsKey(indicator) && rules.average() == Average.POOLED) {
        problems.add(Problem.of("scoring.input.noWhole", estName, indicator, "all"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return new SourceResults(byIndicator, whole);
  }

  private void write(List<ScoreRow> rows) {
    try {
      CommandOutput.writeAtomically(out, w -> {
        w.write(HEADER + "\n");
        for (ScoreRow r : rows) {
          w.write(csv(r.code()) + "," + csv(r.indicator()) + "," + csv(r.source()) + "," + number(r.rate()) + ","
              + number(r.average()) + "," + number(r.gapPoints()) + "," + number(r.deduction()) + ","
              + number(r.expectedDeduction()) + "," + number(r.deductionLow()) + "," + number(r.deductionHigh()) + ","
              + r.beyondNoise() + "," + (r.rank() == null ? "NA" : r.rank()) + "\n");
        }
      });
    } catch (IOException x) {
      throw new InputRejected(Problem.of("scoring.input.missingFile", out.toString(), String.valueOf(x.getMessage())));
    }
  }

  private static void columns(CsvTable t, Path file, List<String> needed, List<Problem> problems) {
    for (String c : needed) {
      if (!t.hasColumn(c)) {
        problems.add(Problem.at(1, c, "scoring.input.missingColumn", c, file.getFileName().toString()));
      }
    }
  }

  /** A cell as a number; {@code NA} (the estimate command's missing value) is NaN. */
  private static double number(CsvTable.Row r, String column, List<Problem> problems) {
    String v = r.get(column);
    if (v.equals("NA")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      problems.add(Problem.at(r.line(), column, "scoring.input.notNumber", column, v));
      return Double.NaN;
    }
  }

  private static String read(Path file) {
    try {
      return TextFile.decode(Files.readAllBytes(file)).text();
    } catch (NoSuchFileException missing) {
      throw new InputRejected(Problem.of("scoring.input.missingFile", file.toString(), "no such file"));
    } catch (IOException x) {
      throw new InputRejected(Problem.of("scoring.input.missingFile", file.toString(), String.valueOf(x.getMessage())));
    }
  }

  private static CsvTable table(Path file) {
    return CsvTable.parse(read(file), Integer.MAX_VALUE);
  }

  /** The rules file's line that names the indicator under {@code points_per_point}. */
  private static int lineOf(String rulesText, String indicator) {
    String[] lines = rulesText.split("\n", -1);
    int from = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("points_per_point")) {
        from = i;
        break;
      }
    }
    java.util.regex.Pattern word = java.util.regex.Pattern.compile("(^|[^a-z0-9_])" + indicator + "\\s*:");
    for (int i = from; i < lines.length; i++) {
      if (word.matcher(lines[i]).find()) {
        return i + 1;
      }
    }
    return from + 1;
  }

  /** Problems of the rules file: their lines and keys are the rules file's. */
  static final class RulesRejected extends InputRejected {
    RulesRejected(List<Problem> problems) {
      super(problems);
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /**
   * C's {@code %.17g}: the double's exact value to 17 significant digits, trailing zeros dropped, so it reads back
   * to the same double; NA for NaN.
   */
  static String number(double v) {
    return CommandOutput.number(v);
  }

  private static final Properties EN = new Properties();

  static {
    try (InputStream in = ScoreCommand.class.getResourceAsStream("/messages_en.properties")) {
      if (in != null) {
        EN.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  /** The problem in English from the bundle, with its line and key. */
  static String english(Problem p, String columnWord) {
    String pattern = EN.getProperty(p.messageKey(), p.messageKey());
    String text = new MessageFormat(pattern, Locale.ROOT).format(p.args().toArray());
    StringBuilder where = new StringBuilder();
    if (p.line() > 0) {
      where.append("line ").append(p.line());
    }
    if (p.column() != null) {
      where.append(where.isEmpty() ? "" : ", ").append(columnWord).append(' ').append(p.column());
    }
    return (where.isEmpty() ? "" : where + ": ") + text + " [" + p.messageKey() + "]";
  }
}
