package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/cati/cases/{caseId}/interview} against the real database: a complete phone interview is a
 * {@code response} row of mode phone and AAPOR 1.1 on its case, in one transaction; a retry stores nothing twice;
 * every kind of bad input is refused with a Chinese message and leaves no response and no attempt behind.
 */
@IntegrationTest
class CatiInterviewTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ME = "t-interviewer";
  private static final String OTHER = "t-cati-iv2";
  private static Long form;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired CatiQueue queue;
  @Autowired TestClock clock;

  Survey survey;
  String stratum;

  @BeforeEach
  void fixtures() throws Exception {
    TestAccounts.ensure(org, users);
    if (users.scopeOf(OTHER).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(OTHER, "第二访员", Role.INTERVIEWER, TestAccounts.SHANGYU));
    }
    clock.set(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    if (form == null) {
      form = CatiScreenFixtures.shortForm(instruments);
    }
    survey = CatiScreenFixtures.phoneSurvey(surveys, form, clock.instant(), Map.of());
    CatiScreenFixtures.draw(jdbc, survey.id(), 6);
    assertThat(queue.releaseNext("t-province-admin", survey.id())).isEqualTo(6);
    stratum = queue.strata(survey.id()).get(0).code();
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private CatiQueue.NextCall take(String who) {
    CatiQueue.NextCall call = queue.next(who, survey.id());
    assertThat(call.caseId()).as("a number for %s: %s", who, call.reason()).isNotNull();
    return call;
  }

  private Map<String, Object> body(CatiQueue.NextCall call, String key) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("holdToken", call.holdToken().toString());
    b.put("key", key);
    b.put("instrumentId", form);
    b.put("answers", new LinkedHashMap<>(Map.of("age", 45, "safety", "2")));
    b.put("stratum", stratum);
    b.put("startedAt", clock.instant().minus(Duration.ofMinutes(6)).toString());
    b.put("endedAt", clock.instant().toString());
    b.put("durations", Map.of("age", 4000, "safety", 6500));
    return b;
  }

  private MockHttpServletResponse send(String who, long caseId, Object body) throws Exception {
    return mvc.perform(post("/api/v1/cati/cases/" + caseId + "/interview").with(user(who)).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).header("Accept-Language", "zh-CN")
        .content(body instanceof String s ? s : JSON.writeValueAsString(body))).andReturn().getResponse();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(MockHttpServletResponse r) throws Exception {
    return JSON.readValue(r.getContentAsString(), Map.class);
  }

  private long responses() {
    return jdbc.sql("select count(*) from response where survey_id = ?").param(survey.id()).query(Long.class).single();
  }

  private long attempts() {
    return jdbc.sql("select count(*) from cati_attempt where survey_id = ?").param(survey.id()).query(Long.class).single();
  }

  @Test
  void storesAPhoneResponseAndRecordsCompleteOnItsCaseTogether() throws Exception {
    CatiQueue.NextCall call = take(ME);
    String key = UUID.randomUUID().toString();
    Instant sentAt = clock.instant();

    MockHttpServletResponse r = send(ME, call.caseId(), body(call, key));

    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    Map<String, Object> answer = json(r);
    assertThat(answer.get("status")).isEqualTo("stored");
    long id = ((Number) answer.get("responseId")).longValue();
    Map<String, Object> row = jdbc.sql("""
        select mode, status, interviewer, cati_case_id, county_code, stratum_code, idempotency_key::text as key,
               instrument_id, review_status, answers->>'county' as county, answers->>'age' as age,
               paradata->>'caseId' as case_id, paradata->>'attempt' as attempt, paradata->'durations'->>'safety' as d,
               started_at, submitted_at
        from response where id = ?""").param(id).query().singleRow();
    assertThat(row).containsEntry("mode", "phone").containsEntry("status", "complete").containsEntry("interviewer", ME)
        .containsEntry("cati_case_id", call.caseId()).containsEntry("county_code", TestAccounts.SHANGYU)
        .containsEntry("stratum_code", stratum).containsEntry("key", key).containsEntry("instrument_id", form)
        .containsEntry("county", TestAccounts.SHANGYU).containsEntry("age", "45")
        .containsEntry("case_id", String.valueOf(call.caseId())).containsEntry("attempt", String.valueOf(call.attempt()))
        .containsEntry("d", "6500");
    assertThat(row.get("review_status")).isNull();
    Instant submitted = ((java.sql.Timestamp) row.get("submitted_at")).toInstant();
    assertThat(submitted).as("the server's clock").isBetween(sentAt.minusSeconds(1), clock.instant());
    assertThat(((java.sql.Timestamp) row.get("started_at")).toInstant()).as("six minutes before, as measured")
        .isBetween(submitted.minus(Duration.ofMinutes(6)).minusSeconds(1), submitted.minus(Duration.ofMinutes(6)).plusSeconds(1));
    Map<String, Object> attempt = jdbc.sql("select code, interviewer, response_id, stratum from cati_attempt where case_id = ?")
        .param(call.caseId()).query().singleRow();
    assertThat(attempt).containsEntry("code", "1.1").containsEntry("interviewer", ME).containsEntry("response_id", id)
        .containsEntry("stratum", stratum);
    Map<String, Object> c = jdbc.sql("select held_by, final_code, stratum from cati_case where id = ?")
        .param(call.caseId()).query().singleRow();
    assertThat(c.get("held_by")).as("the hold ends with the interview").isNull();
    assertThat(c).containsEntry("final_code", "1.1").containsEntry("stratum", stratum);
  }

  @Test
  void aRetriedKeyAnswersRepeatAndStoresNothingTwice() throws Exception {
    CatiQueue.NextCall call = take(ME);
    Map<String, Object> body = body(call, UUID.randomUUID().toString());
    MockHttpServletResponse first = send(ME, call.caseId(), body);
    MockHttpServletResponse again = send(ME, call.caseId(), body);

    assertThat(again.getStatus()).as(again.getContentAsString()).isEqualTo(200);
    assertThat(json(again)).containsEntry("status", "repeat").containsEntry("responseId", json(first).get("responseId"));
    assertThat(responses()).isEqualTo(1);
    assertThat(attempts()).isEqualTo(1);
  }

  @Test
  void aHoldThatRanOutButNobodyTookIsStillTheCallers() throws Exception {
    CatiQueue.NextCall call = take(ME);
    Map<String, Object> body = body(call, UUID.randomUUID().toString());
    clock.set(call.heldUntil().plus(Duration.ofMinutes(5)));
    body.put("endedAt", clock.instant().toString());
    MockHttpServletResponse r = send(ME, call.caseId(), body);
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    assertThat(responses()).isEqualTo(1);
  }

  @Nested
  class Refused {

    private void nothingStored(MockHttpServletResponse r, int status, String... words) throws Exception {
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(status);
      assertThat(r.getContentAsString()).contains(words);
      assertThat(responses()).as("no response").isZero();
      assertThat(attempts()).as("no attempt").isZero();
    }

    @Test
    void aCaseNobodyHandedToTheCaller() throws Exception {
      CatiQueue.NextCall mine = take(ME);
      long notHanded = jdbc.sql("select min(id) from cati_case where survey_id = ? and id <> ? and held_by is null")
          .params(survey.id(), mine.caseId()).query(Long.class).single();
      nothingStored(send(ME, notHanded, body(mine, UUID.randomUUID().toString())), 409, "不归您拨打");
    }

    @Test
    void aCaseAnotherInterviewerHolds() throws Exception {
      CatiQueue.NextCall theirs = take(OTHER);
      nothingStored(send(ME, theirs.caseId(), body(theirs, UUID.randomUUID().toString())), 409, "不归您拨打");
    }

    @Test
    void aStaleHoldToken() throws Exception {
      CatiQueue.NextCall call = take(ME);
      Map<String, Object> body = body(call, UUID.randomUUID().toString());
      body.put("holdToken", UUID.randomUUID().toString());
      nothingStored(send(ME, call.caseId(), body), 409, "凭证已失效");
    }

    @Test
    void aHoldThatRanOutAndWasHandedToAnother() throws Exception {
      CatiQueue.NextCall call = take(ME);
      Map<String, Object> body = body(call, UUID.randomUUID().toString());
      // the other numbers are done: the only one left to hand out is the one whose hold ran out
      jdbc.sql("update cati_case set state = 'final', final_code = '4.31' where survey_id = ? and id <> ?")
          .params(survey.id(), call.caseId()).update();
      clock.set(call.heldUntil().plusSeconds(1));
      CatiQueue.NextCall theirs = take(OTHER);
      assertThat(theirs.caseId()).isEqualTo(call.caseId());
      nothingStored(send(ME, call.caseId(), body), 409, "不归您拨打");
    }

    @Test
    void answersTheEngineRefusesListingEveryProblem() throws Exception {
      CatiQueue.NextCall call = take(ME);
      Map<String, Object> body = body(call, UUID.randomUUID().toString());
      body.put("answers", Map.of("age", 12, "safety", "9"));
      MockHttpServletResponse r = send(ME, call.caseId(), body);
      nothingStored(r, 400, "年龄应在 16 到 120 周岁之间", "没有这个选项");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> problems = (List<Map<String, Object>>) json(r).get("problems");
      assertThat(problems).extracting(p -> p.get("column")).contains("age");
      assertThat(jdbc.sql("select held_by from cati_case where id = ?").param(call.caseId()).query(String.class).single())
          .as("still held: the interviewer corrects and sends again").isEqualTo(ME);
    }

    @Test
    void aStratumNotOnTheSurveysList() throws Exception {
      CatiQueue.NextCall call = take(ME);
      Map<String, Object> body = body(call, UUID.randomUUID().toString());
      body.put("stratum", TestAccounts.SHANGCHENG);
      nothingStored(send(ME, call.caseId(), body), 400, "不在本调查的地区名单中");
      body.remove("stratum");
      nothingStored(send(ME, call.caseId(), body), 400, "没有甄别");
    }

    @Test
    void malformedKeysTimesAndBodies() throws Exception {
      CatiQueue.NextCall call = take(ME);
      Map<String, Object> body = body(call, "not-a-uuid");
      nothingStored(send(ME, call.caseId(), body), 400, "访问编号");
      body = body(call, UUID.randomUUID().toString());
      body.put("startedAt", "昨天");
      nothingStored(send(ME, call.caseId(), body), 400, "无法识别");
      body = body(call, UUID.randomUUID().toString());
      body.put("answers", "全部满意");
      nothingStored(send(ME, call.caseId(), body), 400, "没有作答");
      nothingStored(send(ME, call.caseId(), "[1, 2"), 400, "");
    }

    @Test
    void anUnknownCaseIsNotFound() throws Exception {
      CatiQueue.NextCall call = take(ME);
      nothingStored(send(ME, Long.MAX_VALUE, body(call, UUID.randomUUID().toString())), 404, "");
    }

    @Test
    void aKeyUsedForAnotherCase() throws Exception {
      CatiQueue.NextCall first = take(ME);
      String key = UUID.randomUUID().toString();
      assertThat(send(ME, first.caseId(), body(first, key)).getStatus()).isEqualTo(200);
      CatiQueue.NextCall second = take(ME);
      MockHttpServletResponse r = send(ME, second.caseId(), body(second, key));
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(409);
      assertThat(r.getContentAsString()).contains("已用于别的号码");
      assertThat(responses()).isEqualTo(1);
    }
  }
}
