package org.sanlv.fieldwork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.sanlv.survey.Survey;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forces one real group-commit batch: a test inserts a response key in its own open transaction, the writer's
 * insert of the same key waits on the unique index, and everything queued meanwhile is written as one batch once
 * the test rolls back.
 */
final class WriterGate {

  private WriterGate() {}

  /** Inserts {@code key} in {@code hold}'s open transaction (autocommit off), holding the key's index entry. */
  static void hold(Connection hold, Survey survey, UUID key) throws SQLException {
    hold.setAutoCommit(false);
    try (PreparedStatement s = hold.prepareStatement("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status, answers)
        values (?, ?, ?, '330604', '330604', 'online', 'complete', '{}')""")) {
      s.setObject(1, key);
      s.setLong(2, survey.id());
      s.setLong(3, survey.instrumentId());
      s.executeUpdate();
    }
  }

  /** Until the writer's insert waits for the held key (PostgreSQL's own view of its sessions), at most 20 s. */
  static void awaitWriterBlocked(JdbcClient jdbc) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (jdbc.sql("""
        select count(*) from pg_stat_activity
        where wait_event_type = 'Lock' and query like '%insert into response%'""").query(Long.class).single() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the writer never waited for the held key");
      }
      Thread.sleep(5);
    }
  }
}
