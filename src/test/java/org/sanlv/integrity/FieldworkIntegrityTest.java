package org.sanlv.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fieldwork rules over interviews stored in the database: read with their paradata and their block's location,
 * flagged, the sync's own flags kept, the online rules (same device!) kept off field interviews, and a second run
 * changing nothing.
 */
@IntegrationTest
class FieldworkIntegrityTest {

  @Autowired IntegrityService integrity;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;

  private static final double LAT = 30.03;
  private static final double LON = 120.87;

  @Test
  void plantedFabricationsAreFlaggedAndTheSyncsFlagsKept() {
    TestAccounts.ensure(org, users);
    Survey survey = ReviewFixtures.householdSurvey(surveys, instruments, "t-capi-int-", "入户核查测试",
        TestClock.DEFAULT_START);
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    Instant day = Instant.parse("2026-11-03T01:00:00Z");

    // a copier: 20 interviews with one answer vector, at a believable pace, in the block
    List<Long> copied = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Instant start = day.plus(Duration.ofMinutes(40L * i));
      copied.add(interview(survey, draw, "t-copier", i, ZhejiangAnswers.complete(), start, start.plusSeconds(420),
          LAT + 0.001, LON, "{}"));
    }
    // a hurried interviewer: 30-second interviews with their own answers
    List<Long> hurried = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<String, Object> a = ZhejiangAnswers.complete();
      a.put("q2", String.valueOf(1 + i % 4));
      a.put("q4", String.valueOf(1 + (i + 1) % 4));
      a.put("q6", String.valueOf(1 + (i + 2) % 4));
      Instant start = day.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30L * i));
      hurried.add(interview(survey, draw, "t-hurried", 100 + i, a, start, start.plusSeconds(30), LAT, LON, "{}"));
    }
    // one interview 20 km from its block (0.18° of latitude), and one the sync flagged as reassigned
    Instant farStart = day.plus(Duration.ofDays(2));
    long far = interview(survey, draw, "t-roamer", 200, answers(2), farStart, farStart.plusSeconds(600), LAT + 0.18,
        LON, "{}");
    Instant laterStart = farStart.plus(Duration.ofHours(1));
    long reassigned = interview(survey, draw, "t-roamer", 201, answers(3), laterStart, laterStart.plusSeconds(600), LAT,
        LON, "{capi_reassigned}");
    // every interview came from the same tablet: the online rule "same device" must not apply to fieldwork
    jdbc.sql("update response set device_hash = 'tablet-1' where survey_id = ?").param(survey.id()).update();

    integrity.recompute(survey.id());

    assertThat(copied).allSatisfy(id -> assertThat(flags(id)).contains("capi_duplicate_answers"));
    assertThat(hurried).allSatisfy(id -> assertThat(flags(id)).contains("capi_fast"));
    assertThat(flags(far)).containsExactly("capi_gps_far");
    assertThat(flags(reassigned)).containsExactly("capi_reassigned");
    assertThat(jdbc.sql("select count(*) from response where survey_id = ? and 'duplicate_device' = any (flags)")
        .param(survey.id()).query(Long.class).single()).isZero();
    // nothing of the copier's is fast or far; a second run changes nothing
    assertThat(copied).allSatisfy(id -> assertThat(flags(id)).containsExactly("capi_duplicate_answers"));
    assertThat(integrity.checkFieldwork(survey.id())).isZero();
  }

  private static Map<String, Object> answers(int variant) {
    Map<String, Object> a = ZhejiangAnswers.complete();
    a.put("q8", String.valueOf(1 + variant % 4));
    return a;
  }

  private long interview(Survey survey, long draw, String interviewer, int household, Map<String, Object> answers,
      Instant start, Instant end, double lat, double lon, String flags) {
    long assignment = ReviewFixtures.assignment(jdbc, survey.id(), draw, TestAccounts.SHANGYU, "B-int", household, LAT,
        LON, interviewer, null);
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("gps", Map.of("lat", lat, "lon", lon, "accuracy", 20));
    paradata.put("visit", 1);
    paradata.put("clockSkewSeconds", 3);
    return ReviewFixtures.interview(jdbc, UUID.randomUUID(), survey.id(), survey.instrumentId(), TestAccounts.SHANGYU,
        assignment, interviewer, null, answers, start, end, paradata, flags);
  }

  private List<String> flags(long id) {
    return jdbc.sql("select unnest(flags) from response where id = ? order by 1").param(id).query(String.class).list();
  }
}
