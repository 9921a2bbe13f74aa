package org.sanlv.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each format, read back by a reader written from the specification, holds the same values and labels. */
class RoundTripTest {

  @TempDir Path dir;

  private final Dataset dataset = ExportFixtures.dataset();
  private final List<Variable> vars = dataset.variables();

  /**
   * The fixture rows as a reader should find them: strings cut to their width and {@code maxBytes} (not at
   * all for {@code Integer.MAX_VALUE}), missing strings empty.
   */
  private List<List<Object>> expected(int maxBytes) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] row : ExportFixtures.rows()) {
      List<Object> r = new ArrayList<>();
      for (int i = 0; i < row.length; i++) {
        Variable v = vars.get(i);
        if (v.isNumeric()) {
          r.add(row[i] == null ? null : ((Number) row[i]).doubleValue());
        } else {
          int limit = maxBytes == Integer.MAX_VALUE ? maxBytes : Math.min(v.width(), maxBytes);
          byte[] b = Cells.utf8(row[i] == null ? "" : row[i].toString(), limit);
          r.add(new String(b, StandardCharsets.UTF_8));
        }
      }
      out.add(r);
    }
    return out;
  }

  private static List<List<Object>> asLists(List<Object[]> rows) {
    return rows.stream().map(r -> (List<Object>) new ArrayList<>(java.util.Arrays.asList(r))).toList();
  }

  @Test
  void stataFileHoldsTheValuesVariableLabelsAndChineseValueLabels() throws IOException {
    Path file = dir.resolve("x.dta");
    ExportResult result = DataExports.write(dataset, ExportFormat.STATA, file, ExportFixtures.FIXED);

    DtaReader.DtaFile dta = DtaReader.read(file);
    assertThat(result.rows()).isEqualTo(5);
    assertThat(result.truncatedValues()).isEqualTo(1); // the 750-byte answer in a 600-byte column
    assertThat(dta.label()).isEqualTo(ExportFixtures.LABEL);
    assertThat(dta.timestamp()).isEqualTo("15 Jan 2026 09:30");
    assertThat(dta.names()).isEqualTo(vars.stream().map(Variable::name).toList());
    assertThat(dta.variableLabels()).isEqualTo(vars.stream().map(Variable::label).toList());
    assertThat(dta.types().get(11)).as("q9 codes 1..5 fit a byte").isEqualTo(65530);
    assertThat(dta.types().get(3)).as("weight").isEqualTo(65526);
    assertThat(dta.types().get(18)).as("q20 str600").isEqualTo(600);
    assertThat(asLists(dta.rows())).isEqualTo(expected(2045));
    assertThat(dta.valueLabelNames().get(11)).isEqualTo("q9");
    assertThat(dta.valueLabels().get("q9")).isEqualTo(Map.of(1, "好", 2, "较好", 3, "一般", 4, "不好", 5, "不知道"));
    assertThat(dta.valueLabels().get("q11_14")).isEqualTo(Map.of(0, "未选", 1, "选中"));
    assertThat(dta.valueLabelNames().get(12)).as("the codes string has no value labels").isEmpty();
  }

  @Test
  void spssFileHoldsTheValuesVariableLabelsAndChineseValueLabels() throws IOException {
    for (boolean compressed : new boolean[] {true, false}) {
      Path file = dir.resolve("x" + compressed + ".sav");
      ExportResult result =
          DataExports.write(dataset, ExportFormat.SPSS, file, ExportFixtures.FIXED.withCompressSav(compressed));

      SavReader.SavFile sav = SavReader.read(file);
      assertThat(result.truncatedValues()).isEqualTo(1);
      assertThat(sav.cases()).isEqualTo(5);
      assertThat(sav.encoding()).isEqualTo("UTF-8");
      assertThat(sav.created()).isEqualTo("15 Jan 26 09:30:00");
      assertThat(sav.variables()).extracting(SavReader.SavVariable::name)
          .isEqualTo(vars.stream().map(Variable::name).toList());
      assertThat(sav.variables()).extracting(SavReader.SavVariable::label)
          .isEqualTo(vars.stream().map(Variable::label).toList());
      assertThat(sav.variables()).extracting(SavReader.SavVariable::valueLabels)
          .isEqualTo(vars.stream().map(Variable::valueLabels).toList());
      assertThat(sav.variables().get(18).width()).as("q20, a very long string").isEqualTo(600);
      assertThat(asLists(sav.rows())).as("compressed " + compressed).isEqualTo(expected(32767));
    }
  }

  @Test
  void xlsxHoldsTheValuesAndACodebookSheet() throws IOException {
    Path file = dir.resolve("x.xlsx");
    DataExports.write(dataset, ExportFormat.XLSX, file, ExportFixtures.FIXED);

    try (InputStream in = Files.newInputStream(file); var wb = new XSSFWorkbook(in)) {
      var data = wb.getSheet("data");
      assertThat(data.getLastRowNum()).isEqualTo(5);
      List<List<Object>> rows = new ArrayList<>();
      for (int r = 1; r <= 5; r++) {
        Row row = data.getRow(r);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
          Cell c = row.getCell(i);
          if (vars.get(i).isNumeric()) {
            values.add(c == null ? null : c.getNumericCellValue());
          } else {
            values.add(c == null ? "" : c.getStringCellValue());
          }
        }
        rows.add(values);
      }
      assertThat(rows).as("XLSX keeps strings whole").isEqualTo(expected(Integer.MAX_VALUE));
      var codebook = wb.getSheet("codebook");
      assertThat(codebook.getRow(12).getCell(1).getStringCellValue()).isEqualTo("九、您觉得本地总体治安状况如何？");
      assertThat(codebook.getRow(12).getCell(3).getStringCellValue()).isEqualTo("1=好; 2=较好; 3=一般; 4=不好; 5=不知道");
    }
  }

  @Test
  void csvHoldsBothRepresentationsOfSelectMultipleAndQuotesAsRfc4180() throws IOException {
    Path file = dir.resolve("x.csv");
    DataExports.write(dataset, ExportFormat.CSV, file, ExportFixtures.FIXED);
    String csv = Files.readString(file);

    assertThat(csv).startsWith("response_id,stratum,psu,weight,stratum_name,mode,submitted_at,flagged,flags,"
        + "q1,age,q9,q11,q11_1,q11_2,q11_3,q11_14,income,q20\r\n");
    assertThat(csv).contains("\r\nr1,330102,330102-001,812.5,上城区,4,2026-01-10T10:05:09+08:00,0,,"
        + "1,34,1,1 2 3,1,1,1,0,1.25,希望多巡逻，路灯再亮一点\r\n");
    assertThat(csv).contains("\r\nr2,330102,330102-001,812.5,上城区,2,2026-01-11T00:30:00+08:00,1,speeder straightliner,"
        + "2,67,2,14,0,0,0,1,,\"说\"\"谢谢\"\",\n还有换行\"\r\n");
    assertThat(csv).contains("\r\nr3,330106,330106-017,1033.125,,,,,,,,,,,,,,0.8,\r\n");
    assertThat(csv.charAt(0)).isNotEqualTo('\uFEFF');
  }
}
