package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The XLSForm reader streams the workbook (issue 17: a 10,000-row form checked in under 3 s, cold) instead of
 * building Apache POI's XMLBeans model. Two kinds of proof: every form of the instrument tests, and workbooks written
 * cell kind by cell kind (by POI and by hand, as other programs write them), read exactly as the reader read them
 * through POI's usermodel ({@link PoiXlsFormReader}, the reader as it was, kept here as the oracle); and the cases
 * where the two differ on purpose, or where only a hand-written file shows the kind, asserted one by one.
 */
class StreamingReaderTest {

    // ---- the same reading as POI's usermodel ----

    static Stream<Arguments> formsOfTheInstrumentTests() {
        List<Arguments> out = new ArrayList<>();
        Stream.concat(WildFormsTest.validForms(), WildFormsTest.brokenForms())
                .forEach(a -> out.add(Arguments.of("wild: " + a.get()[0], ((Workbooks) a.get()[1]).bytes())));
        out.add(Arguments.of("valid", Workbooks.valid().bytes()));
        for (String builtIn : new String[] {"zhejiang-2022.xlsx", "henan-liangan-2020.xlsx"}) {
            try (InputStream in = StreamingReaderTest.class.getResourceAsStream("/instruments/" + builtIn)) {
                out.add(Arguments.of("built-in " + builtIn, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formsOfTheInstrumentTests")
    void readsEveryFormOfTheInstrumentTestsAsPoisUsermodelDid(String name, byte[] form) {
        assertSameAsPoi(form);
    }

    static Stream<Arguments> cellKinds() {
        return Stream.of(
                Arguments.of("numbers, dates, booleans, formulas and errors written by POI", poiCellKinds()),
                Arguments.of("inline strings", hand(survey(
                        row(1, "<c r=\"A1\" t=\"inlineStr\"><is><t>type</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>name</t></is></c>"
                                + "<c r=\"C1\" t=\"inlineStr\"><is><t>label</t></is></c>"),
                        row(2, "<c r=\"A2\" t=\"inlineStr\"><is><t>text</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>q1</t></is></c>"
                                + "<c r=\"C2\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> 您的 &amp; 年龄 </t></is></c>")))),
                Arguments.of("rich text runs and phonetic runs", hand(survey(header(),
                        row(2, str("A2", "text") + str("B2", "q1")
                                + "<c r=\"C2\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>您的</t></r><r><t xml:space=\"preserve\">年龄 </t></r>"
                                + "<rPh sb=\"0\" eb=\"1\"><t>ニン</t></rPh><phoneticPr fontId=\"0\"/></is></c>")))),
                Arguments.of("shared strings with runs, escapes and phonetics", hand(Map.of(
                        "xl/worksheets/sheet1.xml", survey(
                                row(1, shared("A1", 0) + shared("B1", 1) + shared("C1", 2)),
                                row(2, shared("A2", 3) + shared("B2", 4) + shared("C2", 5)),
                                row(3, shared("A3", 3) + shared("B3", 6) + shared("C3", 7))),
                        "xl/sharedStrings.xml", sst("<si><t>type</t></si>", "<si><t>name</t></si>", "<si><t>label</t></si>",
                                "<si><t>text</t></si>", "<si><t>q1</t></si>",
                                "<si><r><t>第一行_x000D_</t></r><r><rPr><i/></rPr><t>第二行</t></r></si>",
                                "<si><t>q2</t></si>",
                                "<si><t>读音</t><rPh sb=\"0\" eb=\"1\"><t>どく</t></rPh><phoneticPr fontId=\"1\"/></si>")))),
                Arguments.of("rows skipped and a wrong dimension", hand(Map.of("xl/worksheets/sheet1.xml",
                        worksheet("<dimension ref=\"A1:B2\"/>", header(),
                                row(5, str("A5", "text") + str("B5", "far") + str("C5", "远处")),
                                row(9, str("A9", "integr") + str("B9", "typo") + str("C9", "拼错"))
                                        + row(12, "<c r=\"A12\" t=\"e\"><v>#REF!</v></c>" + str("B12", "e") + str("C12", "x")))))),
                Arguments.of("cells without r", hand(survey(header(),
                        row(2, "<c t=\"inlineStr\"><is><t>text</t></is></c><c t=\"inlineStr\"><is><t>q1</t></is></c>"
                                + "<c t=\"inlineStr\"><is><t>第三列</t></is></c>"),
                        row(3, str("A3", "text") + "<c t=\"inlineStr\"><is><t>q2</t></is></c>" + str("D3", "D 列")
                                + "<c t=\"inlineStr\"><is><t>E 列</t></is></c>")))),
                Arguments.of("numbers, dates and booleans by style, 1900 system", hand(dates(false))),
                Arguments.of("numbers, dates and booleans by style, 1904 system", hand(dates(true))),
                Arguments.of("formulas with and without cached values, written by hand", hand(survey(header(),
                        row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\" t=\"str\"><f>\"年\"&amp;\"龄\"</f><v>年龄</v></c>"),
                        row(3, str("A3", "integer") + str("B3", "q2") + "<c r=\"C3\"><f>1+1</f><v>2</v></c>"),
                        row(4, str("A4", "integer") + str("B4", "q3") + "<c r=\"C4\" t=\"b\"><f>TRUE()</f><v>1</v></c>"),
                        row(5, str("A5", "integer") + str("B5", "q4") + "<c r=\"C5\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"),
                        row(6, str("A6", "integer") + str("B6", "q5") + "<c r=\"C6\"><f>CONCAT(\"a\",\"b\")</f></c>"),
                        row(7, str("A7", "integer") + str("B7", "q6") + "<c r=\"C7\" t=\"str\"><f t=\"dataTable\" ref=\"C7\"/><v>数据表</v></c>")))),
                Arguments.of("a formula with an inline string but no <v>", hand(survey(header(),
                        row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\" t=\"inlineStr\"><f>\"x\"</f><is><t>x</t></is></c>")))),
                Arguments.of("error cells", hand(survey(header(),
                        row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\" t=\"e\"><v>#N/A</v></c>"),
                        row(3, str("A3", "text") + str("B3", "q2") + "<c r=\"C3\" t=\"e\"/>")))),
                Arguments.of("a strict-namespace-free workbook with parts in other case and absolute targets", hand(caseAndAbsolute())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cellKinds")
    void readsEachCellKindAsPoisUsermodelDid(String name, byte[] form) {
        assertSameAsPoi(form);
    }

    private static void assertSameAsPoi(byte[] form) {
        FormDefaults defaults = FormDefaults.fileName("form.xlsx");
        XlsFormReader.Read streamed = XlsFormReader.read(form, defaults);
        PoiXlsFormReader.Read poi = PoiXlsFormReader.read(form, defaults);
        assertThat(streamed.problems()).isEqualTo(poi.problems());
        assertThat(streamed.instrument()).isEqualTo(poi.instrument());
        assertThat(streamed.unreadCells()).isEqualTo(poi.unreadCells());
        assertThat(streamed.unreadNames()).isEqualTo(poi.unreadNames());
        assertThat(streamed.metadataNames()).isEqualTo(poi.metadataNames());
        assertThat(streamed.choicesSheet()).isEqualTo(poi.choicesSheet());
        assertThat(streamed.choicesReadable()).isEqualTo(poi.choicesReadable());
        if (poi.instrument() != null) {
            Instrument i = poi.instrument();
            for (int q = 0; q <= i.questions().size(); q++) {
                for (String column : new String[] {"type", "name", "label", "relevant", "constraint", "calculation"}) {
                    assertThat(streamed.locator().survey(q, column)).isEqualTo(poi.locator().survey(q, column));
                }
            }
            for (ChoiceList list : i.choiceLists()) {
                for (int c = 0; c <= list.choices().size(); c++) {
                    assertThat(streamed.locator().choice(list.name(), c, "label"))
                            .isEqualTo(poi.locator().choice(list.name(), c, "label"));
                }
            }
            assertThat(streamed.locator().settings("year")).isEqualTo(poi.locator().settings("year"));
        }
    }

    // ---- the cold path of the command ----

    @Test
    void checkingAFormStartsNeitherXmlBeansNorALoggingFramework(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path form = dir.resolve("form.xlsx");
        java.nio.file.Files.write(form, Workbooks.valid().bytes());
        java.nio.file.Path classes = dir.resolve("classes.log");
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xlog:class+load:file=" + classes, "-cp",
                System.getProperty("java.class.path"), XlsformCheckBenchmark.Check.class.getName(), form.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK — t-2022");
        String loaded = java.nio.file.Files.readString(classes);
        // XMLBeans (POI's workbook model) cost 3.7 s cold; a logging framework had only POI to quieten
        assertThat(loaded).contains("org.sanlv.instrument.Xlsx ")
                .doesNotContain("org.apache.xmlbeans", "org.apache.poi.openxml4j", "org.apache.poi.xssf",
                        "ch.qos.logback", "org.apache.logging.log4j", "org.slf4j");
    }

    // ---- what each kind reads as ----

    @Nested
    class Cells {
        @Test
        void inlineAndRichStringsReadAsTheirTextWithoutPhonetics() {
            assertThat(labels(cellKinds("rich text runs and phonetic runs"))).containsExactly("您的年龄");
            assertThat(labels(cellKinds("inline strings"))).containsExactly("您的 & 年龄");
            assertThat(labels(cellKinds("shared strings with runs, escapes and phonetics")))
                    .containsExactly("第一行\r第二行", "读音");
        }

        @Test
        void cellsWithoutAReferenceFollowThePreviousOne() {
            Instrument i = read(cellKinds("cells without r")).instrument();
            assertThat(i.questions()).extracting(Question::name).containsExactly("q1", "q2");
            assertThat(i.questions().get(0).label().values()).containsExactly("第三列");
        }

        @Test
        void skippedRowsKeepTheirSheetRowNumbersAndAWrongDimensionIsIgnored() {
            assertThat(described(read(cellKinds("rows skipped and a wrong dimension"))))
                    .containsExactlyInAnyOrder("survey!A9 type.typo [integr, integer]", "survey!A12 cell.error [#REF!]");
        }

        @Test
        void numbersAreWrittenAsNumbersAndDatesAsDatesInEitherDateSystem() {
            // C2 integer 3, C3 decimal 2.50, C4 a date 2026-11-18, C5 a number under a custom date format, C6 TRUE
            List<String> expected = List.of("3", "2.5", "2026-11-18", "2026-11-18", "true", "45979");
            assertThat(labels(hand(dates(false)))).containsExactlyElementsOf(expected);
            assertThat(labels(hand(dates(true)))).containsExactlyElementsOf(expected);
        }

        @Test
        void formulasReadAsTheirCachedValueOrAreReported() {
            XlsFormReader.Read r = read(cellKinds("formulas with and without cached values, written by hand"));
            assertThat(described(r)).containsExactly("survey!C5 cell.error [#DIV/0!]",
                    "survey!C6 cell.formulaWithoutValue [=CONCAT(\"a\",\"b\")]");
            assertThat(r.instrument().questions()).extracting(q -> q.label().values().iterator().next())
                    .containsExactly("年龄", "2", "true", "#DIV/0!", "=CONCAT(\"a\",\"b\")", "数据表");
        }

        @Test
        void rowsWithoutANumberFollowThePreviousRow() {
            byte[] form = hand(survey(
                    "<row>" + str(null, "type") + str(null, "name") + str(null, "label") + "</row>",
                    "<row>" + str(null, "text") + str(null, "q1") + str(null, "问题一") + "</row>",
                    row(5, str("A5", "text") + str("B5", "q2") + str("C5", "问题二")),
                    "<row>" + str(null, "integr") + str(null, "q3") + str(null, "问题三") + "</row>"));
            XlsFormReader.Read r = read(form);
            assertThat(described(r)).containsExactly("survey!A6 type.typo [integr, integer]");
            assertThat(r.instrument().questions()).extracting(Question::name).containsExactly("q1", "q2");
            assertSameAsPoi(form);
        }

        @Test
        void aSharedFormulaWithoutValuesIsReportedWithItsMastersText() {
            byte[] form = hand(survey(header(),
                    row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\"><f t=\"shared\" ref=\"C2:C3\" si=\"0\">B2&amp;\"!\"</f></c>"),
                    row(3, str("A3", "text") + str("B3", "q2") + "<c r=\"C3\"><f t=\"shared\" si=\"0\"/></c>")));
            assertThat(read(form).problems()).extracting(FormProblem::location).containsExactly("survey!C2", "survey!C3");
            assertThat(read(form).problems().get(1).args()).containsExactly("=B2&\"!\"");
        }
    }

    /** Where the streaming reader differs from POI's usermodel on purpose. */
    @Nested
    class BeyondPoi {
        @Test
        void aSharedStringTableWithoutItsCountAttributeIsReadNotRefused() {
            // POI's count attribute (references, not entries) was taken for the table's size: without it every
            // shared string pointed "past the end" and the file was called damaged
            byte[] form = hand(Map.of("xl/worksheets/sheet1.xml", survey(row(1, shared("A1", 0) + shared("B1", 1)),
                    row(2, shared("A2", 2) + shared("B2", 3))), "xl/sharedStrings.xml",
                    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>type</t></si>"
                            + "<si><t>name</t></si><si><t>text</t></si><si><t>q1</t></si></sst>"));
            assertThat(read(form).problems()).isEmpty();
            assertThat(PoiXlsFormReader.read(form, FormDefaults.NONE).problems()).extracting(FormProblem::key)
                    .containsExactly("file.damaged");
        }

        @Test
        void anUnknownErrorValueIsReportedAtItsCell() {
            // POI threw for an error it does not know (Excel 365's #SPILL!): the whole file was "damaged"
            byte[] form = hand(survey(header(), row(2, str("A2", "text") + str("B2", "q1")
                    + "<c r=\"C2\" t=\"e\"><f>SEQUENCE(3)</f><v>#SPILL!</v></c>")));
            assertThat(described(read(form))).containsExactly("survey!C2 cell.error [#ERROR]");
        }
    }

    /** Files that are not a readable workbook: the same one problem as before, whatever the cause. */
    @Nested
    class Damaged {
        @Test
        void aDoctypeIsRefusedSoNoExternalEntityIsEverRead() {
            byte[] form = hand(survey("<row r=\"1\">" + str("A1", "type") + str("B1", "name") + "</row>"),
                    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
            assertDamaged(form);
            byte[] laughs = hand(survey(row(1, "<c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c>")),
                    "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">]>");
            assertDamaged(laughs);
        }

        @Test
        void aZipBombIsRefused() {
            // 20 MB of spaces inside a cell deflate to about 20 kB: past POI's ratio rule (100 : 1 beyond 100 kB)
            String spaces = " ".repeat(20 * 1024 * 1024);
            assertDamaged(hand(survey(header(), row(2, str("A2", "text") + str("B2", "q1") + str("C2", "x" + spaces)))));
        }

        @Test
        void aPartOverSixtyFourMegabytesIsRefusedEvenWhenNotCompressedAtAll() {
            assertThat(Xlsx.MAX_PART_BYTES).isEqualTo(64L * 1024 * 1024);
            assertDamaged(storedWithLabelOf((int) Xlsx.MAX_PART_BYTES + 1));
            // the same file with a label of a megabyte is read (a label that long is the compiler's concern)
            assertThat(described(read(storedWithLabelOf(1024 * 1024)))).doesNotContain("file file.damaged []");
        }

        /** A stored (not deflated) workbook whose survey sheet is {@code size} bytes, most of them one label. */
        private static byte[] storedWithLabelOf(int size) {
            byte[] head = survey(header(), row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\" t=\"inlineStr\"><is><t>"))
                    .replace("</row></sheetData></worksheet>", "").getBytes(StandardCharsets.UTF_8);
            byte[] tail = "</t></is></c></row></sheetData></worksheet>".getBytes(StandardCharsets.UTF_8);
            byte[] sheet = new byte[size];
            java.util.Arrays.fill(sheet, (byte) 'x');
            System.arraycopy(head, 0, sheet, 0, head.length);
            System.arraycopy(tail, 0, sheet, sheet.length - tail.length, tail.length);
            Map<String, byte[]> parts = new LinkedHashMap<>();
            defaultParts().forEach((k, v) -> parts.put(k, v.getBytes(StandardCharsets.UTF_8)));
            parts.put("xl/_rels/workbook.xml.rels", ("<Relationships xmlns=\"" + PKG_REL + "\"><Relationship Id=\"rId1\" "
                    + "Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>").getBytes(StandardCharsets.UTF_8));
            parts.put("xl/worksheets/sheet1.xml", sheet);
            return stored(parts);
        }

        @Test
        void anEncryptedEntryABadCrcAndAnUnknownCellTypeAreDamage() {
            byte[] form = hand(survey(header(), row(2, str("A2", "text") + str("B2", "q1") + str("C2", "问题"))));
            assertThat(read(form).problems()).isEmpty();
            byte[] encrypted = form.clone();
            setCentralFlag(encrypted, 1);
            assertDamaged(encrypted);
            assertDamaged(flipped(form, "问题"));
            assertDamaged(hand(survey(header(), row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\" t=\"x\"><v>1</v></c>"))));
        }

        @Test
        void aDocumentThatIsNoWorkbookIsDamage() {
            Map<String, String> parts = new LinkedHashMap<>(defaultParts());
            parts.put("xl/workbook.xml", "<document xmlns=\"urn:x\"/>");
            assertDamaged(zip(parts));
            parts = new LinkedHashMap<>(defaultParts());
            parts.remove("[Content_Types].xml");
            assertDamaged(zip(parts));
        }

        private void assertDamaged(byte[] form) {
            assertThat(described(read(form))).containsExactly("file file.damaged []");
        }
    }

    // ---- reading ----

    private static XlsFormReader.Read read(byte[] form) {
        return XlsFormReader.read(form, FormDefaults.NONE);
    }

    /** Each problem as "cell key [args]". */
    private static List<String> described(XlsFormReader.Read r) {
        return r.problems().stream().map(p -> p.location() + " " + p.key() + " " + p.args()).toList();
    }

    /** The label of each question, in sheet order. */
    private static List<String> labels(byte[] form) {
        XlsFormReader.Read r = read(form);
        assertThat(r.problems()).isEmpty();
        return r.instrument().questions().stream().map(q -> q.label().values().iterator().next()).toList();
    }

    private static byte[] cellKinds(String name) {
        return (byte[]) cellKinds().filter(a -> a.get()[0].equals(name)).findFirst().orElseThrow().get()[1];
    }

    // ---- workbooks written by POI ----

    /** Numbers, dates, booleans, cached formula values and errors in the label column, as POI writes them. */
    static byte[] poiCellKinds() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("survey");
            Row h = s.createRow(0);
            h.createCell(0).setCellValue("type");
            h.createCell(1).setCellValue("name");
            h.createCell(2).setCellValue("label");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle chineseDate = wb.createCellStyle();
            chineseDate.setDataFormat(wb.createDataFormat().getFormat("yyyy\"年\"m\"月\"d\"日\""));
            CellStyle percent = wb.createCellStyle();
            percent.setDataFormat((short) 10);
            int r = 1;
            for (Object value : new Object[] {3.0, 2.5, -0.125, 1e21, 123456789012.0, true, false,
                    LocalDateTime.of(2026, 11, 18, 0, 0), LocalDateTime.of(1900, 3, 1, 12, 0), 0.25}) {
                Row row = s.createRow(r);
                row.createCell(0).setCellValue("text");
                row.createCell(1).setCellValue("q" + r);
                var cell = row.createCell(2);
                if (value instanceof Double d) {
                    cell.setCellValue(d);
                    if (d == 0.25) {
                        cell.setCellStyle(percent);
                    }
                } else if (value instanceof Boolean b) {
                    cell.setCellValue(b);
                } else if (value instanceof LocalDateTime t) {
                    cell.setCellValue(t);
                    cell.setCellStyle(r % 2 == 0 ? date : chineseDate);
                }
                r++;
            }
            String[][] formulas = {{"1+2", "3"}, {"\"a\"&\"b\"", "ab"}, {"1=1", "TRUE"}, {"1/0", "#DIV/0!"}, {"NOW()", null}};
            for (String[] f : formulas) {
                Row row = s.createRow(r);
                row.createCell(0).setCellValue("text");
                row.createCell(1).setCellValue("q" + r);
                var cell = row.createCell(2);
                cell.setCellFormula(f[0]);
                if ("3".equals(f[1])) {
                    cell.setCellValue(3);
                } else if ("TRUE".equals(f[1])) {
                    cell.setCellValue(true);
                } else if ("#DIV/0!".equals(f[1])) {
                    cell.setCellErrorValue(FormulaError.DIV0.getCode());
                } else if (f[1] != null) {
                    cell.setCellValue(f[1]);
                }
                r++;
            }
            Row row = s.createRow(r + 3); // blank rows between
            row.createCell(0).setCellValue("text");
            row.createCell(1).setCellValue("last");
            row.createCell(2).setCellErrorValue(FormulaError.REF.getCode());
            row.createCell(250).setCellValue("far right");
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- workbooks written by hand ----

    static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    static final String PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

    static String header() {
        return row(1, str("A1", "type") + str("B1", "name") + str("C1", "label"));
    }

    static String row(int r, String cells) {
        return "<row r=\"" + r + "\">" + cells + "</row>";
    }

    /** An inline-string cell; {@code ref} null for a cell without {@code r}. */
    static String str(String ref, String text) {
        return "<c" + (ref == null ? "" : " r=\"" + ref + "\"") + " t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    static String shared(String ref, int index) {
        return "<c r=\"" + ref + "\" t=\"s\"><v>" + index + "</v></c>";
    }

    static String sst(String... items) {
        return "<sst xmlns=\"" + MAIN + "\" count=\"" + items.length * 2 + "\" uniqueCount=\"" + items.length + "\">"
                + String.join("", items) + "</sst>";
    }

    static String survey(String... rows) {
        return worksheet("", rows);
    }

    static String worksheet(String before, String... rows) {
        return "<worksheet xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">" + before + "<sheetData>" + String.join("", rows)
                + "</sheetData></worksheet>";
    }

    /** C2..C7 under styles 0 (General), 0, 1 (built-in date 14), 2 (custom date), bool, 3 (custom "0"). */
    static Map<String, String> dates(boolean date1904) {
        long serial = date1904 ? 46344 - 1462 : 46344; // 2026-11-18
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("xl/worksheets/sheet1.xml", survey(header(),
                row(2, str("A2", "text") + str("B2", "q1") + "<c r=\"C2\"><v>3</v></c>"),
                row(3, str("A3", "text") + str("B3", "q2") + "<c r=\"C3\"><v>2.50</v></c>"),
                row(4, str("A4", "text") + str("B4", "q3") + "<c r=\"C4\" s=\"1\"><v>" + serial + "</v></c>"),
                row(5, str("A5", "text") + str("B5", "q4") + "<c r=\"C5\" s=\"2\"><v>" + serial + ".0</v></c>"),
                row(6, str("A6", "text") + str("B6", "q5") + "<c r=\"C6\" t=\"b\"><v>1</v></c>"),
                row(7, str("A7", "text") + str("B7", "q6") + "<c r=\"C7\" s=\"3\"><v>45979</v></c>")));
        parts.put("xl/styles.xml", "<styleSheet xmlns=\"" + MAIN + "\"><numFmts count=\"2\">"
                + "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
                + "<numFmt numFmtId=\"165\" formatCode=\"0\"/></numFmts>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs>"
                + "<cellXfs count=\"4\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/>"
                + "<xf numFmtId=\"164\" xfId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\" xfId=\"0\"/></cellXfs></styleSheet>");
        if (date1904) {
            parts.put("xl/workbook.xml", workbook("<workbookPr date1904=\"1\"/>"));
        }
        return parts;
    }

    static String workbook(String before) {
        return "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\">" + before
                + "<sheets><sheet name=\"survey\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    }

    static Map<String, String> defaultParts() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                + "</Types>");
        parts.put("_rels/.rels", "<Relationships xmlns=\"" + PKG_REL + "\"><Relationship Id=\"rId1\" Type=\"" + REL
                + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        parts.put("xl/workbook.xml", workbook(""));
        parts.put("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + PKG_REL + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "<Relationship Id=\"rId2\" Type=\"" + REL + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                + "<Relationship Id=\"rId3\" Type=\"" + REL + "/styles\" Target=\"styles.xml\"/></Relationships>");
        return parts;
    }

    /** A workbook of one sheet, "survey", with this sheet XML (and no shared strings or styles parts). */
    static byte[] hand(String sheet) {
        return hand(Map.of("xl/worksheets/sheet1.xml", sheet));
    }

    /** As {@link #hand(String)} with {@code prolog} (an XML declaration, a DOCTYPE) before the sheet's root. */
    static byte[] hand(String sheet, String prolog) {
        return hand(Map.of("xl/worksheets/sheet1.xml", prolog + sheet));
    }

    /** The default parts with these replaced or added; the relationships to absent parts are dropped. */
    static byte[] hand(Map<String, String> parts) {
        Map<String, String> all = defaultParts();
        all.putAll(parts);
        if (!all.containsKey("xl/sharedStrings.xml")) {
            all.put("xl/_rels/workbook.xml.rels", all.get("xl/_rels/workbook.xml.rels").replaceAll(
                    "<Relationship Id=\"rId2\"[^>]*/>", ""));
        }
        if (!all.containsKey("xl/styles.xml")) {
            all.put("xl/_rels/workbook.xml.rels", all.get("xl/_rels/workbook.xml.rels").replaceAll(
                    "<Relationship Id=\"rId3\"[^>]*/>", ""));
        }
        return zip(all);
    }

    /** Part names in upper case in the zip, the workbook's targets absolute: OPC names ignore case. */
    static Map<String, String> caseAndAbsolute() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("xl/worksheets/sheet1.xml", null);
        parts.put("XL/Worksheets/Sheet1.xml", survey(header(), row(2, str("A2", "text") + str("B2", "q1") + str("C2", "大小写"))));
        parts.put("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" + PKG_REL + "\">"
                + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>");
        return parts;
    }

    static byte[] zip(Map<String, String> parts) {
        Map<String, String> all = new LinkedHashMap<>();
        parts.forEach((k, v) -> {
            if (v == null) {
                all.keySet().removeIf(n -> n.equalsIgnoreCase(k));
            } else {
                all.put(k, v);
            }
        });
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : all.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of these parts, stored without compression. */
    static byte[] stored(Map<String, byte[]> parts) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : parts.entrySet()) {
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                entry.setCompressedSize(e.getValue().length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets {@code flag} in every central directory entry (bit 0: encrypted). */
    static void setCentralFlag(byte[] zip, int flag) {
        for (int i = 0; i + 4 < zip.length; i++) {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4b && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= (byte) flag;
            }
        }
    }

    /** The workbook with every part stored (not deflated) and one bit flipped inside {@code text}: its CRC no longer holds. */
    static byte[] flipped(byte[] xlsx, String text) {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(xlsx));
                ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry stored = new ZipEntry(e.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                stored.setCompressedSize(data.length);
                stored.setCrc(crc.getValue());
                zip.putNextEntry(stored);
                zip.write(data);
                zip.closeEntry();
            }
            zip.finish();
            byte[] b = out.toByteArray();
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + needle.length <= b.length; i++) {
                if (java.util.Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
                    b[i + needle.length - 1] ^= 0x01;
                    return b;
                }
            }
            throw new IllegalArgumentException(text + " not found");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
