package org.sanlv.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds small XLSForm workbooks cell by cell, so tests can break them in one precise way. */
final class Workbooks {
    final Map<String, List<List<String>>> sheets = new LinkedHashMap<>();

    /** A valid form: age, ok (select_one yn, relevant on age), c (calculate). */
    static Workbooks valid() {
        Workbooks w = new Workbooks();
        w.sheet("survey",
                row("type", "name", "label::中文 (zh)", "relevant", "constraint", "calculation", "appearance"),
                row("integer", "age", "年龄", "", ". >= 0", "", ""),
                row("select_one yn", "ok", "好吗", "${age} > 10", "", "", ""),
                row("calculate", "c", "", "", "", "${age} * 2", ""));
        w.sheet("choices", row("list_name", "name", "label::中文 (zh)"), row("yn", "1", "是"), row("yn", "2", "否"));
        w.sheet("settings", row("form_id", "form_title", "province", "year"), row("t-2022", "测试", "33", "2022"));
        return w;
    }

    private static final String SPECIAL = "\u0001";

    /** A cell holding {@code formula} with no computed value, as files written by scripts have. */
    static String formula(String formula) {
        return SPECIAL + "=" + formula;
    }

    /** A cell holding a spreadsheet error value such as {@code #REF!}. */
    static String error(String error) {
        return SPECIAL + error;
    }

    static List<String> row(String... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    @SafeVarargs
    final Workbooks sheet(String name, List<String>... rows) {
        sheets.put(name, new ArrayList<>(List.of(rows)));
        return this;
    }

    Workbooks without(String sheet) {
        sheets.remove(sheet);
        return this;
    }

    /** Sets a cell by spreadsheet row (1-based) and column letter. */
    Workbooks set(String sheet, String column, int row, String value) {
        List<List<String>> rows = sheets.get(sheet);
        while (rows.size() < row) {
            rows.add(new ArrayList<>());
        }
        List<String> r = rows.get(row - 1);
        int c = column.charAt(0) - 'A';
        while (r.size() <= c) {
            r.add("");
        }
        r.set(c, value);
        return this;
    }

    Workbooks add(String sheet, String... cells) {
        sheets.get(sheet).add(row(cells));
        return this;
    }

    /** Whether {@code text} is an Excel error such as {@code #N/A}: a random cell that merely starts like one is text. */
    private static boolean isErrorCode(String text) {
        return java.util.Arrays.stream(FormulaError.values()).anyMatch(e -> e.getString().equals(text));
    }

    byte[] bytes() {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            sheets.forEach((name, rows) -> {
                Sheet s = wb.createSheet(name);
                for (int r = 0; r < rows.size(); r++) {
                    Row row = s.createRow(r);
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        String v = rows.get(r).get(c);
                        if (v.startsWith(SPECIAL + "=")) {
                            row.createCell(c).setCellFormula(v.substring(2));
                        } else if (v.startsWith(SPECIAL) && isErrorCode(v.substring(1))) {
                            row.createCell(c).setCellErrorValue(FormulaError.forString(v.substring(1)).getCode());
                        } else if (!v.isEmpty()) {
                            row.createCell(c).setCellValue(v);
                        }
                    }
                }
            });
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
