package org.sanlv.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels from a questionnaire and typed answers that a spreadsheet would run reach the CSV files as text. */
class FormulaInjectionTest {

  @Test
  void labelsAndAnswersStartingLikeFormulasAreInertInDataAndCodebook() {
    ResponseLayout layout = ResponseLayout.of(List.of(
        Question.selectOne("q1", "=cmd|' /C calc'!A0", List.of(new Choice("1", "+1 好"), new Choice("2", "@较好"))),
        Question.text("q20", "-意见", 600)));
    List<Object[]> rows = List.<Object[]>of(layout.row(new Response("r1", "330604", "r1", 1.0,
        Map.of("q1", "1", "q20", "=HYPERLINK(\"http://x\",\"y\")"))));
    String data = write(layout.dataset("t", RowSource.of(rows)), ExportFormat.CSV);
    assertThat(data).contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"").doesNotContain(",\"=HYPERLINK");
    String codebook = write(layout.dataset("t", RowSource.of(rows)), ExportFormat.CODEBOOK);
    assertThat(codebook).contains("'=cmd|' /C calc'!A0", "'-意见").doesNotContain(",=cmd", ",-意见");
  }

  private static String write(Dataset dataset, ExportFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataExports.write(dataset, format, out, ExportFixtures.FIXED);
    return out.toString(StandardCharsets.UTF_8);
  }
}
