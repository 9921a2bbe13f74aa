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

  private Path write(String name, Workbooks form) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, form.bytes());
    return file;
  }

  @Test
  void aFormWithoutSettingsIsValidAndTakesItsIdFromTheFileName() throws Exception {
    Path file = write("household_survey.xlsx", Workbooks.valid().without("settings"));
    Run run = run("check", file.toString());
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("OK — household_survey，共 2 题").doesNotContain("省份");
    Run withMeta = run("check", file.toString(), "--province", "33", "--year", "2026");
    assertThat(withMeta.out()).contains("，省份 33，2026 年");
    assertThat(run("check", file.toString(), "--province", "33", "--year", "2026", "--lang", "en").out())
        .contains("OK — household_survey, province 33, 2026, 2 questions");
  }

  @Test
  void messagesAreChineseByDefaultAndEnglishWithLangGivenByCodeOrName() throws Exception {
    Path file = write("bad.xlsx", Workbooks.valid().set("survey", "D", 3, "${age} == 18"));
    assertThat(run("check", file.toString()).out())
        .contains("bad.xlsx: survey!D3: relevant“${age} == 18”用了“==”").contains("共 1 个问题");
    for (String lang : new String[] {"en", "English", "English (en)"}) {
      assertThat(run("check", file.toString(), "--lang", lang).out()).as(lang)
          .contains("survey!D3: relevant \"${age} == 18\" uses '=='").contains("1 problem(s)");
    }
  }

  @Test
  void anUnreadableFileExitsWithTwoAndNoLibraryTextReachesTheOutput() throws Exception {
    byte[] whole = Workbooks.valid().bytes();
    Path truncated = dir.resolve("truncated.xlsx");
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path corrupt = dir.resolve("corrupt.xlsx");
    byte[] b = whole.clone();
    for (int i = 200; i < b.length - 200; i += 7) {
      b[i] ^= 0x5A;
    }
    Files.write(corrupt, b);
    Path csv = dir.resolve("form.xlsx");
    Files.writeString(csv, "type,name,label\ntext,a,A\n");
    Path strings = dir.resolve("strings.xlsx");
    Files.write(strings, withSharedStrings(whole, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        + "count=\"1\" uniqueCount=\"1\"><si><t>x</t></si></sst>"));
    for (Path file : new Path[] {truncated, corrupt, csv, strings}) {
      PrintStream err = System.err;
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
      Run run;
      try {
        run = run("check", file.toString(), "--lang", "en");
      } finally {
        System.setErr(err);
      }
      assertThat(run.exit()).as(file + run.out()).isEqualTo(2);
      assertThat(run.out() + errors.toString(StandardCharsets.UTF_8))
          .doesNotContain("Exception", "org.apache", "\tat ", "DEBUG", "ERROR");
    }
  }

  /** The workbook with its shared-strings table replaced: cells then point past its end. */
  private static byte[] withSharedStrings(byte[] xlsx, String table) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(xlsx));
        var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        zip.write(e.getName().equals("xl/sharedStrings.xml") ? table.getBytes(StandardCharsets.UTF_8) : content);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void showPrintsTheChoiceFilterAndTheIdOfAFormWithoutTitle() throws Exception {
    Workbooks form = WildFormsTest.form("""
        type | name | label::English (en) | label::Chinese (zh) | choice_filter
        select_one city | city | City | 城市 |
        select_one district | district | District | 区 | city=${city}
        """, """
        list_name | name | label::English (en) | label::Chinese (zh) | city
        city | hz | Hangzhou | 杭州 |
        district | 330102 | Shangcheng | 上城区 | hz
        """, null);
    Path file = write("cascade.xlsx", form);
    Run zh = run("show", file.toString(), "--lang", "Chinese");
    assertThat(zh.exit()).as(zh.out()).isZero();
    assertThat(zh.out()).startsWith("cascade  [cascade]").contains("select_one district district  区  [choice_filter: city=${city}]")
        .contains("330102  上城区");
    assertThat(run("show", file.toString(), "--lang", "en").out()).contains("district  District");
  }
}
