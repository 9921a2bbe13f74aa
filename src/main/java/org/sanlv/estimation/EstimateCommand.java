package org.sanlv.estimation;

import org.sanlv.indicator.Indicator;
import org.sanlv.indicator.IndicatorFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.sanlv.instrument.AnswerExpressions;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanlv estimate}: design-based estimates of indicators per domain from an exported response file,
 * with standard errors, confidence intervals, design effects and each domain's difference from the whole.
 *
 * <p>Input: one row per respondent, answer columns named after the questions; select_multiple answers as
 * space-separated codes (a referenced column with a space in any cell is read as lists of codes). Margins
 * files: the post-stratum columns plus {@code population}. Output columns:
 * {@code domain,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff} (the first row per indicator is the whole,
 * domain {@code all}); differences: {@code domain,indicator,diff,se,ci_low,ci_high,significant,direction}
 * ({@code significant} is the two-sided test, true when the interval of the difference excludes zero;
 * {@code direction} is {@code below}, {@code above} or {@code none}). Proportions get R's logit interval
 * ({@code svyciprop}) by default, or with {@code --ci wilson} / {@code --ci clopper-pearson} those intervals on
 * the design-based effective n (see {@link IntervalMethod}); means always the Wald interval; {@code --ci wald}
 * gives Wald for both.
 */
@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description = "Design-based estimates (R survey-package compatible) of indicators per domain.")
public final class EstimateCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "responses CSV, one row per respondent")
  Path data;

  @Option(names = "--strata", description = "stratum column (e.g. county); none: one stratum")
  String strata;

  @Option(names = "--cluster", description = "PSU column, nested in strata; none: each respondent is a PSU")
  String cluster;

  @Option(names = "--weight", required = true, description = "weight column")
  String weight;

  @Option(names = "--fpc", description = "population PSUs per stratum (or sampling fraction ≤ 1) column")
  String fpc;

  @Option(names = "--poststratify", description = "margins CSV to post-stratify to (repeatable, applied in order)")
  List<Path> postStrata = new ArrayList<>();

  @Option(names = "--rake", description = "margins CSV to rake to (repeat for each margin)")
  List<Path> rakeMargins = new ArrayList<>();

  @Option(names = "--rake-maxit", defaultValue = "10", description = "raking rounds at most (R default ${DEFAULT-VALUE})")
  int rakeMaxit;

  @Option(names = "--rake-epsilon", defaultValue = "1",
      description = "raking convergence: largest change of weighted cell counts; below 1 a fraction of the total weight (R default ${DEFAULT-VALUE})")
  double rakeEpsilon;

  @Option(names = "--trim", arity = "2", paramLabel = "BOUND", description = "trim weights to LOWER UPPER (R's trimWeights)")
  double[] trim;

  @Option(names = "--lonely-psu", defaultValue = "fail", description = "fail, remove, adjust, average or certainty (R's survey.lonely.psu)")
  String lonelyPsu;

  @Option(names = "--indicators", required = true, description = "indicator definitions, YAML or JSON")
  Path indicators;

  @Option(names = "--by", description = "domain column (e.g. county)")
  String by;

  @Option(names = "--ci", defaultValue = "logit",
      description = "interval for proportions: logit (R's svyciprop; (p, p) at 0 and 1), wilson or clopper-pearson (on the effective n), or wald")
  String ci;

  @Option(names = "--level", defaultValue = "0.95", description = "confidence level")
  double level;

  @Option(names = "--out", required = true, description = "estimates CSV to write")
  Path out;

  @Option(names = "--diff-out", description = "domain-minus-whole differences CSV to write")
  Path diffOut;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public EstimateCommand() {}

  /** Runs the command alone (benchmarks, analysts without the platform jar's main CLI). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EstimateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    try {
      run();
      return 0;
    } catch (InputRejected e) {
      for (Problem p : e.problems()) {
        err.println("estimate: " + EstimationMessages.english(p));
      }
      err.flush();
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("estimate: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private record Compiled(Indicator indicator, AnswerExpressions value, AnswerExpressions where) {}

  private record Result(Compiled indicator, DomainResults results) {}

  void run() {
    LonelyPsu lonely = LonelyPsu.of(lonelyPsu);
    IntervalMethod method;
    try {
      method = IntervalMethod.of(ci);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--ci " + ci + " is not logit, wilson, clopper-pearson or wald");
    }
    List<Indicator> defs = IndicatorFile.read(indicators);
    List<String> header = ResponseFile.header(data);
    // compile against the header to find the answer columns referenced
    Set<String> referenced = new java.util.LinkedHashSet<>();
    List<Problem> problems = new ArrayList<>();
    for (Indicator d : defs) {
      for (String[] part : expressionsOf(d)) {
        try {
          AnswerExpressions x = AnswerExpressions.compile(part[1], header, Set.of());
          for (int r : x.references()) {
            referenced.add(header.get(r));
          }
        } catch (IllegalArgumentException e) {
          problems.add(Problem.of("estimation.error.badExpression", d.name(), part[0], e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Map<Path, List<String>> marginColumns = new LinkedHashMap<>();
    for (Path m : concat(postStrata, rakeMargins)) {
      List<String> cols = new ArrayList<>(ResponseFile.header(m));
      if (!cols.remove("population")) {
        throw new InputRejected(Problem.at(1, "population", "estimation.error.missingColumn", "population",
            m.getFileName().toString()));
      }
      marginColumns.put(m, cols);
    }
    List<String> wanted = new ArrayList<>();
    for (String c : new String[] {strata, cluster, weight, fpc, by}) {
      if (c != null) {
        wanted.add(c);
      }
    }
    marginColumns.values().forEach(wanted::addAll);
    wanted.addAll(referenced);
    ResponseFile file = ResponseFile.read(data, wanted);

    // the design
    double[] w = file.numbers(weight, true);
    String[] strataCodes = strata == null ? null : file.codes(strata);
    String[] psuCodes = cluster == null ? null : file.codes(cluster);
    checkStrataHaveWeight(strataCodes, w);
    SurveyDesign design = SurveyDesign.of(strataCodes, psuCodes, w).withLonelyPsu(lonely);
    if (fpc != null) {
      design = design.withFpc(file.numbers(fpc, true));
    }
    for (Path m : postStrata) {
      design = design.postStratify(cellLabels(file, marginColumns.get(m)), population(m, marginColumns.get(m)));
    }
    if (!rakeMargins.isEmpty()) {
      List<SurveyDesign.Margin> margins = new ArrayList<>();
      for (Path m : rakeMargins) {
        margins.add(new SurveyDesign.Margin(m.getFileName().toString(), cellLabels(file, marginColumns.get(m)),
            population(m, marginColumns.get(m))));
      }
      design = design.rake(margins, new SurveyDesign.RakeControl(rakeMaxit, rakeEpsilon));
    }
    if (trim != null) {
      design = design.trimWeights(trim[0], trim[1], false);
    }

    // the indicators' values
    List<String> columns = file.columns;
    Object[][] answerColumns = answerColumns(file, referenced);
    Set<String> multiple = new HashSet<>();
    for (String c : referenced) {
      if (answerColumns[columns.indexOf(c)] instanceof List<?>[]) {
        multiple.add(c);
      }
    }
    List<Compiled> compiled = new ArrayList<>();
    for (Indicator d : defs) {
      compiled.add(new Compiled(d, AnswerExpressions.compile(d.expression(), columns, multiple),
          d.where() == null ? null : AnswerExpressions.compile(d.where(), columns, multiple)));
    }
    int n = file.rows;
    double[][] y = new double[compiled.size()][n];
    boolean[][] where = new boolean[compiled.size()][];
    for (int k = 0; k < compiled.size(); k++) {
      if (compiled.get(k).where() != null) {
        where[k] = new boolean[n];
      }
    }
    int[] slots = referenced.stream().mapToInt(columns::indexOf).toArray();
    int chunk = 8192;
    IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(c -> {
      Object[] row = new Object[columns.size()];
      for (int i = c * chunk, end = Math.min(n, i + chunk); i < end; i++) {
        for (int s : slots) {
          row[s] = answerColumns[s][i];
        }
        for (int k = 0; k < compiled.size(); k++) {
          Compiled x = compiled.get(k);
          if (x.where() != null) {
            where[k][i] = x.where().test(row);
          }
          y[k][i] = x.indicator().proportion() ? (x.value().test(row) ? 1 : 0) : x.value().number(row);
        }
      }
    });

    // estimates, one indicator per thread
    Estimator estimator = Estimator.of(design).withConfidenceLevel(level);
    Domains domains = by == null ? Domains.of(new String[n]) : Domains.of(file.column(by));
    SurveyDesign finalDesign = design;
    List<Result> results = IntStream.range(0, compiled.size()).parallel()
        .mapToObj(k -> new Result(compiled.get(k), estimator.meanByDomain(y[k], where[k], domains)))
        .toList();
    write(results, finalDesign, method);
  }

  private static List<String[]> expressionsOf(Indicator d) {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {d.proportion() ? "proportion" : "mean", d.expression()});
    if (d.where() != null) {
      out.add(new String[] {"where", d.where()});
    }
    return out;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Answer columns as evaluation values: strings, or lists of codes for select_multiple columns. */
  private static Object[][] answerColumns(ResponseFile file, Set<String> referenced) {
    Object[][] out = new Object[file.columns.size()][];
    for (String c : referenced) {
      int at = file.columns.indexOf(c);
      String[] v = file.values[at];
      boolean multiple = false;
      for (int i = 0; i < file.rows && !multiple; i++) {
        multiple = v[i].indexOf(' ') >= 0;
      }
      if (multiple) {
        List<?>[] lists = new List<?>[file.rows];
        Map<String, List<String>> pool = new HashMap<>();
        for (int i = 0; i < file.rows; i++) {
          lists[i] = pool.computeIfAbsent(v[i], s -> s.isBlank() ? List.of() : List.of(s.trim().split("\\s+")));
        }
        out[at] = lists;
      } else {
        out[at] = Arrays.copyOf(v, file.rows, String[].class);
      }
    }
    return out;
  }

  private static void checkStrataHaveWeight(String[] strataCodes, double[] w) {
    Map<String, Double> sums = new LinkedHashMap<>();
    for (int i = 0; i < w.length; i++) {
      sums.merge(strataCodes == null ? "1" : strataCodes[i], w[i], Double::sum);
    }
    List<Problem> problems = new ArrayList<>();
    sums.forEach((s, sum) -> {
      if (!(sum > 0)) {
        problems.add(Problem.of("estimation.error.emptyStratum", s));
      }
    });
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
  }

  /** A respondent's cell in a margins file, e.g. {@code county=c01, sex=F}. */
  private static String[] cellLabels(ResponseFile file, List<String> columns) {
    String[][] v = new String[columns.size()][];
    for (int c = 0; c < columns.size(); c++) {
      v[c] = file.column(columns.get(c));
    }
    String[] out = new String[file.rows];
    Map<String, String> pool = new HashMap<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < file.rows; i++) {
      b.setLength(0);
      for (int c = 0; c < columns.size(); c++) {
        b.append(c == 0 ? "" : ", ").append(columns.get(c)).append('=').append(v[c][i]);
      }
      out[i] = pool.computeIfAbsent(b.toString(), s -> s);
    }
    return out;
  }

  private static Map<String, Double> population(Path m, List<String> columns) {
    List<String> all = new ArrayList<>(columns);
    all.add("population");
    ResponseFile f = ResponseFile.read(m, all);
    String[] pop = f.column("population");
    Map<String, Double> out = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < f.rows; i++) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < columns.size(); c++) {
        b.append(c == 0 ? "" : ", ").append(columns.get(c)).append('=').append(f.column(columns.get(c))[i]);
      }
      double value;
      try {
        value = Double.parseDouble(pop[i]);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value >= 0) || Double.isInfinite(value)) {
        problems.add(Problem.at(f.lines[i], "population", "estimation.error.badPopulation", b.toString(), pop[i]));
      } else if (out.put(b.toString(), value) != null) {
        problems.add(Problem.at(f.lines[i], null, "estimation.error.duplicateCell", b.toString()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return out;
  }

  private void write(List<Result> results, SurveyDesign design, IntervalMethod method) {
    try (BufferedWriter o = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      o.write("domain,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff\n");
      for (Result r : results) {
        String name = r.indicator().indicator().name();
        // Wilson and Clopper-Pearson are intervals for proportions; means keep Wald
        IntervalMethod m = r.indicator().indicator().proportion() ? method : IntervalMethod.WALD;
        List<Estimate> rows = new ArrayList<>();
        rows.add(r.results().overall());
        rows.addAll(r.results().domains());
        for (Estimate e : rows) {
          Interval i = switch (m) {
            case LOGIT -> e.logit();
            case WALD -> e.wald();
            default -> m.of(e, level);
          };
          o.write(csv(e.domain()) + "," + csv(name) + "," + num(e.estimate()) + "," + num(e.standardError()) + ","
              + num(i.low()) + "," + num(i.high()) + "," + num(e.designEffect()) + "," + e.n() + ","
              + num(e.effectiveN()) + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (diffOut == null) {
      return;
    }
    try (BufferedWriter o = Files.newBufferedWriter(diffOut, StandardCharsets.UTF_8)) {
      o.write("domain,indicator,diff,se,ci_low,ci_high,significant,direction\n");
      for (Result r : results) {
        for (Difference d : r.results().differences()) {
          o.write(csv(d.domain()) + "," + csv(r.indicator().indicator().name()) + "," + num(d.difference()) + ","
              + num(d.standardError()) + "," + num(d.wald().low()) + "," + num(d.wald().high()) + ","
              + d.significant() + "," + d.direction().label() + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "NA" : Double.toString(v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
