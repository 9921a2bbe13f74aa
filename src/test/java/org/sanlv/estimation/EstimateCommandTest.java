package org.sanlv.estimation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sanlv estimate} on the R fixture, and its refusals of bad input. */
class EstimateCommandTest {

  @TempDir
  Path dir;

  Path data;
  Path indicators;
  Path margins;
  final StringWriter err = new StringWriter();

  @BeforeEach
  void files() throws IOException {
    data = copy("fixture.csv");
    indicators = copy("fixture-indicators.yaml");
    margins = copy("margins-county-age-sex.csv");
    copy("margin-county.csv");
    copy("margin-age.csv");
    copy("margin-sex.csv");
  }

  Path copy(String name) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, Fixture.resource(name), StandardCharsets.UTF_8);
    return p;
  }

  int run(String... args) {
    CommandLine cl = new CommandLine(new EstimateCommand());
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  static Map<String, String[]> rows(Path file) throws IOException {
    Map<String, String[]> out = new HashMap<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      String[] cells = line.split(",");
      out.put(cells[0] + "," + cells[1], cells);
    }
    return out;
  }

  static void close(String actual, double expected, double tol) {
    double a = Double.parseDouble(actual);
    assertThat(Math.abs(a - expected)).as("%s vs R %s", actual, expected).isLessThanOrEqualTo(tol * Math.abs(expected));
  }

  @Test
  void writesPostStratifiedCountyEstimatesAndDifferencesThatAgreeWithR() throws IOException {
    Path out = dir.resolve("estimates.csv");
    Path diffs = dir.resolve("diffs.csv");
    int code = run("--data", data.toString(), "--strata", "county", "--cluster", "psu", "--weight", "w",
        "--poststratify", margins.toString(), "--indicators", indicators.toString(), "--by", "county",
        "--out", out.toString(), "--diff-out", diffs.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllLines(out).get(0)).isEqualTo("domain,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff");
    assertThat(Files.readAllLines(diffs).get(0))
        .isEqualTo("domain,indicator,diff,se,ci_low,ci_high,significant,direction");
    Map<String, Double> r = Fixture.reference();
    Map<String, String[]> est = rows(out);
    Map<String, String[]> dif = rows(diffs);
    for (String ind : Fixture.indicators()) {
      for (String county : List.of("c01", "c02", "c04", "c08")) {
        String[] row = est.get(county + "," + ind);
        String k = "post,county," + county + "," + ind + ",";
        close(row[2], r.get(k + "mean"), 1e-9);
        close(row[3], r.get(k + "se"), 1e-7);
        close(row[6], r.get(k + "deff"), 1e-7);
        if (!ind.equals("aware")) {
          close(row[4], r.get(k + "logit_low"), 1e-7);
          close(row[5], r.get(k + "logit_high"), 1e-7);
        }
        String[] d = dif.get(county + "," + ind);
        close(d[2], r.get(k + "diff"), 1e-9);
        close(d[3], r.get(k + "diff_se"), 1e-7);
        // two-sided: |z| > 1.96 on either side
        double z = Double.parseDouble(d[2]) / Double.parseDouble(d[3]);
        assertThat(Boolean.parseBoolean(d[6])).as(county + " " + ind).isEqualTo(Math.abs(z) > 1.959963984540054);
        assertThat(d[7]).isEqualTo(z > 1.959963984540054 ? "above" : z < -1.959963984540054 ? "below" : "none");
      }
      String[] all = est.get("all," + ind);
      close(all[2], r.get("post,all,all," + ind + ",mean"), 1e-9);
      close(all[3], r.get("post,all,all," + ind + ",se"), 1e-7);
    }
    // R: c02 is significantly above the whole on q13good (z = 2.61), c08 below (z = -2.59)
    assertThat(dif.get("c02,q13good")[6]).isEqualTo("true");
    assertThat(dif.get("c02,q13good")[7]).isEqualTo("above");
    assertThat(dif.get("c08,q13good")[7]).isEqualTo("below");
  }

  @Test
  void clopperPearsonOnTheEffectiveNAgreesWithRsBetaMethod() throws IOException {
    // svyby(~safe, ~county, strat, svyciprop, method = "beta", vartype = "ci")
    Path out = dir.resolve("estimates.csv");
    int code = run("--data", data.toString(), "--strata", "county", "--cluster", "psu", "--weight", "w",
        "--indicators", indicators.toString(), "--by", "county", "--ci", "clopper-pearson", "--out", out.toString());
    assertThat(code).as(err.toString()).isZero();
    Map<String, String[]> est = rows(out);
    for (String county : List.of("c01", "c05", "c08")) {
      for (String ind : List.of("safe", "q13good")) {
        String[] row = est.get(county + "," + ind);
        close(row[4], Fixture.reference().get("strat,county," + county + "," + ind + ",beta_low"), 1e-7);
        close(row[5], Fixture.reference().get("strat,county," + county + "," + ind + ",beta_high"), 1e-7);
      }
    }
  }

  @Test
  void wilsonIsOfferedAndAnUnknownIntervalIsRefused() throws IOException {
    Path out = dir.resolve("estimates.csv");
    int code = run("--data", data.toString(), "--strata", "county", "--cluster", "psu", "--weight", "w",
        "--indicators", indicators.toString(), "--by", "county", "--ci", "wilson", "--out", out.toString());
    assertThat(code).as(err.toString()).isZero();
    String[] row = rows(out).get("c01,safe");
    assertThat(Double.parseDouble(row[4])).isLessThan(Double.parseDouble(row[2]));
    assertThat(Double.parseDouble(row[5])).isGreaterThan(Double.parseDouble(row[2]));
    assertThat(run("--data", data.toString(), "--weight", "w", "--indicators", indicators.toString(), "--ci", "exact",
        "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--ci exact is not logit, wilson, clopper-pearson or wald");
  }

  @Test
  void rakesToSeveralMarginsAsR() throws IOException {
    Path out = dir.resolve("estimates.csv");
    int code = run("--data", data.toString(), "--strata", "county", "--cluster", "psu", "--weight", "w",
        "--rake", dir.resolve("margin-county.csv").toString(), "--rake", dir.resolve("margin-age.csv").toString(),
        "--rake", dir.resolve("margin-sex.csv").toString(), "--rake-maxit", "100", "--rake-epsilon", "1e-10",
        "--indicators", indicators.toString(), "--by", "age_group", "--out", out.toString());
    assertThat(code).as(err.toString()).isZero();
    String[] row = rows(out).get("a3,safe");
    close(row[2], Fixture.reference().get("rake,age_group,a3,safe,mean"), 1e-9);
    close(row[3], Fixture.reference().get("rake,age_group,a3,safe,se"), 1e-7);
  }

  @Nested
  class BadInput {

    Path out() {
      return dir.resolve("out.csv");
    }

    String[] args(Path dataFile, String... extra) {
      List<String> a = new ArrayList<>(List.of("--data", dataFile.toString(), "--strata", "county", "--cluster",
          "psu", "--weight", "w", "--indicators", indicators.toString(), "--by", "county", "--out", out().toString()));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }

    Path edited(String from, String to) throws IOException {
      Path p = dir.resolve("edited.csv");
      Files.writeString(p, Files.readString(data).replaceFirst(from, to));
      return p;
    }

    @Test
    void aMissingColumnIsNamed() {
      assertThat(run("--data", data.toString(), "--strata", "district", "--weight", "w", "--indicators",
          indicators.toString(), "--out", out().toString())).isEqualTo(2);
      assertThat(err.toString()).contains("column district is missing from fixture.csv", "estimation.error.missingColumn");
    }

    @Test
    void aNonNumericWeightNamesLineAndColumn() throws IOException {
      // line 2 is the first respondent; its weight 251.4869 becomes "heavy"
      assertThat(run(args(edited("251\\.4869", "heavy")))).isEqualTo(2);
      assertThat(err.toString()).contains("line 2, column w: \"heavy\" in column w is not a number");
    }

    @Test
    void aBlankStratumNamesLineAndColumn() throws IOException {
      assertThat(run(args(edited("\n2,\"c01\"", "\n2,\"\"")))).isEqualTo(2);
      assertThat(err.toString()).contains("line 3, column county: column county is blank");
    }

    @Test
    void aStratumWithoutWeightIsRefused() throws IOException {
      Path p = dir.resolve("zero.csv");
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(data)) {
        lines.add(line.contains("\"c03\"") ? line.replaceFirst("(\"p\\d\"),[0-9.]+,", "$1,0,") : line);
      }
      Files.write(p, lines);
      assertThat(run(args(p))).isEqualTo(2);
      assertThat(err.toString()).contains("stratum c03 has no respondent with a positive weight");
    }

    @Test
    void aCellWithRespondentsButNoPopulationIsNamed() throws IOException {
      Path m = dir.resolve("short.csv");
      Files.writeString(m, Files.readString(margins).replaceFirst("\nc02,a1,F,\\d+", ""));
      assertThat(run(args(data, "--poststratify", m.toString()))).isEqualTo(2);
      assertThat(err.toString()).contains("post-stratum cell county=c02, age_group=a1, sex=F has respondents but no population");
    }

    @Test
    void aCellWithPopulationButNoRespondentsIsNamed() throws IOException {
      Path m = dir.resolve("long.csv");
      Files.writeString(m, Files.readString(margins) + "c99,a1,F,5000\n");
      assertThat(run(args(data, "--poststratify", m.toString()))).isEqualTo(2);
      assertThat(err.toString()).contains("post-stratum cell county=c99, age_group=a1, sex=F has a population of 5,000 but no respondents");
    }

    @Test
    void marginsWithDifferentTotalsCannotBeRaked() throws IOException {
      Path m = dir.resolve("sex-wrong.csv");
      Files.writeString(m, "sex,population\nF,100\nM,100\n");
      assertThat(run(args(data, "--rake", dir.resolve("margin-county.csv").toString(), "--rake", m.toString())))
          .isEqualTo(2);
      assertThat(err.toString()).contains("margins margin-county.csv and sex-wrong.csv have different population totals");
    }

    @Test
    void rakingThatDoesNotConvergeSaysSo() {
      assertThat(run(args(data, "--rake", dir.resolve("margin-county.csv").toString(), "--rake",
          dir.resolve("margin-age.csv").toString(), "--rake-maxit", "1", "--rake-epsilon", "1e-12"))).isEqualTo(2);
      assertThat(err.toString()).contains("raking did not converge after 1 rounds");
    }

    @Test
    void anExpressionNamingAnUnknownQuestionIsNamed() throws IOException {
      Path bad = dir.resolve("bad.yaml");
      Files.writeString(bad, "- name: x\n  proportion: ${q99} = '1'\n");
      assertThat(run("--data", data.toString(), "--weight", "w", "--indicators", bad.toString(), "--out",
          out().toString())).isEqualTo(2);
      assertThat(err.toString()).contains("indicator x: proportion", "q99");
    }

    @Test
    void aLonelyPsuFailsNamingTheStratumUnlessARuleIsChosen() throws IOException {
      Path lonely = copy("fixture-lonely.csv");
      assertThat(run(args(lonely))).isEqualTo(2);
      assertThat(err.toString()).contains("stratum c09 has only one PSU");
      assertThat(run(args(lonely, "--lonely-psu", "adjust"))).isZero();
    }
  }
}
