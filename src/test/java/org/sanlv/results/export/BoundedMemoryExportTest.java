package org.sanlv.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format exported by a child JVM whose heap is capped at 256 MB, rows generated on the fly: 20,000 rows
 * by default, 1,000,000 with {@code -Dtest.tags.excluded= -Dgroups=benchmark} (figures in the output).
 */
class BoundedMemoryExportTest {

  @TempDir Path dir;

  @Test
  void exportsTwentyThousandRowsToEveryFormatWithin256Megabytes() throws Exception {
    List<String> report = export(20_000);

    assertThat(report).hasSize(4);
    assertThat(DtaReader.read(dir.resolve("responses.dta")).rows()).hasSize(20_000);
    SavReader.SavFile sav = SavReader.read(dir.resolve("responses.sav"));
    assertThat(sav.cases()).isEqualTo(20_000);
    assertThat(sav.rows()).hasSize(20_000);
    assertThat(sav.rows().get(19_999)[0]).isEqualTo("R19999");
    assertThat(Files.lines(dir.resolve("responses.csv"))).hasSize(20_001);
  }

  @Test
  @Tag("benchmark")
  void exportsAMillionRowsToEveryFormatWithin256Megabytes() throws Exception {
    export(1_000_000);

    assertThat(headerLong(dir.resolve("responses.dta"), "<N>")).isEqualTo(1_000_000);
    ByteBuffer sav = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("responses.sav")), 0, 84).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(sav.getInt(80)).isEqualTo(1_000_000);
  }

  private List<String> export(long rows) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = List.of(
        java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
        "-cp", System.getProperty("java.class.path"),
        ExportBenchmark.class.getName(), Long.toString(rows), dir.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> report = new ArrayList<>();
    try (var out = p.inputReader()) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("[export " + rows + "] " + line);
        if (line.startsWith("format=")) {
          report.add(line);
        }
      }
    }
    assertThat(p.waitFor(30, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("child JVM exit code").isZero();
    return report;
  }

  private static long headerLong(Path dta, String tag) throws IOException {
    byte[] head = new byte[200];
    try (var in = Files.newInputStream(dta)) {
      in.readNBytes(head, 0, head.length);
    }
    String s = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = s.indexOf(tag) + tag.length();
    return ByteBuffer.wrap(head, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
