package org.sanlv.instrument;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STCellType;

/**
 * Reads an XLSForm workbook into an {@link Instrument} and a {@link Layout.Locator} for its cells. Problems
 * of the file and its sheet structure are reported here; problems of meaning are the compiler's. A problem in
 * one sheet never stops the reading of another: the instrument comes back whenever the survey sheet could be
 * read, so that the compiler can report the rest in the same pass.
 */
final class PoiXlsFormReader {
    /** Most rows a sheet may have (header and blank rows not counted). */
    static final int MAX_ROWS = 10_000;
    /** Most columns a sheet may have; a cell to the right of them is reported, not dropped. */
    static final int MAX_COLUMNS = 200;
    /**
     * XLSForm metadata rows: the collecting app fills them in, nobody is asked. Sanlü keeps its own timestamps and
     * paradata, so these rows are accepted and left out of the questionnaire.
     */
    static final Set<String> METADATA = Set.of("start", "end", "today", "deviceid", "subscriberid", "simserial",
            "phonenumber", "username", "email", "audit", "start-geopoint", "background-audio");
    /** XLSForm question types that Sanlü's interview engine does not run (they are valid XLSForm, not typos). */
    private static final Set<String> OTHER_XLSFORM_TYPES = Set.of("time", "datetime", "geopoint", "geotrace",
            "geoshape", "image", "audio", "video", "file", "barcode", "range", "rank", "acknowledge", "trigger",
            "hidden", "begin_repeat", "end_repeat", "select_one_from_file",
            "select_multiple_from_file", "background-geopoint", "xml-external", "csv-external");
    /** Settings columns Sanlü reads; any other settings column is kept as it is. */
    private static final List<String> OWN_SETTINGS =
            List.of("form_title", "form_id", "version", "default_language", "province", "year");

    /**
     * A read workbook.
     *
     * @param instrument null when the survey sheet could not be read
     * @param unreadCells cells already reported as unreadable (an error value, a formula without its value), where
     *     the compiler's findings would only repeat the same fault
     * @param unreadNames names of survey rows whose type could not be read; references to them are not reported again
     * @param metadataNames names of metadata rows (start, end, deviceid…), which the questionnaire leaves out
     * @param choicesSheet whether the workbook has a choices sheet
     */
    record Read(Instrument instrument, Layout.Locator locator, List<FormProblem> problems, Set<String> unreadCells,
            Set<String> unreadNames, Set<String> metadataNames, boolean choicesSheet, boolean choicesReadable) {
    }

    private final List<FormProblem> problems = new ArrayList<>();
    private final Set<String> unreadCells = new HashSet<>();
    private final Set<String> unreadNames = new HashSet<>();
    private final Set<String> metadataNames = new HashSet<>();
    private final List<Language> languages = new ArrayList<>();
    /** Sheet row (0-based) of each read question, by its index in the instrument. */
    private final List<Integer> questionRows = new ArrayList<>();
    private final FormDefaults defaults;
    private String defaultLanguage;
    private boolean choicesReadable = true;
    /** Entries of the workbook's shared-strings table; a cell pointing past them means a damaged file. */
    private int sharedStrings;

    private PoiXlsFormReader(FormDefaults defaults) {
        this.defaults = defaults;
    }

    static Read read(byte[] bytes, FormDefaults defaults) {
        return new PoiXlsFormReader(defaults).readBytes(bytes);
    }

    private Read readBytes(byte[] bytes) {
        Optional<String> notXlsx = sniff(bytes);
        if (notXlsx.isPresent()) {
            return failed(notXlsx.get());
        }
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            sharedStrings = wb.getSharedStringSource() == null ? 0 : wb.getSharedStringSource().getCount();
            return readWorkbook(wb);
        } catch (Exception | StackOverflowError e) {
            // POI throws many kinds of exception for a damaged zip or XML; none is useful to an author
            return failed("file.damaged");
        }
    }

    private static Optional<String> sniff(byte[] b) {
        if (b.length == 0) {
            return Optional.of("file.empty");
        }
        if (startsWith(b, 0x25, 0x50, 0x44, 0x46)) {
            return Optional.of("file.pdf");
        }
        if (startsWith(b, 0xD0, 0xCF, 0x11, 0xE0)) {
            return Optional.of("file.xls");
        }
        if (!startsWith(b, 0x50, 0x4B, 0x03, 0x04)) {
            return Optional.of("file.notZip");
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

    private static Read failed(String key) {
        return new Read(null, null, List.of(FormProblem.at("file", key)), Set.of(), Set.of(), Set.of(), false,
                false);
    }

    private Read readWorkbook(Workbook wb) {
        Sheet survey = sheet(wb, "survey");
        Sheet choices = sheet(wb, "choices");
        Sheet settings = sheet(wb, "settings");
        if (survey == null) {
            problems.add(FormProblem.at("survey", "sheet.noSurvey", sheetNames(wb)));
        }
        Table s = survey == null ? null : table(survey, "survey", true);
        Table c = choices == null ? null : table(choices, "choices", false);
        choicesReadable = choices == null || c != null;
        Table t = settings == null ? null : table(settings, "settings", false);
        if (t == null) {
            t = Table.empty("settings");
        }
        collectLanguages(s, c, t);
        ChoiceRows choiceRows = c == null ? new ChoiceRows(List.of(), Map.of()) : choiceLists(c);
        List<Question> questions = s == null ? List.of() : questions(s);
        Instrument instrument = settings(t, questions, choiceRows.lists());
        boolean readable = s != null && s.column("type") >= 0 && s.column("name") >= 0;
        return new Read(readable ? instrument : null, readable ? locator(s, c, t, choiceRows) : null, problems,
                unreadCells, unreadNames, metadataNames, choices != null, choicesReadable);
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
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    // ---- tables ----

    /** A sheet as header keys and text rows; {@code rowNumbers} are 0-based sheet rows. */
    private record Table(String sheet, List<String> headers, List<String> rawHeaders, int headerRow, List<String[]> rows,
            List<Integer> rowNumbers) {
        static Table empty(String sheet) {
            return new Table(sheet, List.of(), List.of(), 0, List.of(), List.of());
        }

        int column(String header) {
            return headers.indexOf(header);
        }

        String cell(String[] row, int col) {
            return col < 0 || col >= row.length || row[col] == null ? "" : row[col];
        }
    }

    /** @param required whether an empty sheet is a problem (survey) or simply has nothing (choices, settings) */
    private Table table(Sheet sheet, String name, boolean required) {
        int first = -1;
        boolean tooWideReported = false;
        List<String[]> raw = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        int last = sheet.getLastRowNum();
        for (int r = Math.max(0, sheet.getFirstRowNum()); r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            int width = Math.min(Math.max(row.getLastCellNum(), 0), MAX_COLUMNS);
            if (row.getLastCellNum() > MAX_COLUMNS && !tooWideReported) {
                for (int ci = MAX_COLUMNS; ci < row.getLastCellNum(); ci++) {
                    Cell beyond = row.getCell(ci);
                    if (beyond != null && beyond.getCellType() != CellType.BLANK && !beyond.toString().isBlank()) {
                        problems.add(FormProblem.at(Layout.ref(name, ci, r), "sheet.tooManyColumns", name, MAX_COLUMNS));
                        tooWideReported = true;
                        break;
                    }
                }
            }
            String[] cells = new String[width];
            boolean any = false;
            for (int ci = 0; ci < width; ci++) {
                cells[ci] = text(row.getCell(ci), name);
                any |= !cells[ci].isEmpty();
            }
            if (!any) {
                continue;
            }
            if (first < 0) {
                first = r;
            } else if (raw.size() > MAX_ROWS) {
                problems.add(FormProblem.at(Layout.ref(name, 0, r), "sheet.tooManyRows", name, MAX_ROWS, r + 1));
                return null;
            }
            raw.add(cells);
            numbers.add(r);
        }
        if (first < 0) {
            if (required) {
                problems.add(FormProblem.at(name, "sheet.empty", name));
                return null;
            }
            return Table.empty(name);
        }
        String[] head = raw.remove(0);
        numbers.remove(0);
        List<String> headers = new ArrayList<>();
        List<String> rawHeaders = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int ci = 0; ci < head.length; ci++) {
            String h = normaliseHeader(head[ci]);
            if (!h.isEmpty() && seen.putIfAbsent(h, ci) != null) {
                problems.add(FormProblem.at(Layout.ref(name, ci, first), "column.twice", head[ci],
                        CellReference.convertNumToColString(seen.get(h))));
            }
            headers.add(h);
            rawHeaders.add(head[ci]);
        }
        return new Table(name, headers, rawHeaders, first, raw, numbers);
    }

    /** "Label::中文 (zh)" → "label::中文 (zh)"; "constraint message" → "constraint_message". */
    private static String normaliseHeader(String h) {
        String s = h.strip();
        int sep = s.indexOf("::");
        String base = sep < 0 ? s : s.substring(0, sep);
        base = base.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        if (sep < 0 || s.substring(sep + 2).isBlank()) {
            return base;
        }
        return base + "::" + Language.parse(s.substring(sep + 2)).header();
    }

    /**
     * A cell as text. An error value ({@code #REF!}) or a formula whose value was never computed (a file written by
     * a program, not saved by Excel) is reported at its cell and read as the error text or the formula, so it does
     * not reappear as "empty".
     */
    private String text(Cell cell, String sheet) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType();
        if (type == CellType.STRING && pointsPastSharedStrings(cell)) {
            throw new IllegalStateException("shared string index out of range"); // read as a damaged file
        }
        if (type == CellType.FORMULA) {
            if (cell instanceof XSSFCell x && !x.getCTCell().isSetV()) {
                String where = Layout.ref(sheet, cell.getColumnIndex(), cell.getRowIndex());
                problems.add(FormProblem.at(where, "cell.formulaWithoutValue", "=" + cell.getCellFormula()));
                unreadCells.add(where);
                return "=" + cell.getCellFormula();
            }
            type = cell.getCachedFormulaResultType();
        }
        if (type == CellType.ERROR) {
            String where = Layout.ref(sheet, cell.getColumnIndex(), cell.getRowIndex());
            String error;
            try {
                error = FormulaError.forInt(cell.getErrorCellValue()).getString();
            } catch (IllegalArgumentException e) {
                error = "#ERROR";
            }
            problems.add(FormProblem.at(where, "cell.error", error));
            unreadCells.add(where);
            return error;
        }
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

    private boolean pointsPastSharedStrings(Cell cell) {
        if (!(cell instanceof XSSFCell x) || x.getCTCell().getT() != STCellType.S || !x.getCTCell().isSetV()) {
            return false;
        }
        String index = x.getCTCell().getV();
        return !index.matches("\\d{1,9}") || Integer.parseInt(index) >= sharedStrings;
    }

    // ---- languages ----

    /**
     * The form's languages: those of {@code label::…} (and hint, message, title) columns. The survey's and the
     * choices' label languages must agree; a plain {@code label} beside {@code label::…} columns is ambiguous.
     */
    private void collectLanguages(Table s, Table c, Table t) {
        Set<String> surveyLabels = labelLanguages(s);
        Set<String> choiceLabels = labelLanguages(c);
        for (Table table : new Table[] {s, c, t}) {
            if (table == null) {
                continue;
            }
            for (int ci = 0; ci < table.headers().size(); ci++) {
                String h = table.headers().get(ci);
                int sep = h.indexOf("::");
                if (sep > 0 && isTextColumn(h.substring(0, sep))) {
                    addLanguage(Language.parse(h.substring(sep + 2)));
                }
            }
            int plain = table.column("label");
            if (plain >= 0 && table.headers().stream().anyMatch(h -> h.startsWith("label::"))) {
                problems.add(FormProblem.at(Layout.ref(table.sheet(), plain, table.headerRow()), "language.plainLabel",
                        table.rawHeaders().get(plain), firstLanguageHeader(table)));
            }
        }
        if (c != null && !c.rows().isEmpty() && !surveyLabels.isEmpty() && !choiceLabels.isEmpty()
                && !surveyLabels.equals(choiceLabels)) {
            problems.add(FormProblem.at(Layout.ref("choices", Math.max(0, firstLabelColumn(c)), c.headerRow()),
                    "language.mismatch", String.join(", ", choiceLabels), String.join(", ", surveyLabels)));
        }
        int defCol = t.column("default_language");
        String def = t.cell(t.rows().isEmpty() ? new String[0] : t.rows().get(0), defCol);
        if (!def.isEmpty()) {
            Language d = Language.parse(def);
            Optional<Language> known = languages.stream().filter(l -> l.matches(def)).findFirst();
            boolean plainLabels = (s != null && s.column("label") >= 0) || (c != null && c.column("label") >= 0);
            if (known.isPresent()) {
                defaultLanguage = known.get().code();
            } else if (languages.isEmpty() || plainLabels) {
                // default_language names the language of the plain label columns
                defaultLanguage = d.code();
                languages.add(0, d);
            } else {
                problems.add(FormProblem.at(Layout.ref("settings", defCol, t.rowNumbers().get(0)),
                        "language.defaultUnknown", def, names(languages)));
                defaultLanguage = languages.get(0).code();
            }
        } else if (!languages.isEmpty()) {
            defaultLanguage = languages.get(0).code();
            boolean plainLabels = (s != null && s.column("label") >= 0) || (c != null && c.column("label") >= 0);
            if (plainLabels) {
                // a plain label beside per-language ones (reported above) is read as the first language
                return;
            }
        } else {
            defaultLanguage = "default";
            languages.add(new Language("default", "default"));
        }
    }

    private static Set<String> labelLanguages(Table t) {
        Set<String> out = new LinkedHashSet<>();
        if (t == null) {
            return out;
        }
        for (String h : t.headers()) {
            if (h.startsWith("label::")) {
                out.add(Language.parse(h.substring(7)).code());
            } else if (h.equals("label")) {
                out.add("default"); // pyxform's name for the language of a plain label column
            }
        }
        return out;
    }

    private static int firstLabelColumn(Table t) {
        for (int i = 0; i < t.headers().size(); i++) {
            if (t.headers().get(i).equals("label") || t.headers().get(i).startsWith("label::")) {
                return i;
            }
        }
        return -1;
    }

    private static String firstLanguageHeader(Table t) {
        for (int i = 0; i < t.headers().size(); i++) {
            if (t.headers().get(i).startsWith("label::")) {
                return t.rawHeaders().get(i);
            }
        }
        return "label::…";
    }

    private static String names(List<Language> languages) {
        return String.join(", ", languages.stream().map(Language::header).toList());
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
            problems.add(FormProblem.at(Layout.ref("survey", 0, s.headerRow()), "column.noType"));
        }
        if (nameCol < 0) {
            problems.add(FormProblem.at(Layout.ref("survey", 0, s.headerRow()), "column.noName"));
        }
        List<Question> out = new ArrayList<>();
        if (typeCol < 0 || nameCol < 0) {
            return out;
        }
        for (int i = 0; i < s.rows().size(); i++) {
            String[] row = s.rows().get(i);
            String typeCell = s.cell(row, typeCol);
            String where = Layout.ref("survey", typeCol, s.rowNumbers().get(i));
            Optional<Question> q = Optional.empty();
            if (METADATA.contains(typeCell.strip().toLowerCase(Locale.ROOT))) {
                metadataNames.add(s.cell(row, nameCol));
                continue;
            }
            if (typeCell.isEmpty()) {
                problems.add(FormProblem.at(where, "type.empty"));
            } else if (!unreadCells.contains(where)) {
                q = type(typeCell, where);
            }
            if (q.isEmpty()) {
                unreadNames.add(s.cell(row, nameCol));
                continue;
            }
            questionRows.add(s.rowNumbers().get(i));
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
        for (String spaced : new String[] {"begin group", "end group", "begin repeat", "end repeat", "select one", "select multiple"}) {
            if (lower.startsWith(spaced)) {
                t = spaced.replace(' ', '_') + t.substring(spaced.length());
                break;
            }
        }
        String[] parts = t.split(" ");
        Optional<QuestionType> type = QuestionType.parse(parts[0]);
        if (type.isEmpty()) {
            String word = parts[0].toLowerCase(Locale.ROOT);
            Optional<String> near = nearestType(word);
            if (OTHER_XLSFORM_TYPES.contains(word)) {
                problems.add(FormProblem.at(where, "type.notRunHere", cell));
            } else if (near.isPresent()) {
                problems.add(FormProblem.at(where, "type.typo", cell, near.get()));
            } else {
                problems.add(FormProblem.at(where, "type.unsupported", cell));
            }
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
            problems.add(FormProblem.at(where, "type.extraWords", cell,
                    String.join(" ", java.util.Arrays.copyOf(parts, expected))));
            return Optional.empty();
        }
        return Optional.of(Question.of(type.get(), "", Map.of()).withListName(list).withOrOther(orOther));
    }

    /** The supported type closest to a misspelt one ({@code integr} → {@code integer}), within two edits. */
    private static Optional<String> nearestType(String word) {
        String best = null;
        int bestDistance = 3;
        for (QuestionType t : QuestionType.values()) {
            int d = distance(word, t.xlsForm());
            if (d < bestDistance) {
                best = t.xlsForm();
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, for words of a type cell (short). */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 40) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---- choices ----

    private record ChoiceRows(List<ChoiceList> lists, Map<String, List<Integer>> sheetRows) {
    }

    private ChoiceRows choiceLists(Table c) {
        if (c.headers().isEmpty()) {
            return new ChoiceRows(List.of(), Map.of());
        }
        int listCol = c.column("list_name");
        int nameCol = c.column("name");
        if (listCol < 0 || nameCol < 0) {
            problems.add(FormProblem.at(Layout.ref("choices", 0, c.headerRow()), "column.choices"));
            choicesReadable = false;
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
                problems.add(FormProblem.at(Layout.ref("choices", listCol, sheetRow), "choice.noList"));
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

    /**
     * Settings are optional (XLSForm): form_id defaults to the file's name (pyxform's rule), form_title to the
     * form id, version to empty. Province and year are Sanlü's own: from the settings when given, else from
     * {@link FormDefaults} (the upload page, the command line), else left out (empty, 0).
     */
    private Instrument settings(Table t, List<Question> questions, List<ChoiceList> lists) {
        String[] row = t.rows().isEmpty() ? new String[0] : t.rows().get(0);
        String id = t.cell(row, t.column("form_id"));
        if (id.isEmpty()) {
            id = defaults.formIdFromFileName();
        }
        String province = t.cell(row, t.column("province"));
        if (province.isEmpty()) {
            province = defaults.province();
        }
        String yearText = t.cell(row, t.column("year"));
        int year = defaults.year();
        if (!yearText.isEmpty()) {
            if (!yearText.matches("\\d{4}")) {
                problems.add(FormProblem.at(settingsCell(t, "year"), "settings.year", yearText));
            } else {
                year = Integer.parseInt(yearText);
            }
        }
        Map<String, String> title = texts(t, row, "form_title");
        if (title.isEmpty()) {
            title = Map.of(defaultLanguage, id);
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (int ci = 0; ci < t.headers().size(); ci++) {
            String h = t.headers().get(ci);
            String base = h.contains("::") ? h.substring(0, h.indexOf("::")) : h;
            if (!h.isEmpty() && !OWN_SETTINGS.contains(base)) {
                extra.put(h, t.cell(row, ci));
            }
        }
        return new Instrument(id, title, province, year, t.cell(row, t.column("version")), defaultLanguage,
                languages, extra, questions, lists);
    }

    private static String settingsCell(Table t, String column) {
        int col = t.column(column);
        return col < 0 ? "settings" : Layout.ref("settings", col, t.rowNumbers().isEmpty() ? t.headerRow() + 1
                : t.rowNumbers().get(0));
    }

    // ---- cell references for the compiler ----

    private Layout.Locator locator(Table s, Table c, Table t, ChoiceRows choiceRows) {
        List<Integer> rowOf = List.copyOf(questionRows);
        return new Layout.Locator() {
            @Override
            public String survey(int row, String column) {
                int sheetRow = row < rowOf.size() ? rowOf.get(row) : s.headerRow();
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
