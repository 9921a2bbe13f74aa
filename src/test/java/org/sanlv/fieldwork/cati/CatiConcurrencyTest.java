package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.cati.CatiQueue.NextCall;
import org.sanlv.fieldwork.cati.CatiQueue.Outcome;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputConflict;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The acceptance test of the queue: 200 interviewers (threads) press "next" and record outcomes over ten
 * simulated days against the real PostgreSQL. The test moves the application's clock hour by hour (day and night,
 * an excluded Sunday included); in every hour each interviewer works one number at once with the others, with an
 * outcome drawn at random: no answer, busy, answering machine, non-working, business, soft refusal with a callback,
 * hard refusal, an appointment at a later hour, a partial interview with an appointment, and now and then a number
 * simply abandoned (its hold must expire). Supervisors release replicates while the interviewers work.
 *
 * <p>Then, from the test's own table of holds (case, token, from, to) and the stored attempts: no number was held by
 * two interviewers at once, no attempt started outside the calling hours, no number was attempted more often than
 * the cap, and every appointment was handed out within its minute.
 */
@IntegrationTest
class CatiConcurrencyTest {

  static final int INTERVIEWERS = 200;
  static final int DAYS = 10;
  static final int MAX_ATTEMPTS = 5;
  static final int HOLD_MINUTES = 20;
  static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-16");
  static final LocalDate EXCLUDED = LocalDate.parse("2026-11-22");
  /** The hours of the day at which the interviewers work: inside the calling hours and some outside them. */
  static final int[] HOURS = {8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};

  @Autowired CatiQueue queue;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  /** One hold as the interviewer saw it: from the hand-out to the outcome (or to the end of the hold if abandoned). */
  record Hold(long caseId, UUID token, String interviewer, Instant from, Instant until, Instant recordedAt) {}

  /** An appointment as recorded: the case, the minute agreed, when it was made. */
  record Appointment(long caseId, Instant at, Instant madeAt) {}

  final ConcurrentLinkedQueue<Hold> holds = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Appointment> appointments = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  static Instant bj(LocalDate day, int hour, int minute) {
    return LocalDateTime.of(day, LocalTime.of(hour, minute)).atZone(CallingRules.CHINA).toInstant();
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  @Test
  void twoHundredInterviewersTenDays() throws Exception {
    TestAccounts.ensure(org, users);
    Instant start = bj(FIRST_DAY, 8, 0);
    clock.set(start);
    Survey survey = CatiFixtures.survey(surveys, instruments, Map.of("maxAttempts", String.valueOf(MAX_ATTEMPTS),
        "minGapMinutes", "30", "holdMinutes", String.valueOf(HOLD_MINUTES), "excludedDates", EXCLUDED.toString()),
        start);
    long surveyId = survey.id();
    CallingRules rules = CallingRules.of(survey.mode(SurveyMode.PHONE).orElseThrow().design());
    CatiFixtures.draw(jdbc, surveyId, 12, 1500);
    List<String> names = CatiFixtures.interviewers(jdbc, "t-cc", INTERVIEWERS);
    queue.releaseNext("t-supervisor", surveyId);

    // the hour rounds of the ten days, and the instants at which appointments and callbacks may be set
    List<Instant> rounds = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      for (int h : HOURS) {
        rounds.add(bj(FIRST_DAY.plusDays(d), h, 0));
      }
    }
    Instant end = rounds.get(rounds.size() - 1).plus(Duration.ofHours(1));
    List<Instant> openRounds = rounds.stream().filter(rules::open).toList();

    Map<String, NextCall> abandoned = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger handedOut = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(INTERVIEWERS);
    long began = System.nanoTime();
    try {
      for (int r = 0; r < rounds.size(); r++) {
        Instant now = rounds.get(r);
        clock.set(now);
        boolean open = rules.open(now);
        List<Future<?>> work = new ArrayList<>();
        if (open && now.atZone(CallingRules.CHINA).getHour() == 9) {
          // a supervisor releases the morning's replicate while the interviewers work
          work.add(pool.submit(() -> queue.releaseNext("t-supervisor", surveyId)));
        }
        final int round = r;
        for (int i = 0; i < INTERVIEWERS; i++) {
          String me = names.get(i);
          SplittableRandom random = new SplittableRandom(round * 1_000L + i);
          work.add(pool.submit(() -> {
            try {
              work(surveyId, me, random, open, now, openRounds, end, abandoned, handedOut, conflicts);
            } catch (RuntimeException | AssertionError e) {
              failures.add(me + " at " + now + ": " + e);
            }
          }));
        }
        for (Future<?> f : work) {
          f.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf("CatiConcurrencyTest: %d rounds, %d hand-outs, %d conflicts, %.1f s%n", rounds.size(),
        handedOut.get(), conflicts.get(), seconds);
    assertThat(failures).as("unexpected errors").isEmpty();
    assertThat(handedOut.get()).isGreaterThan(10_000);
    assertThat(conflicts.get()).as("abandoned holds taken over, their late outcomes refused").isPositive();

    noNumberHeldByTwoAtOnce();
    noAttemptOutsideCallingHours(surveyId, rules);
    noneOverTheCap(surveyId);
    appointmentsServedWithinTheirMinute(end);
  }

  /** One interviewer's hour: next, then an outcome drawn at random (or the number abandoned). */
  private void work(long surveyId, String me, SplittableRandom random, boolean open, Instant now,
      List<Instant> openRounds, Instant end, Map<String, NextCall> abandoned, AtomicInteger handedOut,
      AtomicInteger conflicts) {
    NextCall n = queue.next(me, surveyId);
    if (n.caseId() == null) {
      NextCall lost = abandoned.remove(me);
      if (lost != null) {
        abandoned.put(me, lost); // tried again in a later hour
      }
      return;
    }
    NextCall before = abandoned.remove(me);
    boolean again = before != null && before.holdToken().equals(n.holdToken());
    if (before != null && !again) {
      // the abandoned number went to someone else when its hold ran out: an outcome for it now is refused
      try {
        queue.record(me, before.caseId(), before.holdToken(), outcome("3.13"));
        failures.add(me + " recorded on case " + before.caseId() + " after losing its hold");
      } catch (InputConflict e) {
        conflicts.incrementAndGet();
      }
    }
    if (!open && !again) {
      failures.add(me + " got a new number outside the calling hours at " + now);
    }
    if (!again) {
      handedOut.incrementAndGet();
    }
    Instant from = n.heldUntil().minus(Duration.ofMinutes(HOLD_MINUTES));
    if (again) {
      from = holds.stream().filter(h -> h.token().equals(n.holdToken())).map(Hold::from).findFirst().orElse(from);
    }
    int p = random.nextInt(100);
    if (p < 3 && !again) {
      abandoned.put(me, n);
      holds.add(new Hold(n.caseId(), n.holdToken(), me, from, n.heldUntil(), null));
      return;
    }
    Outcome o;
    Instant later = laterRound(random, now, openRounds, end);
    if (p < 28) {
      o = outcome("3.13");
    } else if (p < 38) {
      o = outcome("3.12");
    } else if (p < 48) {
      o = outcome("2.221");
    } else if (p < 60) {
      o = outcome("4.31");
    } else if (p < 64) {
      o = outcome("4.51");
    } else if (p < 72 && later != null) {
      o = new Outcome(UUID.randomUUID(), "2.21", "约定时间", later, true, false, null, null);
    } else if (p < 76 && later != null) {
      o = new Outcome(UUID.randomUUID(), "1.2", "中断，另约", later, true, false, null, null);
    } else if (p < 84 && later != null) {
      o = new Outcome(UUID.randomUUID(), "2.111", null, later, false, false, null, null);
    } else if (p < 88) {
      o = new Outcome(UUID.randomUUID(), "2.112", "不要再打", null, false, true, null, null);
    } else {
      o = outcome("2.36");
    }
    try {
      CatiQueue.Recorded rec = queue.record(me, n.caseId(), n.holdToken(), o);
      Instant at = recordedAt(n.caseId(), o.key());
      holds.add(new Hold(n.caseId(), n.holdToken(), me, from, n.heldUntil(), at));
      if (o.appointment() && !"final".equals(rec.caseState())) {
        appointments.add(new Appointment(n.caseId(), o.callbackAt(), at));
      }
    } catch (InputConflict e) {
      // only a hold that ran out and went to someone else may be refused
      conflicts.incrementAndGet();
      if (!again || !clock.instant().isAfter(n.heldUntil())) {
        failures.add(me + " refused on its own live hold of case " + n.caseId());
      }
      holds.add(new Hold(n.caseId(), n.holdToken(), me, from, n.heldUntil(), null));
    }
  }

  private Instant recordedAt(long caseId, UUID key) {
    return jdbc.sql("select ended_at from cati_attempt where idempotency_key = ?").param(key)
        .query(java.time.OffsetDateTime.class).single().toInstant();
  }

  /** An open hour round between one and 30 hours ahead, inside the simulated days (null when none is left). */
  private static Instant laterRound(SplittableRandom random, Instant now, List<Instant> openRounds, Instant end) {
    List<Instant> options = openRounds.stream()
        .filter(t -> t.isAfter(now.plus(Duration.ofMinutes(59))) && t.isBefore(now.plus(Duration.ofHours(30)))
            && t.isBefore(end)).toList();
    return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
  }

  private static Outcome outcome(String code) {
    return new Outcome(UUID.randomUUID(), code, null, null, false, false, null, null);
  }

  /** Per case, each hold begins after the one before it ended (its outcome, or the end of an abandoned hold). */
  private void noNumberHeldByTwoAtOnce() {
    Map<Long, List<Hold>> byCase = new HashMap<>();
    Map<UUID, Hold> byToken = new HashMap<>();
    for (Hold h : holds) {
      // a hold taken again by its holder (reload) is one hold: its last record wins
      Hold known = byToken.get(h.token());
      if (known == null || h.recordedAt() != null || h.until().isAfter(known.until())) {
        byToken.put(h.token(), new Hold(h.caseId(), h.token(), h.interviewer(), known == null ? h.from()
            : known.from(), known == null || h.until().isAfter(known.until()) ? h.until() : known.until(),
            h.recordedAt() != null ? h.recordedAt() : known == null ? null : known.recordedAt()));
      }
    }
    byToken.values().forEach(h -> byCase.computeIfAbsent(h.caseId(), k -> new ArrayList<>()).add(h));
    List<String> overlaps = new ArrayList<>();
    for (List<Hold> list : byCase.values()) {
      list.sort(Comparator.comparing(Hold::from));
      for (int i = 1; i < list.size(); i++) {
        Hold prev = list.get(i - 1);
        Instant prevEnd = prev.recordedAt() != null ? prev.recordedAt() : prev.until();
        if (list.get(i).from().isBefore(prevEnd)) {
          overlaps.add(prev + " / " + list.get(i));
        }
      }
    }
    assertThat(overlaps).as("numbers held by two at once").isEmpty();
    assertThat(byCase).isNotEmpty();
  }

  private void noAttemptOutsideCallingHours(long surveyId, CallingRules rules) {
    List<Instant> started = jdbc.sql("select started_at from cati_attempt where survey_id = ?").param(surveyId)
        .query(java.time.OffsetDateTime.class).list().stream().map(java.time.OffsetDateTime::toInstant).toList();
    assertThat(started).hasSizeGreaterThan(10_000);
    assertThat(started.stream().filter(t -> !rules.open(t)).toList()).as("attempts started outside the hours").isEmpty();
  }

  private void noneOverTheCap(long surveyId) {
    assertThat(jdbc.sql("select coalesce(max(attempts), 0) from cati_case where survey_id = ?").param(surveyId)
        .query(Integer.class).single()).isLessThanOrEqualTo(MAX_ATTEMPTS);
    assertThat(jdbc.sql("""
        select count(*) from (select case_id from cati_attempt where survey_id = ? group by case_id
                               having count(*) > ?) x""").params(surveyId, MAX_ATTEMPTS).query(Long.class).single())
        .isZero();
    assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ? and attempts >= ? and state <> 'final'")
        .params(surveyId, MAX_ATTEMPTS).query(Long.class).single()).as("capped but open").isZero();
  }

  /** The first hold of the case after the appointment was made begins within the appointment's minute. */
  private void appointmentsServedWithinTheirMinute(Instant end) {
    Map<Long, List<Hold>> byCase = new HashMap<>();
    holds.forEach(h -> byCase.computeIfAbsent(h.caseId(), k -> new ArrayList<>()).add(h));
    List<String> missed = new ArrayList<>();
    int served = 0;
    for (Appointment a : appointments) {
      if (!a.at().isBefore(end)) {
        continue;
      }
      Hold first = byCase.getOrDefault(a.caseId(), List.of()).stream().filter(h -> h.from().isAfter(a.madeAt()))
          .min(Comparator.comparing(Hold::from)).orElse(null);
      if (first == null || first.from().isBefore(a.at()) || !first.from().isBefore(a.at().plusSeconds(60))) {
        missed.add(a + " first hold " + first);
      } else {
        served++;
      }
    }
    assertThat(missed).as("appointments not served within their minute").isEmpty();
    assertThat(served).isGreaterThan(500);
  }
}
