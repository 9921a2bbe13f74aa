package org.sanlv.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the application starts itself when no external database is configured.
 *
 * <p>One per JVM: integration tests share it across application contexts, so it is reference counted
 * and stopped when the last context closes (or at JVM exit).
 */
public final class EmbeddedDatabase {

  static final String DATABASE = "sanlv";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static EmbeddedDatabase instance;

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private int users;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts the server (or joins the one already running in this JVM). */
  static synchronized EmbeddedDatabase acquire(Path dataRoot, int port, boolean clean, boolean durable) {
    if (instance == null) {
      instance = start(dataRoot, port, clean, durable);
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stopNow, "embedded-postgres-stop"));
    }
    instance.users++;
    return instance;
  }

  /** Releases one user; the last one stops the server. */
  synchronized void release() {
    if (--users <= 0) {
      stopNow();
    }
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", DATABASE);
  }

  int port() {
    return postgres.getPort();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  private static synchronized void stopNow() {
    if (instance == null) {
      return;
    }
    try {
      instance.postgres.close();
      log.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
    instance = null;
  }

  private static EmbeddedDatabase start(Path dataRoot, int port, boolean clean, boolean durable) {
    Path pgData = dataRoot.resolve("pg").toAbsolutePath();
    Path binaries = dataRoot.resolve("pg-bin").toAbsolutePath();
    try {
      if (clean) {
        deleteTree(pgData);
      }
      Files.createDirectories(binaries);
      stopOrphanedServer(pgData);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(binaries.toFile())
          .setServerConfig("max_connections", "200")
          .setServerConfig("shared_buffers", "128MB")
          .setServerConfig("timezone", "UTC")
          // zonky starts PostgreSQL for throwaway test databases (-F, synchronous_commit=off); this one keeps
          // the platform's data, so an acknowledged commit must survive a crash. The later -c wins over -F.
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      createDatabaseIfMissing(postgres);
      log.info("Embedded PostgreSQL 18 running on port {} with data in {}", postgres.getPort(), pgData);
      return new EmbeddedDatabase(postgres, pgData);
    } catch (IOException | java.sql.SQLException e) {
      throw new IllegalStateException("Could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws java.sql.SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("create database " + DATABASE + " encoding 'UTF8' template template0");
    }
  }

  /**
   * After a {@code kill -9} of the JVM, PostgreSQL keeps running and holds {@code postmaster.pid}; the next
   * start would fail. Stop that orphan first (fast shutdown), but only if the PID really is a postgres process.
   */
  static void stopOrphanedServer(Path pgData) throws IOException {
    Optional<Long> pid = postmasterPid(pgData);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
    if (process.isEmpty() || !isPostgres(pid.get())) {
      return;
    }
    log.warn("Stopping an orphaned PostgreSQL (pid {}) left running on {} by an earlier run", pid.get(), pgData);
    // SIGINT = PostgreSQL's fast shutdown: rolls back open transactions, keeps every committed one.
    new ProcessBuilder("kill", "-INT", String.valueOf(pid.get())).inheritIO().start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (process.get().isAlive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (process.get().isAlive()) {
      throw new IllegalStateException("An orphaned PostgreSQL (pid " + pid.get() + ") does not stop; stop it by hand");
    }
  }

  private static Optional<Long> postmasterPid(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(pidFile, StandardCharsets.US_ASCII)) {
      return lines.findFirst().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong);
    }
  }

  private static boolean isPostgres(long pid) {
    try {
      String comm = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim();
      return comm.startsWith("postgres");
    } catch (IOException e) {
      // No /proc (not Linux): trust the command line that ProcessHandle reports.
      return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.contains("postgres")).orElse(false);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    stopOrphanedServer(dir);
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
