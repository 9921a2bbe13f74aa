package org.sanlv.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The writers are deterministic: the fixture dataset with a fixed creation time gives the golden files byte
 * for byte. The golden .dta and .sav were checked once with pspp and R haven (src/test/r/export/). After an
 * intended change, regenerate with {@code -Dsanlv.export.regenerate=true} and check them again.
 */
class GoldenFilesTest {

  static final Path GOLDEN = Path.of("src/test/resources/estimation/export");

  static final Map<ExportFormat, String> FILES =
      Map.of(
          ExportFormat.CSV, "responses.csv",
          ExportFormat.CODEBOOK, "responses.codebook.csv",
          ExportFormat.STATA, "responses.dta",
          ExportFormat.SPSS, "responses.sav");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = ExportFormat.class, names = {"CSV", "CODEBOOK", "STATA", "SPSS"})
  void writesTheGoldenBytes(ExportFormat format) throws IOException {
    Path written = dir.resolve(FILES.get(format));
    DataExports.write(ExportFixtures.dataset(), format, written, ExportFixtures.FIXED.withByteOrderMark(true));
    Path golden = GOLDEN.resolve(FILES.get(format));
    if (Boolean.getBoolean("sanlv.export.regenerate")) {
      Files.copy(written, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(golden));
  }
}
