package org.sanlv.integrity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs the fieldwork rules over every survey that received field interviews since the last run (every
 * {@code sanlv.integrity.capi.check-every-ms}, default 5 minutes), so the review queue carries the flags however the
 * interviews arrived. The rules compare interviews with each other, so a new interview can flag older ones: the
 * whole survey is checked. On several nodes a PostgreSQL advisory lock lets one of them run it at a time.
 */
@Component
class FieldworkChecks {

  private static final Logger log = LoggerFactory.getLogger(FieldworkChecks.class);
  /** The advisory lock's key: "capi-chk" in ASCII. */
  private static final long LOCK = 0x636170692d63686bL;

  private final IntegrityService integrity;
  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Instant since = Instant.EPOCH;

  FieldworkChecks(IntegrityService integrity, JdbcClient jdbc, Clock clock) {
    this.integrity = integrity;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${sanlv.integrity.capi.check-every-ms:300000}",
      fixedDelayString = "${sanlv.integrity.capi.check-every-ms:300000}")
  @Transactional
  public void run() {
    if (!Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single())) {
      return; // another node is at it
    }
    Instant now = clock.instant();
    List<Long> surveys = jdbc.sql("""
        select distinct survey_id from response
        where mode in ('household', 'intercept') and interviewer is not null and received_at >= ?""")
        .param(java.sql.Timestamp.from(since)).query(Long.class).list();
    int changed = 0;
    for (long survey : surveys) {
      changed += integrity.checkFieldwork(survey);
    }
    since = now.minusSeconds(60); // overlap a little: a transaction committed late still counts
    if (changed > 0) {
      log.info("fieldwork integrity: {} interviews' flags changed in {} surveys", changed, surveys.size());
    }
  }
}
