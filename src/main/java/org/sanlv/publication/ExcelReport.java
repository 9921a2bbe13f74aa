package org.sanlv.publication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A publication as the office circulates it: a sheet for the overall ranking and one per indicator, each with the
 * title merged across the top, the survey, publication date and data cut-off under it, then a block per source
 * (its whole, a header row, one row per county or town in rank order). Rates are numbers formatted as percentages
 * with one decimal, so the sheet can be sorted and summed; the A4 print is landscape, one page wide.
 */
final class ExcelReport {

  /** Columns of an indicator's block: rank, name, rate, CI low, CI high, n, diff, beyond noise, and the scores. */
  static final int SCORED_COLUMNS = 12;
  static final int PLAIN_COLUMNS = 8;

  private final Publication publication;
  private final Labels labels;
  private final XSSFWorkbook book = new XSSFWorkbook();
  private final CellStyle titleStyle;
  private final CellStyle metaStyle;
  private final CellStyle headStyle;
  private final CellStyle blockStyle;
  private final CellStyle text;
  private final CellStyle percent;
  private final CellStyle decimal2;
  private final CellStyle decimal1;
  private final CellStyle integer;
  private final Set<String> sheetNames = new HashSet<>();

  ExcelReport(Publication publication, Labels labels) {
    this.publication = publication;
    this.labels = labels;
    XSSFFont bold = book.createFont();
    bold.setBold(true);
    XSSFFont big = book.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 14);
    titleStyle = book.createCellStyle();
    titleStyle.setFont(big);
    titleStyle.setAlignment(HorizontalAlignment.CENTER);
    metaStyle = book.createCellStyle();
    metaStyle.setWrapText(true);
    blockStyle = book.createCellStyle();
    blockStyle.setFont(bold);
    headStyle = bordered();
    headStyle.setFont(bold);
    headStyle.setWrapText(true);
    headStyle.setAlignment(HorizontalAlignment.CENTER);
    headStyle.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    headStyle.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    text = bordered();
    percent = numeric("0.0%");
    decimal2 = numeric("0.00");
    decimal1 = numeric("0.0");
    integer = numeric("0");
  }

  byte[] write() {
    Snapshot s = publication.snapshot();
    if (!s.totals().isEmpty()) {
      Sheet sheet = sheet(labels.t("publication.overall.sheet"));
      int r = top(sheet, 4, labels.rules(s.rules()));
      r = block(sheet, r, labels.t("publication.overall"), labels.t("publication.overall.help"), 4);
      head(sheet, r++, labels.t("publication.col.rank"), labels.level(s.level()),
          labels.t("publication.col.totalDeduction"), labels.t("publication.col.totalExpected"));
      for (Snapshot.TotalPart t : s.totals()) {
        Row row = sheet.createRow(r++);
        rank(row, 0, t.rank());
        put(row, 1, t.name());
        put(row, 2, t.deduction(), decimal2);
        put(row, 3, t.expectedDeduction(), decimal2);
      }
      widths(sheet, 4);
    }
    for (Snapshot.IndicatorPart indicator : s.indicators()) {
      int columns = indicator.scored() ? SCORED_COLUMNS : PLAIN_COLUMNS;
      Sheet sheet = sheet(indicator.label(labels.language()));
      int r = top(sheet, columns, indicator.scored()
          ? labels.t("publication.scored", Labels.trim(indicator.pointsPerPoint())) : labels.t("publication.notScored"));
      boolean p = indicator.percent();
      CellStyle rate = p ? percent : decimal2;
      for (Snapshot.SourcePart source : indicator.sources()) {
        Snapshot.Value w = source.whole();
        r = block(sheet, r, labels.source(source.source()), labels.t("publication.whole", s.wholeName(),
            labels.format.rate(w.rate(), p), labels.format.interval(w.low(), w.high(), p), w.n()), columns);
        List<String> heads = new java.util.ArrayList<>(List.of(labels.t("publication.col.rank"), labels.level(s.level()),
            labels.t("publication.col.rate"), labels.t("publication.col.ciLow"), labels.t("publication.col.ciHigh"),
            labels.t("publication.col.n"), labels.t("publication.col.diff", s.wholeName()),
            labels.t("publication.col.noise")));
        if (indicator.scored()) {
          heads.addAll(List.of(labels.t("publication.col.deduction"), labels.t("publication.col.expected"),
              labels.t("publication.col.rangeLow"), labels.t("publication.col.rangeHigh")));
        }
        head(sheet, r++, heads.toArray(String[]::new));
        for (Snapshot.RowPart row : source.rows()) {
          Row x = sheet.createRow(r++);
          rank(x, 0, row.rank());
          put(x, 1, row.name());
          put(x, 2, row.value().rate(), rate);
          put(x, 3, row.value().low(), rate);
          put(x, 4, row.value().high(), rate);
          put(x, 5, (double) row.value().n(), integer);
          put(x, 6, row.diff() == null ? null : p ? row.diff() * 100 : row.diff(), p ? decimal1 : decimal2);
          put(x, 7, row.diff() == null ? ReportFormat.NONE
              : row.beyondNoise() ? labels.t("publication.yes") : labels.t("publication.no"));
          if (indicator.scored()) {
            Snapshot.ScorePart sc = row.score();
            put(x, 8, sc == null ? null : sc.deduction(), decimal2);
            put(x, 9, sc == null ? null : sc.expectedDeduction(), decimal2);
            put(x, 10, sc == null ? null : sc.deductionLow(), decimal2);
            put(x, 11, sc == null ? null : sc.deductionHigh(), decimal2);
          }
        }
        r++;
      }
      widths(sheet, columns);
    }
    if (book.getNumberOfSheets() == 0) {
      top(sheet(labels.t("publication.overall.sheet")), 4, labels.rules(s.rules()));
    }
    try (book; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The title row merged across the table, the survey and dates under it, and one more line; the next free row. */
  private int top(Sheet sheet, int columns, String line) {
    Snapshot s = publication.snapshot();
    merged(sheet, 0, columns, publication.title(), titleStyle).setHeightInPoints(24);
    merged(sheet, 1, columns, labels.t("publication.meta.survey", s.survey().name()) + "    "
        + labels.t("publication.meta.publishedAt", labels.format.day(s.publishedAt())) + "    "
        + labels.t("publication.meta.dataAsOf", labels.format.minute(s.dataAsOf())), metaStyle);
    merged(sheet, 2, columns, line, metaStyle).setHeightInPoints(30);
    PrintSetup print = sheet.getPrintSetup();
    print.setPaperSize(PrintSetup.A4_PAPERSIZE);
    print.setLandscape(true);
    sheet.setFitToPage(true);
    print.setFitWidth((short) 1);
    print.setFitHeight((short) 0);
    sheet.getFooter().setCenter(labels.t("publication.meta.digest", labels.format.shortDigest(publication.sha256())));
    return 4;
  }

  private int block(Sheet sheet, int r, String name, String whole, int columns) {
    Row row = sheet.createRow(r);
    Cell c = row.createCell(0);
    c.setCellValue(name);
    c.setCellStyle(blockStyle);
    merged(sheet, r + 1, columns, whole, metaStyle);
    return r + 2;
  }

  private Row merged(Sheet sheet, int r, int columns, String value, CellStyle style) {
    Row row = sheet.createRow(r);
    Cell c = row.createCell(0);
    c.setCellValue(value);
    c.setCellStyle(style);
    if (columns > 1) {
      sheet.addMergedRegion(new CellRangeAddress(r, r, 0, columns - 1));
    }
    return row;
  }

  private void head(Sheet sheet, int r, String... heads) {
    Row row = sheet.createRow(r);
    row.setHeightInPoints(30);
    for (int i = 0; i < heads.length; i++) {
      Cell c = row.createCell(i);
      c.setCellValue(heads[i]);
      c.setCellStyle(headStyle);
    }
  }

  private void rank(Row row, int col, Integer rank) {
    if (rank == null) {
      put(row, col, labels.t("publication.tooFew"));
    } else {
      put(row, col, (double) rank, integer);
    }
  }

  private void put(Row row, int col, String value) {
    Cell c = row.createCell(col);
    c.setCellValue(value);
    c.setCellStyle(text);
  }

  private void put(Row row, int col, Double value, CellStyle style) {
    Cell c = row.createCell(col);
    if (value == null) {
      c.setCellValue(ReportFormat.NONE);
      c.setCellStyle(text);
    } else {
      c.setCellValue(value);
      c.setCellStyle(style);
    }
  }

  private static void widths(Sheet sheet, int columns) {
    sheet.setColumnWidth(0, 12 * 256);
    sheet.setColumnWidth(1, 20 * 256);
    for (int i = 2; i < columns; i++) {
      sheet.setColumnWidth(i, 12 * 256);
    }
  }

  /** A sheet named as Excel allows (31 characters, no []:*?/\), unique in the book. */
  private Sheet sheet(String name) {
    String safe = WorkbookUtil.createSafeSheetName(name);
    String unique = safe;
    for (int i = 2; sheetNames.contains(unique); i++) {
      unique = WorkbookUtil.createSafeSheetName(safe.substring(0, Math.min(safe.length(), 27)) + " (" + i + ")");
    }
    sheetNames.add(unique);
    return book.createSheet(unique);
  }

  private CellStyle bordered() {
    CellStyle s = book.createCellStyle();
    s.setBorderBottom(BorderStyle.THIN);
    s.setBorderTop(BorderStyle.THIN);
    s.setBorderLeft(BorderStyle.THIN);
    s.setBorderRight(BorderStyle.THIN);
    return s;
  }

  private CellStyle numeric(String format) {
    CellStyle s = bordered();
    s.setDataFormat(book.createDataFormat().getFormat(format));
    return s;
  }
}
