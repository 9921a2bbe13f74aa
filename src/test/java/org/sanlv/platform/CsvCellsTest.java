package org.sanlv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OWASP's CSV-injection rule and RFC 4180 quoting, for every CSV the platform writes. */
class CsvCellsTest {

  @Test
  void textStartingLikeAFormulaIsWrittenAsText() {
    for (String dangerous : List.of("=1+1", "+86 139", "-2+3", "@SUM(A1)", "\tx", "\rx")) {
      assertThat(CsvCells.text(dangerous)).isEqualTo("'" + dangerous);
    }
    for (String harmless : List.of("上虞区", "1+1", "a=b", "", "'quoted")) {
      assertThat(CsvCells.text(harmless)).isEqualTo(harmless);
    }
  }

  @Test
  void aLineQuotesWhatNeedsQuotingAndLeavesNumbersAlone() throws Exception {
    StringWriter out = new StringWriter();
    CsvCells.line(out, Arrays.asList("=HYPERLINK(\"x\",\"y\")", -3, -0.5, Double.NaN, null, "a,b", "多\n行"), "\r\n");
    assertThat(out.toString()).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",-3,-0.5,,,\"a,b\",\"多\n行\"\r\n");
  }
}
