package org.sanlv.sampling;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TextFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sanlv sample}: draws a household or RDD sample from CSV frames without the web platform.
 *
 * <pre>
 * sanlv sample --design household --frame blocks.csv --n-rule share:0.005,min:300,max:1200 \
 *     --households-per-block 10 --strata county --seed 42 --out sample.csv
 * sanlv sample --design rdd --frame prefixes.csv --populations areas.csv --n 150000 --dnc dnc.csv \
 *     --replicate-size 1000 --seed 42 --out numbers.csv
 * </pre>
 *
 * <p>Writes the sample to {@code --out} (see {@link HouseholdSample#CSV_HEADER}, {@link RddSample#CSV_HEADER})
 * and the draw record (seed, fingerprints, design) to {@code <out>.draw.txt}; prints a per-stratum summary.
 * Bad input ends with exit code 2 and every problem at its line and column; nothing is written.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Draw a household (two-stage PPS) or phone (RDD) sample from CSV frames.")
public class SampleCommand implements Callable<Integer> {

  /** The designs the command draws. */
  public enum Design { HOUSEHOLD, RDD }

  /** {@code household} / {@code rdd} in any case. */
  static final class DesignConverter implements CommandLine.ITypeConverter<Design> {
    @Override
    public Design convert(String value) {
      try {
        return Design.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("expected household or rdd but was '" + value + "'");
      }
    }
  }

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--design", required = true, converter = DesignConverter.class, description = "household or rdd")
  Design design;

  @Option(names = "--frame", required = true, paramLabel = "FILE",
      description = "household: blocks CSV (block_id,county,households[,town,population,name]); "
          + "rdd: prefixes CSV (prefix,area[,carrier])")
  Path frame;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the sample CSV to write")
  Path out;

  @Option(names = "--seed", required = true, description = "random seed (any 64-bit integer); record it")
  long seed;

  @Option(names = "--n-rule", paramLabel = "RULE",
      description = "household n per stratum: fixed:400 | share:0.005,min:300,max:1200 | plan:e=0.02,p=0.9,deff=1.5")
  String nRule;

  @Option(names = "--households-per-block", defaultValue = "10", description = "households per block (default ${DEFAULT-VALUE})")
  int householdsPerBlock;

  @Option(names = "--strata", defaultValue = "county", description = "county or town (default ${DEFAULT-VALUE})")
  String strata;

  @Option(names = "--order", defaultValue = "random", description = "block list order: random or sorted (default ${DEFAULT-VALUE})")
  String order;

  @Option(names = "--populations", paramLabel = "FILE",
      description = "area populations CSV (area,population): rdd allocation; household share/plan rules")
  Path populations;

  @Option(names = "--n", description = "rdd: numbers to generate")
  Integer numbers;

  @Option(names = "--dnc", paramLabel = "FILE", description = "rdd: do-not-call list, one number a line")
  Path doNotCall;

  @Option(names = "--replicate-size", defaultValue = "1000", description = "rdd: numbers per replicate (default ${DEFAULT-VALUE})")
  int replicateSize;

  @Option(names = "--areas", paramLabel = "FILE",
      description = "extra known area codes (CSV with a code column); the built-in division codes are always known")
  Path areas;

  public SampleCommand() {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    try {
      Predicate<String> known = knownAreas();
      List<String> summary = design == Design.HOUSEHOLD ? household(known) : rdd(known);
      summary.forEach(outWriter::println);
      outWriter.flush();
      return 0;
    } catch (InputRejected e) {
      ResourceBundle bundle = bundle();
      err.println(text(bundle, "sampling.cli.rejected", "{0} problem(s); nothing was drawn:",
          e.problems().stream().filter(p -> !p.messageKey().equals("sampling.cli.inFile")).count()));
      for (Problem p : e.problems()) {
        err.println("  " + describe(bundle, p));
      }
      err.flush();
      return 2;
    } catch (NoSuchFileException e) {
      err.println(text(bundle(), "sampling.cli.noFile", "file not found: {0}", e.getFile()));
      err.flush();
      return 2;
    } catch (IOException | UncheckedIOException e) {
      err.println(text(bundle(), "sampling.cli.io", "cannot read or write a file: {0}", String.valueOf(e.getMessage())));
      err.flush();
      return 2;
    } catch (IllegalArgumentException | ArithmeticException e) {
      err.println(text(bundle(), "sampling.cli.bad", "cannot draw: {0}", e.getMessage()));
      err.flush();
      return 2;
    }
  }

  private List<String> household(Predicate<String> known) throws IOException {
    if (nRule == null) {
      throw new InputRejected(Problem.at(0, "--n-rule", "sampling.error.optionRequired", "--n-rule"));
    }
    SampleSizeRule rule = SampleSizeRule.parse(nRule);
    HouseholdDesign.StratumLevel level = switch (strata.toLowerCase(Locale.ROOT)) {
      case "county" -> HouseholdDesign.StratumLevel.COUNTY;
      case "town" -> HouseholdDesign.StratumLevel.TOWN;
      default -> throw new InputRejected(Problem.at(0, "--strata", "sampling.error.badOption", strata));
    };
    HouseholdDesign.BlockOrder blockOrder = switch (order.toLowerCase(Locale.ROOT)) {
      case "random" -> HouseholdDesign.BlockOrder.RANDOM;
      case "sorted" -> HouseholdDesign.BlockOrder.SORTED;
      default -> throw new InputRejected(Problem.at(0, "--order", "sampling.error.badOption", order));
    };
    if (householdsPerBlock < 1 || householdsPerBlock > 1000) {
      throw new InputRejected(Problem.at(0, "--households-per-block", "sampling.error.badOption",
          householdsPerBlock));
    }
    BlockFrame blocks = inFile(frame, text -> Frames.blocks(text, known));
    AreaPopulations pops = populations == null ? null : inFile(populations, text -> Frames.populations(text, known));
    HouseholdDesign householdDesign = new HouseholdDesign(level, householdsPerBlock, blockOrder);
    Map<String, Integer> targets = Draws.householdTargets(blocks, level, rule, pops);
    HouseholdSample sample = Draws.household(blocks, householdDesign, targets, seed);
    write(out, sample::writeCsv);
    String record = "design=household\nseed=" + seed + "\nframe=" + frame.getFileName() + "\nframe_sha256="
        + blocks.fingerprint() + (pops == null ? "" : "\npopulations_sha256=" + pops.fingerprint())
        + "\nn_rule=" + rule + "\nstrata=" + level.name().toLowerCase(Locale.ROOT) + "\nhouseholds_per_block="
        + householdsPerBlock + "\norder=" + blockOrder.name().toLowerCase(Locale.ROOT) + "\nhouseholds="
        + sample.householdCount() + "\nblocks=" + sample.blocks().size() + "\n";
    write(Path.of(out + ".draw.txt"), a -> append(a, record));
    List<String> lines = new java.util.ArrayList<>();
    lines.add("seed " + seed + ", frame sha256 " + blocks.fingerprint());
    lines.add("stratum,target,frame_blocks,frame_households,blocks_wanted,certainty_blocks,blocks_drawn,households_drawn");
    for (HouseholdSample.StratumSummary s : sample.strata()) {
      lines.add(s.stratum() + "," + s.targetHouseholds() + "," + s.frameBlocks() + "," + s.frameHouseholds() + ","
          + s.blocksWanted() + "," + s.certaintyBlocks() + "," + s.blocksDrawn() + "," + s.householdsDrawn());
    }
    lines.add(sample.householdCount() + " households in " + sample.blocks().size() + " blocks written to " + out);
    return lines;
  }

  private List<String> rdd(Predicate<String> known) throws IOException {
    if (populations == null) {
      throw new InputRejected(Problem.at(0, "--populations", "sampling.error.optionRequired", "--populations"));
    }
    if (numbers == null || numbers < 1) {
      throw new InputRejected(Problem.at(0, "--n", "sampling.error.optionRequired", "--n"));
    }
    if (replicateSize < 1) {
      throw new InputRejected(Problem.at(0, "--replicate-size", "sampling.error.badOption", replicateSize));
    }
    PrefixFrame prefixes = inFile(frame, text -> Frames.prefixes(text, known));
    AreaPopulations pops = inFile(populations, text -> Frames.populations(text, known));
    DoNotCallList dnc = doNotCall == null ? DoNotCallList.empty() : inFile(doNotCall, Frames::doNotCall);
    RddSample sample = Draws.rdd(prefixes, pops, dnc, new RddDesign(numbers, replicateSize), seed);
    write(out, sample::writeCsv);
    String record = "design=rdd\nseed=" + seed + "\nframe=" + frame.getFileName() + "\nframe_sha256="
        + prefixes.fingerprint() + "\npopulations_sha256=" + pops.fingerprint() + "\ndnc_sha256=" + dnc.fingerprint()
        + "\nnumbers=" + numbers + "\nreplicate_size=" + replicateSize + "\nreplicates=" + sample.replicateCount()
        + "\ndnc_skipped=" + sample.doNotCallSkipped() + "\nduplicates_skipped=" + sample.duplicatesSkipped() + "\n";
    write(Path.of(out + ".draw.txt"), a -> append(a, record));
    List<String> lines = new java.util.ArrayList<>();
    lines.add("seed " + seed + ", frame sha256 " + prefixes.fingerprint());
    lines.add("area,numbers");
    sample.allocationByArea().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> lines.add(e.getKey() + "," + e.getValue()));
    lines.add(sample.size() + " numbers in " + sample.replicateCount() + " replicates written to " + out);
    return lines;
  }

  /** Parses a file; problems are prefixed with the file name in their column when they have no column. */
  private static <T> T inFile(Path file, java.util.function.Function<String, T> parse) throws IOException {
    String text = TextFile.decode(Files.readAllBytes(file)).text();
    try {
      return parse.apply(text);
    } catch (InputRejected e) {
      // which file the lines are in: a first entry naming it
      List<Problem> all = new java.util.ArrayList<>();
      all.add(Problem.of("sampling.cli.inFile", file.toString()));
      all.addAll(e.problems());
      throw new InputRejected(all);
    }
  }

  private interface Writer {
    void writeTo(Appendable out) throws IOException;
  }

  private static void append(Appendable a, String text) throws IOException {
    a.append(text);
  }

  /** Writes to a temporary file beside the target and moves it into place, so a failure leaves no half file. */
  private static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".sample", ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        writer.writeTo(w);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The division codes shipped with the platform (cities, counties, towns) plus {@code --areas}. */
  private Predicate<String> knownAreas() throws IOException {
    Set<String> codes = new HashSet<>();
    for (String resource : List.of("divisions/provinces.csv", "divisions/cities.csv", "divisions/counties.csv",
        "divisions/towns.csv")) {
      try (InputStream in = SampleCommand.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          addCodes(new String(in.readAllBytes(), StandardCharsets.UTF_8), codes);
        }
      }
    }
    if (areas != null) {
      addCodes(TextFile.decode(Files.readAllBytes(areas)).text(), codes);
    }
    return codes::contains;
  }

  private static void addCodes(String csv, Set<String> codes) {
    CsvTable table = CsvTable.parse(csv, Frames.MAX_ROWS);
    if (!table.hasColumn("code")) {
      throw new InputRejected(Problem.at(1, "code", "import.error.missingColumn", "code"));
    }
    for (CsvTable.Row row : table.rows()) {
      codes.add(row.get("code"));
    }
  }

  private static ResourceBundle bundle() {
    try {
      return ResourceBundle.getBundle("messages", Locale.getDefault());
    } catch (MissingResourceException e) {
      return null;
    }
  }

  private static String text(ResourceBundle bundle, String key, String fallback, Object... args) {
    if (bundle != null && bundle.containsKey(key)) {
      return new MessageFormat(bundle.getString(key), Locale.getDefault()).format(args);
    }
    if (!fallback.contains("{")) {
      return fallback + (args.length > 0 ? " " + List.of(args) : "");
    }
    return new MessageFormat(fallback, Locale.ROOT).format(args);
  }

  /** A problem as a sentence: the bundle's text when the key is there, else the key and its arguments. */
  static String describe(ResourceBundle bundle, Problem p) {
    String what = bundle != null && bundle.containsKey(p.messageKey())
        ? new MessageFormat(bundle.getString(p.messageKey()), Locale.getDefault()).format(p.args().toArray())
        : p.messageKey() + (p.args().isEmpty() ? "" : " " + p.args());
    if (p.line() > 0 && p.column() != null) {
      return text(bundle, "problem.atLineColumn", "line {0}, column \"{1}\": {2}", p.line(), p.column(), what);
    }
    if (p.line() > 0) {
      return text(bundle, "problem.atLine", "line {0}: {1}", p.line(), what);
    }
    if (p.column() != null) {
      return text(bundle, "problem.atField", "\"{0}\": {1}", p.column(), what);
    }
    return what;
  }
}
