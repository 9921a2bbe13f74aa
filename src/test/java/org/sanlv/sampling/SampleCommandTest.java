package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SampleCommandTest {

  private static Locale before;

  @BeforeAll
  static void english() {
    before = Locale.getDefault();
    Locale.setDefault(Locale.ENGLISH);
  }

  @AfterAll
  static void restore() {
    Locale.setDefault(before);
  }

  @TempDir
  Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SampleCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  static final String BLOCKS = """
      block_id,county,town,households,population
      SY001,330604,330604001,120,360
      SY002,330604,330604001,80,250
      SY003,330604,330604002,150,420
      SY004,330604,330604002,60,170
      SY005,330604,330604003,200,610
      SY006,330604,330604003,95,280
      HZ001,330102,330102001,300,900
      HZ002,330102,330102001,250,700
      """;

  @Nested
  class Household {

    @Test
    void drawsAHouseholdSampleAndWritesItsRecord() throws IOException {
      Path out = dir.resolve("sample.csv");
      Run run = run("--design", "household", "--frame", file("blocks.csv", BLOCKS).toString(),
          "--n-rule", "fixed:30", "--households-per-block", "10", "--strata", "county", "--seed", "42",
          "--out", out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(Files.readAllLines(out).get(0)).isEqualTo(HouseholdSample.CSV_HEADER);
      assertThat(Files.readAllLines(out)).hasSize(1 + 30 + 20);
      assertThat(Files.readString(Path.of(out + ".draw.txt"))).contains("seed=42", "frame_sha256=", "n_rule=fixed:30");
      assertThat(run.out()).contains("330604,30,6,705,3,");
    }

    @Test
    void theSameSeedWritesTheSameFile() throws IOException {
      Path frame = file("blocks.csv", BLOCKS);
      Path a = dir.resolve("a.csv");
      Path b = dir.resolve("b.csv");
      for (Path out : new Path[] {a, b}) {
        assertThat(run("--design", "household", "--frame", frame.toString(), "--n-rule",
            "share:0.05,min:20,max:40", "--strata", "town", "--seed", "7", "--out", out.toString()).exitCode())
            .isZero();
      }
      assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aBadFrameEndsWithExitCode2AndLineNumberedProblemsAndWritesNothing() throws IOException {
      Path out = dir.resolve("sample.csv");
      Run run = run("--design", "household", "--frame", file("blocks.csv", """
          block_id,county,households
          A,330604,10
          A,,-5
          """).toString(), "--n-rule", "fixed:10", "--seed", "1", "--out", out.toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("line 3, column \"block_id\"", "line 3, column \"county\"",
          "line 3, column \"households\"").doesNotContain("Exception", "\tat ");
      assertThat(out).doesNotExist();
    }

    @Test
    void aBadRuleIsNamed() throws IOException {
      Run run = run("--design", "household", "--frame", file("blocks.csv", BLOCKS).toString(), "--n-rule",
          "half", "--seed", "1", "--out", dir.resolve("s.csv").toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("half").containsAnyOf("样本量规则", "sample size rule");
    }

    @Test
    void aMissingFileIsAClearError() {
      Run run = run("--design", "household", "--frame", dir.resolve("nope.csv").toString(), "--n-rule", "fixed:10",
          "--seed", "1", "--out", dir.resolve("s.csv").toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("nope.csv").doesNotContain("\tat ");
    }

    @Test
    void aMissingOptionIsAUsageError() {
      Run run = run("--design", "household", "--frame", "x.csv");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("Missing required options");
    }
  }

  @Nested
  class Rdd {

    @Test
    void generatesNumbersWithReplicates() throws IOException {
      Path out = dir.resolve("numbers.csv");
      // half the suffixes of 1390575 are on the list: without the filter about 200 of its ~400 numbers would be
      Set<String> doNotCall = new HashSet<>();
      StringBuilder dnc = new StringBuilder("number\n");
      for (int suffix = 0; suffix < 10_000; suffix += 2) {
        String number = String.format("1390575%04d", suffix);
        doNotCall.add(number);
        dnc.append(number).append('\n');
      }
      Run run = run("--design", "rdd",
          "--frame", file("prefixes.csv", "prefix,carrier,area\n1390575,移动,3306\n1330575,电信,3306\n1390571,移动,3301\n")
              .toString(),
          "--populations", file("areas.csv", "area,population\n3306,4450000\n3301,11940000\n").toString(),
          "--n", "3000", "--dnc", file("dnc.csv", dnc.toString()).toString(),
          "--replicate-size", "500", "--seed", "42", "--out", out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      var lines = Files.readAllLines(out);
      assertThat(lines.get(0)).isEqualTo(RddSample.CSV_HEADER);
      assertThat(lines).hasSize(3001);
      int column = List.of(RddSample.CSV_HEADER.split(",")).indexOf("number");
      List<String> numbers = lines.subList(1, lines.size()).stream().map(l -> l.split(",")[column]).toList();
      assertThat(numbers).allMatch(n -> n.matches("1[0-9]{10}")).doesNotHaveDuplicates();
      assertThat(numbers).filteredOn(n -> n.startsWith("1390575")).hasSizeGreaterThan(300);
      assertThat(numbers).filteredOn(doNotCall::contains).as("numbers on the do-not-call list").isEmpty();
      assertThat(lines.get(3000)).startsWith("3000,6,");
      // 3000·11.94/16.39 = 2185.48 → 2185; 3000·4.45/16.39 = 814.52 → 814, +1 for the larger remainder → 815
      assertThat(run.out()).contains("3301,2185", "3306,815");
    }

    @Test
    void aDoNotCallFileWithGarbageIsRefusedAtItsLines() throws IOException {
      Path out = dir.resolve("numbers.csv");
      Run run = run("--design", "rdd", "--frame", file("prefixes.csv", "prefix,area\n1390575,3306\n").toString(),
          "--populations", file("areas.csv", "area,population\n3306,4450000\n").toString(), "--n", "10",
          "--dnc", file("dnc.csv", "13905750001\nnot a number\n139057\n").toString(), "--seed", "1",
          "--out", out.toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("dnc.csv", "line 2, column \"number\"", "line 3, column \"number\"");
      assertThat(out).doesNotExist();
    }

    @Test
    void aPrefixOfTheWrongLengthIsRefused() throws IOException {
      Run run = run("--design", "rdd", "--frame", file("prefixes.csv", "prefix,area\n139057,3306\n").toString(),
          "--populations", file("areas.csv", "area,population\n3306,4450000\n").toString(), "--n", "10",
          "--seed", "1", "--out", dir.resolve("n.csv").toString());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("line 2, column \"prefix\"", "139057");
    }
  }
}
