package org.sanlv.results.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming SXSSF: only a window of rows stays in memory, the rest goes to a compressed
 * temporary file that is deleted at the end. Sheet "data" has the variable names in row 1; past Excel's
 * 1,048,576 rows the data continue in "data_2", "data_3"… each with the same header. Sheet "codebook" lists
 * variable, label, type and values. Numbers are numeric cells, missing numbers blank cells; strings longer
 * than Excel's 32,767 characters are cut.
 */
final class XlsxWriter {

  static final int MAX_CELL_CHARS = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
  static final int ROWS_PER_SHEET = SpreadsheetVersion.EXCEL2007.getMaxRows();

  private XlsxWriter() {}

  static ExportResult write(Dataset dataset, OutputStream target, ExportOptions options) {
    List<Variable> vars = dataset.variables();
    long[] counts = new long[2];
    var wb = new SXSSFWorkbook(options.xlsxRowWindow());
    try {
      wb.setCompressTempFiles(true);
      SXSSFSheet[] sheet = {newDataSheet(wb, "data", vars)};
      int[] next = {1};
      dataset
          .rows()
          .forEach(
              row -> {
                long r = ++counts[0];
                Cells.checkLength(row, vars, r);
                if (next[0] == ROWS_PER_SHEET) {
                  sheet[0] = newDataSheet(wb, "data_" + (wb.getNumberOfSheets() + 1), vars);
                  next[0] = 1;
                }
                Row xr = sheet[0].createRow(next[0]++);
                for (int i = 0; i < row.length; i++) {
                  Variable v = vars.get(i);
                  if (v.isNumeric()) {
                    double x = Cells.number(row[i], v, r);
                    if (!Double.isNaN(x)) {
                      xr.createCell(i).setCellValue(x);
                    }
                  } else if (row[i] != null) {
                    String s = row[i].toString();
                    if (s.length() > MAX_CELL_CHARS) {
                      s = s.substring(0, Character.isHighSurrogate(s.charAt(MAX_CELL_CHARS - 1))
                          ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS);
                      counts[1]++;
                    }
                    xr.createCell(i).setCellValue(s);
                  }
                }
              });
      SXSSFSheet codebook = wb.createSheet("codebook");
      header(codebook, Codebook.HEADER);
      int r = 1;
      for (String[] line : Codebook.lines(dataset)) {
        Row xr = codebook.createRow(r++);
        for (int i = 0; i < line.length; i++) {
          xr.createCell(i).setCellValue(line[i]);
        }
      }
      wb.write(target);
      target.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        wb.close(); // also deletes SXSSF's temporary files
      } catch (IOException e) {
        // the workbook is written or failed already; nothing left to report
      }
    }
    return new ExportResult(ExportFormat.XLSX, counts[0], counts[1]);
  }

  private static SXSSFSheet newDataSheet(SXSSFWorkbook wb, String name, List<Variable> vars) {
    SXSSFSheet sheet = wb.createSheet(name);
    header(sheet, vars.stream().map(Variable::name).toArray(String[]::new));
    sheet.createFreezePane(0, 1);
    return sheet;
  }

  private static void header(SXSSFSheet sheet, String[] names) {
    Row row = sheet.createRow(0);
    for (int i = 0; i < names.length; i++) {
      row.createCell(i).setCellValue(names[i]);
    }
  }
}
