package org.sanlv.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.capi.CapiFixtures;
import org.sanlv.fieldwork.capi.SyncService;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A sync that stored interviews asks for its survey's falsification check soon: a planted fast interview synced
 * through {@link SyncService} carries {@code capi_fast} without the 5-minute schedule (which is off in the tests), and
 * a burst of syncs costs one check. The sync itself never runs the rules.
 */
@IntegrationTest
class FieldworkChecksAfterSyncTest {

  /** The longest the test waits for the asynchronous check (it runs within the delay plus a moment). */
  private static final Duration AWAIT = Duration.ofSeconds(60);

  @Autowired FieldworkChecks checks;
  @Autowired SyncService sync;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  private Duration before;

  @BeforeEach
  void turnOn() {
    before = checks.afterSync(Duration.ofMillis(100));
  }

  @AfterEach
  void turnBack() {
    checks.afterSync(before);
  }

  private Survey survey() {
    TestAccounts.ensure(org, users);
    return ReviewFixtures.householdSurvey(surveys, instruments, "t-capi-soon-", "同步后核查测试",
        TestClock.DEFAULT_START);
  }

  private long assigned(Survey survey, long draw, String interviewer, int household) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, block_id, block_name, household_no, pi,
                                     base_weight, latitude, longitude, interviewer, status)
        values (?, ?, 'household', ?, ?, 'B-soon', '小区B-soon', ?, 0.01, 100, 30.03, 120.87, ?, 'assigned')
        returning id""")
        .params(survey.id(), draw, TestAccounts.SHANGYU, TestAccounts.SHANGYU, household, interviewer)
        .query(Long.class).single();
  }

  /** One interview of {@code seconds}, as the app sends it, two hours ago by the test clock. */
  private Map<String, Object> batch(long assignment, long seconds, int variant) {
    Instant start = clock.instant().minus(Duration.ofHours(2)).plusSeconds(3600L * variant / 10);
    Map<String, Object> visit = CapiFixtures.interview(assignment, start.toString(), start.plusSeconds(seconds).toString());
    visit.put("assignmentVersion", 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> answers = (Map<String, Object>) ((Map<String, Object>) visit.get("interview")).get("answers");
    answers.put("q8", String.valueOf(1 + variant % 4)); // no two alike: only the pace is at fault
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deviceId", "device-soon-" + variant);
    body.put("sentAt", clock.instant().toString());
    body.put("visits", List.of(visit));
    return body;
  }

  private List<String> flags(long responseId) {
    return jdbc.sql("select unnest(flags) from response where id = ? order by 1").param(responseId)
        .query(String.class).list();
  }

  /** Waits for the asynchronous check, at most {@link #AWAIT}. */
  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Test
  void aFastInterviewSyncedIsFlaggedSoonWithoutWaitingForTheSchedule() throws Exception {
    Survey survey = survey();
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    long assignment = assigned(survey, draw, "t-soon-fast", 1);

    List<SyncService.Result> results = sync.sync("t-soon-fast", batch(assignment, 30, 0), Locale.CHINA);

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo("stored");
      assertThat(r.flags()).as("the sync answers before the rules run").doesNotContain("capi_fast");
    });
    long id = results.get(0).responseId();
    assertThat(eventually(() -> flags(id).contains("capi_fast"))).as("flagged within %s", AWAIT).isTrue();
    assertThat(flags(id)).containsExactly("capi_fast");
  }

  @Test
  void aBurstOfSyncsOfOneSurveyCostsOneCheck() throws Exception {
    checks.afterSync(Duration.ofSeconds(3)); // longer than the burst below takes
    Survey survey = survey();
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    long started = checks.afterSyncChecks();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long assignment = assigned(survey, draw, "t-soon-burst", 10 + i);
      ids.add(sync.sync("t-soon-burst", batch(assignment, 25, i), Locale.CHINA).get(0).responseId());
    }

    assertThat(eventually(() -> ids.stream().allMatch(id -> flags(id).contains("capi_fast")))).isTrue();
    assertThat(checks.afterSyncChecks() - started).isEqualTo(1);
  }

  @Test
  void aSyncThatStoredNoInterviewAsksForNoCheck() throws Exception {
    Survey survey = survey();
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    long assignment = assigned(survey, draw, "t-soon-none", 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deviceId", "device-soon-none");
    body.put("sentAt", clock.instant().toString());
    body.put("visits", List.of(CapiFixtures.visit(assignment, "nobody_home", clock.instant().toString())));
    long started = checks.afterSyncChecks();
    assertThat(sync.sync("t-soon-none", body, Locale.CHINA).get(0).status()).isEqualTo("stored");
    // a following sync with an interview is checked: when its check has run, the first asked for none
    long other = assigned(survey, draw, "t-soon-none", 2);
    long id = sync.sync("t-soon-none", batch(other, 20, 1), Locale.CHINA).get(0).responseId();
    assertThat(eventually(() -> flags(id).contains("capi_fast"))).isTrue();
    assertThat(checks.afterSyncChecks() - started).isEqualTo(1);
  }
}
