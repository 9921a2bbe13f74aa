package org.sanlv.fieldwork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Group commit: concurrently arriving submissions are written by one writer thread (or a few) in one transaction
 * each — a single multi-row {@code INSERT … ON CONFLICT (survey_id, idempotency_key) DO NOTHING RETURNING}, then a
 * look-up of the keys that were already there — and every submitter's future completes only after the
 * {@code COMMIT} returned. With {@code synchronous_commit} on, an acknowledged response is on disk; one fsync covers
 * the batch.
 *
 * <p>The same statement refuses a second response of a respondent: a row is not inserted when the survey already
 * holds a complete or ineligible response with the same device hash or phone hash. With one writer the check
 * cannot race (batches run one after the other, and duplicates inside a batch are settled here before the SQL).
 *
 * <p>One row must never cost the others their commit: when PostgreSQL refuses a batch for what is in it, the
 * batch is stored again in halves, and the halves of a failing half, until only the rows that fail on their own
 * are left; they alone fail. A failure of the database itself (no connection, shutdown) fails the batch at once:
 * retrying its members would only multiply the wait.
 */
@Component
class ResponseWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

  /** A row to store; {@code receipt} is the code the respondent is shown (see {@link Receipts}). */
  record Row(UUID key, long surveyId, long instrumentId, String countyCode, String stratumCode, String mode,
      ResponseStatus status, Instant startedAt, Instant submittedAt, String deviceHash, String networkHash,
      String phoneHash, List<String> flags, boolean late, String answersJson, String paradataJson, String receipt) {}

  /**
   * What became of a row: stored now, stored before under the same key (with that first receipt), or refused as a
   * second response.
   */
  record Written(long id, ResponseStatus status, boolean repeat, boolean secondResponse, String receipt) {}

  private record Pending(Row row, CompletableFuture<Written> future) {}

  /** A response's identity in the store: keys are unique per survey. */
  private record Key(long surveyId, UUID key) {
    static Key of(Row row) {
      return new Key(row.surveyId(), row.key());
    }
  }

  /** The database itself failed (no connection, connection lost, shutdown): nothing to blame on the rows. */
  private static final class Unavailable extends Exception {
    Unavailable(Throwable cause) {
      super(cause);
    }
  }

  private static final String INSERT = """
      insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                            started_at, submitted_at, device_hash, network_hash, phone_hash, flags, late, answers, paradata,
                            receipt)
      select t.k, t.survey_id, t.instrument_id, t.county_code, t.stratum_code, t.mode, t.status,
             t.started_at, t.submitted_at, t.device_hash, t.network_hash, t.phone_hash,
             coalesce(string_to_array(nullif(t.flags, ''), ','), '{}'), t.late, t.answers::jsonb, t.paradata::jsonb,
             t.receipt
      from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                  ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                  ?::text[])
           as t(k, survey_id, instrument_id, county_code, stratum_code, mode, status, started_at, submitted_at,
                device_hash, network_hash, phone_hash, flags, late, answers, paradata, receipt)
      where t.status = 'rejected'
         or (not exists (select 1 from response r where t.device_hash is not null and r.survey_id = t.survey_id
                           and r.device_hash = t.device_hash and r.status in ('complete', 'ineligible'))
             and not exists (select 1 from response r where t.phone_hash is not null and r.survey_id = t.survey_id
                           and r.phone_hash = t.phone_hash and r.status in ('complete', 'ineligible')))
      on conflict (survey_id, idempotency_key) do nothing
      returning survey_id, idempotency_key, id, status, receipt
      """;

  private static final String EXISTING = """
      select r.survey_id, r.idempotency_key, r.id, r.status, r.receipt
      from response r join unnest(?::bigint[], ?::uuid[]) as k(survey_id, idempotency_key)
        on r.survey_id = k.survey_id and r.idempotency_key = k.idempotency_key
      """;

  private final DataSource dataSource;
  private final FieldworkSettings settings;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  ResponseWriter(DataSource dataSource, FieldworkSettings settings) {
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** Queues a row; the future completes after the transaction holding it committed (or fails). */
  CompletableFuture<Written> write(Row row) {
    CompletableFuture<Written> future = new CompletableFuture<>();
    if (!running) {
      future.completeExceptionally(new IllegalStateException("response writer is stopped"));
      return future;
    }
    queue.add(new Pending(row, future));
    return future;
  }

  @Override
  public synchronized void start() {
    running = true;
    for (int i = 0; i < Math.max(1, settings.writers()); i++) {
      Thread t = new Thread(this::loop, "response-writer-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
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
    return Integer.MAX_VALUE - 100; // stop before the data source closes, after the web server stops taking requests
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(settings.batchSize());
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, settings.batchSize() - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      } catch (RuntimeException e) {
        log.error("response writer: unexpected failure", e);
      } finally {
        batch.clear();
      }
    }
  }

  private void writeBatch(List<Pending> batch) {
    // one entry per key: a retry that arrives while the first attempt is still queued shares its result
    Map<Key, List<Pending>> byKey = new LinkedHashMap<>();
    for (Pending p : batch) {
      byKey.computeIfAbsent(Key.of(p.row()), k -> new ArrayList<>()).add(p);
    }
    // a second response of one respondent within the batch: refused before the SQL (the first one wins)
    Set<String> respondents = new HashSet<>();
    List<Row> rows = new ArrayList<>();
    Map<Key, Written> results = new HashMap<>();
    for (List<Pending> same : byKey.values()) {
      Row row = same.get(0).row();
      boolean counted = row.status() != ResponseStatus.REJECTED;
      boolean second = counted && ((row.deviceHash() != null && !respondents.add(row.surveyId() + "d" + row.deviceHash()))
          | (row.phoneHash() != null && !respondents.add(row.surveyId() + "p" + row.phoneHash())));
      if (second) {
        results.put(Key.of(row), new Written(0, row.status(), false, true, null));
      } else {
        rows.add(row);
      }
    }
    Map<Key, Exception> failures = new HashMap<>();
    store(rows, results, failures);
    // acknowledged only now, after the commit of the transaction that held each row
    byKey.forEach((key, same) -> {
      Written w = results.get(key);
      Exception failed = w != null ? failures.get(key)
          : failures.getOrDefault(key, new IllegalStateException("no result for " + key)); // never left waiting
      for (int i = 0; i < same.size(); i++) {
        if (failed != null) {
          same.get(i).future().completeExceptionally(failed);
        } else {
          same.get(i).future().complete(i == 0 || w.secondResponse() ? w
              : new Written(w.id(), w.status(), true, false, w.receipt()));
        }
      }
    });
  }

  /**
   * Stores {@code rows} in one transaction; if PostgreSQL refuses it for what the rows hold, stores each half in a
   * transaction of its own (and so on down to single rows), so that only rows that fail on their own fail.
   */
  private void store(List<Row> rows, Map<Key, Written> results, Map<Key, Exception> failures) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      results.putAll(storeInOneTransaction(rows));
    } catch (Unavailable e) {
      log.warn("response writer: batch of {} not stored, database unavailable: {}", rows.size(), e.getCause().getMessage());
      rows.forEach(r -> failures.put(Key.of(r), (Exception) e.getCause()));
    } catch (SQLException | RuntimeException e) {
      if (rows.size() == 1) {
        // the message names the problem (e.g. an encoding error), never the answers
        log.warn("response writer: response {} of survey {} not stored: {}", rows.get(0).key(), rows.get(0).surveyId(),
            describe(e));
        failures.put(Key.of(rows.get(0)), e);
        return;
      }
      log.warn("response writer: batch of {} refused ({}); storing it in halves", rows.size(), describe(e));
      int half = rows.size() / 2;
      store(rows.subList(0, half), results, failures);
      store(rows.subList(half, rows.size()), results, failures);
    }
  }

  private Map<Key, Written> storeInOneTransaction(List<Row> rows) throws SQLException, Unavailable {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new Unavailable(e);
    }
    try (c) {
      c.setAutoCommit(false);
      try {
        Map<Key, Written> stored = insert(c, rows);
        List<Row> missing = rows.stream().filter(r -> !stored.containsKey(Key.of(r))).toList();
        Map<Key, Written> existing = missing.isEmpty() ? Map.of() : existing(c, missing);
        c.commit();
        Map<Key, Written> results = new HashMap<>(stored);
        for (Row r : missing) {
          results.put(Key.of(r), existing.getOrDefault(Key.of(r), new Written(0, null, false, true, null)));
        }
        return results;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        if (e instanceof SQLException sql && databaseUnavailable(sql, c)) {
          throw new Unavailable(e);
        }
        throw e;
      }
    }
  }

  /**
   * A failure in a line for the log: the SQLSTATE and PostgreSQL's first line, which names the problem; the detail
   * lines after it may quote the data (a respondent's answers stay out of the log).
   */
  private static String describe(Exception e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    String state = e instanceof SQLException sql && sql.getSQLState() != null ? "SQLSTATE " + sql.getSQLState() + " " : "";
    return state + (message.length() > 160 ? message.substring(0, 160) + "…" : message);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the pool discards it
    }
  }

  /**
   * Whether a failure is the database's rather than the rows': SQLSTATE classes 08 (connection), 53 (insufficient
   * resources), 57 (operator intervention, e.g. shutdown), 58 (system error), or a connection that no longer works.
   */
  private static boolean databaseUnavailable(SQLException e, Connection c) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
        || state.startsWith("58"))) {
      return true;
    }
    try {
      return c.isClosed() || !c.isValid(2);
    } catch (SQLException invalid) {
      return true;
    }
  }

  private static Map<Key, Written> insert(Connection c, List<Row> rows) throws SQLException {
    Map<Key, Written> stored = new HashMap<>();
    if (rows.isEmpty()) {
      return stored;
    }
    int n = rows.size();
    UUID[] keys = new UUID[n];
    Long[] surveys = new Long[n];
    Long[] instruments = new Long[n];
    String[] counties = new String[n];
    String[] strata = new String[n];
    String[] modes = new String[n];
    String[] statuses = new String[n];
    String[] started = new String[n];
    String[] submitted = new String[n];
    String[] devices = new String[n];
    String[] networks = new String[n];
    String[] phones = new String[n];
    String[] flags = new String[n];
    Boolean[] late = new Boolean[n];
    String[] answers = new String[n];
    String[] paradata = new String[n];
    String[] receipts = new String[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(i);
      keys[i] = r.key();
      surveys[i] = r.surveyId();
      instruments[i] = r.instrumentId();
      counties[i] = r.countyCode();
      strata[i] = r.stratumCode();
      modes[i] = r.mode();
      statuses[i] = r.status().dbValue();
      started[i] = r.startedAt() == null ? null : r.startedAt().toString();
      submitted[i] = r.submittedAt() == null ? null : r.submittedAt().toString();
      devices[i] = r.deviceHash();
      networks[i] = r.networkHash();
      phones[i] = r.phoneHash();
      flags[i] = String.join(",", r.flags());
      late[i] = r.late();
      answers[i] = r.answersJson();
      paradata[i] = r.paradataJson();
      receipts[i] = r.receipt();
    }
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      int p = 1;
      s.setArray(p++, c.createArrayOf("uuid", keys));
      s.setArray(p++, c.createArrayOf("int8", surveys));
      s.setArray(p++, c.createArrayOf("int8", instruments));
      for (String[] texts : List.of(counties, strata, modes, statuses, started, submitted, devices, networks, phones, flags)) {
        s.setArray(p++, c.createArrayOf("text", texts));
      }
      s.setArray(p++, c.createArrayOf("bool", late));
      s.setArray(p++, c.createArrayOf("text", answers));
      s.setArray(p++, c.createArrayOf("text", paradata));
      s.setArray(p, c.createArrayOf("text", receipts));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.put(new Key(rs.getLong(1), rs.getObject(2, UUID.class)),
              new Written(rs.getLong(3), ResponseStatus.fromDb(rs.getString(4)), false, false, rs.getString(5)));
        }
      }
    }
    return stored;
  }

  private static Map<Key, Written> existing(Connection c, List<Row> rows) throws SQLException {
    Map<Key, Written> found = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(EXISTING)) {
      s.setArray(1, c.createArrayOf("int8", rows.stream().map(Row::surveyId).toArray(Long[]::new)));
      s.setArray(2, c.createArrayOf("uuid", rows.stream().map(Row::key).toArray(UUID[]::new)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(new Key(rs.getLong(1), rs.getObject(2, UUID.class)),
              new Written(rs.getLong(3), ResponseStatus.fromDb(rs.getString(4)), true, false, rs.getString(5)));
        }
      }
    }
    return found;
  }
}
