package org.sanlv.instrument;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Reads an XLSForm workbook into an {@link Instrument} and a {@link Layout.Locator} for its cells. Problems
 * of the file and its sheet structure are reported here; problems of meaning are the compiler's.
 */
final class XlsFormReader {
    static final int MAX_ROWS = 10_000;
    private static final String[] SURVEY_KEYS = {"type", "name", "label", "hint", "required", "required_message",
        "relevant", "constraint", "constraint_message", "calculation", "choice_filter", "appearance"};

    /** A read instrument with where its parts came from. */
    record Read(Instrument instrument, Layout.Locator locator, List<FormProblem> problems) {
    }

    private final List<FormProblem> problems = new ArrayList<>();
    private final List<Language> languages = new ArrayList<>();
    private String defaultLanguage;

    private XlsFormReader() {
    }

    static Read read(byte[] bytes) {
        return new XlsFormReader().readBytes(bytes);
    }

    private Read readBytes(byte[] bytes) {
        Optional<String> notXlsx = sniff(bytes);
        if (notXlsx.isPresent()) {
            return failed("file", notXlsx.get());
        }
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            return readWorkbook(wb);
        } catch (Exception | StackOverflowError e) {
            // POI throws many kinds of exception for a damaged zip or XML; none is useful to an author
            return failed("file", "the workbook could not be opened: the .xlsx file is damaged or truncated");
        }
    }

    private static Optional<String> sniff(byte[] b) {
        if (b.length == 0) {
            return Optional.of("the file is empty");
        }
        if (startsWith(b, 0x25, 0x50, 0x44, 0x46)) {
            return Optional.of("this is a PDF, not an .xlsx workbook; export the questionnaire from Excel as .xlsx");
        }
        if (startsWith(b, 0xD0, 0xCF, 0x11, 0xE0)) {
            return Optional.of("this is an old .xls (or other OLE2) file; save it in Excel as .xlsx");
        }
        if (!startsWith(b, 0x50, 0x4B, 0x03, 0x04)) {
            return Optional.of("this is not an .xlsx workbook (an .xlsx file is a zip archive)");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private Read failed(String where, String message) {
        return new Read(null, null, List.of(new FormProblem(where, message)));
    }

    private Read readWorkbook(Workbook wb) {
        Sheet survey = sheet(wb, "survey");
        Sheet choices = sheet(wb, "choices");
        Sheet settings = sheet(wb, "settings");
        if (survey == null) {
            problems.add(new FormProblem("survey", "the workbook has no sheet named 'survey' (sheets: "
                    + sheetNames(wb) + ")"));
        }
        if (settings == null) {
            problems.add(new FormProblem("settings",
                    "the workbook has no sheet named 'settings'; it must give form_id, province and year"));
        }
        if (!problems.isEmpty()) {
            return new Read(null, null, problems);
        }
        Table s = table(survey, "survey");
        Table c = choices == null ? null : table(choices, "choices");
        Table t = table(settings, "settings");
        if (!problems.isEmpty()) {
            return new Read(null, null, problems);
        }
        collectLanguages(s, c, t);
        List<Question> questions = questions(s);
        boolean usesChoices = questions.stream().anyMatch(q -> q.type().select());
        if (c == null && usesChoices) {
            problems.add(new FormProblem("choices", "the workbook has no sheet named 'choices', but survey rows use choice lists"));
        }
        ChoiceRows choiceRows = c == null ? new ChoiceRows(List.of(), Map.of()) : choiceLists(c);
        Instrument instrument = settings(t, questions, choiceRows.lists());
        if (!problems.isEmpty()) {
            return new Read(null, null, problems);
        }
        return new Read(instrument, locator(s, c, t, choiceRows), List.of());
    }

    private static Sheet sheet(Workbook wb, String name) {
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            if (wb.getSheetName(i).strip().equalsIgnoreCase(name)) {
                return wb.getSheetAt(i);
            }
        }
        return null;
    }

    private static String sheetNames(Workbook wb) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            names.add(wb.getSheetName(i));
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    // ---- tables ----

    /** A sheet as header keys and text rows; {@code rowNumbers} are 0-based sheet rows. */
    private record Table(String sheet, List<String> headers, int headerRow, List<String[]> rows, List<Integer> rowNumbers) {
        int column(String header) {
            return headers.indexOf(header);
        }

        String cell(String[] row, int col) {
            return col < 0 || col >= row.length || row[col] == null ? "" : row[col];
        }
    }

    private Table table(Sheet sheet, String name) {
        int first = -1;
        List<String[]> raw = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        int last = sheet.getLastRowNum();
        if (last - sheet.getFirstRowNum() > MAX_ROWS) {
            problems.add(new FormProblem(name, "the sheet has more than " + MAX_ROWS + " rows"));
            return null;
        }
        for (int r = Math.max(0, sheet.getFirstRowNum()); r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            int width = Math.min(Math.max(row.getLastCellNum(), 0), 200);
            String[] cells = new String[width];
            boolean any = false;
            for (int ci = 0; ci < width; ci++) {
                cells[ci] = text(row.getCell(ci));
                any |= !cells[ci].isEmpty();
            }
            if (!any) {
                continue;
            }
            if (first < 0) {
                first = r;
            }
            raw.add(cells);
            numbers.add(r);
        }
        if (first < 0) {
            problems.add(new FormProblem(name, "the sheet is empty; its first row must name the columns"));
            return null;
        }
        String[] head = raw.remove(0);
        numbers.remove(0);
        List<String> headers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int ci = 0; ci < head.length; ci++) {
            String h = normaliseHeader(head[ci]);
            if (!h.isEmpty() && seen.putIfAbsent(h, ci) != null) {
                problems.add(new FormProblem(Layout.ref(name, ci, first), "column '" + head[ci]
                        + "' appears twice (also in column " + CellReference.convertNumToColString(seen.get(h)) + ")"));
            }
            headers.add(h);
        }
        return new Table(name, headers, first, raw, numbers);
    }

    /** "Label::中文 (zh)" → "label::中文 (zh)"; "constraint message" → "constraint_message". */
    private static String normaliseHeader(String h) {
        String s = h.strip();
        int sep = s.indexOf("::");
        String base = sep < 0 ? s : s.substring(0, sep);
        base = base.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        if (base.equals("list name")) {
            base = "list_name";
        }
        return sep < 0 ? base : base + "::" + Language.parse(s.substring(sep + 2)).header();
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        String s = switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> cell.getBooleanCellValue() ? "true" : "false";
            default -> "";
        };
        return s == null ? "" : s.strip();
    }

    // ---- languages ----

    private void collectLanguages(Table s, Table c, Table t) {
        for (Table table : new Table[] {s, c, t}) {
            if (table == null) {
                continue;
            }
            for (String h : table.headers()) {
                int sep = h.indexOf("::");
                if (sep > 0 && isTextColumn(h.substring(0, sep))) {
                    addLanguage(Language.parse(h.substring(sep + 2)));
                }
            }
        }
        String def = t.cell(t.rows().isEmpty() ? new String[0] : t.rows().get(0), t.column("default_language"));
        if (!def.isEmpty()) {
            Language d = Language.parse(def);
            defaultLanguage = d.code();
            if (languages.stream().noneMatch(l -> l.code().equals(d.code()))) {
                languages.add(0, d);
            }
        } else if (!languages.isEmpty()) {
            defaultLanguage = languages.get(0).code();
        } else {
            defaultLanguage = "default";
            languages.add(new Language("default", "default"));
        }
    }

    private static boolean isTextColumn(String base) {
        return base.equals("label") || base.equals("hint") || base.equals("constraint_message")
                || base.equals("required_message") || base.equals("form_title");
    }

    private void addLanguage(Language l) {
        if (languages.stream().noneMatch(x -> x.code().equals(l.code()))) {
            languages.add(l);
        }
    }

    /** Text per language from {@code base} and {@code base::lang} columns of a row. */
    private Map<String, String> texts(Table t, String[] row, String base) {
        Map<String, String> out = new LinkedHashMap<>();
        String plain = t.cell(row, t.column(base));
        for (Language l : languages) {
            String v = t.cell(row, t.column(base + "::" + l.header()));
            if (!v.isEmpty()) {
                out.put(l.code(), v);
            } else if (l.code().equals(defaultLanguage) && !plain.isEmpty()) {
                out.put(l.code(), plain);
            }
        }
        return out;
    }

    // ---- survey ----

    private List<Question> questions(Table s) {
        int typeCol = s.column("type");
        int nameCol = s.column("name");
        if (typeCol < 0) {
            problems.add(new FormProblem(Layout.ref("survey", 0, s.headerRow()), "the survey sheet has no 'type' column"));
        }
        if (nameCol < 0) {
            problems.add(new FormProblem(Layout.ref("survey", 0, s.headerRow()), "the survey sheet has no 'name' column"));
        }
        List<Question> out = new ArrayList<>();
        if (typeCol < 0 || nameCol < 0) {
            return out;
        }
        for (int i = 0; i < s.rows().size(); i++) {
            String[] row = s.rows().get(i);
            String typeCell = s.cell(row, typeCol);
            String where = Layout.ref("survey", typeCol, s.rowNumbers().get(i));
            if (typeCell.isEmpty()) {
                problems.add(new FormProblem(where, "type is empty (the row has other cells filled in)"));
                continue;
            }
            Optional<Question> q = type(typeCell, where);
            if (q.isEmpty()) {
                continue;
            }
            out.add(new Question(s.cell(row, nameCol), q.get().type(), q.get().listName(), q.get().orOther(),
                    texts(s, row, "label"), texts(s, row, "hint"), s.cell(row, s.column("required")),
                    texts(s, row, "required_message"), s.cell(row, s.column("relevant")),
                    s.cell(row, s.column("constraint")), texts(s, row, "constraint_message"),
                    s.cell(row, s.column("calculation")), s.cell(row, s.column("choice_filter")),
                    s.cell(row, s.column("appearance"))));
        }
        return out;
    }

    /** Parses "select_one yesno or_other", "begin group", "integer"… into a question of that type (columns filled in later). */
    private Optional<Question> type(String cell, String where) {
        String t = cell.strip().replaceAll("\\s+", " ");
        String lower = t.toLowerCase(Locale.ROOT);
        for (String spaced : new String[] {"begin group", "end group", "select one", "select multiple"}) {
            if (lower.startsWith(spaced)) {
                t = spaced.replace(' ', '_') + t.substring(spaced.length());
                break;
            }
        }
        String[] parts = t.split(" ");
        Optional<QuestionType> type = QuestionType.parse(parts[0]);
        if (type.isEmpty()) {
            problems.add(new FormProblem(where, "type '" + cell + "' is not supported (supported: select_one LIST, "
                    + "select_multiple LIST, integer, decimal, text, date, note, calculate, begin_group, end_group)"));
            return Optional.empty();
        }
        String list = "";
        boolean orOther = false;
        int expected = 1;
        if (type.get().select()) {
            list = parts.length > 1 ? parts[1] : "";
            orOther = parts.length > 2 && parts[2].equalsIgnoreCase("or_other");
            expected = parts.length > 1 ? (orOther ? 3 : 2) : 1;
        }
        if (parts.length > expected) {
            problems.add(new FormProblem(where, "type '" + cell + "' has unexpected words after '"
                    + String.join(" ", java.util.Arrays.copyOf(parts, expected)) + "'"));
            return Optional.empty();
        }
        return Optional.of(Question.of(type.get(), "", Map.of()).withListName(list).withOrOther(orOther));
    }

    // ---- choices ----

    private record ChoiceRows(List<ChoiceList> lists, Map<String, List<Integer>> sheetRows) {
    }

    private ChoiceRows choiceLists(Table c) {
        int listCol = c.column("list_name");
        int nameCol = c.column("name");
        if (listCol < 0 || nameCol < 0) {
            problems.add(new FormProblem(Layout.ref("choices", 0, c.headerRow()),
                    "the choices sheet needs the columns 'list_name' and 'name'"));
            return new ChoiceRows(List.of(), Map.of());
        }
        List<String> extras = new ArrayList<>();
        for (String h : c.headers()) {
            String base = h.contains("::") ? h.substring(0, h.indexOf("::")) : h;
            if (!h.isEmpty() && !base.equals("list_name") && !base.equals("name") && !base.equals("label")
                    && !base.equals("media") && !base.equals("image") && !base.equals("audio") && !base.equals("video")) {
                extras.add(h);
            }
        }
        Map<String, List<Choice>> lists = new LinkedHashMap<>();
        Map<String, List<Integer>> rows = new HashMap<>();
        for (int i = 0; i < c.rows().size(); i++) {
            String[] row = c.rows().get(i);
            String list = c.cell(row, listCol);
            int sheetRow = c.rowNumbers().get(i);
            if (list.isEmpty()) {
                problems.add(new FormProblem(Layout.ref("choices", listCol, sheetRow), "list_name is empty"));
                continue;
            }
            Map<String, String> cols = new LinkedHashMap<>();
            for (String e : extras) {
                cols.put(e, c.cell(row, c.column(e)));
            }
            lists.computeIfAbsent(list, k -> new ArrayList<>())
                    .add(new Choice(c.cell(row, nameCol), texts(c, row, "label"), cols));
            rows.computeIfAbsent(list, k -> new ArrayList<>()).add(sheetRow);
        }
        List<ChoiceList> out = new ArrayList<>();
        lists.forEach((name, choices) -> out.add(new ChoiceList(name, choices)));
        return new ChoiceRows(out, rows);
    }

    // ---- settings ----

    private Instrument settings(Table t, List<Question> questions, List<ChoiceList> lists) {
        String[] row = t.rows().isEmpty() ? new String[0] : t.rows().get(0);
        String id = t.cell(row, t.column("form_id"));
        if (id.isEmpty()) {
            problems.add(new FormProblem(settingsCell(t, "form_id"), "form_id is empty"));
        }
        String province = t.cell(row, t.column("province"));
        if (province.isEmpty()) {
            problems.add(new FormProblem(settingsCell(t, "province"), "province is empty; give the two-digit code, e.g. 33"));
        }
        String yearText = t.cell(row, t.column("year"));
        int year = 0;
        if (!yearText.matches("\\d{4}")) {
            problems.add(new FormProblem(settingsCell(t, "year"), "year '" + yearText + "' is not a four-digit year"));
        } else {
            year = Integer.parseInt(yearText);
        }
        Map<String, String> title = texts(t, row, "form_title");
        Map<String, String> extra = new LinkedHashMap<>();
        for (int ci = 0; ci < t.headers().size(); ci++) {
            String h = t.headers().get(ci);
            String base = h.contains("::") ? h.substring(0, h.indexOf("::")) : h;
            if (!h.isEmpty() && !List.of("form_title", "form_id", "version", "default_language", "province", "year")
                    .contains(base)) {
                extra.put(h, t.cell(row, ci));
            }
        }
        return new Instrument(id, title, province, year, t.cell(row, t.column("version")), defaultLanguage,
                languages, extra, questions, lists);
    }

    private static String settingsCell(Table t, String column) {
        int col = t.column(column);
        return col < 0 ? "settings" : Layout.ref("settings", col, t.headerRow() + 1);
    }

    // ---- cell references for the compiler ----

    private static Layout.Locator locator(Table s, Table c, Table t, ChoiceRows choiceRows) {
        return new Layout.Locator() {
            @Override
            public String survey(int row, String column) {
                int sheetRow = row < s.rowNumbers().size() ? s.rowNumbers().get(row) : s.headerRow();
                return Layout.ref("survey", col(s, column), sheetRow);
            }

            @Override
            public String choice(String list, int index, String column) {
                List<Integer> rows = choiceRows.sheetRows().get(list);
                if (c == null || rows == null || index >= rows.size()) {
                    return "choices";
                }
                return Layout.ref("choices", col(c, column), rows.get(index));
            }

            @Override
            public String settings(String column) {
                return settingsCell(t, column);
            }
        };
    }

    private static int col(Table t, String key) {
        for (int i = 0; i < t.headers().size(); i++) {
            String h = t.headers().get(i);
            if (h.equals(key) || h.startsWith(key + "::")) {
                return i;
            }
        }
        int name = t.column("name");
        return name < 0 ? 0 : name;
    }
}
