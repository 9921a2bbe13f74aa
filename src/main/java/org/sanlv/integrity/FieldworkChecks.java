package org.sanlv.integrity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the fieldwork rules over every survey that received field interviews since the last run (every
 * {@code sanlv.integrity.capi.check-every-ms}, default 5 minutes), so the review queue carries the flags however the
 * interviews arrived. The rules compare interviews with each other, so a new interview can flag older ones: the
 * whole survey is checked. On several nodes a PostgreSQL advisory lock lets one of them run it at a time.
 *
 * <p>A sync that stored interviews also asks for its survey's check {@link #checkSoon soon}
 * ({@code sanlv.integrity.capi.check-after-sync-ms} later, default 5 s; negative: never), so a supervisor sees the
 * flags of what just came in without waiting for the schedule. Those checks run on one thread of their own, after
 * the sync's commit, and are coalesced: at most one waits per survey, and a burst of syncs (hundreds of devices back
 * online at once) costs one check per survey per delay. The delay is at least four times the last check's length,
 * so that on a busy day with a large survey (about a second per 10,000 interviews) the checks take at most a fifth
 * of one core however steadily the syncs come.
 */
@Component
public class FieldworkChecks implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(FieldworkChecks.class);
  /** The advisory lock's key: "capi-chk" in ASCII. */
  private static final long LOCK = 0x636170692d63686bL;

  private final IntegrityService integrity;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private volatile Instant since = Instant.EPOCH;
  /** Negative: syncs ask for no check. Changeable by the tests of this package, which turn it on for themselves. */
  private volatile long afterSyncMillis;
  /** Surveys whose check is asked for and not yet started. */
  private final Set<Long> pending = ConcurrentHashMap.newKeySet();
  /** How long the last check after a sync took, in milliseconds: the next waits at least four times that. */
  private volatile long lastCheckMillis;
  /** Checks started after syncs, since the start (for the tests of this package, and a log line). */
  private final AtomicLong afterSyncChecks = new AtomicLong();
  private final ScheduledExecutorService soon = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "capi-check-after-sync");
    t.setDaemon(true);
    return t;
  });

  FieldworkChecks(IntegrityService integrity, JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions,
      @Value("${sanlv.integrity.capi.check-after-sync-ms:5000}") long afterSyncMillis) {
    this.integrity = integrity;
    this.jdbc = jdbc;
    this.clock = clock;
    this.transactions = new TransactionTemplate(transactions);
    this.afterSyncMillis = afterSyncMillis;
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

  /**
   * Asks for the survey's fieldwork check soon, on this node's check thread; returns at once and never throws. Call
   * it after the interviews are committed: a check that starts before the commit does not see them.
   */
  public void checkSoon(long surveyId) {
    long delay = afterSyncMillis;
    if (delay < 0 || !pending.add(surveyId)) {
      return; // off, or a check of this survey is already waiting and will see these interviews too
    }
    try {
      soon.schedule(() -> checkNow(surveyId), Math.max(delay, 4 * lastCheckMillis), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(surveyId); // shutting down: the scheduled run checks it on the next start
    }
  }

  private void checkNow(long surveyId) {
    // taken off first: a sync committed from here on asks again, since this check may read before its commit
    pending.remove(surveyId);
    afterSyncChecks.incrementAndGet();
    long started = System.nanoTime(); // a duration on this node, not a time of day: no clock of the platform's
    try {
      Integer changed = transactions.execute(tx -> {
        // one check at a time across nodes, as the scheduled run (which skips while this one holds the lock)
        jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query().listOfRows();
        return integrity.checkFieldwork(surveyId);
      });
      if (changed != null && changed > 0) {
        log.info("fieldwork integrity after a sync: {} interviews' flags changed in survey {}", changed, surveyId);
      }
    } catch (RuntimeException e) {
      // the sync is long done; the scheduled run checks the survey again
      log.warn("fieldwork integrity after a sync of survey {} failed: {}", surveyId, e.toString());
    }
    lastCheckMillis = (System.nanoTime() - started) / 1_000_000;
  }

  /** For this package's tests: the delay of {@link #checkSoon} (negative: off); returns the one before. */
  Duration afterSync(Duration delay) {
    Duration before = Duration.ofMillis(afterSyncMillis);
    afterSyncMillis = delay.toMillis();
    return before;
  }

  /** For this package's tests: how many checks syncs have started. */
  long afterSyncChecks() {
    return afterSyncChecks.get();
  }

  @Override
  public void destroy() {
    soon.shutdownNow();
  }
}
