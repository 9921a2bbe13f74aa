package org.sanlv.fieldwork;

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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.sanlv.fieldwork.cati.AaporCode;
import org.sanlv.fieldwork.cati.AaporCode.Category;
import org.sanlv.fieldwork.cati.AaporRates;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.CommandOutput;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TextFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sanlv aapor}: AAPOR outcome rates ({@link AaporRates}) of dispositions held elsewhere (in the module's base
 * package: the command line is part of its public API; the rates themselves live in {@code fieldwork.cati}). Input: a CSV with at
 * least the columns {@code case_id,aapor_code} (others ignored), one row per case with its final code as AAPOR writes
 * it ({@code 1.1}, {@code 2.11}, {@code 4.30}; {@code 4.3} reads the same). Output: {@code rate,value} with the rows
 * of {@link AaporRates#NAMES}, values with 17 significant digits (C's {@code %.17g}, so they read back to the
 * same double), {@code NA} where a rate's denominator is zero. Any bad line (unknown or blank code, blank or repeated
 * case id), an empty file, a missing column or a bad {@code --e}: every problem named with its line on stderr, exit
 * code 2, and nothing written (the output is written to a temporary file and moved into place).
 */
@Command(
    name = "aapor",
    mixinStandardHelpOptions = true,
    description = "AAPOR response, cooperation, refusal and contact rates (Standard Definitions 2016) of final dispositions.")
public final class AaporCommand implements Callable<Integer> {

  /** Problems printed at most; a file with more says how many were left out. */
  private static final int SHOWN = 50;

  @Option(names = "--dispositions", required = true, description = "CSV with columns case_id,aapor_code (others ignored)")
  Path dispositions;

  @Option(names = "--e", defaultValue = "proportional",
      description = "eligible share of the unknown-eligibility cases: proportional (default) or a number from 0 to 1")
  String e;

  @Option(names = "--out", required = true, description = "rates CSV to write (rate,value)")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public AaporCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    try {
      AaporRates rates = run();
      PrintWriter o = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
      o.println("aapor: " + rates.total() + " cases, e = " + number(rates.e()) + ", wrote " + out);
      o.flush();
      return 0;
    } catch (InputRejected x) {
      List<Problem> problems = x.problems();
      for (Problem p : problems.subList(0, Math.min(SHOWN, problems.size()))) {
        err.println("aapor: " + english(p));
      }
      if (problems.size() > SHOWN) {
        err.println("aapor: … and " + (problems.size() - SHOWN) + " more problems");
      }
      err.println("aapor: nothing written");
      err.flush();
      return 2;
    }
  }

  AaporRates run() {
    OptionalDouble eFixed = parseE(e).orElseThrow(() -> new InputRejected(Problem.of("cati.rates.error.badE", e)));
    Map<Category, Long> counts = counts(read(dispositions));
    AaporRates rates = AaporRates.of(counts, eFixed);
    write(rates, out);
    return rates;
  }

  /** {@code proportional} → empty; a number in [0, 1] → that e; anything else → nothing. */
  public static Optional<OptionalDouble> parseE(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equalsIgnoreCase("proportional")) {
      return Optional.of(OptionalDouble.empty());
    }
    try {
      double v = Double.parseDouble(t);
      return v >= 0 && v <= 1 ? Optional.of(OptionalDouble.of(v)) : Optional.empty();
    } catch (NumberFormatException notNumber) {
      return Optional.empty();
    }
  }

  private static CsvTable read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException missing) {
      throw new InputRejected(Problem.of("cati.rates.error.noFile", file.toString()));
    } catch (IOException x) {
      throw new InputRejected(Problem.of("cati.rates.error.unreadable", file.toString(), String.valueOf(x.getMessage())));
    }
    return CsvTable.parse(TextFile.decode(bytes).text(), Integer.MAX_VALUE);
  }

  /** Counts per category, one code per case; every bad line is a problem. */
  static Map<Category, Long> counts(CsvTable table) {
    List<Problem> problems = new ArrayList<>();
    for (String column : List.of("case_id", "aapor_code")) {
      if (!table.hasColumn(column)) {
        problems.add(Problem.at(1, null, "import.error.missingColumn", column));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    if (table.rows().isEmpty()) {
      throw new InputRejected(Problem.of("import.error.noRows"));
    }
    Map<Category, Long> counts = new EnumMap<>(Category.class);
    Map<String, Integer> seen = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String id = row.get("case_id");
      String code = row.get("aapor_code");
      if (id.isEmpty()) {
        problems.add(Problem.at(row.line(), "case_id", "import.error.required"));
      } else {
        Integer first = seen.putIfAbsent(id, row.line());
        if (first != null) {
          problems.add(Problem.at(row.line(), "case_id", "cati.rates.error.duplicateCase", id, first));
        }
      }
      Optional<AaporCode> parsed = AaporCode.parse(code);
      if (code.isEmpty()) {
        problems.add(Problem.at(row.line(), "aapor_code", "import.error.required"));
      } else if (parsed.isEmpty()) {
        problems.add(Problem.at(row.line(), "aapor_code", "cati.rates.error.unknownCode", code));
      } else {
        counts.merge(parsed.get().category(), 1L, Long::sum);
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return counts;
  }

  private static void write(AaporRates rates, Path out) {
    try {
      CommandOutput.writeAtomically(out, w -> {
        w.write("rate,value\n");
        for (String name : AaporRates.NAMES) {
          w.write(name + "," + number(rates.value(name)) + "\n");
        }
      });
    } catch (IOException x) {
      throw new InputRejected(Problem.of("cati.rates.error.unwritable", out.toString(), String.valueOf(x.getMessage())));
    }
  }

  /**
   * C's {@code %.17g} (as R's and Python's): the double's exact value to 17 significant digits, trailing zeros
   * dropped, so it reads back to the same double ({@code 0.8} → {@code 0.80000000000000004}, {@code 0.25} →
   * {@code 0.25}); NA for a rate without cases. Java's own {@code %.17g} pads the shortest decimal instead.
   */
  public static String number(double v) {
    return CommandOutput.number(v);
  }

  private static final Properties EN = new Properties();

  static {
    try (InputStream in = AaporCommand.class.getResourceAsStream("/messages_en.properties")) {
      if (in != null) {
        EN.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  /** The problem in English from the bundle, with its line and column. */
  static String english(Problem p) {
    String pattern = EN.getProperty(p.messageKey(), p.messageKey());
    String text = new MessageFormat(pattern, Locale.ROOT).format(p.args().toArray());
    StringBuilder where = new StringBuilder();
    if (p.line() > 0) {
      where.append("line ").append(p.line());
    }
    if (p.column() != null) {
      where.append(where.isEmpty() ? "" : ", ").append("column ").append(p.column());
    }
    return (where.isEmpty() ? "" : where + ": ") + text;
  }
}
