package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken XLSForms: each is a valid form broken in one way, and must give one clear problem
 * at the right cell (never an exception or a stack trace).
 */
class BadFormsTest {
    static final Instruments INSTRUMENTS = Instruments.withDefaults();

    @Test
    void theBaseFormOfTheCorpusIsValid() {
        assertThat(INSTRUMENTS.importXlsForm(Workbooks.valid().bytes()).problems()).isEmpty();
    }

    static void assertSingleProblem(byte[] file, String location, String messagePart) {
        ImportResult r = INSTRUMENTS.importXlsForm(file);
        assertThat(r.ok()).isFalse();
        assertThat(r.flow()).isNull();
        assertThat(r.problems()).as(r.problems().toString()).hasSize(1);
        FormProblem p = r.problems().get(0);
        assertThat(p.location()).isEqualTo(location);
        assertThat(p.message()).contains(messagePart).doesNotContain("Exception", "\tat ", "org.apache");
    }

    static Arguments bad(String name, UnaryOperator<Workbooks> breakIt, String location, String messagePart) {
        return Arguments.of(name, breakIt, location, messagePart);
    }

    @Nested
    class SheetsAndColumns {
        static Stream<Arguments> cases() {
            return Stream.of(
                    bad("missing survey sheet", w -> w.without("survey"), "survey", "no sheet named 'survey'"),
                    bad("missing choices sheet with select rows", w -> w.without("choices"), "survey!A3",
                            "select_one 'ok' uses the choice list 'yn', but the workbook has no sheet named 'choices'"),
                    bad("empty survey sheet", w -> w.sheet("survey"), "survey", "the survey sheet is empty"),
                    bad("no type column", w -> w.set("survey", "A", 1, "kind"), "survey!A1", "no 'type' column"),
                    bad("no name column", w -> w.set("survey", "B", 1, "id"), "survey!A1", "no 'name' column"),
                    bad("duplicate column", w -> w.set("survey", "G", 1, "relevant"), "survey!G1", "appears twice"),
                    bad("choices without list_name", w -> w.set("choices", "A", 1, "list"), "choices!A1", "list_name"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void isReportedAtItsCell(String name, UnaryOperator<Workbooks> breakIt, String location, String part) {
            assertSingleProblem(breakIt.apply(Workbooks.valid()).bytes(), location, part);
        }
    }

    @Nested
    class Rows {
        static Stream<Arguments> cases() {
            return Stream.of(
                    bad("duplicate name", w -> w.set("survey", "B", 3, "age"), "survey!B3", "name 'age' is used twice"),
                    bad("unknown type", w -> w.set("survey", "A", 2, "integr"), "survey!A2", "type 'integr' is not supported"),
                    bad("type with extra words", w -> w.set("survey", "A", 2, "integer big"), "survey!A2", "unexpected words"),
                    bad("empty type", w -> w.set("survey", "A", 2, ""), "survey!A2", "type is empty"),
                    bad("empty name", w -> w.set("survey", "B", 2, ""), "survey!B2", "has no name"),
                    bad("invalid name", w -> w.set("survey", "B", 2, "1age"), "survey!B2", "must start with a letter"),
                    bad("empty label", w -> w.set("survey", "C", 2, ""), "survey!C2", "label of 'age' is empty"),
                    bad("select without list", w -> w.set("survey", "A", 3, "select_one"), "survey!A3", "names no choice list"),
                    bad("unknown choice list", w -> w.set("survey", "A", 3, "select_one yesno"), "survey!A3",
                            "uses the choice list 'yesno', which the choices sheet does not have"),
                    bad("begin_group without end", w -> w.add("survey", "begin_group", "g", "组"), "survey!A5",
                            "begin_group 'g' has no matching end_group"),
                    bad("end_group without begin", w -> w.add("survey", "end_group", "", ""), "survey!A5",
                            "end_group has no matching begin_group"),
                    bad("calculate without calculation", w -> w.set("survey", "F", 4, ""), "survey!F4", "empty calculation"),
                    bad("constraint on a note", w -> w.add("survey", "note", "n", "说明", "", "1 = 1"), "survey!E5",
                            "takes no answer, so it cannot have a constraint"),
                    bad("terminate on a question", w -> w.set("survey", "G", 2, "terminate"), "survey!G2", "only applies to a note"),
                    bad("or_other collides", w -> w.set("survey", "A", 3, "select_one yn or_other").add("survey", "text", "ok_other", "说明"),
                            "survey!A3", "adds the question 'ok_other'"),
                    bad("or_other on an integer", w -> w.set("survey", "A", 2, "integer or_other"), "survey!A2", "unexpected words"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void isReportedAtItsCell(String name, UnaryOperator<Workbooks> breakIt, String location, String part) {
            assertSingleProblem(breakIt.apply(Workbooks.valid()).bytes(), location, part);
        }
    }

    @Nested
    class Expressions {
        static Stream<Arguments> cases() {
            return Stream.of(
                    bad("unknown reference", w -> w.set("survey", "D", 3, "${q99} = 1"), "survey!D3",
                            "relevant refers to ${q99}, which does not exist"),
                    bad("syntax error", w -> w.set("survey", "D", 3, "${age} >"), "survey!D3",
                            "relevant \"${age} >\" is not a valid expression: expected a value"),
                    bad("unknown function", w -> w.set("survey", "E", 2, "foo(.)"), "survey!E2", "constraint uses the unknown function foo()"),
                    bad("wrong arity", w -> w.set("survey", "E", 2, "not(., 1)"), "survey!E2", "not() takes 1 argument, not 2"),
                    bad("type error", w -> w.set("survey", "F", 4, "'abc' + 1"), "survey!F4", "cannot use the text 'abc' in arithmetic"),
                    bad("dot outside constraint", w -> w.set("survey", "D", 3, ". > 1"), "survey!D3", "only a constraint may use"),
                    bad("bad regex", w -> w.set("survey", "E", 2, "regex(., '(')"), "survey!E2", "not a valid regular expression"),
                    bad("calculate cycle", w -> w.set("survey", "F", 4, "${c} + 1"), "survey!F4",
                            "calculation of ${c} depends on itself: ${c} → ${c}"),
                    bad("relevance cycle", w -> w.set("survey", "D", 2, "${ok} = '1'"), "survey!D2",
                            "relevant of ${age} depends on itself: ${age} → ${ok} → ${age}"),
                    bad("reference to a note", w -> w.add("survey", "note", "n", "说明").set("survey", "D", 3, "${n} = 1"),
                            "survey!D3", "which is a note and has no value"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void isReportedAtItsCell(String name, UnaryOperator<Workbooks> breakIt, String location, String part) {
            assertSingleProblem(breakIt.apply(Workbooks.valid()).bytes(), location, part);
        }
    }

    @Nested
    class ChoicesAndSettings {
        static Stream<Arguments> cases() {
            return Stream.of(
                    bad("duplicate choice", w -> w.set("choices", "B", 3, "1"), "choices!B3", "choice '1' appears twice in list 'yn'"),
                    bad("choice without label", w -> w.set("choices", "C", 2, ""), "choices!C2", "has an empty label"),
                    bad("choice without code", w -> w.set("choices", "B", 2, ""), "choices!B2", "has no name"),
                    bad("choice code with a space", w -> w.set("choices", "B", 2, "a b"), "choices!B2", "contains a space"),
                    bad("choice without list name", w -> w.set("choices", "A", 2, ""), "choices!A2", "list_name is empty"),
                    bad("invalid form_id", w -> w.set("settings", "A", 2, "my form"), "settings!A2", "form_id 'my form'"),
                    bad("year not a number", w -> w.set("settings", "D", 2, "twenty"), "settings!D2", "not a four-digit year"),
                    bad("province not a code", w -> w.set("settings", "C", 2, "zj"), "settings!C2", "two-digit province code"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void isReportedAtItsCell(String name, UnaryOperator<Workbooks> breakIt, String location, String part) {
            assertSingleProblem(breakIt.apply(Workbooks.valid()).bytes(), location, part);
        }
    }

    @Nested
    class Files_ {
        @Test
        void pdfRenamedToXlsxIsRecognised() {
            assertSingleProblem("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII), "file", "this is a PDF");
        }

        @Test
        void textRenamedToXlsxIsRecognised() {
            assertSingleProblem("type,name,label\ninteger,age,Age\n".getBytes(StandardCharsets.UTF_8), "file",
                    "not an .xlsx workbook");
        }

        @Test
        void oldXlsIsRecognised() {
            byte[] ole = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
            assertSingleProblem(ole, "file", "old .xls");
        }

        @Test
        void emptyFileIsRecognised() {
            assertSingleProblem(new byte[0], "file", "the file is empty");
        }

        @Test
        void truncatedXlsxIsReportedAsDamaged() {
            byte[] whole = Workbooks.valid().bytes();
            for (int cut : new int[] {10, whole.length / 3, whole.length / 2, whole.length - 20}) {
                assertSingleProblem(Arrays.copyOf(whole, cut), "file", "damaged or truncated");
            }
        }

        @Test
        void corruptedBytesInsideTheZipAreReportedAsDamaged() {
            byte[] b = Workbooks.valid().bytes();
            for (int i = 200; i < b.length - 200; i += 7) {
                b[i] ^= 0x5A;
            }
            assertSingleProblem(b, "file", "damaged or truncated");
        }

        @Test
        void fiftyMegabyteFileIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
            byte[] big = new byte[50 * 1024 * 1024];
            big[0] = 'P';
            big[1] = 'K';
            big[2] = 3;
            big[3] = 4;
            Path file = dir.resolve("big.xlsx");
            Files.write(file, big);
            long start = System.nanoTime();
            ImportResult r = INSTRUMENTS.importXlsForm(file);
            assertThat(r.problems()).singleElement().asString().isEqualTo(
                    "file: the file is larger than 10 MB; a questionnaire is far smaller, so this is probably not one");
            assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
            assertThat(INSTRUMENTS.importXlsForm(new java.io.ByteArrayInputStream(big)).problems())
                    .singleElement().asString().contains("larger than 10 MB");
        }

        @Test
        void sizeLimitIsAParameter() {
            byte[] ok = Workbooks.valid().bytes();
            assertThat(INSTRUMENTS.withMaxBytes(ok.length - 1).importXlsForm(ok).problems())
                    .singleElement().asString().contains("larger than");
            assertThat(INSTRUMENTS.withMaxBytes(ok.length).importXlsForm(ok).problems()).isEmpty();
        }
    }

    @Test
    void severalProblemsAreAllReportedAtOnce() {
        Workbooks w = Workbooks.valid().set("survey", "D", 3, "${q99} = 1").set("survey", "E", 2, "foo(.)");
        List<String> problems = INSTRUMENTS.importXlsForm(w.bytes()).problems().stream().map(FormProblem::toString).toList();
        assertThat(problems).containsExactly("survey!E2: constraint uses the unknown function foo()",
                "survey!D3: relevant refers to ${q99}, which does not exist");
    }
}
