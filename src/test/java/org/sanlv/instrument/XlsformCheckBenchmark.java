package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code xlsform check} of a generated, valid 10,000-row XLSForm (issue 17: under 3 s on the project's machine).
 * Excluded from the default build; run: {@code ./mvnw -o test -Dtest=XlsformCheckBenchmark -Dtest.tags.excluded=none}.
 *
 * <p>The form is written with POI to {@code target/xlsform-10000.xlsx}: a household block, then groups of a
 * survey module repeated (integer, select_one, select_multiple, text, decimal, date, calculate, note), each with
 * relevance and constraints on earlier questions, zh and en labels, a cascading select with a choice_filter.
 * Five runs of each, interleaved, medians: the check in a fresh JVM, as a user runs it ({@code java … xlsform
 * check}), and in this JVM through the same picocli command; each against the baseline measured the same way: POI
 * opening the file and reading every cell of every sheet (what any reader of the file pays).
 */
@Tag("benchmark")
class XlsformCheckBenchmark {

    static final int SURVEY_ROWS = 10_000; // with the header row: the reader's limit
    static final int RUNS = 5;
    static final Path FORM = Path.of("target", "xlsform-10000.xlsx");

    @Test
    void checksATenThousandRowFormInUnderThreeSeconds() throws Exception {
        Files.createDirectories(FORM.getParent());
        Files.write(FORM, form());
        long[] freshJvm = new long[RUNS];
        long[] freshPoi = new long[RUNS];
        long[] inProcess = new long[RUNS];
        long[] inProcessPoi = new long[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long t0 = System.nanoTime();
            Output fresh = inAFreshJvm(Check.class);
            freshJvm[run] = millisSince(t0);
            assertThat(fresh.exit()).as(fresh.text()).isZero();
            assertThat(fresh.text()).contains("OK — bench-10000");

            t0 = System.nanoTime();
            Output poi = inAFreshJvm(ReadEveryCell.class);
            freshPoi[run] = millisSince(t0);
            assertThat(poi.exit()).as(poi.text()).isZero();

            t0 = System.nanoTime();
            Output same = checkInThisJvm();
            inProcess[run] = millisSince(t0);
            assertThat(same.exit()).as(same.text()).isZero();

            t0 = System.nanoTime();
            long cells = readEveryCell();
            inProcessPoi[run] = millisSince(t0);
            assertThat(cells).isGreaterThan(SURVEY_ROWS * 5L);
        }
        System.out.printf("form: %s, %,d bytes, %,d survey rows (with header)%n", FORM, Files.size(FORM), SURVEY_ROWS);
        report("xlsform check, fresh JVM", freshJvm, freshPoi);
        report("baseline: POI reads every cell, fresh JVM", freshPoi, freshPoi);
        report("xlsform check, in this JVM", inProcess, inProcessPoi);
        report("baseline: POI reads every cell, this JVM", inProcessPoi, inProcessPoi);
        assertThat(median(freshJvm)).as("median of a fresh-JVM xlsform check, ms (target < 3 s)").isLessThan(3_000);
    }

    record Output(int exit, String text) {
    }

    /** A main class of this file in its own JVM: start-up, class loading and a cold JIT included. */
    static Output inAFreshJvm(Class<?> main) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(),
                FORM.toString()).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The command the jar's {@code xlsform check} runs, on the plain class path (no Spring Boot jar loader). */
    public static final class Check {
        public static void main(String[] args) {
            System.exit(new CommandLine(new XlsformCommand()).execute("check", args[0]));
        }
    }

    /** The baseline in its own JVM. */
    public static final class ReadEveryCell {
        public static void main(String[] args) throws IOException {
            System.out.println(readEveryCell() + " cells");
        }
    }

    static Output checkInThisJvm() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new XlsformCommand()).execute("check", FORM.toString());
            return new Output(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    /** Baseline: what any reader of the file pays (unzip, XML, shared strings) before it understands a cell. */
    static long readEveryCell() throws IOException {
        DataFormatter format = new DataFormatter();
        long cells = 0;
        try (InputStream in = Files.newInputStream(FORM); Workbook wb = new XSSFWorkbook(in)) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        if (!format.formatCellValue(cell).isEmpty()) {
                            cells++;
                        }
                    }
                }
            }
        }
        return cells;
    }

    // ---- the form ----

    static final List<String> SURVEY_HEADER = List.of("type", "name", "label::中文 (zh)", "label::English (en)",
            "hint::中文 (zh)", "hint::English (en)", "required", "relevant", "constraint", "constraint_message::中文 (zh)",
            "constraint_message::English (en)", "calculation", "choice_filter", "appearance");

    /** A valid form of exactly {@link #SURVEY_ROWS} survey rows, its choices and settings. */
    static byte[] form() throws IOException {
        List<List<String>> survey = new ArrayList<>();
        survey.add(SURVEY_HEADER);
        survey.add(q("integer", "age", "受访者年龄", "Respondent's age", "yes", "", ". >= 16 and . <= 110",
                "年龄须在16至110岁之间", "Age must be 16 to 110", ""));
        survey.add(q("select_one county", "county", "所在县（市、区）", "County", "yes", "", "", "", "", ""));
        List<String> town = q("select_one town", "town", "所在乡镇（街道）", "Town", "yes", "", "", "", "", "");
        town.set(SURVEY_HEADER.indexOf("choice_filter"), "county = ${county}");
        survey.add(town);
        survey.add(q("select_one yn", "resident", "在本地居住满半年吗", "Lived here six months or more?", "yes",
                "${age} >= 16", "", "", "", ""));
        int module = 0;
        while (survey.size() < SURVEY_ROWS) {
            int room = SURVEY_ROWS - survey.size();
            List<List<String>> block = module(module++);
            if (block.size() > room) {
                // the last group is cut short to land on the row count exactly: its first questions and its end
                block = new ArrayList<>(block.subList(0, room - 1));
                block.add(List.of("end_group"));
            }
            survey.addAll(block);
        }

        List<List<String>> choices = new ArrayList<>();
        choices.add(List.of("list_name", "name", "label::中文 (zh)", "label::English (en)", "county"));
        choices.add(List.of("yn", "1", "是", "Yes", ""));
        choices.add(List.of("yn", "2", "否", "No", ""));
        String[] scale = {"很安全", "安全", "一般", "不太安全", "很不安全"};
        String[] scaleEn = {"Very safe", "Safe", "Neither", "Unsafe", "Very unsafe"};
        for (int i = 0; i < scale.length; i++) {
            choices.add(List.of("safety", String.valueOf(i + 1), scale[i], scaleEn[i], ""));
        }
        choices.add(List.of("safety", "99", "不知道", "Don't know", ""));
        String[] problems = {"盗窃", "诈骗", "交通", "噪音", "邻里纠纷", "治安", "毒品", "赌博", "环境", "其他"};
        for (int i = 0; i < problems.length; i++) {
            choices.add(List.of("problems", String.valueOf(i + 1), problems[i], "Problem " + (i + 1), ""));
        }
        choices.add(List.of("problems", "99", "都没有", "None", ""));
        for (int c = 1; c <= 12; c++) {
            String county = "3301" + String.format("%02d", c);
            choices.add(List.of("county", county, "县" + c, "County " + c, ""));
            for (int t = 1; t <= 15; t++) {
                choices.add(List.of("town", county + String.format("%03d", t), "乡镇" + c + "-" + t, "Town " + c + "-" + t,
                        county));
            }
        }
        List<List<String>> settings = List.of(List.of("form_id", "form_title", "version", "default_language", "province", "year"),
                List.of("bench-10000", "一万行问卷", "2026120101", "中文 (zh)", "33", "2026"));
        return workbook(List.of("survey", "choices", "settings"), List.of(survey, choices, settings));
    }

    /** One survey module: a group of 20 rows whose logic refers to earlier questions, its own and the household's. */
    static List<List<String>> module(int m) {
        String p = "m" + m + "_";
        List<List<String>> rows = new ArrayList<>();
        List<String> begin = q("begin_group", p + "g", "第" + (m + 1) + "部分", "Part " + (m + 1), "",
                "${resident} = '1' or ${age} >= 60", "", "", "", "");
        rows.add(begin);
        rows.add(q("note", p + "intro", "以下问题关于您所在社区", "The next questions are about your neighbourhood", "", "", "", "",
                "", ""));
        rows.add(q("select_one safety", p + "safe", "您觉得本地治安安全吗", "How safe is it here?", "yes", "", "", "", "",
                ""));
        rows.add(q("select_one yn", p + "victim", "过去一年您或家人是否受到侵害", "Were you or your family victims last year?",
                "yes", "", "", "", "", ""));
        rows.add(q("integer", p + "times", "共几次", "How many times?", "yes", "${" + p + "victim} = '1'",
                ". >= 1 and . <= 50", "次数须在1至50之间", "Between 1 and 50", ""));
        rows.add(q("select_one yn", p + "reported", "是否报警", "Did you report it?", "yes",
                "${" + p + "victim} = '1' and (${" + p + "times} > 1 or ${age} >= 60)", "", "", "", ""));
        rows.add(q("select_multiple problems", p + "issues", "本地主要问题（最多三项）", "Main problems (up to three)", "yes",
                "", "count-selected(.) <= 3 and not(selected(., '99') and count-selected(.) > 1)",
                "最多选三项；“都没有”不能与其他选项同选", "At most three; 'None' alone", ""));
        rows.add(q("text", p + "issue_other", "其他问题", "Other problem", "yes", "selected(${" + p + "issues}, '10')",
                "string-length(.) <= 200", "不超过200字", "At most 200 characters", ""));
        rows.add(q("select_one safety", p + "police", "对民警工作是否满意", "Satisfied with the police?", "yes",
                "${" + p + "safe} != '99'", "", "", "", ""));
        rows.add(q("decimal", p + "minutes", "步行到派出所需要多少分钟", "Minutes on foot to the police station", "",
                "", ". > 0 and . < 600", "须大于0且小于600", "More than 0, less than 600", ""));
        rows.add(q("text", p + "phone", "联系电话", "Phone", "", "${" + p + "reported} = '1'", "regex(., '^1[0-9]{10}$')",
                "请填写11位手机号", "An 11-digit mobile number", ""));
        rows.add(q("date", p + "when", "最近一次发生在哪天", "When did it last happen?", "", "${" + p + "victim} = '1'",
                ". <= today()", "不能晚于今天", "Not after today", ""));
        rows.add(q("select_one yn", p + "visit", "民警是否上门走访", "Did the police visit?", "yes", "", "", "", "", ""));
        rows.add(q("integer", p + "visits", "走访几次", "How many visits?", "yes", "${" + p + "visit} = '1'",
                ". >= 1 and . <= 100", "须在1至100之间", "Between 1 and 100", ""));
        rows.add(q("select_one safety", p + "trend", "与去年相比治安如何", "Compared with last year?", "yes",
                "${" + p + "safe} != '99' and (${" + p + "visit} = '1' or ${" + p + "visits} >= 1)", "", "", "", ""));
        rows.add(q("select_one yn", p + "know", "是否知道平安建设", "Have you heard of the safety campaign?", "yes", "", "",
                "", "", ""));
        rows.add(q("select_one safety", p + "campaign", "对平安建设是否满意", "Satisfied with the campaign?", "yes",
                "${" + p + "know} = '1'", "", "", "", ""));
        List<String> score = q("calculate", p + "score", "", "", "", "", "", "", "", "");
        score.set(SURVEY_HEADER.indexOf("calculation"),
                "if(${" + p + "safe} = '99', 0, 6 - ${" + p + "safe}) + if(${" + p + "victim} = '1', -1, 0)"
                        + " + count-selected(${" + p + "issues}) div 10 - ${" + p + "times} mod 2");
        rows.add(score);
        rows.add(q("text", p + "remark", "访员备注", "Interviewer's remark", "", "", "string-length(.) <= 500",
                "不超过500字", "At most 500 characters", ""));
        rows.add(List.of("end_group"));
        return rows;
    }

    static List<String> q(String type, String name, String zh, String en, String required, String relevant,
            String constraint, String messageZh, String messageEn, String hintZh) {
        List<String> row = new ArrayList<>(Arrays.asList(new String[SURVEY_HEADER.size()]));
        row.replaceAll(c -> "");
        row.set(0, type);
        row.set(1, name);
        row.set(2, zh);
        row.set(3, en);
        row.set(4, hintZh);
        row.set(6, required);
        row.set(7, relevant);
        row.set(8, constraint);
        row.set(9, messageZh);
        row.set(10, messageEn);
        return row;
    }

    static byte[] workbook(List<String> names, List<List<List<String>>> sheets) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int s = 0; s < names.size(); s++) {
                Sheet sheet = wb.createSheet(names.get(s));
                List<List<String>> rows = sheets.get(s);
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        if (!rows.get(r).get(c).isEmpty()) {
                            row.createCell(c).setCellValue(rows.get(r).get(c));
                        }
                    }
                }
            }
            wb.write((OutputStream) out);
            return out.toByteArray();
        }
    }

    // ---- figures ----

    static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void report(String what, long[] runs, long[] baseline) {
        System.out.printf("%-40s runs %s ms, median %,d ms, ratio to the POI baseline %.2f%n", what,
                Arrays.toString(runs), median(runs), (double) median(runs) / median(baseline));
    }
}
