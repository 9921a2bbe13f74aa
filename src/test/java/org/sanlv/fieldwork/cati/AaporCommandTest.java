package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sanlv.fieldwork.AaporCommand;
import picocli.CommandLine;

/** {@code sanlv aapor}: rates of a dispositions file, and its refusals of bad input (nothing written). */
class AaporCommandTest {

  @TempDir
  Path dir;

  final StringWriter err = new StringWriter();
  final StringWriter out = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new AaporCommand());
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    return cl.execute(args);
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static Map<String, String> rates(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("rate,value");
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      m.put(cells[0], cells[1]);
    }
    return m;
  }

  /** I=3 P=1 R=2 (2.11, 2.111) NC=1 O=1 UH=2 (3.13, 3.11) UO=1 NE=2 (4.3 written short, 4.51). */
  static final String DISPOSITIONS = """
      case_id,interviewer,aapor_code,note
      1,a,1.1,
      2,a,1.1,"comma, inside"
      3,b,1.10,
      4,b,1.2,
      5,a,2.11,
      6,a,2.111,
      7,b,2.21,
      8,b,2.33,
      9,a,3.13,
      10,a,3.11,
      11,b,3.21,
      12,b,4.3,
      13,a,4.51,
      """;

  @Test
  void writesEveryRateWithSeventeenSignificantDigits() throws IOException {
    Path in = file("dispositions.csv", DISPOSITIONS);
    Path o = dir.resolve("rates.csv");
    assertThat(run("--dispositions", in.toString(), "--out", o.toString())).as(err.toString()).isZero();
    Map<String, String> r = rates(o);
    assertThat(r.keySet()).containsExactlyElementsOf(AaporRates.NAMES);
    // e = (I+P+R+NC+O) / (… + NE) = 8 / 10; RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO)) = 3 / (4 + 4 + 0.8 × 3)
    double e = 8.0 / 10;
    assertThat(Double.parseDouble(r.get("e"))).isEqualTo(e);
    assertThat(Double.parseDouble(r.get("RR1"))).isEqualTo(3.0 / (4 + 4 + 3));
    assertThat(Double.parseDouble(r.get("RR3"))).isEqualTo(3.0 / (4 + 4 + e * 3));
    assertThat(Double.parseDouble(r.get("COOP1"))).isEqualTo(3.0 / (4 + 2 + 1));
    assertThat(Double.parseDouble(r.get("REF3"))).isEqualTo(2.0 / (4 + 4));
    assertThat(Double.parseDouble(r.get("CON1"))).isEqualTo((4.0 + 2 + 1) / (4 + 4 + 3));
    // 17 significant digits: 0.8 prints as 0.80000000000000004 and reads back to the same double
    assertThat(r.get("e")).isEqualTo("0.80000000000000004");
    assertThat(r.get("RR1")).isEqualTo("0.27272727272727271");
    assertThat(AaporCommand.number(0.25)).isEqualTo("0.25");
    assertThat(AaporCommand.number(1)).isEqualTo("1");
    assertThat(AaporCommand.number(1.0 / 30000)).isEqualTo("3.3333333333333335e-05");
    for (double v : new double[] {1.0 / 3, 2.0 / 7, 0.1, 1e-7 / 3, 0.999999999999}) {
      assertThat(Double.parseDouble(AaporCommand.number(v))).isEqualTo(v);
    }
    assertThat(out.toString()).contains("13 cases");
  }

  @Test
  void takesAFixedE() throws IOException {
    Path in = file("dispositions.csv", DISPOSITIONS);
    Path o = dir.resolve("rates.csv");
    assertThat(run("--dispositions", in.toString(), "--e", "0.25", "--out", o.toString())).as(err.toString()).isZero();
    Map<String, String> r = rates(o);
    assertThat(Double.parseDouble(r.get("e"))).isEqualTo(0.25);
    assertThat(Double.parseDouble(r.get("RR4"))).isEqualTo(4.0 / (4 + 4 + 0.25 * 3));
    assertThat(Double.parseDouble(r.get("CON2"))).isEqualTo(7.0 / (4 + 4 + 0.25 * 3));
  }

  @Test
  void writesNaForARateWithoutCases() throws IOException {
    // only non-contacts: no cooperation rate
    Path in = file("d.csv", "case_id,aapor_code\n1,2.21\n2,2.222\n");
    Path o = dir.resolve("rates.csv");
    assertThat(run("--dispositions", in.toString(), "--out", o.toString())).as(err.toString()).isZero();
    Map<String, String> r = rates(o);
    assertThat(r.get("COOP1")).isEqualTo("NA");
    assertThat(r.get("RR1")).isEqualTo("0");
  }

  @Nested
  class BadInputWritesNothing {

    Path o;

    int runOn(String text, String... extra) throws IOException {
      Path in = file("in.csv", text);
      o = dir.resolve("rates.csv");
      String[] args = new String[4 + extra.length];
      args[0] = "--dispositions";
      args[1] = in.toString();
      args[2] = "--out";
      args[3] = o.toString();
      System.arraycopy(extra, 0, args, 4, extra.length);
      return run(args);
    }

    void refused(int code) throws IOException {
      assertThat(code).isEqualTo(2);
      assertThat(o).doesNotExist();
      try (var files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("in.csv");
      }
      assertThat(err.toString()).contains("nothing written");
    }

    @Test
    void anUnknownCodeIsNamedWithItsLine() throws IOException {
      refused(runOn("case_id,aapor_code\n1,1.1\n2,2.19\n3,5.1\n"));
      assertThat(err.toString()).contains("line 3, column aapor_code: \"2.19\" is not a disposition code")
          .contains("line 4, column aapor_code: \"5.1\"");
    }

    @Test
    void anEmptyFile() throws IOException {
      refused(runOn(""));
      assertThat(err.toString()).contains("the file is empty");
    }

    @Test
    void aHeaderWithoutRows() throws IOException {
      refused(runOn("case_id,aapor_code\n"));
      assertThat(err.toString()).contains("no data rows");
    }

    @Test
    void aMissingColumn() throws IOException {
      refused(runOn("case_id,code\n1,1.1\n"));
      assertThat(err.toString()).contains("line 1: required column \"aapor_code\" is missing");
    }

    @Test
    void aRepeatedCaseOrABlankCell() throws IOException {
      refused(runOn("case_id,aapor_code\n7,1.1\n8,\n7,2.11\n,1.1\n"));
      assertThat(err.toString()).contains("line 3, column aapor_code: must not be empty")
          .contains("line 4, column case_id: case_id \"7\" repeats line 2")
          .contains("line 5, column case_id: must not be empty");
    }

    @Test
    void aBadE() throws IOException {
      for (String e : List.of("1.5", "-0.1", "half", "NaN")) {
        refused(runOn(DISPOSITIONS, "--e", e));
        assertThat(err.toString()).contains("e must be proportional or a number from 0 to 1, not \"" + e + "\"");
      }
    }

    @Test
    void anExistingOutputIsLeftAsItWas() throws IOException {
      Files.writeString(dir.resolve("rates.csv"), "old");
      assertThat(runOn("case_id,aapor_code\n1,9.9\n")).isEqualTo(2);
      assertThat(Files.readString(dir.resolve("rates.csv"))).isEqualTo("old");
    }

    @Test
    void aMissingInputFile() {
      o = dir.resolve("rates.csv");
      assertThat(run("--dispositions", dir.resolve("none.csv").toString(), "--out", o.toString())).isEqualTo(2);
      assertThat(err.toString()).contains("no file");
      assertThat(o).doesNotExist();
    }
  }

  @Test
  void runsFromTheJarsMainInAFreshJvm() throws Exception {
    Path in = file("dispositions.csv", DISPOSITIONS);
    Path o = dir.resolve("rates.csv");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.sanlv.SanlvApplication",
        "aapor", "--dispositions", in.toString(), "--e", "proportional", "--out", o.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(rates(o).get("e")).isEqualTo("0.80000000000000004");
    // and bad input: exit 2, the line named
    Path bad = file("bad.csv", "case_id,aapor_code\n1,1.3\n");
    Process q = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.sanlv.SanlvApplication",
        "aapor", "--dispositions", bad.toString(), "--out", dir.resolve("bad-rates.csv").toString())
        .redirectErrorStream(true).start();
    String refused = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(q.exitValue()).isEqualTo(2);
    assertThat(refused).contains("line 2, column aapor_code: \"1.3\"");
    assertThat(dir.resolve("bad-rates.csv")).doesNotExist();
  }
}
