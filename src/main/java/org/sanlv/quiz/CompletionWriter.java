package org.sanlv.quiz;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit of quiz completions: one writer thread takes what has queued up and stores it with one multi-row
 * {@code INSERT … ON CONFLICT DO NOTHING RETURNING} in one transaction; every waiting request is answered after that
 * {@code COMMIT} (acknowledged = committed). A row that was not inserted is either a retry of a stored key (answered
 * with what was stored) or a second completion of the device this year. If PostgreSQL refuses the batch for what is
 * in it, each row is stored again on its own, so a bad row fails alone.
 */
@Component
class CompletionWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CompletionWriter.class);

  record Row(UUID key, int year, String deviceHash, String networkHash, String areaCode, Long editionId, int questions,
      int correct, Instant completedAt, boolean burst) {}

  enum Outcome { STORED, REPEAT, ALREADY_COUNTED }

  /** What became of a row; for a repeat, the figures stored the first time. */
  record Written(Outcome outcome, int questions, int correct) {}

  private record Pending(Row row, CompletableFuture<Written> future) {}

  private static final String INSERT = """
      insert into quiz_completion (idempotency_key, year, device_hash, network_hash, area_code, edition_id, questions,
                                   correct, completed_at, burst)
      select * from unnest(?::uuid[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::integer[],
                           ?::integer[], ?::timestamptz[], ?::boolean[])
      on conflict do nothing
      returning idempotency_key
      """;

  private static final String EXISTING = """
      select idempotency_key, questions, correct from quiz_completion where idempotency_key = any (?::uuid[])
      """;

  private final DataSource dataSource;
  private final QuizSettings settings;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private Thread thread;
  private volatile boolean running;

  CompletionWriter(DataSource dataSource, QuizSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** Queues a row; the future completes after the transaction holding it committed (or fails). */
  CompletableFuture<Written> write(Row row) {
    CompletableFuture<Written> future = new CompletableFuture<>();
    if (!running) {
      future.completeExceptionally(new IllegalStateException("quiz writer is stopped"));
      return future;
    }
    queue.add(new Pending(row, future));
    return future;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "quiz-writer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    if (!left.isEmpty()) {
      writeBatch(left);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100; // stop after the web server, before the data source
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, Math.max(1, settings.batchSize()) - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        log.error("quiz writer: unexpected failure", e);
        batch.forEach(p -> p.future().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  private void writeBatch(List<Pending> batch) {
    try {
      List<Written> results = storeInOneTransaction(batch.stream().map(Pending::row).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).future().complete(results.get(i));
      }
    } catch (SQLException e) {
      if (batch.size() == 1 || unavailable(e)) {
        log.warn("quiz writer: {} completion(s) not stored: {}", batch.size(), e.getMessage());
        batch.forEach(p -> p.future().completeExceptionally(e));
        return;
      }
      log.warn("quiz writer: batch of {} refused ({}); storing each on its own", batch.size(), e.getMessage());
      for (Pending p : batch) {
        writeBatch(List.of(p));
      }
    }
  }

  /** The database itself failed (no connection, shutdown): retrying row by row would only multiply the wait. */
  private static boolean unavailable(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  /** Stores the rows in one transaction; the result of each row, in order. */
  private List<Written> storeInOneTransaction(List<Row> rows) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
          int n = rows.size();
          Object[][] columns = new Object[10][n];
          for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            columns[0][i] = r.key();
            columns[1][i] = r.year();
            columns[2][i] = r.deviceHash();
            columns[3][i] = r.networkHash();
            columns[4][i] = r.areaCode();
            columns[5][i] = r.editionId();
            columns[6][i] = r.questions();
            columns[7][i] = r.correct();
            columns[8][i] = Timestamp.from(r.completedAt());
            columns[9][i] = r.burst();
          }
          String[] types = {"uuid", "integer", "text", "text", "text", "bigint", "integer", "integer", "timestamptz",
              "boolean"};
          for (int k = 0; k < types.length; k++) {
            Array a = c.createArrayOf(types[k], columns[k]);
            insert.setArray(k + 1, a);
          }
          try (ResultSet rs = insert.executeQuery()) {
            while (rs.next()) {
              inserted.add(rs.getObject(1, UUID.class));
            }
          }
        }
        Map<UUID, Written> existing = new HashMap<>();
        List<UUID> others = rows.stream().map(Row::key).filter(k -> !inserted.contains(k)).distinct().toList();
        if (!others.isEmpty()) {
          try (PreparedStatement select = c.prepareStatement(EXISTING)) {
            select.setArray(1, c.createArrayOf("uuid", others.toArray()));
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                existing.put(rs.getObject(1, UUID.class), new Written(Outcome.REPEAT, rs.getInt(2), rs.getInt(3)));
              }
            }
          }
        }
        c.commit();
        List<Written> results = new ArrayList<>(rows.size());
        Set<UUID> answered = new HashSet<>();
        for (Row r : rows) {
          if (inserted.contains(r.key()) && answered.add(r.key())) {
            results.add(new Written(Outcome.STORED, r.questions(), r.correct()));
          } else if (inserted.contains(r.key())) {
            // the same key twice in one batch: the second is a repeat of the first
            results.add(new Written(Outcome.REPEAT, r.questions(), r.correct()));
          } else {
            results.add(existing.getOrDefault(r.key(), new Written(Outcome.ALREADY_COUNTED, 0, 0)));
          }
        }
        return results;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is gone; the exception above says why
        }
        throw e;
      }
    }
  }
}
