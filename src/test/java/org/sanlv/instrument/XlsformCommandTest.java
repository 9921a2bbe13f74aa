package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class XlsformCommandTest {

  @TempDir Path dir;

  record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new XlsformCommand()).execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void checkPrintsEveryProblemWithItsCellAndFails() throws Exception {
    Path file = dir.resolve("bad.xlsx");
    Files.write(file, Workbooks.valid().set("survey", "D", 3, "${q99} > 1").set("survey", "E", 2, ". >>= 0").bytes());
    Run run = run("check", file.toString(), "--lang", "en");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("survey!D3").contains("survey!E2").contains("2 problem(s)");
  }

  @Test
  void checkPassesTheBuiltInForm() {
    Run run = run("check", "src/main/resources/instruments/zhejiang-2022.xlsx");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("OK").contains("zhejiang-2022");
  }

  @Test
  void showPrintsTheQuestionTree() {
    Run run = run("show", "src/main/resources/instruments/zhejiang-2022.xlsx");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("select_multiple q10 q10").contains("[constraint: count-selected(.) = 3]")
        .contains("        14  不知道");
  }

  @Test
  void aMissingFileIsSaidPlainly() {
    Run run = run("check", dir.resolve("nope.xlsx").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("没有这个文件");
  }
}
