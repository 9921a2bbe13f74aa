package org.sanlv.fieldwork;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import tools.jackson.databind.json.JsonMapper;

/** Surveys with online windows in every state, and complete zhejiang-2022 answer sets, for the CAWI tests. */
final class CawiFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Open now (2026-11-25): a province-wide official survey of Zhejiang. */
  static final String OPEN = "t-cawi-open";
  static final String BEFORE = "t-cawi-before";
  /** Closed an hour ago: forms opened inside the window are still accepted, flagged late. */
  static final String JUST_ENDED = "t-cawi-just-ended";
  static final String LONG_ENDED = "t-cawi-long-ended";

  private CawiFixtures() {}

  static synchronized void ensure(SurveyService surveys, InstrumentService instruments, OrgService org, UserService users) {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    if (surveys.bySlug(OPEN).isPresent()) {
      return;
    }
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = Instant.now();
    create(surveys, zhejiang, OPEN, Instant.parse("2026-10-18T16:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
    create(surveys, zhejiang, BEFORE, Instant.parse("2030-10-18T16:00:00Z"), Instant.parse("2030-10-29T16:00:00Z"));
    create(surveys, zhejiang, JUST_ENDED, now.minusSeconds(30 * 86400), now.minusSeconds(3600));
    create(surveys, zhejiang, LONG_ENDED, now.minusSeconds(30 * 86400), now.minusSeconds(3 * 86400));
  }

  private static void create(SurveyService surveys, long instrument, String slug, Instant opens, Instant closes) {
    surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, slug, instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
  }

  /** A complete, valid answer set (as JSON numbers and strings, the way a browser sends it). */
  static Map<String, Object> answers(String county) {
    return org.sanlv.instrument.ZhejiangAnswers.complete(county);
  }

  static String device() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A submit body as survey.js sends it. */
  static Map<String, Object> body(long surveyId, String token, String key, String device, Map<String, Object> answers) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("surveyId", surveyId);
    b.put("pageToken", token);
    b.put("idempotencyKey", key);
    b.put("deviceToken", device);
    b.put("answers", answers);
    b.put("paradata", Map.of("times", Map.of("q2", 4000, "q4", 3500), "visibility", 1));
    b.put("website", "");
    return b;
  }

  static String json(Object o) {
    return JSON.writeValueAsString(o);
  }
}
