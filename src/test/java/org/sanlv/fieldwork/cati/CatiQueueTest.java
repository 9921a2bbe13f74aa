package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.cati.CatiQueue.NextCall;
import org.sanlv.fieldwork.cati.CatiQueue.Outcome;
import org.sanlv.fieldwork.cati.CatiQueue.Recorded;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class CatiQueueTest {

  @Autowired CatiQueue queue;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  static final String A = "t-cq-0";
  static final String B = "t-cq-1";
  static final String SUPERVISOR = "t-supervisor";

  long survey;

  static Instant bj(String local) {
    return LocalDateTime.parse(local).atZone(CallingRules.CHINA).toInstant();
  }

  @BeforeEach
  void setUp() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    CatiFixtures.interviewers(jdbc, "t-cq", 3);
    clock.set(bj("2026-11-18T10:00:00"));
    survey = newSurvey(Map.of("maxAttempts", "3", "minGapMinutes", "60", "holdMinutes", "10",
        "excludedDates", "2026-11-21,2026-11-22"), 2, 5);
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  long newSurvey(Map<String, Object> design, int replicates, int perReplicate) {
    Survey s = CatiFixtures.survey(surveys, instruments, design, clock.instant());
    CatiFixtures.draw(jdbc, s.id(), replicates, perReplicate);
    assertThat(queue.releaseNext(SUPERVISOR, s.id())).isEqualTo(perReplicate);
    return s.id();
  }

  static Outcome outcome(String code) {
    return new Outcome(UUID.randomUUID(), code, null, null, false, false, null, null);
  }

  static Outcome callback(String code, Instant at, boolean appointment) {
    return new Outcome(UUID.randomUUID(), code, "约好了", at, appointment, false, null, null);
  }

  /** Everything about a case that an outcome could change, and the survey's do-not-call list. */
  String fingerprint(long caseId) {
    return jdbc.sql("""
        select concat_ws('|', c.state, c.priority, c.next_call_at, c.attempts, c.last_code, c.disposition,
                         c.final_code, c.held_by, c.held_until, c.hold_token, c.stratum,
                         (select count(*) from cati_attempt a where a.case_id = c.id),
                         (select count(*) from cati_dnc d where d.survey_id = c.survey_id))
          from cati_case c where c.id = ?""").param(caseId).query(String.class).single();
  }

  @Nested
  class Order {

    @Test
    void freshNumbersInReleaseOrderAndEachToOneInterviewer() {
      NextCall a = queue.next(A, survey);
      NextCall b = queue.next(B, survey);
      assertThat(a.kind()).isEqualTo("fresh");
      assertThat(a.attempt()).isEqualTo(1);
      assertThat(a.caseId()).isNotEqualTo(b.caseId());
      assertThat(a.number()).hasSize(11);
      assertThat(a.heldUntil()).isCloseTo(clock.instant().plus(Duration.ofMinutes(10)), within(2, ChronoUnit.SECONDS));
      assertThat(jdbc.sql("select state from cati_session where survey_id = ? and interviewer = ?").params(survey, A)
          .query(String.class).single()).isEqualTo("dialling");
    }

    @Test
    void aReloadGivesTheSameCaseBack() {
      NextCall first = queue.next(A, survey);
      clock.advance(Duration.ofMinutes(2));
      NextCall again = queue.next(A, survey);
      assertThat(again.caseId()).isEqualTo(first.caseId());
      assertThat(again.holdToken()).isEqualTo(first.holdToken());
      assertThat(again.heldUntil()).isAfter(first.heldUntil());
    }

    @Test
    void appointmentsBeforeCallbacksBeforeFreshNumbers() {
      NextCall one = queue.next(A, survey);
      queue.record(A, one.caseId(), one.holdToken(), callback("2.21", bj("2026-11-18T14:30:00"), true));
      NextCall two = queue.next(A, survey);
      queue.record(A, two.caseId(), two.holdToken(), outcome("3.13"));
      // 14:30: the callback (due since 11:00) and the appointment (due now) — the appointment first
      clock.set(bj("2026-11-18T14:30:10"));
      NextCall first = queue.next(B, survey);
      assertThat(first.caseId()).isEqualTo(one.caseId());
      assertThat(first.kind()).isEqualTo("appointment");
      assertThat(first.appointmentAt()).isEqualTo(bj("2026-11-18T14:30:00"));
      assertThat(first.history()).extracting(CatiQueue.AttemptView::code).containsExactly("2.21");
      NextCall second = queue.next(A, survey);
      assertThat(second.caseId()).isEqualTo(two.caseId());
      assertThat(second.kind()).isEqualTo("callback");
      assertThat(second.attempt()).isEqualTo(2);
      NextCall third = queue.next("t-cq-2", survey);
      assertThat(third.kind()).isEqualTo("fresh");
    }

    @Test
    void anAppointmentGoesToItsMakerFirst() {
      NextCall x = queue.next(A, survey);
      NextCall y = queue.next(B, survey);
      queue.record(A, x.caseId(), x.holdToken(), callback("2.21", bj("2026-11-18T15:00:00"), true));
      queue.record(B, y.caseId(), y.holdToken(), callback("2.21", bj("2026-11-18T15:00:00"), true));
      clock.set(bj("2026-11-18T15:00:20"));
      assertThat(queue.next(B, survey).caseId()).isEqualTo(y.caseId());
      assertThat(queue.next(A, survey).caseId()).isEqualTo(x.caseId());
    }
  }

  @Nested
  class Rules {

    @Test
    void outsideCallingHoursNothingIsHandedOut() {
      clock.set(bj("2026-11-18T12:30:00"));
      NextCall n = queue.next(A, survey);
      assertThat(n.caseId()).isNull();
      assertThat(n.reason()).isEqualTo("outside_hours");
      assertThat(n.nextAt()).isEqualTo(bj("2026-11-18T14:00:00"));
      clock.set(bj("2026-11-20T21:10:00")); // Friday evening; the weekend is excluded
      assertThat(queue.next(A, survey).nextAt()).isEqualTo(bj("2026-11-23T09:00:00"));
    }

    @Test
    void anInterviewerBelowTheSurveysAreaWorksNoNumber() {
      // a call centre works its survey's whole area: a town's interviewer would see numbers of other towns
      if (users.scopeOf("t-cq-town").isEmpty()) {
        users.create(TestAccounts.ROOT, new UserService.NewUser("t-cq-town", "镇访问员",
            Role.INTERVIEWER, TestAccounts.BAIGUAN));
      }
      assertThatThrownBy(() -> queue.next("t-cq-town", survey)).isInstanceOf(OutOfScope.class);
      assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ? and held_by is not null")
          .param(survey).query(Long.class).single()).isZero();
    }

    @Test
    void minimumGapBetweenAttempts() {
      long small = newSurvey(Map.of("minGapMinutes", "60"), 1, 1);
      NextCall n = queue.next(A, small);
      queue.record(A, n.caseId(), n.holdToken(), outcome("3.13"));
      clock.advance(Duration.ofMinutes(59));
      NextCall none = queue.next(B, small);
      assertThat(none.reason()).isEqualTo("none_due");
      assertThat(none.nextAt()).isCloseTo(bj("2026-11-18T11:00:00"), within(2, ChronoUnit.SECONDS));
      clock.advance(Duration.ofMinutes(1));
      assertThat(queue.next(B, small).caseId()).isEqualTo(n.caseId());
    }

    @Test
    void attemptCapEndsTheNumberWithTheRulesCode() {
      long small = newSurvey(Map.of("maxAttempts", "2", "minGapMinutes", "0"), 1, 1);
      NextCall n = queue.next(A, small);
      queue.record(A, n.caseId(), n.holdToken(), outcome("2.221"));
      clock.advance(Duration.ofMinutes(1));
      NextCall again = queue.next(A, small);
      Recorded r = queue.record(A, again.caseId(), again.holdToken(), outcome("3.13"));
      assertThat(r).isEqualTo(new Recorded("stored", "final", "2.221", "2.221"));
      clock.advance(Duration.ofHours(2));
      assertThat(queue.next(A, small).reason()).isEqualTo("done");
    }

    @Test
    void hardRefusalGoesOnTheDoNotCallList() {
      NextCall n = queue.next(A, survey);
      Recorded r = queue.record(A, n.caseId(), n.holdToken(),
          new Outcome(UUID.randomUUID(), "2.112", "不要再打", null, false, true, null, null));
      assertThat(r.caseState()).isEqualTo("final");
      assertThat(r.finalCode()).isEqualTo("2.112");
      assertThat(jdbc.sql("select reason from cati_dnc where survey_id = ? and number = ?").params(survey, n.number())
          .query(String.class).single()).isEqualTo("hard_refusal");
    }

    @Test
    void aNumberOnTheDoNotCallListIsNeverHandedOut() {
      long small = newSurvey(Map.of(), 1, 2);
      List<String> numbers = jdbc.sql("select number from cati_case where survey_id = ? order by release_order")
          .param(small).query(String.class).list();
      queue.addDnc(SUPERVISOR, small, numbers.get(0).substring(0, 3) + "-" + numbers.get(0).substring(3));
      assertThat(jdbc.sql("select final_code from cati_case where survey_id = ? and number = ?")
          .params(small, numbers.get(0)).query(String.class).single()).isEqualTo("3.11");
      NextCall n = queue.next(A, small);
      assertThat(n.number()).isEqualTo(numbers.get(1));
      // the other number is held by A: it could come back if A abandons it
      assertThat(queue.next(B, small).reason()).isEqualTo("none_due");
      queue.record(A, n.caseId(), n.holdToken(), outcome("4.31"));
      assertThat(queue.next(B, small).reason()).isEqualTo("done");
      assertThatThrownBy(() -> queue.addDnc(SUPERVISOR, small, "call me")).isInstanceOf(InputRejected.class);
      assertThatThrownBy(() -> queue.addDnc(A, small, "13812345678")).as("an interviewer").isInstanceOf(OutOfScope.class);
    }

    @Test
    void aNumberPutOnTheListWhileHeldEndsWithItsOutcome() {
      NextCall n = queue.next(A, survey);
      queue.addDnc(SUPERVISOR, survey, n.number());
      assertThat(jdbc.sql("select state from cati_case where id = ?").param(n.caseId()).query(String.class).single())
          .as("held: left to its interviewer").isEqualTo("fresh");
      Recorded r = queue.record(A, n.caseId(), n.holdToken(), outcome("3.13"));
      assertThat(r).isEqualTo(new Recorded("stored", "final", "3.13", "3.13"));
    }

    @Test
    void aSurveyNotStartedOrClosedHandsOutNothing() {
      surveys.setStatus(TestAccounts.ROOT, survey, Survey.Status.CLOSED);
      queue.forget();
      assertThat(queue.next(A, survey).reason()).isEqualTo("done");
      Survey draft = CatiFixtures.survey(surveys, instruments, Map.of(), clock.instant());
      jdbc.sql("update survey set status = 'draft' where id = ?").param(draft.id()).update();
      queue.forget();
      assertThat(queue.next(A, draft.id()).reason()).isEqualTo("outside_hours");
    }

    @Test
    void anAbandonedHoldExpiresAndTheOldHolderCanNoLongerRecord() {
      NextCall a = queue.next(A, survey);
      clock.advance(Duration.ofMinutes(11));
      // every fresh number but a's is taken first: a's case is due again at the end of its hold
      NextCall b = null;
      for (int i = 0; i < 5; i++) {
        NextCall n = queue.next("t-cq-" + (1 + i % 2), survey);
        if (a.caseId().equals(n.caseId())) {
          b = n;
          break;
        }
        queue.record("t-cq-" + (1 + i % 2), n.caseId(), n.holdToken(), outcome("4.31"));
      }
      assertThat(b).as("the abandoned case is handed out again").isNotNull();
      String before = fingerprint(a.caseId());
      assertThatThrownBy(() -> queue.record(A, a.caseId(), a.holdToken(), outcome("3.13")))
          .isInstanceOf(InputConflict.class);
      assertThat(fingerprint(a.caseId())).isEqualTo(before);
    }

    @Test
    void anExpiredHoldNobodyTookIsStillTheHoldersToRecord() {
      long small = newSurvey(Map.of("holdMinutes", "5"), 1, 1);
      NextCall a = queue.next(A, small);
      clock.advance(Duration.ofMinutes(30));
      assertThat(queue.record(A, a.caseId(), a.holdToken(), outcome("3.13")).status()).isEqualTo("stored");
    }
  }

  @Nested
  class Recording {

    @Test
    void aRetriedSaveIsARepeatAndStoresOnce() {
      NextCall n = queue.next(A, survey);
      Outcome o = outcome("3.12");
      Recorded first = queue.record(A, n.caseId(), n.holdToken(), o);
      Recorded again = queue.record(A, n.caseId(), n.holdToken(), o);
      assertThat(first.status()).isEqualTo("stored");
      assertThat(again).isEqualTo(new Recorded("repeat", first.caseState(), first.finalCode(), first.disposition()));
      assertThat(jdbc.sql("select count(*) from cati_attempt where case_id = ?").param(n.caseId()).query(Long.class)
          .single()).isEqualTo(1);
      assertThat(jdbc.sql("select state from cati_session where survey_id = ? and interviewer = ?").params(survey, A)
          .query(String.class).single()).isEqualTo("wrap_up");
    }

    @Test
    void aStratumAtItsTargetFinishesScreenedInCasesAsQuotaFilled() {
      long small = newSurvey(Map.of("targetPerStratum", "1"), 1, 3);
      List<CatiQueue.Stratum> strata = queue.strata(small);
      assertThat(strata).isNotEmpty().allSatisfy(s -> assertThat(s.target()).isEqualTo(1));
      String town = strata.get(0).code();
      // one interview of the town done (as the interview submission leaves it)
      jdbc.sql("update cati_case set stratum = ?, final_code = '1.1', disposition = '1.1', state = 'final' where id = "
          + "(select min(id) from cati_case where survey_id = ?)").params(town, small).update();
      assertThat(queue.strata(small).get(0).completes()).isEqualTo(1);
      NextCall n = queue.next(A, small);
      Recorded r = queue.record(A, n.caseId(), n.holdToken(),
          new Outcome(UUID.randomUUID(), "2.111", null, null, false, false, town, null));
      assertThat(r).isEqualTo(new Recorded("stored", "final", "4.80", "4.80"));
      // another town still takes interviews: a refusal there stays a refusal
      NextCall m = queue.next(A, small);
      Recorded s = queue.record(A, m.caseId(), m.holdToken(),
          new Outcome(UUID.randomUUID(), "2.111", null, null, false, false, strata.get(1).code(), null));
      assertThat(s.disposition()).isEqualTo("2.111");
      assertThat(s.caseState()).isEqualTo("callback");
    }

    @Test
    void targetsDefaultToThePhoneShareOfTheHouseholdSample() {
      List<CatiQueue.Stratum> strata = queue.strata(survey);
      assertThat(strata).isNotEmpty();
      assertThat(strata).allSatisfy(s -> {
        assertThat(s.name()).isNotBlank();
        assertThat(s.target()).isPositive();
      });
    }

    @Test
    void codesForTheInterviewerScreen() {
      List<CatiQueue.CodeOption> codes = queue.codes();
      assertThat(codes).extracting(CatiQueue.CodeOption::code).contains("2.111", "2.21", "3.13", "4.31", "4.80")
          .doesNotContain("1.1", "3.11", "4.30");
      assertThat(codes).filteredOn(c -> c.code().equals("2.21")).singleElement()
          .satisfies(c -> assertThat(c.needsTime()).isTrue());
      assertThat(codes).filteredOn(c -> c.code().equals("4.31")).singleElement()
          .satisfies(c -> assertThat(c.fin()).isTrue());
    }
  }

  /** The bad input: a clear error, and nothing changed. */
  @Nested
  class BadInput {

    NextCall held;
    String before;

    @BeforeEach
    void hold() {
      held = queue.next(A, survey);
      before = fingerprint(held.caseId());
    }

    void refused(Outcome o, Class<? extends RuntimeException> type, String messageKey) {
      assertThatThrownBy(() -> queue.record(A, held.caseId(), held.holdToken(), o)).isInstanceOf(type)
          .satisfies(e -> assertThat(((InputRejected) e).problems().get(0).messageKey()).isEqualTo(messageKey));
      assertThat(fingerprint(held.caseId())).isEqualTo(before);
    }

    @Test
    void aCodeThatDoesNotExist() {
      refused(outcome("9.9"), InputRejected.class, "cati.error.unknownCode");
      refused(outcome("2.1x"), InputRejected.class, "cati.error.unknownCode");
      refused(outcome(null), InputRejected.class, "cati.error.unknownCode");
    }

    @Test
    void codesAnInterviewerMayNotRecord() {
      refused(outcome("3.11"), InputRejected.class, "cati.error.notRecordable");
      refused(outcome("4.3"), InputRejected.class, "cati.error.notRecordable");
      refused(outcome("1.1"), InputRejected.class, "cati.error.completeNeedsInterview");
      refused(new Outcome(UUID.randomUUID(), "3.13", null, null, false, true, null, null), InputRejected.class,
          "cati.error.hardRefusalCode");
    }

    @Test
    void anAppointmentInThePast() {
      refused(callback("2.21", bj("2026-11-18T09:30:00"), true), InputRejected.class, "cati.error.timeInPast");
    }

    @Test
    void anAppointmentOutsideCallingHoursOrOnAnExcludedDate() {
      refused(callback("2.21", bj("2026-11-18T12:30:00"), true), InputRejected.class, "cati.error.timeOutsideHours");
      refused(callback("2.21", bj("2026-11-18T22:00:00"), true), InputRejected.class, "cati.error.timeOutsideHours");
      refused(callback("2.21", bj("2026-11-21T10:00:00"), true), InputRejected.class, "cati.error.timeOutsideHours");
      refused(callback("3.13", bj("2026-11-18T07:00:00").plus(Duration.ofDays(1)), false), InputRejected.class,
          "cati.error.timeOutsideHours");
    }

    @Test
    void anAppointmentWithoutATimeOrAfterTheWindow() {
      refused(outcome("2.21"), InputRejected.class, "cati.error.appointmentNeedsTime");
      refused(callback("2.21", bj("2027-03-01T10:00:00"), true), InputRejected.class, "cati.error.timeAfterWindow");
    }

    @Test
    void aStratumOutsideTheSurvey() {
      refused(new Outcome(UUID.randomUUID(), "2.111", null, null, false, false, TestAccounts.SHANGCHENG, null),
          InputRejected.class, "cati.error.unknownStratum");
    }

    @Test
    void anOutcomeForANumberNotHeld() {
      NextCall other = queue.next(B, survey);
      String otherBefore = fingerprint(other.caseId());
      // A records on B's case, with A's token and with B's
      assertThatThrownBy(() -> queue.record(A, other.caseId(), held.holdToken(), outcome("3.13")))
          .isInstanceOf(InputConflict.class);
      assertThatThrownBy(() -> queue.record(A, other.caseId(), other.holdToken(), outcome("3.13")))
          .isInstanceOf(InputConflict.class);
      assertThat(fingerprint(other.caseId())).isEqualTo(otherBefore);
      // a fresh case nobody holds
      long free = jdbc.sql("select min(id) from cati_case where survey_id = ? and held_by is null").param(survey)
          .query(Long.class).single();
      String freeBefore = fingerprint(free);
      assertThatThrownBy(() -> queue.record(A, free, UUID.randomUUID(), outcome("3.13")))
          .isInstanceOf(InputConflict.class);
      assertThat(fingerprint(free)).isEqualTo(freeBefore);
    }

    @Test
    void aKeyUsedOnAnotherCase() {
      Outcome o = outcome("3.13");
      queue.record(A, held.caseId(), held.holdToken(), o);
      NextCall next = queue.next(A, survey);
      String nextBefore = fingerprint(next.caseId());
      assertThatThrownBy(() -> queue.record(A, next.caseId(), next.holdToken(), o)).isInstanceOf(InputConflict.class);
      assertThat(fingerprint(next.caseId())).isEqualTo(nextBefore);
    }

    @Test
    void anUnknownState() {
      assertThatThrownBy(() -> queue.state(A, survey, "sleeping")).isInstanceOf(InputRejected.class);
      queue.state(A, survey, "interview");
      assertThat(jdbc.sql("select state from cati_session where survey_id = ? and interviewer = ?").params(survey, A)
          .query(String.class).single()).isEqualTo("interview");
    }
  }

  @Nested
  class Release {

    @Test
    void eachReleaseTakesTheNextReplicateUntilNoneIsLeft() {
      // setUp released replicate 1 of 2
      assertThat(queue.releaseNext(SUPERVISOR, survey)).isEqualTo(5);
      assertThat(queue.releaseNext(SUPERVISOR, survey)).isZero();
      assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ?").param(survey).query(Long.class).single())
          .isEqualTo(10);
    }

    @Test
    void numbersOnTheDoNotCallListAreNotReleased() {
      Survey s = CatiFixtures.survey(surveys, instruments, Map.of(), clock.instant());
      long draw = CatiFixtures.draw(jdbc, s.id(), 1, 3);
      String number = jdbc.sql("select number from sample_number where draw_id = ? and release_order = 2").param(draw)
          .query(String.class).single();
      queue.addDnc(SUPERVISOR, s.id(), number);
      assertThat(queue.releaseNext(SUPERVISOR, s.id())).isEqualTo(2);
    }

    @Test
    void onlySupervisorsInScopeRelease() {
      assertThatThrownBy(() -> queue.releaseNext(A, survey)).isInstanceOf(OutOfScope.class);
      assertThatThrownBy(() -> queue.releaseNext("t-shangcheng", survey)).isInstanceOf(OutOfScope.class);
      Survey none = CatiFixtures.survey(surveys, instruments, new HashMap<>(), clock.instant());
      assertThatThrownBy(() -> queue.releaseNext(SUPERVISOR, none.id())).isInstanceOf(InputRejected.class);
    }
  }
}
