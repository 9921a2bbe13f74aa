package org.sanlv.fieldwork;

import java.sql.Array;
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
 * each — a single multi-row {@code INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING}, then a look-up of
 * the keys that were already there — and every submitter's future completes only after the {@code COMMIT}
 * returned. With {@code synchronous_commit} on, an acknowledged response is on disk; one fsync covers the batch.
 *
 * <p>The same statement refuses a second response of a respondent: a row is not inserted when the survey already
 * holds a complete or ineligible response with the same device hash or phone hash. With one writer the check
 * cannot race (batches run one after the other, and duplicates inside a batch are settled here before the SQL).
 */
@Component
class ResponseWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

  /** A row to store. */
  record Row(UUID key, long surveyId, long instrumentId, String countyCode, String stratumCode, String mode,
      ResponseStatus status, Instant startedAt, Instant submittedAt, String deviceHash, String networkHash,
      String phoneHash, List<String> flags, boolean late, String answersJson, String paradataJson) {}

  /** What became of a row: stored now, stored before under the same key, or refused as a second response. */
  record Written(long id, ResponseStatus status, boolean repeat, boolean secondResponse) {}

  private record Pending(Row row, CompletableFuture<Written> future) {}

  private static final String INSERT = """
      insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                            started_at, submitted_at, device_hash, network_hash, phone_hash, flags, late, answers, paradata)
      select t.k, t.survey_id, t.instrument_id, t.county_code, t.stratum_code, t.mode, t.status,
             t.started_at, t.submitted_at, t.device_hash, t.network_hash, t.phone_hash,
             coalesce(string_to_array(nullif(t.flags, ''), ','), '{}'), t.late, t.answers::jsonb, t.paradata::jsonb
      from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                  ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[])
           as t(k, survey_id, instrument_id, county_code, stratum_code, mode, status, started_at, submitted_at,
                device_hash, network_hash, phone_hash, flags, late, answers, paradata)
      where t.status = 'rejected'
         or (not exists (select 1 from response r where t.device_hash is not null and r.survey_id = t.survey_id
                           and r.device_hash = t.device_hash and r.status in ('complete', 'ineligible'))
             and not exists (select 1 from response r where t.phone_hash is not null and r.survey_id = t.survey_id
                           and r.phone_hash = t.phone_hash and r.status in ('complete', 'ineligible')))
      on conflict (idempotency_key) do nothing
      returning idempotency_key, id, status
      """;

  private static final String EXISTING = "select idempotency_key, id, status from response where idempotency_key = any(?::uuid[])";

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
    Map<UUID, List<Pending>> byKey = new LinkedHashMap<>();
    for (Pending p : batch) {
      byKey.computeIfAbsent(p.row().key(), k -> new ArrayList<>()).add(p);
    }
    // a second response of one respondent within the batch: refused before the SQL (the first one wins)
    Set<String> respondents = new HashSet<>();
    List<Row> rows = new ArrayList<>();
    Map<UUID, Written> results = new HashMap<>();
    for (List<Pending> same : byKey.values()) {
      Row row = same.get(0).row();
      boolean counted = row.status() != ResponseStatus.REJECTED;
      boolean second = counted && ((row.deviceHash() != null && !respondents.add(row.surveyId() + "d" + row.deviceHash()))
          | (row.phoneHash() != null && !respondents.add(row.surveyId() + "p" + row.phoneHash())));
      if (second) {
        results.put(row.key(), new Written(0, row.status(), false, true));
      } else {
        rows.add(row);
      }
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<UUID, Written> stored = insert(c, rows);
        List<UUID> missing = rows.stream().map(Row::key).filter(k -> !stored.containsKey(k)).toList();
        Map<UUID, Written> existing = missing.isEmpty() ? Map.of() : existing(c, missing);
        c.commit();
        results.putAll(stored);
        for (UUID k : missing) {
          results.put(k, existing.getOrDefault(k, new Written(0, null, false, true)));
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("response writer: batch of {} not stored: {}", batch.size(), e.getMessage());
      for (Pending p : batch) {
        p.future().completeExceptionally(e);
      }
      return;
    }
    // acknowledged only now, after the commit
    byKey.forEach((key, same) -> {
      Written w = results.get(key);
      for (int i = 0; i < same.size(); i++) {
        same.get(i).future().complete(i == 0 || w.secondResponse() ? w : new Written(w.id(), w.status(), true, false));
      }
    });
  }

  private static Map<UUID, Written> insert(Connection c, List<Row> rows) throws SQLException {
    Map<UUID, Written> stored = new HashMap<>();
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
      s.setArray(p, c.createArrayOf("text", paradata));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID k = rs.getObject(1, UUID.class);
          stored.put(k, new Written(rs.getLong(2), ResponseStatus.fromDb(rs.getString(3)), false, false));
        }
      }
    }
    return stored;
  }

  private static Map<UUID, Written> existing(Connection c, List<UUID> keys) throws SQLException {
    Map<UUID, Written> found = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(EXISTING)) {
      Array array = c.createArrayOf("uuid", keys.toArray(UUID[]::new));
      s.setArray(1, array);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getObject(1, UUID.class), new Written(rs.getLong(2), ResponseStatus.fromDb(rs.getString(3)), true, false));
        }
      }
    }
    return found;
  }
}
