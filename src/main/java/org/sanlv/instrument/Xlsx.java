package org.sanlv.instrument;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;

/**
 * An .xlsx workbook read as a stream of cells: the zip's central directory, the package and workbook relationships,
 * the workbook part (sheet names, the 1904 date system), shared strings, cell styles (which number formats are
 * dates) and the sheets the reader asks for, each parsed with the JDK's StAX parser. No XMLBeans model is built:
 * loading and running it cost more than the whole check of a 10,000-row form (docs/benchmarks.md, issue 17).
 *
 * <p>Cells are typed as Apache POI's usermodel types them, so that the reader's checks see what they saw before:
 * a formula is a cell with {@code <f>} (not a data table) or inside an array formula's range, and carries its cached
 * value when it has one; {@code t="s"} is a shared string, {@code inlineStr} an inline (possibly rich) string,
 * {@code str} a formula's string, {@code b}, {@code e}, {@code n} (or none) a boolean, an error, a number; a number
 * with no value is blank. Where POI's model lost data (a {@code <row>} without {@code r} is dropped by it), the
 * spreadsheet's own rule is followed: the row after the previous one, the cell after the previous one.
 *
 * <p>Anything that is not a well-formed package (no central directory, a bad CRC, an encrypted or unknown
 * compression method, a part over {@link #MAX_PART_BYTES} or inflating more than {@link #MAX_INFLATE} times, a DTD,
 * malformed XML) throws {@link Damaged}.
 */
final class Xlsx {
    /** Most bytes one part may inflate to; a 10,000-row form's sheet is about 3 MB. */
    static final long MAX_PART_BYTES = 64L * 1024 * 1024;
    /** Most a part may inflate per compressed byte, past the first {@link #GRACE_BYTES} (Apache POI's zip-bomb rule). */
    static final int MAX_INFLATE = 100;
    static final long GRACE_BYTES = 100 * 1024;
    /** Columns kept per row; the reader reads no further (it reports a filled cell beyond them). */
    static final int KEPT_COLUMNS = XlsFormReader.MAX_COLUMNS;
    /**
     * Rows with cells kept per sheet: twice the reader's limit, so that the row where a sheet passes the limit is
     * known (blank-looking rows included) while a sheet of a million rows is not held in memory.
     */
    static final int KEPT_ROWS = 2 * XlsFormReader.MAX_ROWS + 2;

    /** The file is not a readable .xlsx; the message is for the log of a developer, never for the author. */
    static final class Damaged extends RuntimeException {
        Damaged(String why) {
            super(why, null, false, false);
        }
    }

    /** How a cell reads, as POI's usermodel types it. */
    enum Kind {
        /** a number cell without a value */
        BLANK,
        STRING,
        /** {@code value} is the number as written ({@code v}); {@code dateStyle} when its format is a date's */
        NUMBER,
        /** {@code value} is "true" or "false" */
        BOOLEAN,
        /** {@code value} is the error's text ({@code #REF!}), {@code #ERROR} for an unknown one */
        ERROR,
        /** a formula with no cached value; {@code value} is the formula without "=" */
        FORMULA_WITHOUT_VALUE,
        /** a shared-string cell pointing past the table: the file is damaged once the cell is read */
        BROKEN_STRING
    }

    /**
     * One cell.
     *
     * @param formula the formula's text when the cell is a formula, else null
     * @param dateStyle whether the cell's number format is a date format
     */
    record Cell(int column, Kind kind, String value, String formula, boolean dateStyle) {
        /** The text POI's {@code Cell.toString()} gives, without reading a damaged value: for cells past the last column. */
        boolean filled() {
            if (formula != null) {
                return !formula.isBlank();
            }
            return switch (kind) {
                case BLANK, BROKEN_STRING -> false;
                case STRING -> value != null && !value.isBlank();
                default -> true;
            };
        }
    }

    /**
     * One row: its cells by column up to {@link #KEPT_COLUMNS} (null where none), {@code lastCellNum} the highest
     * column plus one (as POI counts it) and {@code filledBeyond} the first filled column past the kept ones, or -1.
     */
    record Row(Cell[] cells, int lastCellNum, int filledBeyond) {
        Cell cell(int column) {
            return column < cells.length ? cells[column] : null;
        }
    }

    /** A sheet's rows with cells, by 0-based row number. */
    record Sheet(TreeMap<Integer, Row> rows) {
    }

    private record Entry(String name, int method, long crc, long compressed, long size, long localHeader) {
    }

    /** A relationship of a part: {@code type} lower-cased, {@code target} resolved to a part name. */
    private record Relationship(String id, String type, String target) {
    }

    private static final String WORKBOOK_TYPE = "/officedocument";

    private final byte[] bytes;
    private final Map<String, Entry> entries;
    private final List<String> sheetNames = new ArrayList<>();
    private final List<String> sheetParts = new ArrayList<>();
    private final List<String> sharedStrings = new ArrayList<>();
    private final List<Integer> styleFormats = new ArrayList<>();
    private final Map<Integer, String> customFormats = new HashMap<>();
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private boolean date1904;
    private final XMLInputFactory xml;

    private Xlsx(byte[] bytes) {
        this.bytes = bytes;
        this.entries = centralDirectory(bytes);
        this.xml = XMLInputFactory.newDefaultFactory(); // the JDK's parser: no service lookup over the class path
        xml.setProperty(XMLInputFactory.SUPPORT_DTD, false); // XXE and entity bombs: a DTD is refused outright
        xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xml.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** Opens the package and reads its workbook, shared strings and styles; sheets are read when asked for. */
    static Xlsx open(byte[] bytes) {
        Xlsx x = new Xlsx(bytes);
        x.verifyEveryPart();
        if (x.entry("[Content_Types].xml") == null) {
            throw new Damaged("no [Content_Types].xml");
        }
        String workbook = x.relationships("").stream().filter(r -> r.type().endsWith(WORKBOOK_TYPE))
                .map(Relationship::target).findFirst().orElseThrow(() -> new Damaged("no workbook relationship"));
        List<Relationship> workbookRels = x.relationships(workbook);
        x.readWorkbook(workbook, workbookRels);
        for (Relationship r : workbookRels) {
            if (r.type().endsWith("/sharedstrings") && x.entry(r.target()) != null && x.sharedStrings.isEmpty()) {
                x.readSharedStrings(r.target());
            } else if (r.type().endsWith("/styles") && x.entry(r.target()) != null && x.styleFormats.isEmpty()) {
                x.readStyles(r.target());
            }
        }
        return x;
    }

    List<String> sheetNames() {
        return sheetNames;
    }

    Sheet sheet(int index) {
        return readSheet(sheetParts.get(index));
    }

    /** The date a number cell shows ({@code 2026-11-18}), or null when its format is not a date's. */
    String date(Cell cell, double value) {
        if (!cell.dateStyle() || !DateUtil.isValidExcelDate(value)) {
            return null;
        }
        return DateUtil.getLocalDateTime(value, date1904).toLocalDate().toString();
    }

    // ---- zip ----

    private static int u16(byte[] b, long at) {
        check(b, at, 2);
        int i = (int) at;
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, long at) {
        check(b, at, 4);
        int i = (int) at;
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    private static long u64(byte[] b, long at) {
        long v = u32(b, at) | u32(b, at + 4) << 32;
        if (v < 0) {
            throw new Damaged("zip64 value out of range");
        }
        return v;
    }

    private static void check(byte[] b, long at, long length) {
        if (at < 0 || length < 0 || at + length > b.length) {
            throw new Damaged("zip structure points past the end of the file");
        }
    }

    /** The entries of the zip's central directory, by lower-case name (OPC part names ignore case). */
    private static Map<String, Entry> centralDirectory(byte[] b) {
        long end = -1;
        for (long i = b.length - 22L; i >= Math.max(0, b.length - 22L - 65_535); i--) {
            if (u32(b, i) == 0x06054b50L) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new Damaged("no end of central directory (truncated?)");
        }
        long count = u16(b, end + 10);
        long offset = u32(b, end + 16);
        if ((count == 0xFFFF || offset == 0xFFFFFFFFL) && end >= 20 && u32(b, end - 20) == 0x07064b50L) {
            long zip64End = u64(b, end - 20 + 8);
            if (u32(b, zip64End) != 0x06064b50L) {
                throw new Damaged("bad zip64 end of central directory");
            }
            count = u64(b, zip64End + 32);
            offset = u64(b, zip64End + 48);
        }
        Map<String, Entry> out = new HashMap<>();
        long at = offset;
        for (long n = 0; n < count; n++) {
            if (u32(b, at) != 0x02014b50L) {
                throw new Damaged("bad central directory entry");
            }
            int flags = u16(b, at + 8);
            int method = u16(b, at + 10);
            long crc = u32(b, at + 16);
            long compressed = u32(b, at + 20);
            long size = u32(b, at + 24);
            int nameLength = u16(b, at + 28);
            int extraLength = u16(b, at + 30);
            int commentLength = u16(b, at + 32);
            long local = u32(b, at + 42);
            check(b, at + 46, nameLength + extraLength);
            String name = new String(b, (int) at + 46, nameLength,
                    (flags & 0x800) != 0 ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.StandardCharsets.ISO_8859_1);
            long[] zip64 = {size, compressed, local};
            zip64(b, at + 46 + nameLength, extraLength, zip64);
            if ((flags & 1) != 0) {
                throw new Damaged("encrypted zip entry " + name);
            }
            if (method != 0 && method != 8) {
                throw new Damaged("compression method " + method);
            }
            String key = partKey(name);
            if (out.put(key, new Entry(name, method, crc, zip64[1], zip64[0], zip64[2])) != null) {
                throw new Damaged("two entries named " + name);
            }
            at += 46L + nameLength + extraLength + commentLength;
        }
        return out;
    }

    /** Sizes and offset given as 0xFFFFFFFF are in the zip64 extra field (id 1), in this order. */
    private static void zip64(byte[] b, long at, int length, long[] values) {
        long end = at + length;
        while (at + 4 <= end) {
            int id = u16(b, at);
            int size = u16(b, at + 2);
            if (id == 1) {
                long p = at + 4;
                for (int i = 0; i < values.length; i++) {
                    if (values[i] == 0xFFFFFFFFL && p + 8 <= at + 4 + size) {
                        values[i] = u64(b, p);
                        p += 8;
                    }
                }
                return;
            }
            at += 4L + size;
        }
    }

    private static String partKey(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        return n.toLowerCase(Locale.ROOT);
    }

    private Entry entry(String part) {
        return entries.get(partKey(part));
    }

    /** Every part inflates to its stated size and CRC, as a zip reader that reads them all (POI's) would find. */
    private void verifyEveryPart() {
        byte[] sink = new byte[8192];
        for (Entry e : entries.values()) {
            try (InputStream in = open(e)) {
                while (in.read(sink) >= 0) {
                    // the stream checks size and CRC at its end
                }
            } catch (IOException ex) {
                throw new Damaged(ex.getMessage());
            }
        }
    }

    private InputStream open(Entry e) {
        long header = e.localHeader();
        if (u32(bytes, header) != 0x04034b50L) {
            throw new Damaged("bad local header of " + e.name());
        }
        long data = header + 30 + u16(bytes, header + 26) + u16(bytes, header + 28);
        check(bytes, data, e.compressed());
        InputStream raw = new ByteArrayInputStream(bytes, (int) data, (int) e.compressed());
        Inflater inflater = e.method() == 0 ? null : new Inflater(true);
        InputStream in = inflater == null ? raw : new InflaterInputStream(raw, inflater, 8192);
        return new PartStream(in, inflater, e);
    }

    /** A part's bytes, refused past {@link #MAX_PART_BYTES} or {@link #MAX_INFLATE}, checked against size and CRC at the end. */
    private static final class PartStream extends InputStream {
        private final InputStream in;
        /** Ended on close: zlib's memory is native, an upload should not wait for the garbage collector to free it. */
        private final Inflater inflater;
        private final Entry entry;
        private final CRC32 crc = new CRC32();
        private long read;
        private boolean ended;

        PartStream(InputStream in, Inflater inflater, Entry entry) {
            this.in = in;
            this.inflater = inflater;
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot inflate " + entry.name());
            }
            if (n < 0) {
                ended = true;
                if (read != entry.size() || crc.getValue() != entry.crc()) {
                    throw new IOException("size or CRC of " + entry.name() + " does not match");
                }
                return -1;
            }
            crc.update(b, off, n);
            read += n;
            if (read > MAX_PART_BYTES || read > entry.size()
                    || read > GRACE_BYTES && read > MAX_INFLATE * Math.max(1, entry.compressed())) {
                throw new IOException("part " + entry.name() + " inflates too far");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    // ---- XML ----

    @FunctionalInterface
    private interface PartReader {
        void read(XMLStreamReader x) throws XMLStreamException;
    }

    private void parse(String part, PartReader reader) {
        Entry e = entry(part);
        if (e == null) {
            throw new Damaged("missing part " + part);
        }
        try (InputStream in = open(e)) {
            XMLStreamReader x = xml.createXMLStreamReader(in);
            try {
                reader.read(x);
                while (x.hasNext()) {
                    if (x.next() == XMLStreamConstants.DTD) {
                        throw new Damaged("DTD in " + part);
                    }
                }
            } finally {
                x.close();
            }
        } catch (XMLStreamException | IOException | RuntimeException ex) {
            throw ex instanceof Damaged d ? d : new Damaged(part + ": " + ex.getMessage());
        }
    }

    /** Moves to the next start element, or returns false at the document's end. Refuses a DTD. */
    private static boolean nextStart(XMLStreamReader x) throws XMLStreamException {
        while (x.hasNext()) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.DTD) {
                throw new Damaged("DTD");
            }
        }
        return false;
    }

    private static String attribute(XMLStreamReader x, String localName) {
        for (int i = 0; i < x.getAttributeCount(); i++) {
            if (x.getAttributeLocalName(i).equals(localName) && isEmpty(x.getAttributeNamespace(i))) {
                return x.getAttributeValue(i);
            }
        }
        return null;
    }

    /** The relationship id of a {@code <sheet>}: an {@code id} attribute in the relationships namespace. */
    private static String relationshipId(XMLStreamReader x) {
        for (int i = 0; i < x.getAttributeCount(); i++) {
            if (x.getAttributeLocalName(i).equals("id") && !isEmpty(x.getAttributeNamespace(i))) {
                return x.getAttributeValue(i);
            }
        }
        return null;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** A part's relationships, their targets resolved to part names; {@code source} "" for the package's own. */
    private List<Relationship> relationships(String source) {
        int slash = source.lastIndexOf('/');
        String dir = slash < 0 ? "" : source.substring(0, slash + 1);
        String relsPart = dir + "_rels/" + source.substring(slash + 1) + ".rels";
        List<Relationship> out = new ArrayList<>();
        if (entry(relsPart) == null) {
            return out;
        }
        parse(relsPart, x -> {
            while (nextStart(x)) {
                if (x.getLocalName().equals("Relationship") && !"External".equalsIgnoreCase(attribute(x, "TargetMode"))) {
                    String type = attribute(x, "Type");
                    String target = attribute(x, "Target");
                    if (type != null && target != null) {
                        out.add(new Relationship(attribute(x, "Id"), type.toLowerCase(Locale.ROOT), resolve(dir, target)));
                    }
                }
            }
        });
        return out;
    }

    /** "worksheets/sheet1.xml" against "xl/" → "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute; ".." climbs. */
    private static String resolve(String dir, String target) {
        String t = target.replace('\\', '/');
        int query = t.indexOf('#');
        if (query >= 0) {
            t = t.substring(0, query);
        }
        t = java.net.URLDecoder.decode(t.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        String path = t.startsWith("/") ? t.substring(1) : dir + t;
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private void readWorkbook(String workbookPart, List<Relationship> rels) {
        Map<String, Relationship> byId = new HashMap<>();
        for (Relationship r : rels) {
            byId.putIfAbsent(r.id(), r);
        }
        parse(workbookPart, x -> {
            if (!nextStart(x) || !x.getLocalName().equals("workbook")) {
                throw new Damaged("the workbook part is not a workbook");
            }
            while (nextStart(x)) {
                if (x.getLocalName().equals("workbookPr")) {
                    String d = attribute(x, "date1904");
                    date1904 = "1".equals(d) || "true".equalsIgnoreCase(d);
                } else if (x.getLocalName().equals("sheet")) {
                    String name = attribute(x, "name");
                    Relationship r = byId.get(relationshipId(x));
                    // as POI: a sheet whose part is missing, or is no worksheet or chartsheet, is skipped
                    if (name != null && r != null && entry(r.target()) != null
                            && (r.type().endsWith("/worksheet") || r.type().endsWith("/chartsheet"))) {
                        sheetNames.add(name);
                        sheetParts.add(r.target());
                    }
                }
            }
        });
    }

    private void readSharedStrings(String part) {
        parse(part, x -> {
            while (nextStart(x)) {
                if (x.getLocalName().equals("si")) {
                    sharedStrings.add(richText(x));
                }
            }
        });
    }

    /**
     * The text of an {@code <si>} or {@code <is>} (the reader is on its start): its runs' {@code <t>} joined, or its
     * own {@code <t>}; phonetic runs ({@code <rPh>}) left out; {@code _x000D_} escapes decoded (as POI's
     * {@code XSSFRichTextString.getString}). Null when it has neither.
     */
    private static String richText(XMLStreamReader x) throws XMLStreamException {
        String own = null;
        StringBuilder runs = null;
        int depth = 1;
        boolean inRun = false;
        boolean inPhonetic = false;
        while (depth > 0 && x.hasNext()) {
            int event = x.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String n = x.getLocalName();
                if (n.equals("t") && !inPhonetic) {
                    String text = x.getElementText(); // leaves the reader on </t>
                    if (inRun) {
                        runs.append(text);
                    } else if (depth == 1) {
                        own = text;
                    }
                    continue;
                }
                depth++;
                if (n.equals("r") && depth == 2) {
                    inRun = true;
                    runs = runs == null ? new StringBuilder() : runs;
                } else if (n.equals("rPh") && depth == 2) {
                    inPhonetic = true;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth == 1) {
                    inRun = false;
                    inPhonetic = false;
                }
            }
        }
        return decodeEscapes(runs != null ? runs.toString() : own);
    }

    /** {@code _xHHHH_} → the character (how Office writes control characters in text). */
    static String decodeEscapes(String s) {
        if (s == null || !s.contains("_x")) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (i + 7 <= s.length() && s.charAt(i) == '_' && s.charAt(i + 1) == 'x' && s.charAt(i + 6) == '_'
                    && isHex(s, i + 2, i + 6)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 7;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private void readStyles(String part) {
        parse(part, x -> {
            boolean inCellXfs = false;
            int depth = 0;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new Damaged("DTD");
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (x.getLocalName().equals("cellXfs")) {
                        inCellXfs = false;
                    }
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                depth++;
                String n = x.getLocalName();
                if (n.equals("numFmt")) {
                    Integer id = integer(attribute(x, "numFmtId"));
                    String code = attribute(x, "formatCode");
                    if (id != null && code != null) {
                        customFormats.put(id, code);
                    }
                } else if (n.equals("cellXfs")) {
                    inCellXfs = true;
                } else if (n.equals("xf") && inCellXfs && depth == 3) {
                    Integer id = integer(attribute(x, "numFmtId"));
                    styleFormats.add(id == null ? 0 : id);
                }
            }
        });
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether cell style {@code xf} formats numbers as dates (POI's {@code DateUtil.isADateFormat}); false for none. */
    private boolean dateStyle(int xf) {
        if (xf < 0 || xf >= styleFormats.size()) {
            return false;
        }
        return dateStyles.computeIfAbsent(xf, k -> {
            int format = styleFormats.get(k);
            String code = customFormats.getOrDefault(format, BuiltinFormats.getBuiltinFormat(format));
            return DateUtil.isADateFormat(format, code);
        });
    }

    // ---- sheets ----

    /** A formula's text by shared-formula index, and the ranges of array formulas, while one sheet is read. */
    private static final class Formulas {
        final Map<String, String> shared = new HashMap<>();
        final List<int[]> arrayRanges = new ArrayList<>();
        final List<String> arrayTexts = new ArrayList<>();

        String arrayAt(int row, int column) {
            for (int i = 0; i < arrayRanges.size(); i++) {
                int[] r = arrayRanges.get(i);
                if (row >= r[0] && row <= r[1] && column >= r[2] && column <= r[3]) {
                    return arrayTexts.get(i);
                }
            }
            return null;
        }
    }

    private Sheet readSheet(String part) {
        TreeMap<Integer, Row> rows = new TreeMap<>();
        Map<Integer, Integer> columnStyles = new HashMap<>();
        Formulas formulas = new Formulas();
        parse(part, x -> {
            int rowIndex = -1;
            while (nextStart(x)) {
                String n = x.getLocalName();
                if (n.equals("col")) {
                    Integer min = integer(attribute(x, "min"));
                    Integer max = integer(attribute(x, "max"));
                    Integer style = integer(attribute(x, "style"));
                    if (min != null && max != null && style != null) {
                        for (int c = Math.max(1, min); c <= Math.min(max, KEPT_COLUMNS + 1); c++) {
                            columnStyles.putIfAbsent(c - 1, style);
                        }
                    }
                } else if (n.equals("row")) {
                    Integer r = integer(attribute(x, "r"));
                    rowIndex = r == null ? rowIndex + 1 : r - 1;
                    Row row = readRow(x, rowIndex, columnStyles, formulas);
                    if (row != null && rowIndex >= 0 && rows.size() < KEPT_ROWS) {
                        rows.put(rowIndex, row);
                    }
                }
            }
        });
        return new Sheet(rows);
    }

    /** Reads a {@code <row>} to its end; null when it has no cells. */
    private Row readRow(XMLStreamReader x, int rowIndex, Map<Integer, Integer> columnStyles, Formulas formulas)
            throws XMLStreamException {
        Cell[] cells = null;
        int last = -1;
        int filledBeyond = -1;
        while (x.hasNext()) {
            int event = x.next();
            if (event == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("row")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT || !x.getLocalName().equals("c")) {
                continue;
            }
            String ref = attribute(x, "r");
            int column = ref == null ? last + 1 : column(ref);
            Cell cell = readCell(x, rowIndex, column, columnStyles, formulas);
            last = Math.max(last, column);
            if (column < KEPT_COLUMNS) {
                if (cells == null) {
                    cells = new Cell[8];
                }
                if (column >= cells.length) {
                    cells = java.util.Arrays.copyOf(cells, Math.min(KEPT_COLUMNS, Math.max(column + 1, cells.length * 2)));
                }
                cells[column] = cell;
            } else if (cell.filled() && (filledBeyond < 0 || column < filledBeyond)) {
                filledBeyond = column;
            }
        }
        if (last < 0) {
            return null;
        }
        if (cells == null) {
            cells = new Cell[0];
        }
        return new Row(cells, last + 1, filledBeyond);
    }

    /** "AB12" or "$AB$12" → 27; a reference without a column is a damaged file (POI's CellReference refuses it). */
    private static int column(String ref) {
        int col = 0;
        int letters = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = ref.charAt(i);
            if (ch == '$' && letters == 0) {
                continue;
            }
            char up = Character.toUpperCase(ch);
            if (up < 'A' || up > 'Z') {
                break;
            }
            col = col * 26 + (up - 'A' + 1);
            letters++;
            if (letters > 3) {
                throw new Damaged("bad cell reference " + ref);
            }
        }
        if (letters == 0) {
            throw new Damaged("bad cell reference " + ref);
        }
        return col - 1;
    }

    private Cell readCell(XMLStreamReader x, int rowIndex, int column, Map<Integer, Integer> columnStyles,
            Formulas formulas) throws XMLStreamException {
        String t = attribute(x, "t");
        Integer s = integer(attribute(x, "s"));
        String v = null;
        String formula = null;
        boolean dataTable = false;
        String inline = null;
        boolean hasInline = false;
        while (x.hasNext()) {
            int event = x.next();
            if (event == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("c")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (x.getLocalName()) {
                case "v" -> v = x.getElementText();
                case "is" -> {
                    hasInline = true;
                    inline = richText(x);
                }
                case "f" -> {
                    String type = attribute(x, "t");
                    String si = attribute(x, "si");
                    String ref = attribute(x, "ref");
                    String text = x.getElementText();
                    if ("dataTable".equals(type)) {
                        dataTable = true; // POI reads a data table's cells by their cached values
                    } else if ("shared".equals(type) && si != null) {
                        if (ref != null && !text.isEmpty()) {
                            formulas.shared.put(si, text);
                        }
                        // a shared formula's other cells have no text; the master's, unshifted, names it
                        formula = text.isEmpty() ? formulas.shared.getOrDefault(si, "") : text;
                    } else {
                        if ("array".equals(type) && ref != null) {
                            int[] range = range(ref);
                            if (range != null) {
                                formulas.arrayRanges.add(range);
                                formulas.arrayTexts.add(text);
                            }
                        }
                        formula = text;
                    }
                }
                default -> {
                    // extLst and the like: nothing to read
                }
            }
        }
        if (formula == null && !dataTable && !formulas.arrayRanges.isEmpty()) {
            formula = formulas.arrayAt(rowIndex, column);
        }
        int style = s != null && s >= 0 && s < styleFormats.size() ? s : columnStyles.getOrDefault(column, 0);
        String type = t == null ? "n" : t;
        if (formula != null) {
            if (v == null) { // POI: no <v>, no cached value, whatever else the cell holds
                return new Cell(column, Kind.FORMULA_WITHOUT_VALUE, formula, formula, false);
            }
            return value(column, type, v, inline, hasInline, style, formula, true);
        }
        return value(column, type, v, inline, hasInline, style, null, false);
    }

    /** A cell's value by its type, as POI's {@code getCellType}/{@code getCachedFormulaResultType} and getters read it. */
    private Cell value(int column, String type, String v, String inline, boolean hasInline, int style, String formula,
            boolean cached) {
        switch (type) {
            case "n" -> {
                if (v == null && !cached) {
                    return new Cell(column, Kind.BLANK, null, null, false);
                }
                return new Cell(column, Kind.NUMBER, v == null ? "" : v, formula, dateStyle(style));
            }
            case "b" -> {
                return new Cell(column, Kind.BOOLEAN, "1".equals(v) ? "true" : "false", formula, false);
            }
            case "e" -> {
                return new Cell(column, Kind.ERROR, error(v), formula, false);
            }
            case "str" -> {
                return new Cell(column, Kind.STRING, v == null ? "" : v, formula, false);
            }
            case "inlineStr" -> {
                return new Cell(column, Kind.STRING, hasInline ? inline : v == null ? "" : v, formula, false);
            }
            case "s" -> {
                if (v == null) {
                    return new Cell(column, Kind.STRING, "", formula, false);
                }
                int index = index(v);
                if (index < 0 || index >= sharedStrings.size()) {
                    // a formula's cached string is read as empty (POI); a plain cell means a damaged table
                    return cached ? new Cell(column, Kind.STRING, "", formula, false)
                            : new Cell(column, Kind.BROKEN_STRING, null, null, false);
                }
                return new Cell(column, Kind.STRING, sharedStrings.get(index), formula, false);
            }
            default -> throw new Damaged("unknown cell type " + type);
        }
    }

    /** A shared-string index (at most nine digits, nothing else), or -1. */
    private static int index(String v) {
        if (v.isEmpty() || v.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** An error cell's text: the error it names ({@code #REF!}), {@code #NULL!} when it names none, else {@code #ERROR}. */
    private static String error(String v) {
        if (v == null) {
            return FormulaError.forInt(0).getString();
        }
        try {
            return FormulaError.forString(v).getString();
        } catch (IllegalArgumentException e) {
            return "#ERROR";
        }
    }

    /** "B2:D9" → {firstRow, lastRow, firstColumn, lastColumn}, 0-based; null if it is no range. */
    private static int[] range(String ref) {
        String[] ends = ref.split(":");
        try {
            int[] a = cellAt(ends[0]);
            int[] b = ends.length > 1 ? cellAt(ends[1]) : a;
            return new int[] {Math.min(a[0], b[0]), Math.max(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[1], b[1])};
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int[] cellAt(String ref) {
        int col = column(ref);
        String digits = ref.replaceAll("[^0-9]", "");
        return new int[] {Integer.parseInt(digits) - 1, col};
    }
}
