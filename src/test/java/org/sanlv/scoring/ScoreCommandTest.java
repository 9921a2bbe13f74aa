package org.sanlv.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sanlv.estimation.EstimateCommand;
import picocli.CommandLine;

/** {@code sanlv score} in-process: on the estimate command's own output, by hand, and its refusals of bad input. */
class ScoreCommandTest {

  @TempDir
  Path dir;

  final StringWriter err = new StringWriter();

  static final String RULES = """
      year: 2022
      average: pooled
      fraction: proportional
      min_n: 30
      sources: {bureau: 0.5, third_party: 0.5}
      points_per_point: {safety: 2}
      """;

  static final String EST = """
      domain,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff
      all,safety,0.8,0.005,0.79,0.81,1.2,1000,833
      c1,safety,0.85,0.02,0.81,0.89,1.1,100,90
      c2,safety,0.795,0.01,0.775,0.815,1.1,100,90
      c3,safety,0.7,0.02,0.66,0.74,1.1,100,90
      c4,safety,0.6,0.08,0.44,0.76,1.1,10,9
      all,participation,0.5,0.01,0.48,0.52,1,1000,1000
      """;

  static final String DIFF = """
      domain,indicator,diff,se,ci_low,ci_high,significant,direction
      c1,safety,0.05,0.02,0.01,0.09,true,above
      c2,safety,-0.005,0.01,-0.025,0.015,false,none
      c3,safety,-0.1,0.02,-0.14,-0.06,true,below
      c4,safety,-0.2,0.08,-0.36,-0.04,true,below
      """;

  static final String EST2 = """
      domain,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff
      all,safety,0.8,0.005,0.79,0.81,1.2,1000,833
      c1,safety,0.78,0.02,0.74,0.82,1.1,80,70
      c2,safety,0.83,0.02,0.79,0.87,1.1,80,70
      c3,safety,0.77,0.02,0.73,0.81,1.1,80,70
      c4,safety,0.8,0.02,0.76,0.84,1.1,80,70
      """;

  static final String DIFF2 = """
      domain,indicator,diff,se,ci_low,ci_high,significant,direction
      c1,safety,-0.02,0.02,-0.06,0.02,false,none
      c2,safety,0.03,0.02,-0.01,0.07,false,none
      c3,safety,-0.03,0.02,-0.07,0.01,false,none
      c4,safety,0,0.02,-0.04,0.04,false,none
      """;

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  int run(String... args) {
    CommandLine cl = new CommandLine(new ScoreCommand());
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  static Map<String, String[]> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    Map<String, String[]> out = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      out.put(cells[0] + "," + cells[1] + "," + cells[2], cells);
    }
    return out;
  }

  String[] args(Path out) throws IOException {
    return new String[] {"--rules", write("rules.yaml", RULES).toString(),
        "--source", "bureau=" + write("est.csv", EST) + "," + write("diffs.csv", DIFF),
        "--source", "third_party=" + write("est2.csv", EST2) + "," + write("diffs2.csv", DIFF2),
        "--out", out.toString()};
  }

  @Test
  void scoresTwoSourcesAndCombinesThem() throws IOException {
    Path out = dir.resolve("scores.csv");
    assertThat(run(args(out))).as(err.toString()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).isEqualTo("domain,indicator,source,rate,average,gap_points,deduction,"
        + "expected_deduction,deduction_low,deduction_high,beyond_noise,rank");
    assertThat(lines).hasSize(1 + 4 + 4 + 4);
    Map<String, String[]> rows = rows(out);
    String[] c3 = rows.get("c3,safety,bureau");
    assertThat(Double.parseDouble(c3[3])).isEqualTo(0.7);
    assertThat(c3[3]).isEqualTo("0.69999999999999996"); // %.17g
    assertThat(Double.parseDouble(c3[6])).isCloseTo(20, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(c3[10]).isEqualTo("true");
    assertThat(c3[11]).isEqualTo("3");
    assertThat(rows.get("c4,safety,bureau")[11]).isEqualTo("NA"); // too few to rank
    assertThat(rows.get("c4,safety,bureau")[6]).isEqualTo("0");
    // combined: 0.5 · 20 + 0.5 · 6 = 13
    assertThat(Double.parseDouble(rows.get("c3,safety,combined")[6]))
        .isCloseTo(13, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(rows.get("c4,safety,combined")[11]).isEqualTo("NA");
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
  }

  @Test
  void scoresTheEstimateCommandsOwnOutput() throws IOException {
    Path data = dir.resolve("fixture.csv");
    Files.writeString(data, resource("fixture.csv"));
    Path indicators = dir.resolve("indicators.yaml");
    Files.writeString(indicators, resource("fixture-indicators.yaml"));
    Path est = dir.resolve("est.csv");
    Path diffs = dir.resolve("diffs.csv");
    int estimated = new CommandLine(new EstimateCommand()).execute("--data", data.toString(), "--strata", "county",
        "--cluster", "psu", "--weight", "w", "--indicators", indicators.toString(), "--by", "county",
        "--out", est.toString(), "--diff-out", diffs.toString());
    assertThat(estimated).isZero();
    Path rules = write("rules.yaml", "year: 2022\nmin_n: 1\nsources: {bureau: 1}\n"
        + "points_per_point: {safe: 2, aware: 0.5}\n");
    Path out = dir.resolve("scores.csv");
    assertThat(run("--rules", rules.toString(), "--source", "bureau=" + est + "," + diffs, "--out", out.toString()))
        .as(err.toString()).isZero();
    Map<String, String[]> estimates = new HashMap<>();
    List<String> estLines = Files.readAllLines(est);
    for (String line : estLines.subList(1, estLines.size())) {
      String[] c = line.split(",");
      estimates.put(c[0] + "," + c[1], c);
    }
    Map<String, String[]> scores = rows(out);
    int checked = 0;
    for (Map.Entry<String, String[]> e : scores.entrySet()) {
      String[] r = e.getValue();
      if (!r[2].equals("bureau")) {
        continue;
      }
      double k = r[1].equals("safe") ? 2 : 0.5;
      double rate = Double.parseDouble(estimates.get(r[0] + "," + r[1])[2]);
      double whole = Double.parseDouble(estimates.get("all," + r[1])[2]);
      assertThat(Double.parseDouble(r[3])).isEqualTo(rate);
      assertThat(Double.parseDouble(r[4])).isEqualTo(whole);
      assertThat(Double.parseDouble(r[6])).isCloseTo(k * Math.max(0, 100 * (whole - rate)),
          org.assertj.core.api.Assertions.within(1e-9));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aMissingFileIsNamedAndNothingIsWritten() throws IOException {
    Path out = dir.resolve("scores.csv");
    String[] a = args(out);
    a[3] = "bureau=" + dir.resolve("nope.csv") + "," + dir.resolve("diffs.csv");
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("nope.csv").contains("scoring.input.missingFile");
    assertThat(out).doesNotExist();
  }

  @Test
  void anIndicatorTheEstimatesLackIsNamedWithTheRulesLine() throws IOException {
    Path out = dir.resolve("scores.csv");
    String[] a = args(out);
    write("rules.yaml", RULES.replace("{safety: 2}", "{safety: 2, awareness: 0.5}"));
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("line 6").contains("points_per_point").contains("awareness")
        .contains("scoring.input.unknownIndicator");
    assertThat(out).doesNotExist();
  }

  @Test
  void aDiffFileThatDoesNotMatchIsNamedByLine() throws IOException {
    Path out = dir.resolve("scores.csv");
    String[] a = args(out);
    write("diffs.csv", DIFF.replace("c2,safety", "c9,safety"));
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("line 3").contains("c2").contains("scoring.input.noDiff")
        .contains("scoring.input.diffWithoutEstimate").contains("c9");
    assertThat(out).doesNotExist();
  }

  @Test
  void badRulesAreNamedByLineAndKeyAndAnOldOutputIsKept() throws IOException {
    Path out = write("scores.csv", "old\n");
    String[] a = args(out);
    write("rules.yaml", RULES.replace("average: pooled", "average: median"));
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("rules.yaml: line 2, key average").contains("median");
    assertThat(Files.readString(out)).isEqualTo("old\n");
  }

  @Test
  void badNumbersSourcesAndColumnsAreRefused() throws IOException {
    Path out = dir.resolve("scores.csv");
    String[] a = args(out);
    write("est.csv", EST.replace("0.795,0.01", "0.795,abc"));
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("line 4, column se").contains("abc");

    err.getBuffer().setLength(0);
    a = args(out);
    a[5] = "police=" + dir.resolve("est2.csv") + "," + dir.resolve("diffs2.csv");
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("police");

    err.getBuffer().setLength(0);
    a = args(out);
    a[5] = "third_party=" + dir.resolve("est2.csv");
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("scoring.input.sourceSyntax");

    err.getBuffer().setLength(0);
    a = args(out);
    write("diffs.csv", DIFF.replace("domain,indicator,diff,se", "domain,indicator,difference,se"));
    assertThat(run(a)).isEqualTo(2);
    assertThat(err.toString()).contains("diff").contains("scoring.input.missingColumn");
    assertThat(out).doesNotExist();
  }

  static String resource(String name) throws IOException {
    try (InputStream in = ScoreCommandTest.class.getResourceAsStream("/estimation/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
