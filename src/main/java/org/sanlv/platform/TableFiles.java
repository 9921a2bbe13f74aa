package org.sanlv.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A table of text (the first row its header) as the files officials open: CSV in UTF-8 with a BOM and CRLF (so Excel
 * reads the Chinese), every cell inert ({@link CsvCells#text}), or one XLSX sheet of text cells.
 */
public final class TableFiles {

  private TableFiles() {}

  public static byte[] csv(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    out.write('\uFEFF');
    try {
      for (List<String> row : rows) {
        CsvCells.line(out, row.stream().map(CsvCells::text).toList(), "\r\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One sheet named {@code sheetName}; with {@code frozenHeader} the first row stays in view when scrolling. */
  public static byte[] xlsx(List<List<String>> rows, String sheetName, boolean frozenHeader) {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet(sheetName);
      for (int r = 0; r < rows.size(); r++) {
        Row row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          // cells hold text as typed: a cell starting with = stays text in XLSX (no formula cells)
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      if (frozenHeader) {
        sheet.createFreezePane(0, 1);
      }
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
