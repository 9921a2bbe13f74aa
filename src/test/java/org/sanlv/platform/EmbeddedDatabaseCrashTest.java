package org.sanlv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a {@code kill -9} of the application, its PostgreSQL keeps running and holds the data directory; the next
 * start must stop that orphan and come up with every committed row.
 */
class EmbeddedDatabaseCrashTest {

  @TempDir Path dir;

  @Test
  void theNextStartStopsTheOrphanedServerAndKeepsCommittedData() throws Exception {
    Process writer = child("write");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // PostgreSQL's start-up log
      }
      assertThat(line).isEqualTo("READY");
    }
    writer.destroyForcibly(); // SIGKILL: no shutdown hook runs
    writer.waitFor(30, TimeUnit.SECONDS);
    long orphan = Long.parseLong(Files.readAllLines(dir.resolve("pg/postmaster.pid")).get(0).trim());
    assertThat(ProcessHandle.of(orphan)).as("PostgreSQL outlives the killed JVM").isPresent();

    Process reader = child("read");
    String output = new String(reader.getInputStream().readAllBytes());
    assertThat(reader.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(reader.exitValue()).isZero();
    assertThat(output).contains("COUNT 1");
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  private Process child(String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        EmbeddedDatabaseChild.class.getName(), mode, dir.toString())
        .redirectErrorStream(true).start();
  }
}
