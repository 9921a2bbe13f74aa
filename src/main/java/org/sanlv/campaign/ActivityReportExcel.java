package org.sanlv.campaign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.sanlv.campaign.ActivityReport.Counts;

/**
 * The Excel file in appendix 7's layout: a summary sheet first (a row per unit of the roll-up, the fields as
 * columns, the total) and then one sheet per submitted report laid out as the paper form — title 平安宣传活动情况表,
 * the 乡镇街道、部门单位 line, the 2 × 4 grid of counts (label above value), 其他 and 活动开展情况.
 */
final class ActivityReportExcel {

  private final ActivityRollup rollup;
  private final List<ActivityReport> reports;
  private final Function<String, String> label;

  /** @param label message text by key (in the reader's language) */
  ActivityReportExcel(ActivityRollup rollup, List<ActivityReport> reports, Function<String, String> label) {
    this.rollup = rollup;
    this.reports = reports;
    this.label = label;
  }

  byte[] write() {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      CellStyle title = style(book, true, 14);
      CellStyle head = style(book, true, 11);
      CellStyle cell = style(book, false, 11);
      Set<String> names = new HashSet<>();
      summary(book.createSheet(unique(names, label.apply("campaign.report.excel.summary"))), title, head, cell);
      for (ActivityReport r : reports) {
        form(book.createSheet(unique(names, r.unitName())), r, title, head, cell);
      }
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void summary(Sheet s, CellStyle title, CellStyle head, CellStyle cell) {
    int columns = 6 + Counts.NUMBERS.size();
    Row t = s.createRow(0);
    set(t, 0, rollup.areaName() + " · " + rollup.month() + " · " + label.apply("campaign.report.excel.title"), title);
    s.addMergedRegion(new CellRangeAddress(0, 0, 0, columns - 1));
    Row h = s.createRow(1);
    int c = 0;
    set(h, c++, label.apply("campaign.report.col.unit"), head);
    set(h, c++, label.apply("campaign.report.col.units"), head);
    set(h, c++, label.apply("campaign.report.col.submitted"), head);
    set(h, c++, label.apply("campaign.report.col.missing"), head);
    set(h, c++, label.apply("campaign.report.col.late"), head);
    set(h, c++, label.apply("campaign.report.col.accepted"), head);
    for (String f : Counts.NUMBERS) {
      set(h, c++, label.apply("campaign.report.field." + f), head);
    }
    int i = 2;
    for (ActivityRollup.Row r : rollup.rows()) {
      row(s.createRow(i++), r.name(), r, cell);
    }
    row(s.createRow(i), label.apply("campaign.report.total"), rollup.total(), head);
    for (int k = 0; k < columns; k++) {
      s.setColumnWidth(k, k == 0 ? 24 * 256 : 14 * 256);
    }
  }

  private static void row(Row x, String name, ActivityRollup.Row r, CellStyle style) {
    int c = 0;
    set(x, c++, name, style);
    num(x, c++, r.units(), style);
    num(x, c++, r.submitted(), style);
    num(x, c++, r.missing(), style);
    num(x, c++, r.late(), style);
    num(x, c++, r.accepted(), style);
    for (long v : r.sums()) {
      num(x, c++, v, style);
    }
  }

  private void form(Sheet s, ActivityReport r, CellStyle title, CellStyle head, CellStyle cell) {
    Row t = s.createRow(0);
    set(t, 0, label.apply("campaign.report.excel.title"), title);
    s.addMergedRegion(new CellRangeAddress(0, 0, 0, 3));
    Row u = s.createRow(1);
    set(u, 0, label.apply("campaign.report.excel.unitLine") + r.unitName() + "  (" + r.month() + ")", cell);
    s.addMergedRegion(new CellRangeAddress(1, 1, 0, 3));
    int[] n = r.counts().numbers();
    for (int half = 0; half < 2; half++) {
      Row labels = s.createRow(2 + half * 2);
      Row values = s.createRow(3 + half * 2);
      labels.setHeightInPoints(32);
      for (int k = 0; k < 4; k++) {
        set(labels, k, label.apply("campaign.report.field." + Counts.NUMBERS.get(half * 4 + k)), head);
        num(values, k, n[half * 4 + k], cell);
      }
    }
    Row other = s.createRow(6);
    set(other, 0, label.apply("campaign.report.field.other"), head);
    set(other, 1, r.counts().other(), cell);
    s.addMergedRegion(new CellRangeAddress(6, 6, 1, 3));
    Row d = s.createRow(7);
    d.setHeightInPoints(120);
    set(d, 0, label.apply("campaign.report.excel.description"), head);
    set(d, 1, r.counts().description(), cell);
    s.addMergedRegion(new CellRangeAddress(7, 7, 1, 3));
    Row note = s.createRow(8);
    set(note, 0, label.apply("campaign.report.excel.files") + r.counts().fileIds().size(), cell);
    s.addMergedRegion(new CellRangeAddress(8, 8, 0, 3));
    for (int k = 0; k < 4; k++) {
      s.setColumnWidth(k, 22 * 256);
    }
  }

  private static void set(Row row, int column, String value, CellStyle style) {
    var c = row.createCell(column);
    c.setCellValue(value);
    c.setCellStyle(style);
  }

  private static void num(Row row, int column, long value, CellStyle style) {
    var c = row.createCell(column);
    c.setCellValue(value);
    c.setCellStyle(style);
  }

  private static CellStyle style(XSSFWorkbook book, boolean bold, int points) {
    CellStyle s = book.createCellStyle();
    Font f = book.createFont();
    f.setBold(bold);
    f.setFontHeightInPoints((short) points);
    s.setFont(f);
    s.setWrapText(true);
    s.setVerticalAlignment(VerticalAlignment.CENTER);
    s.setAlignment(bold ? HorizontalAlignment.CENTER : HorizontalAlignment.GENERAL);
    s.setBorderTop(BorderStyle.THIN);
    s.setBorderBottom(BorderStyle.THIN);
    s.setBorderLeft(BorderStyle.THIN);
    s.setBorderRight(BorderStyle.THIN);
    return s;
  }

  /** A sheet name Excel accepts (≤ 31 characters, no []:*?/\), unique in the book. */
  private static String unique(Set<String> taken, String name) {
    String base = WorkbookUtil.createSafeSheetName(name == null || name.isBlank() ? "-" : name);
    String n = base;
    for (int i = 2; !taken.add(n.toLowerCase(java.util.Locale.ROOT)); i++) {
      String suffix = " (" + i + ")";
      n = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
    }
    return n;
  }
}
