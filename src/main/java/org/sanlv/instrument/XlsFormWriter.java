package org.sanlv.instrument;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Writes an instrument as an XLSForm workbook in the canonical {@link Layout}; every cell is text. */
final class XlsFormWriter {
    private XlsFormWriter() {
    }

    static void write(Instrument f, OutputStream out) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            survey(f, wb.createSheet("survey"));
            choices(f, wb.createSheet("choices"));
            settings(f, wb.createSheet("settings"));
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void survey(Instrument f, Sheet sheet) {
        List<Layout.Column> cols = Layout.survey(f);
        header(sheet, cols);
        int r = 1;
        for (Question q : f.questions()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < cols.size(); c++) {
                Layout.Column col = cols.get(c);
                set(row, c, switch (col.key()) {
                    case "type" -> Layout.typeCell(q);
                    case "name" -> q.name();
                    case "label" -> q.label().get(col.language());
                    case "hint" -> q.hint().get(col.language());
                    case "required" -> q.required();
                    case "required_message" -> q.requiredMessage().get(col.language());
                    case "relevant" -> q.relevant();
                    case "constraint" -> q.constraint();
                    case "constraint_message" -> q.constraintMessage().get(col.language());
                    case "calculation" -> q.calculation();
                    case "choice_filter" -> q.choiceFilter();
                    case "appearance" -> q.appearance();
                    default -> null;
                });
            }
        }
        sheet.setColumnWidth(2, 60 * 256);
    }

    private static void choices(Instrument f, Sheet sheet) {
        List<Layout.Column> cols = Layout.choices(f);
        header(sheet, cols);
        int r = 1;
        for (ChoiceList list : f.choiceLists()) {
            for (Choice ch : list.choices()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < cols.size(); c++) {
                    Layout.Column col = cols.get(c);
                    set(row, c, switch (col.key()) {
                        case "list_name" -> list.name();
                        case "name" -> ch.name();
                        case "label" -> ch.label().get(col.language());
                        default -> ch.columns().get(col.header());
                    });
                }
            }
        }
    }

    private static void settings(Instrument f, Sheet sheet) {
        Row head = sheet.createRow(0);
        Row values = sheet.createRow(1);
        int c = 0;
        String def = f.defaultLanguage();
        c = pair(head, values, c, "form_title", f.title().get(def));
        for (Language l : f.languages()) {
            if (!l.code().equals(def) && f.title().containsKey(l.code())) {
                c = pair(head, values, c, "form_title::" + l.header(), f.title().get(l.code()));
            }
        }
        c = pair(head, values, c, "form_id", f.id());
        c = pair(head, values, c, "version", f.version());
        String defHeader = f.languages().stream().filter(l -> l.code().equals(def)).map(Language::header)
                .findFirst().orElse(def);
        c = pair(head, values, c, "default_language", defHeader);
        c = pair(head, values, c, "province", f.province());
        // a form without Sanlü's metadata stays without it (year 0 is "not given", not a year)
        c = pair(head, values, c, "year", f.year() == 0 ? "" : Integer.toString(f.year()));
        for (Map.Entry<String, String> e : f.settings().entrySet()) {
            c = pair(head, values, c, e.getKey(), e.getValue());
        }
    }

    private static int pair(Row head, Row values, int c, String key, String value) {
        set(head, c, key);
        set(values, c, value);
        return c + 1;
    }

    private static void header(Sheet sheet, List<Layout.Column> cols) {
        Row row = sheet.createRow(0);
        for (int c = 0; c < cols.size(); c++) {
            set(row, c, cols.get(c).header());
        }
    }

    private static void set(Row row, int c, String value) {
        if (value != null && !value.isEmpty()) {
            row.createCell(c).setCellValue(value);
        }
    }
}
