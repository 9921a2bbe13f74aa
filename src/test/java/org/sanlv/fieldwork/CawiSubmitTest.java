package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The public submit: bad input refused with a clear 4xx and nothing stored; idempotent; one response per respondent. */
@IntegrationTest
class CawiSubmitTest {

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Survey open;
  String token;
  static final AtomicInteger NETWORK = new AtomicInteger();

  @BeforeEach
  void surveys() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    open = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
    token = tokens.issue(open.id(), clock.instant().minusSeconds(600));
  }

  /** Each test from its own network, so the per-network limits of one test do not touch another. */
  private static String network() {
    int n = NETWORK.incrementAndGet();
    return "10." + (n / 250) + "." + (n % 250) + ".7";
  }

  MockHttpServletResponse submit(String slug, String body, String address) throws Exception {
    MockHttpServletRequestBuilder request = post("/s/" + slug + "/responses").contentType(MediaType.APPLICATION_JSON)
        .content(body).with(r -> {
          r.setRemoteAddr(address);
          return r;
        });
    MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
    response.setCharacterEncoding("UTF-8");
    return response;
  }

  long stored(String key) {
    return jdbc.sql("select count(*) from response where idempotency_key = :k::uuid").param("k", key).query(Long.class).single();
  }

  long storedForSurvey() {
    return jdbc.sql("select count(*) from response where survey_id = :s").param("s", open.id()).query(Long.class).single();
  }

  @Test
  void aCompleteResponseIsStoredWithTypedColumnsAndAcknowledged() throws Exception {
    String key = UUID.randomUUID().toString();
    MockHttpServletResponse r = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device(), answers("330604"))), network());
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString()).contains("\"status\":\"complete\"", "\"repeat\":false", "感谢");
    Map<String, Object> row = jdbc.sql("select * from response where idempotency_key = :k::uuid").param("k", key).query()
        .singleRow();
    assertThat(row).containsEntry("status", "complete").containsEntry("county_code", "330604").containsEntry("mode", "online")
        .containsEntry("late", false);
    assertThat(row.get("interviewer")).isNull();
    assertThat(row.get("device_hash")).isNotNull();
    assertThat(row.get("network_hash")).isNotNull();
    assertThat(row.get("answers").toString()).contains("\"age\": 45");
    assertThat(row.get("paradata").toString()).contains("\"times\"", "\"ua\"");
  }

  @Test
  void aFifteenYearOldIsStoredAsIneligible() throws Exception {
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("county", "330604");
    a.put("age", 15);
    String key = UUID.randomUUID().toString();
    MockHttpServletResponse r = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device(), a)), network());
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString()).contains("\"status\":\"ineligible\"");
  }

  @Nested
  class BadInputIsRefusedAndNothingStored {

    private void refused(String body, int status, String... words) throws Exception {
      long before = storedForSurvey();
      MockHttpServletResponse r = submit(CawiFixtures.OPEN, body, network());
      assertThat(r.getStatus()).isEqualTo(status);
      assertThat(r.getContentType()).startsWith("application/json");
      assertThat(r.getContentAsString()).contains(words);
      assertThat(storedForSurvey()).isEqualTo(before);
    }

    @Test
    void malformedJson() throws Exception {
      refused("{\"answers\": {", 400, "不是有效的 JSON");
      refused("[1,2,3]", 400, "不是有效的 JSON");
    }

    @Test
    void notJsonAtAll() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/s/" + CawiFixtures.OPEN + "/responses")
          .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("answers=x")).andReturn().getResponse();
      r.setCharacterEncoding("UTF-8");
      assertThat(r.getStatus()).isEqualTo(415);
      assertThat(r.getContentAsString()).contains("application/json");
    }

    @Test
    void wrongTypes() throws Exception {
      Map<String, Object> b = body(open.id(), token, UUID.randomUUID().toString(), device(), answers("330604"));
      b.put("answers", "county=330604");
      refused(json(b), 400, "answers", "JSON 对象");
      Map<String, Object> a = answers("330604");
      a.put("age", "forty");
      a.put("q10", "1");
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), a)), 400, "age", "请填写整数", "q10");
      Map<String, Object> c = body(open.id(), token, UUID.randomUUID().toString(), device(), answers("330604"));
      c.put("idempotencyKey", 42);
      refused(json(c), 400, "idempotencyKey", "应为文字");
    }

    @Test
    void answersToQuestionsThatAreNotAsked() throws Exception {
      Map<String, Object> a = answers("330604");
      a.put("q3", List.of("1"));
      a.put("q3_other", "not asked: q3 other was not chosen");
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), a)), 400, "q3_other", "不需要回答");
    }

    @Test
    void unknownCodesAndQuestions() throws Exception {
      Map<String, Object> a = answers("330604");
      a.put("q2", "9");
      a.put("q99", "1");
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), a)), 400, "q2", "没有这个选项", "q99");
    }

    @Test
    void incompleteAnswers() throws Exception {
      Map<String, Object> a = answers("330604");
      a.remove("q13");
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), a)), 400, "q13");
    }

    @Test
    void oversizedBody() throws Exception {
      Map<String, Object> a = answers("330604");
      a.put("q1_other", "长".repeat(40_000));
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), a)), 413, "太大");
    }

    @Test
    void forgedSurveyId() throws Exception {
      Survey other = surveys.bySlug("t-shangyu-mock").orElseThrow();
      refused(json(body(other.id(), token, UUID.randomUUID().toString(), device(), answers("330604"))), 400, "与链接不符");
    }

    @Test
    void aTokenOfAnotherSurveyOrATamperedToken() throws Exception {
      Survey other = surveys.bySlug("t-shangyu-mock").orElseThrow();
      String foreign = tokens.issue(other.id(), clock.instant());
      refused(json(body(open.id(), foreign, UUID.randomUUID().toString(), device(), answers("330604"))), 400, "刷新页面");
      String tampered = token.replaceFirst("\\.(\\d+)\\.", ".1.");
      refused(json(body(open.id(), tampered, UUID.randomUUID().toString(), device(), answers("330604"))), 400, "刷新页面");
      Map<String, Object> none = body(open.id(), null, UUID.randomUUID().toString(), device(), answers("330604"));
      refused(json(none), 400, "刷新页面");
    }

    @Test
    void forgedCounty() throws Exception {
      // the form's own constraint: a county of Zhejiang
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), answers("410102"))), 400,
          "county", "请选择浙江省的县");
      refused(json(body(open.id(), token, UUID.randomUUID().toString(), device(), answers("999999"))), 400, "county");
      // a county of Zhejiang that is not the county of 上虞区's mock survey
      Survey mock = surveys.bySlug("t-shangyu-mock").orElseThrow();
      String mockToken = tokens.issue(mock.id(), clock.instant().minusSeconds(600));
      long before = jdbc.sql("select count(*) from response").query(Long.class).single();
      Map<String, Object> forged = body(mock.id(), mockToken, UUID.randomUUID().toString(), device(), answers("330602"));
      forged.put("area", TestAccounts.BAIGUAN); // a town of the survey: the county answer is what is forged
      MockHttpServletResponse r = submit("t-shangyu-mock", json(forged), network());
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("330602 不是本调查的县");
      assertThat(jdbc.sql("select count(*) from response").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void missingOrMalformedIdempotencyKey() throws Exception {
      refused(json(body(open.id(), token, null, device(), answers("330604"))), 400, "缺少提交编号");
      refused(json(body(open.id(), token, "abc", device(), answers("330604"))), 400, "UUID");
    }

    @Test
    void anUnknownSurvey() throws Exception {
      MockHttpServletResponse r = submit("no-such-survey", json(body(1, token, UUID.randomUUID().toString(), device(),
          answers("330604"))), network());
      assertThat(r.getStatus()).isEqualTo(404);
    }

    @Test
    void messagesInEnglishWhenAsked() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/s/" + CawiFixtures.OPEN + "/responses?lang=en")
          .contentType(MediaType.APPLICATION_JSON).content(json(body(open.id(), token, null, device(), answers("330604")))))
          .andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("idempotencyKey) is missing");
    }
  }

  @Nested
  class Idempotency {

    @Test
    void aRetryReturnsTheFirstResultAndStoresOnce() throws Exception {
      String key = UUID.randomUUID().toString();
      String device = device();
      String net = network();
      MockHttpServletResponse first = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device, answers("330604"))), net);
      MockHttpServletResponse again = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device, answers("330604"))), net);
      assertThat(first.getStatus()).isEqualTo(200);
      assertThat(again.getStatus()).isEqualTo(200);
      String receipt = CawiFixtures.receipt(first);
      assertThat(again.getContentAsString()).contains("\"receipt\":\"" + receipt + "\"", "\"repeat\":true");
      assertThat(stored(key)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesOfManyResponsesStoreEachOnce() throws Exception {
      int responses = 40;
      int copies = 4;
      List<String> keys = new ArrayList<>();
      List<String> devices = new ArrayList<>();
      for (int i = 0; i < responses; i++) {
        keys.add(UUID.randomUUID().toString());
        devices.add(device());
      }
      String net = network();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<MockHttpServletResponse>> futures = new ArrayList<>();
      for (int c = 0; c < copies; c++) {
        for (int i = 0; i < responses; i++) {
          String body = json(body(open.id(), token, keys.get(i), devices.get(i), answers("330604")));
          futures.add(pool.submit(() -> submit(CawiFixtures.OPEN, body, net)));
        }
      }
      Map<String, Set<String>> receipts = new java.util.HashMap<>();
      int repeats = 0;
      for (int f = 0; f < futures.size(); f++) {
        MockHttpServletResponse r = futures.get(f).get();
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        String receipt = CawiFixtures.receipt(r);
        receipts.computeIfAbsent(keys.get(f % responses), k -> new HashSet<>()).add(receipt);
        repeats += r.getContentAsString().contains("\"repeat\":true") ? 1 : 0;
      }
      pool.shutdown();
      assertThat(receipts.values()).allSatisfy(set -> assertThat(set).hasSize(1));
      assertThat(repeats).isEqualTo(responses * (copies - 1));
      for (String key : keys) {
        assertThat(stored(key)).isEqualTo(1);
      }
    }

    @Test
    void aKeyIsUniquePerSurveySoTheSameKeyOnAnotherSurveyIsStoredThere() throws Exception {
      Survey mock = surveys.bySlug("t-shangyu-mock").orElseThrow();
      String key = UUID.randomUUID().toString();
      MockHttpServletResponse first = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device(),
          answers("330604"))), network());
      Map<String, Object> inTown = body(mock.id(), tokens.issue(mock.id(), clock.instant().minusSeconds(600)), key, device(),
          answers("330604"));
      inTown.put("area", TestAccounts.BAIGUAN); // a mock survey is by town
      MockHttpServletResponse other = submit("t-shangyu-mock", json(inTown), network());
      assertThat(first.getStatus()).isEqualTo(200);
      assertThat(other.getStatus()).as(other.getContentAsString()).isEqualTo(200);
      assertThat(other.getContentAsString()).contains("\"repeat\":false");
      assertThat(CawiFixtures.receipt(other)).isNotEqualTo(CawiFixtures.receipt(first));
      assertThat(jdbc.sql("select survey_id from response where idempotency_key = :k::uuid order by survey_id")
          .param("k", key).query(Long.class).list()).containsExactlyInAnyOrder(open.id(), mock.id());
    }

    @Test
    void theReceiptIsARandomCodeStoredWithTheResponseNotItsRowNumber() throws Exception {
      List<String> receipts = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String key = UUID.randomUUID().toString();
        MockHttpServletResponse r = submit(CawiFixtures.OPEN, json(body(open.id(), token, key, device(), answers("330604"))),
            network());
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("\"receipt\":\"");
        receipts.add(CawiFixtures.receipt(r));
        keys.add(key);
      }
      // 12 characters of an alphabet without 0/O and 1/I/L, in groups of four: about 60 bits, nothing to count
      assertThat(receipts).allMatch(r -> r.matches("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}"))
          .doesNotHaveDuplicates();
      for (int i = 0; i < keys.size(); i++) {
        Map<String, Object> row = jdbc.sql("select id, receipt from response where idempotency_key = :k::uuid")
            .param("k", keys.get(i)).query().singleRow();
        assertThat(row.get("receipt")).isEqualTo(receipts.get(i));
        assertThat(receipts.get(i)).doesNotContain(row.get("id").toString());
      }
    }
  }

  @Nested
  class OneResponsePerRespondent {

    @Test
    void aSecondResponseFromTheSameDeviceIsRefusedKindly() throws Exception {
      String device = device();
      String net = network();
      assertThat(submit(CawiFixtures.OPEN, json(body(open.id(), token, UUID.randomUUID().toString(), device,
          answers("330604"))), net).getStatus()).isEqualTo(200);
      String second = UUID.randomUUID().toString();
      MockHttpServletResponse r = submit(CawiFixtures.OPEN, json(body(open.id(), token, second, device, answers("330602"))), net);
      assertThat(r.getStatus()).isEqualTo(409);
      assertThat(r.getContentAsString()).contains("您已经参加过本次调查");
      assertThat(stored(second)).isZero();
    }

    @Test
    void thePageSaysSoToo() throws Exception {
      String device = device();
      submit(CawiFixtures.OPEN, json(body(open.id(), token, UUID.randomUUID().toString(), device, answers("330604"))), network());
      MockHttpServletResponse page = mvc.perform(get("/s/" + CawiFixtures.OPEN)
          .cookie(new jakarta.servlet.http.Cookie(CawiPageController.DEVICE_COOKIE, device))).andReturn().getResponse();
      assertThat(page.getContentAsString()).contains("您已经参加过本次调查").doesNotContain("id=\"interview\"");
    }

    @Test
    void aDeviceThatKeepsTryingIsSlowedDown() throws Exception {
      // five seconds into a minute: the twelve submits cannot straddle a minute boundary of the per-minute limit
      clock.set(CawiFixtures.START.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(5));
      try {
        String device = device();
        String net = network();
        String pageToken = tokens.issue(open.id(), clock.instant().minusSeconds(600));
        List<MockHttpServletResponse> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          answers.add(submit(CawiFixtures.OPEN, json(body(open.id(), pageToken, UUID.randomUUID().toString(), device,
              answers("330604"))), net));
        }
        assertThat(answers.get(0).getStatus()).isEqualTo(200);
        assertThat(answers.subList(1, 10)).extracting(MockHttpServletResponse::getStatus).containsOnly(409);
        assertThat(answers.subList(10, 12)).extracting(MockHttpServletResponse::getStatus).containsOnly(429);
        // the refusal says when to come back: the rest of this minute
        assertThat(Integer.parseInt(answers.get(11).getHeader("Retry-After"))).isBetween(1, 60);
      } finally {
        clock.reset();
      }
    }

    @Test
    void aHoneypotHitIsKeptAsRejectedAndLooksAccepted() throws Exception {
      String key = UUID.randomUUID().toString();
      Map<String, Object> b = body(open.id(), token, key, device(), answers("330604"));
      b.put("website", "http://spam.example");
      MockHttpServletResponse r = submit(CawiFixtures.OPEN, json(b), network());
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentAsString()).contains("\"status\":\"complete\"");
      assertThat(jdbc.sql("select status from response where idempotency_key = :k::uuid").param("k", key)
          .query(String.class).single()).isEqualTo("rejected");
    }
  }

  @Nested
  class Window {

    @Test
    void beforeTheWindowThePageSaysWhenItOpens() throws Exception {
      MockHttpServletResponse page = mvc.perform(get("/s/" + CawiFixtures.BEFORE)).andReturn().getResponse();
      assertThat(page.getStatus()).isEqualTo(200);
      java.time.format.DateTimeFormatter shown = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
          .withZone(Survey.CHINA);
      assertThat(page.getContentAsString()).contains("本调查尚未开始", shown.format(CawiFixtures.BEFORE_OPENS),
          shown.format(CawiFixtures.BEFORE_CLOSES)).doesNotContain("id=\"interview\"");
    }

    @Test
    void afterTheWindowThePageSaysItHasEnded() throws Exception {
      MockHttpServletResponse page = mvc.perform(get("/s/" + CawiFixtures.JUST_ENDED)).andReturn().getResponse();
      assertThat(page.getContentAsString()).contains("本调查已经结束");
    }

    @Test
    void aFormOpenedInsideTheWindowAndSubmittedAfterItIsKeptAndFlaggedLate() throws Exception {
      Survey ended = surveys.bySlug(CawiFixtures.JUST_ENDED).orElseThrow();
      String opened = tokens.issue(ended.id(), clock.instant().minusSeconds(7200));
      String key = UUID.randomUUID().toString();
      MockHttpServletResponse r = submit(CawiFixtures.JUST_ENDED, json(body(ended.id(), opened, key, device(),
          answers("330604"))), network());
      assertThat(r.getStatus()).isEqualTo(200);
      Map<String, Object> row = jdbc.sql("select late, status, array_to_string(flags, ',') as flags from response "
          + "where idempotency_key = :k::uuid").param("k", key).query().singleRow();
      assertThat(row).containsEntry("late", true).containsEntry("status", "complete");
      assertThat((String) row.get("flags")).contains("late");
    }

    @Test
    void longAfterTheWindowOrWithAPageOpenedAfterItTheSubmitIsRefused() throws Exception {
      Survey longEnded = surveys.bySlug(CawiFixtures.LONG_ENDED).orElseThrow();
      String opened = tokens.issue(longEnded.id(), clock.instant().minusSeconds(5 * 86400));
      MockHttpServletResponse r = submit(CawiFixtures.LONG_ENDED, json(body(longEnded.id(), opened,
          UUID.randomUUID().toString(), device(), answers("330604"))), network());
      assertThat(r.getStatus()).isEqualTo(403);
      Survey justEnded = surveys.bySlug(CawiFixtures.JUST_ENDED).orElseThrow();
      String afterClose = tokens.issue(justEnded.id(), clock.instant());
      r = submit(CawiFixtures.JUST_ENDED, json(body(justEnded.id(), afterClose, UUID.randomUUID().toString(), device(),
          answers("330604"))), network());
      assertThat(r.getStatus()).isEqualTo(403);
      r.setCharacterEncoding("UTF-8");
      assertThat(r.getContentAsString()).contains("不接受提交");
    }
  }

  @Nested
  class Security {

    @Test
    void otherTextIsEscapedWhereverItIsShownLater() throws Exception {
      // a survey of its own: the monitor shows its latest texts, and the clock of other tests may have run ahead
      Survey own = CawiFixtures.fresh(surveys, instruments, "t-xss", clock.instant());
      Map<String, Object> a = answers("330604");
      String attack = "<script>alert('xss')</script><img src=x onerror=alert(1)>电动车";
      a.put("q1_other", attack);
      assertThat(submit(own.slug(), json(body(own.id(), tokens.issue(own.id(), clock.instant().minusSeconds(600)),
          UUID.randomUUID().toString(), device(), a)), network()).getStatus()).isEqualTo(200);
      MockHttpServletResponse monitor = mvc.perform(get("/surveys/" + own.id() + "/monitor").with(user("t-province-admin")))
          .andReturn().getResponse();
      monitor.setCharacterEncoding("UTF-8");
      String html = monitor.getContentAsString();
      assertThat(monitor.getStatus()).isEqualTo(200);
      assertThat(html).contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;电动车")
          .doesNotContain("<script>alert", "<img src=x");
    }

    @Test
    void theSubmitAcceptsOnlyJsonSoACrossSiteFormCannotPostIt() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/s/" + CawiFixtures.OPEN + "/responses")
          .contentType(MediaType.TEXT_PLAIN).content(json(body(open.id(), token, UUID.randomUUID().toString(), device(),
              answers("330604"))))).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(415);
    }

    @Test
    void thePublicPageCreatesNoSession() throws Exception {
      MockHttpServletResponse page = mvc.perform(get("/s/" + CawiFixtures.OPEN)).andReturn().getResponse();
      assertThat(page.getStatus()).isEqualTo(200);
      assertThat(page.getHeader("Set-Cookie")).contains(CawiPageController.DEVICE_COOKIE).doesNotContain("SESSION");
      assertThat(page.getCookie("SESSION")).isNull();
    }

    @Test
    void phoneNumbersAreStoredOnlyAsSaltedHashesAndASecondResponseOfThePhoneIsRefused(@Autowired LoggingSmsGateway sms,
        @Autowired FieldworkService fieldwork, @Autowired FieldworkSettings settings) throws Exception {
      fieldwork.requireSms(true);
      // five seconds into a minute of the clock; the second code for the number comes a minute later
      clock.set(CawiFixtures.START.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(5));
      try {
        String phone = "139" + String.format("%08d", new java.security.SecureRandom().nextInt(100_000_000));
        String spaced = phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
        String pageToken = tokens.issue(open.id(), clock.instant().minusSeconds(600));
        MockHttpServletResponse challenge = submitSms("{\"phone\":\"" + spaced + "\",\"pageToken\":\"" + pageToken + "\"}",
            network());
        assertThat(challenge.getStatus()).as(challenge.getContentAsString()).isEqualTo(200);
        String id = challenge.getContentAsString().replaceAll(".*\"challenge\":\"([^\"]+)\".*", "$1");
        Map<String, Object> b = body(open.id(), pageToken, UUID.randomUUID().toString(), device(), answers("330604"));
        b.put("phone", phone);
        b.put("smsChallenge", id);
        b.put("smsCode", "000000".equals(sms.lastCode(phone)) ? "111111" : "000000");
        assertThat(submit(CawiFixtures.OPEN, json(b), network()).getStatus()).isEqualTo(400); // wrong code
        b.put("smsCode", sms.lastCode(phone));
        b.put("idempotencyKey", UUID.randomUUID().toString());
        assertThat(submit(CawiFixtures.OPEN, json(b), network()).getStatus()).isEqualTo(200);
        String everything = jdbc.sql("select string_agg(r::text, '|') from response r where survey_id = :s")
            .param("s", open.id()).query(String.class).single() + jdbc.sql("select string_agg(c::text, '|') from sms_challenge c")
            .query(String.class).single();
        assertThat(everything).doesNotContain(phone, spaced, phone.substring(3));
        String hash = jdbc.sql("select phone_hash from response where idempotency_key = :k::uuid")
            .param("k", b.get("idempotencyKey")).query(String.class).single();
        assertThat(hash).matches("[0-9a-f]{40}");
        // the same phone on another device, a minute later (one code per number and minute), is the same person
        clock.advance(java.time.Duration.ofSeconds(61));
        String secondToken = tokens.issue(open.id(), clock.instant().minusSeconds(600));
        MockHttpServletResponse c2 = submitSms("{\"phone\":\"" + phone + "\",\"pageToken\":\"" + secondToken + "\"}",
            network());
        assertThat(c2.getStatus()).as(c2.getContentAsString()).isEqualTo(200);
        Map<String, Object> again = body(open.id(), secondToken, UUID.randomUUID().toString(), device(), answers("330602"));
        again.put("phone", phone);
        again.put("smsChallenge", c2.getContentAsString().replaceAll(".*\"challenge\":\"([^\"]+)\".*", "$1"));
        again.put("smsCode", sms.lastCode(phone));
        MockHttpServletResponse second = submit(CawiFixtures.OPEN, json(again), network());
        assertThat(second.getStatus()).as(second.getContentAsString()).isEqualTo(409);
        assertThat(second.getContentAsString()).contains("您已经参加过本次调查");
        assertThat(stored((String) again.get("idempotencyKey"))).isZero();
        assertThat(jdbc.sql("select count(*) from response where survey_id = :s and phone_hash = :h").param("s", open.id())
            .param("h", hash).query(Long.class).single()).isEqualTo(1);
      } finally {
        fieldwork.requireSms(settings.smsRequired());
        clock.reset();
      }
    }

    private MockHttpServletResponse submitSms(String body, String address) throws Exception {
      return CawiFixtures.post(mvc, "/s/" + CawiFixtures.OPEN + "/sms", body, address);
    }
  }
}
