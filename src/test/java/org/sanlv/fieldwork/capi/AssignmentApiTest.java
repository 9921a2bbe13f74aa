package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The supervisor's JSON API end to end: a team, a member, assignments from the draw, assign, visits, progress. */
@IntegrationTest
class AssignmentApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired SamplingService sampling;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;

  private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String body) throws Exception {
    request.with(user("t-supervisor")).with(csrf()).accept(MediaType.APPLICATION_JSON);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
    r.setCharacterEncoding("UTF-8");
    return r;
  }

  private JsonNode ok(MockHttpServletRequestBuilder request, String body) throws Exception {
    MockHttpServletResponse r = call(request, body);
    assertThat(r.getStatus()).as(r.getContentAsString()).isBetween(200, 201);
    return JSON.readTree(r.getContentAsString());
  }

  @Test
  void aSupervisorRunsAssignmentsThroughTheApi() throws Exception {
    TestAccounts.ensure(org, users);
    Scope countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    long instrument = instruments.list(countyAdmin).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
    Instant opens = Instant.parse("2026-11-01T00:00:00Z");
    Survey survey = surveys.create(countyAdmin, new SurveyService.NewSurvey("t-capi-api-" + System.nanoTime() % 1_000_000_000,
        "接口测试", instrument, TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.HOUSEHOLD, opens,
            opens.plusSeconds(86_400 * 20), Map.of("rule", "fixed", "fixed", "5", "householdsPerBlock", "5")))));
    StringBuilder frame = new StringBuilder("block_id,county,town,households\n");
    for (var town : org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN)) {
      frame.append(town.code()).append("-A,330604,").append(town.code()).append(",80\n");
    }
    sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS,
        frame.toString().getBytes(StandardCharsets.UTF_8), "blocks.csv");
    sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 3, false);

    JsonNode team = ok(post("/api/v1/capi/teams"), "{\"surveyId\":" + survey.id() + ",\"name\":\"接口一组\"}");
    long teamId = team.get("id").asLong();
    assertThat(team.get("areaCode").asString()).isEqualTo(TestAccounts.SHANGYU);
    JsonNode detail = ok(post("/api/v1/capi/teams/" + teamId + "/members"), "{\"username\":\"t-interviewer\"}");
    assertThat(detail.get("workload").get(0).get("interviewer").asString()).isEqualTo("t-interviewer");
    // a name taken, a missing survey: 400 with the problem in Chinese
    MockHttpServletResponse taken = call(post("/api/v1/capi/teams"), "{\"surveyId\":" + survey.id() + ",\"name\":\"接口一组\"}");
    assertThat(taken.getStatus()).isEqualTo(400);
    assertThat(taken.getContentAsString()).contains("已有名为“接口一组”的小组");
    assertThat(call(post("/api/v1/capi/teams"), "{\"name\":\"x\"}").getStatus()).isEqualTo(400);

    JsonNode created = ok(post("/api/v1/capi/assignments"), "{\"surveyId\":" + survey.id() + "}");
    int households = created.get("households").asInt();
    assertThat(households).isPositive();
    assertThat(ok(post("/api/v1/capi/assignments"), "{\"surveyId\":" + survey.id() + "}").get("households").asInt())
        .isZero();
    assertThat(ok(get("/api/v1/capi/assignments").param("surveyId", String.valueOf(survey.id())), null).size())
        .isEqualTo(households);
    JsonNode list = ok(get("/api/v1/capi/assignments").param("surveyId", String.valueOf(survey.id()))
        .param("town", "330604001"), null);
    int inTown = list.size();
    assertThat(inTown).isEqualTo(5);
    long id = list.get(0).get("id").asLong();
    assertThat(list.get(0).get("baseWeight").asDouble() * list.get(0).get("pi").asDouble()).isCloseTo(1.0,
        within(1e-12));

    JsonNode assigned = ok(post("/api/v1/capi/assignments/" + id + "/assign"), "{\"interviewer\":\"t-interviewer\"}");
    assertThat(assigned.get("assignmentVersion").asInt()).isEqualTo(1);
    assertThat(assigned.get("status").asString()).isEqualTo("assigned");
    assertThat(ok(post("/api/v1/capi/assignments/bulk"), "{\"surveyId\":" + survey.id()
        + ",\"town\":\"330604001\",\"teamId\":" + teamId + "}").get("assigned").asInt()).isEqualTo(inTown - 1);
    assertThat(ok(get("/api/v1/capi/assignments/" + id + "/visits"), null).size()).isZero();
    JsonNode progress = ok(get("/api/v1/capi/progress").param("surveyId", String.valueOf(survey.id())), null);
    assertThat(progress.get("areas").get(0).get("code").asString()).isEqualTo("330604001");
    assertThat(progress.get("areas").get(0).get("assigned").asInt()).isEqualTo(inTown);
    assertThat(progress.get("interviewers").get(0).get("assigned").asInt()).isEqualTo(inTown);
    JsonNode unassigned = ok(post("/api/v1/capi/assignments/" + id + "/unassign"), null);
    assertThat(unassigned.get("assignmentVersion").asInt()).isEqualTo(2);
    // leaving the team gives the unvisited work back
    assertThat(ok(delete("/api/v1/capi/teams/" + teamId + "/members/t-interviewer"), null).get("unassigned").asInt())
        .isEqualTo(inTown - 1);
    // an interviewer may not use any of it
    assertThat(mvc.perform(get("/api/v1/capi/teams").param("surveyId", String.valueOf(survey.id()))
        .with(user("t-interviewer")).accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getStatus())
        .isEqualTo(403);
  }
}
