package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Next number" under load (issue 20): a queue of 1,000,000 numbers, 500 concurrent callers each pressing next and
 * then recording an outcome (no answer: the number leaves the due range as a callback) for a fixed time, against a
 * bare loop over the same table in the same run: {@code SELECT id FROM cati_case WHERE … ORDER BY … LIMIT 1 FOR
 * UPDATE SKIP LOCKED}, an {@code UPDATE} of the hold, commit, then the same outcome as the product records, by the
 * same 500 callers on the same connection pool: the two sides differ in "next" alone. A third pass releases with a
 * single {@code UPDATE} instead of the product's outcome, for scale. Each side has its own survey of
 * 1,000,000 cases in {@code cati_case} (2,000,000 rows in the table). The queue is called through its Java API
 * ({@link CatiQueue#next}, {@link CatiQueue#record}), not over HTTP.
 *
 * <p>Flat out (no pause between presses: throughput, and the latency it costs under saturation,
 * connection-pool wait included) and paced (each caller pauses 0–1 s between calls, like people: the latency
 * a caller sees at that load). Durable PostgreSQL. Fails only on a double hand-out, never on speed. Run alone:
 * {@code scripts/bench-cati-queue.sh}.
 */
@IntegrationTest
@Tag("benchmark")
@TestPropertySource(properties = "sanlv.db.embedded-durable=true")
class CatiQueueBenchmark {

  static final int CASES = Integer.getInteger("cati.bench.cases", 1_000_000);
  static final int CALLERS = Integer.getInteger("cati.bench.callers", 500);
  static final Duration PASS = Duration.ofSeconds(Integer.getInteger("cati.bench.seconds", 20));

  @Autowired CatiQueue queue;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired TransactionTemplate tx;

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  /** What one pass measured. */
  record Pass(String name, long calls, double seconds, long[] latencies, long doubles) {
    double perSecond() {
      return calls / seconds;
    }

    double millis(double quantile) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      return latencies[Math.min(latencies.length - 1, (int) Math.floor(quantile * latencies.length))] / 1e6;
    }

    String line() {
      return String.format("RESULT %-12s %7d next in %.1f s = %7.0f next/s, p50 %6.2f ms, p99 %7.2f ms, max %7.1f ms",
          name, calls, seconds, perSecond(), millis(0.5), millis(0.99), latencies.length == 0 ? Double.NaN
              : latencies[latencies.length - 1] / 1e6);
    }
  }

  @Test
  void nextNumberAgainstABareSkipLockedLoop() throws Exception {
    TestAccounts.ensure(org, users);
    clock.set(LocalDateTime.parse("2026-11-18T09:05:00").atZone(CallingRules.CHINA).toInstant());
    long began = System.nanoTime();
    long queueSurvey = bigSurvey();
    long bareSurvey = bigSurvey();
    jdbc.sql("vacuum analyze cati_case").update();
    List<String> callers = CatiFixtures.interviewers(jdbc, "t-qb", CALLERS);
    System.out.printf("RESULT setup: %d cases × 2 surveys in %.0f s; %d cores; PostgreSQL fsync=%s synchronous_commit=%s;"
        + " pool %s connections%n", CASES, (System.nanoTime() - began) / 1e9, Runtime.getRuntime().availableProcessors(),
        jdbc.sql("show fsync").query(String.class).single(),
        jdbc.sql("show synchronous_commit").query(String.class).single(),
        System.getProperty("spring.datasource.hikari.maximum-pool-size", "20"));

    List<Pass> passes = new ArrayList<>();
    passes.add(run("bare", callers, false, (caller, h) -> bare(bareSurvey, caller, h, false)));
    passes.add(run("queue", callers, false, (caller, h) -> viaQueue(queueSurvey, caller, h)));
    passes.add(run("bare-sqlrel", callers, false, (caller, h) -> bare(bareSurvey, caller, h, true)));
    passes.add(run("bare-paced", callers, true, (caller, h) -> bare(bareSurvey, caller, h, false)));
    passes.add(run("queue-paced", callers, true, (caller, h) -> viaQueue(queueSurvey, caller, h)));
    passes.forEach(p -> System.out.println(p.line()));
    System.out.printf("RESULT ratio queue/bare flat out (same outcome after next): %.2f; against the bare loop with a"
        + " one-UPDATE release: %.2f; paced: %.2f%n", passes.get(1).perSecond() / passes.get(0).perSecond(),
        passes.get(1).perSecond() / passes.get(2).perSecond(), passes.get(4).perSecond() / passes.get(3).perSecond());
    for (Pass p : passes) {
      assertThat(p.doubles()).as("%s: a number handed to two callers at once", p.name()).isZero();
      assertThat(p.calls()).isPositive();
    }
    assertThat(jdbc.sql("select count(*) from cati_session where state = 'dialling' and case_id is not null"
        + " and survey_id = ? group by case_id having count(*) > 1").param(queueSurvey).query(Long.class).list()).isEmpty();
  }

  private long bigSurvey() {
    Survey s = CatiFixtures.survey(surveys, instruments, Map.of("minGapMinutes", "60"), clock.instant());
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 1, '{}'::jsonb, ?, 'admin') returning id""").params(s.id(), CASES).query(Long.class).single();
    jdbc.sql("""
        insert into cati_case (survey_id, draw_id, number, area, replicate, release_order, next_call_at)
        select :survey, :draw, '1' || lpad((:draw * 10000000 + g)::text, 10, '0'), '330604', (g - 1) / 500 + 1, g,
               :released
          from generate_series(1, :n) g""").param("survey", s.id()).param("draw", draw).param("n", CASES)
        .param("released", CatiRepository.at(clock.instant().minus(Duration.ofHours(1)))).update();
    return s.id();
  }

  /** Cases held right now by the callers of a pass: a second holder of one is a double hand-out. */
  record Holding(java.util.concurrent.ConcurrentHashMap<Long, String> cases, AtomicLong doubles) {
    void take(long id, String caller) {
      if (cases.putIfAbsent(id, caller) != null) {
        doubles.incrementAndGet();
      }
    }

    void release(long id, String caller) {
      cases.remove(id, caller);
    }
  }

  /** One press of "next" and the outcome after it; returns the nanoseconds of the next alone. */
  interface Press {
    long press(String caller, Holding holding);
  }

  private Pass run(String name, List<String> callers, boolean paced, Press press) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers.size());
    AtomicLong calls = new AtomicLong();
    Holding holding = new Holding(new java.util.concurrent.ConcurrentHashMap<>(), new AtomicLong());
    List<long[]> latencies = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    long[] window = new long[2];
    List<Future<long[]>> futures = new ArrayList<>();
    for (int i = 0; i < callers.size(); i++) {
      String caller = callers.get(i);
      SplittableRandom random = new SplittableRandom(i);
      futures.add(pool.submit(() -> {
        long[] mine = new long[4096];
        int n = 0;
        start.await();
        while (System.nanoTime() < window[1]) {
          if (paced) {
            Thread.sleep(random.nextInt(1000));
          }
          long nanos = press.press(caller, holding);
          if (System.nanoTime() > window[1]) {
            break;
          }
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = nanos;
          calls.incrementAndGet();
        }
        return Arrays.copyOf(mine, n);
      }));
    }
    window[0] = System.nanoTime();
    window[1] = window[0] + PASS.toNanos();
    start.countDown();
    for (Future<long[]> f : futures) {
      latencies.add(f.get());
    }
    pool.shutdown();
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Pass(name, calls.get(), PASS.toNanos() / 1e9, all, holding.doubles().get());
  }

  /** The product: next (timed), then the outcome "no answer" (untimed; the number becomes a callback). */
  private long viaQueue(long surveyId, String caller, Holding holding) {
    long t0 = System.nanoTime();
    CatiQueue.NextCall n = queue.next(caller, surveyId);
    long nanos = System.nanoTime() - t0;
    if (n.caseId() != null) {
      holding.take(n.caseId(), caller); // held until its outcome is stored: nobody else may have it meanwhile
      queue.record(caller, n.caseId(), n.holdToken(), new CatiQueue.Outcome(UUID.randomUUID(), "3.13", null, null,
          false, false, null, null));
      holding.release(n.caseId(), caller);
    }
    return nanos;
  }

  /**
   * The bare loop: pick with SKIP LOCKED and hold, commit (timed); then the release: the product's own outcome
   * ({@link CatiQueue#record}, the hold is written so that it accepts it), so that the two sides differ in "next"
   * alone; or, with {@code sqlRelease}, a single {@code UPDATE} that moves the row out of the due range.
   */
  private long bare(long surveyId, String caller, Holding holding, boolean sqlRelease) {
    Instant now = clock.instant();
    UUID token = UUID.randomUUID();
    long t0 = System.nanoTime();
    Long id = tx.execute(s -> {
      Long picked = jdbc.sql("""
          select id from cati_case
           where survey_id = ? and priority = 2 and state <> 'final' and held_by is null and next_call_at <= ?
           order by next_call_at, release_order
           limit 1 for update skip locked""").params(surveyId, CatiRepository.at(now)).query(Long.class).optional()
          .orElse(null);
      if (picked != null) {
        jdbc.sql("update cati_case set held_by = ?, held_until = ?, hold_token = ?, held_since = ? where id = ?")
            .params(caller, CatiRepository.at(now.plusSeconds(1200)), token, CatiRepository.at(now), picked)
            .update();
      }
      return picked;
    });
    long nanos = System.nanoTime() - t0;
    if (id != null) {
      holding.take(id, caller);
      if (sqlRelease) {
        jdbc.sql("""
            update cati_case set held_by = null, held_until = null, hold_token = null, held_since = null,
                   state = 'callback', priority = 1, next_call_at = ?, attempts = attempts + 1 where id = ?""")
            .params(CatiRepository.at(now.plusSeconds(3600)), id).update();
      } else {
        queue.record(caller, id, token, new CatiQueue.Outcome(UUID.randomUUID(), "3.13", null, null, false, false,
            null, null));
      }
      holding.release(id, caller);
    }
    return nanos;
  }
}
