package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The queue's JSON API as the interviewer screen calls it: answers, and errors in Chinese with 400/409, never 5xx. */
@IntegrationTest
class CatiQueueApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired MockMvc mvc;
  @Autowired CatiQueue queue;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  long survey;

  @BeforeEach
  void setUp() {
    TestAccounts.ensure(org, users);
    CatiFixtures.interviewers(jdbc, "t-cq", 3);
    clock.set(LocalDateTime.parse("2026-11-18T10:00:00").atZone(CallingRules.CHINA).toInstant());
    Survey s = CatiFixtures.survey(surveys, instruments, Map.of(), clock.instant());
    CatiFixtures.draw(jdbc, s.id(), 1, 3);
    queue.releaseNext("t-supervisor", s.id());
    survey = s.id();
  }

  @AfterEach
  void tearDown() {
    clock.reset();
  }

  MockHttpServletResponse send(MockHttpServletRequestBuilder request, String user, Object body) throws Exception {
    request.with(user(user)).with(csrf()).header("Accept-Language", "zh-CN").accept(MediaType.APPLICATION_JSON);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  JsonNode json(MockHttpServletResponse r) throws Exception {
    return JSON.readTree(r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void nextOutcomeAndStateOverHttp() throws Exception {
    MockHttpServletResponse r = send(post("/api/v1/cati/surveys/{id}/next", survey), "t-cq-0", null);
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    JsonNode next = json(r);
    long caseId = next.get("caseId").asLong();
    String token = next.get("holdToken").asString();
    assertThat(next.get("number").asString()).hasSize(11);
    assertThat(next.get("kind").asString()).isEqualTo("fresh");

    // bad code: 400 in Chinese, nothing stored
    r = send(post("/api/v1/cati/cases/{id}/outcome", caseId), "t-cq-0",
        Map.of("holdToken", token, "key", UUID.randomUUID().toString(), "code", "7.7"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(json(r).get("problems").get(0).get("message").asString()).contains("7.7", "不存在");
    // an appointment at lunch time
    r = send(post("/api/v1/cati/cases/{id}/outcome", caseId), "t-cq-0", Map.of("holdToken", token,
        "key", UUID.randomUUID().toString(), "code", "2.21", "appointment", true, "callbackAt", "2026-11-18T04:30:00Z"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(json(r).get("problems").get(0).get("message").asString()).contains("拨打时段", "09:00-12:00,14:00-21:00");
    // someone else's number: 409
    r = send(post("/api/v1/cati/cases/{id}/outcome", caseId), "t-cq-1",
        Map.of("holdToken", token, "key", UUID.randomUUID().toString(), "code", "3.13"));
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(json(r).get("problems").get(0).get("message").asString()).contains("不在您手上");
    assertThat(jdbc.sql("select count(*) from cati_attempt where case_id = ?").param(caseId).query(Long.class).single())
        .isZero();

    r = send(post("/api/v1/cati/cases/{id}/outcome", caseId), "t-cq-0", Map.of("holdToken", token,
        "key", UUID.randomUUID().toString(), "code", "2.21", "appointment", true, "callbackAt", "2026-11-18T07:00:00Z",
        "note", "下午三点再打"));
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    assertThat(json(r).get("caseState").asString()).isEqualTo("appointment");

    r = send(post("/api/v1/cati/surveys/{id}/state", survey), "t-cq-0", Map.of("state", "away"));
    assertThat(r.getStatus()).isEqualTo(200);
    r = send(post("/api/v1/cati/surveys/{id}/state", survey), "t-cq-0", Map.of("state", "asleep"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(jdbc.sql("select state from cati_session where survey_id = ? and interviewer = 't-cq-0'").param(survey)
        .query(String.class).single()).isEqualTo("away");
  }

  @Test
  void malformedBodiesAreA400() throws Exception {
    JsonNode next = json(send(post("/api/v1/cati/surveys/{id}/next", survey), "t-cq-2", null));
    long caseId = next.get("caseId").asLong();
    for (Object body : List.of(Map.of("holdToken", "not-a-uuid", "key", UUID.randomUUID().toString(), "code", "3.13"),
        Map.of("holdToken", next.get("holdToken").asString(), "code", "3.13"),
        Map.of("holdToken", next.get("holdToken").asString(), "key", UUID.randomUUID().toString(), "code", "3.13",
            "callbackAt", "tomorrow"))) {
      MockHttpServletResponse r = send(post("/api/v1/cati/cases/{id}/outcome", caseId), "t-cq-2", body);
      assertThat(r.getStatus()).as(body + ": " + r.getContentAsString()).isEqualTo(400);
    }
    assertThat(send(post("/api/v1/cati/cases/{id}/outcome", 999_999_999L), "t-cq-2", Map.of()).getStatus())
        .isEqualTo(404);
  }

  @Test
  void codesAndStrataInChinese() throws Exception {
    MockHttpServletResponse r = send(get("/api/v1/cati/codes"), "t-cq-0", null);
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode codes = json(r);
    assertThat(codes.size()).isGreaterThan(20);
    JsonNode appointment = null;
    for (JsonNode c : codes) {
      if (c.get("code").asString().equals("2.21")) {
        appointment = c;
      }
    }
    assertThat(appointment).isNotNull();
    assertThat(appointment.get("label").asString()).isEqualTo("受访者始终不在");
    assertThat(appointment.get("needsTime").asBoolean()).isTrue();
    assertThat(appointment.get("final").asBoolean()).isFalse();
    assertThat(appointment.has("fin")).isFalse();

    r = send(get("/api/v1/cati/surveys/{id}/strata", survey), "t-supervisor", null);
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(json(r).get(0).get("name").asString()).isNotBlank();
    assertThat(send(get("/api/v1/cati/codes"), "t-province-analyst", null).getStatus()).isEqualTo(403);
  }
}
