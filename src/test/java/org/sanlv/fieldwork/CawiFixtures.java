package org.sanlv.fieldwork;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Surveys with online windows in every state, relative to the test clock's start, and complete zhejiang-2022
 * answer sets, for the CAWI tests. Every fixture survey is running (调查中): only a running survey takes answers.
 */
final class CawiFixtures {

  static final JsonMapper JSON = JsonMapper.builder().build();
  /** Where the fixtures' windows are measured from (the tests' clock starts here). */
  static final Instant START = TestClock.DEFAULT_START;
  /** Open from 30 days before the clock's start to 60 days after it: a province-wide official survey of Zhejiang. */
  static final String OPEN = "t-cawi-open";
  static final Instant BEFORE_OPENS = START.plus(Duration.ofDays(300));
  static final Instant BEFORE_CLOSES = START.plus(Duration.ofDays(311));
  static final String BEFORE = "t-cawi-before";
  /** Closed an hour before the clock's start: forms opened inside the window are still accepted, flagged late. */
  static final String JUST_ENDED = "t-cawi-just-ended";
  static final String LONG_ENDED = "t-cawi-long-ended";
  private static final AtomicInteger NETWORK = new AtomicInteger();

  private CawiFixtures() {}

  static synchronized void ensure(SurveyService surveys, InstrumentService instruments, OrgService org, UserService users) {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    if (surveys.bySlug(OPEN).isPresent()) {
      return;
    }
    long zhejiang = zhejiang(instruments);
    running(surveys, create(surveys, zhejiang, OPEN, START.minus(Duration.ofDays(30)), START.plus(Duration.ofDays(60))));
    running(surveys, create(surveys, zhejiang, BEFORE, BEFORE_OPENS, BEFORE_CLOSES));
    running(surveys, create(surveys, zhejiang, JUST_ENDED, START.minus(Duration.ofDays(30)), START.minus(Duration.ofHours(1))));
    running(surveys, create(surveys, zhejiang, LONG_ENDED, START.minus(Duration.ofDays(30)), START.minus(Duration.ofDays(3))));
  }

  static long zhejiang(InstrumentService instruments) {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
  }

  /** A new draft survey of Zhejiang with an online window from {@code opens} to {@code closes}. */
  static Survey create(SurveyService surveys, long instrument, String slug, Instant opens, Instant closes) {
    return surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, slug, instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
  }

  /** A survey of its own (open around {@code now}, running), for a test that must not share counts with others. */
  static Survey fresh(SurveyService surveys, InstrumentService instruments, String prefix, Instant now) {
    String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    return running(surveys, create(surveys, zhejiang(instruments), slug, now.minus(Duration.ofDays(30)),
        now.plus(Duration.ofDays(60))));
  }

  static Survey running(SurveyService surveys, Survey survey) {
    return surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
  }

  /** A complete, valid answer set (as JSON numbers and strings, the way a browser sends it). */
  static Map<String, Object> answers(String county) {
    return org.sanlv.instrument.ZhejiangAnswers.complete(county);
  }

  static String device() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * An address in a network of its own (an IPv4 /24, as the limits count them) for each caller, so that the
   * per-network limits of one test do not touch another.
   */
  static String network() {
    int n = NETWORK.incrementAndGet();
    return "10." + (100 + n / 250) + "." + (n % 250) + ".7";
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

  /** POSTs a JSON body to a public path from a client address; the answer decoded as UTF-8. */
  static MockHttpServletResponse post(MockMvc mvc, String path, String body, String address) throws Exception {
    MockHttpServletResponse response = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
        .post(path).contentType(MediaType.APPLICATION_JSON).content(body).with(r -> {
          r.setRemoteAddr(address);
          return r;
        })).andReturn().getResponse();
    response.setCharacterEncoding("UTF-8");
    return response;
  }

  /** The receipt of a 200 answer. */
  static String receipt(MockHttpServletResponse r) throws Exception {
    return r.getContentAsString().replaceAll("(?s).*\"receipt\":\"?([^\",}]+)\"?.*", "$1");
  }
}
