package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** The supervisors' review: queue, decisions with their audit, escalation, teams, and the interviewer's returned work. */
@IntegrationTest
class ReviewServiceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired ReviewService reviews;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;
  @Autowired TestClock clock;

  Survey survey;
  long draw;

  @BeforeEach
  void setUp() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    survey = surveys.bySlug("t-shangyu-mock").orElseThrow();
    draw = ReviewFixtures.draw(jdbc, survey.id());
  }

  private Scope scope(String username) {
    return users.scopeOf(username).orElseThrow();
  }

  /** A pending interview by {@code interviewer}, in a team supervised by {@code supervisor} (null: no team). */
  private long interview(String interviewer, String supervisor) {
    Long team = null;
    if (supervisor != null) {
      team = jdbc.sql("insert into capi_team (survey_id, area_code, name, supervisor, created_by) values (?, ?, ?, ?, 'test') returning id")
          .params(survey.id(), TestAccounts.SHANGYU, "组" + UUID.randomUUID().toString().substring(0, 8), supervisor)
          .query(Long.class).single();
    }
    String block = "B" + UUID.randomUUID().toString().substring(0, 6);
    long assignment = ReviewFixtures.assignment(jdbc, survey.id(), draw, TestAccounts.SHANGYU, block, 7, 30.03, 120.87,
        interviewer, team);
    Instant start = clock.instant().minus(Duration.ofHours(2));
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("durations", Map.of("q2", 12_000, "q4", 8_500, "q9", 20_000));
    paradata.put("gps", Map.of("lat", 30.034, "lon", 120.872, "accuracy", 15));
    paradata.put("device", "3f9a0c1d2e4b5a6978");
    paradata.put("visit", 2);
    paradata.put("clockSkewSeconds", 4);
    paradata.put("offline", true);
    return ReviewFixtures.interview(jdbc, UUID.randomUUID(), survey.id(), survey.instrumentId(), TestAccounts.SHANGYU,
        assignment, interviewer, team, ZhejiangAnswers.complete(), start, start.plus(Duration.ofMinutes(7)), paradata,
        "{capi_gps_far}");
  }

  private String status(long id) {
    return jdbc.sql("select review_status from response where id = ?").param(id).query(String.class).single();
  }

  @Test
  void aSupervisorApprovesAPendingInterviewAndTheDecisionIsRecordedAndAudited() {
    long id = interview("t-interviewer", null);
    ReviewService.Queue queue = reviews.queue(scope("t-supervisor"), new ReviewService.Filter(null, "t-interviewer", null, null));
    assertThat(queue.items()).extracting(ReviewService.Item::id).contains(id);
    reviews.decide(scope("t-supervisor"), id, "approved", null);
    assertThat(status(id)).isEqualTo("approved");
    assertThat(jdbc.sql("select reviewer || ':' || decision from capi_review where response_id = ?").param(id)
        .query(String.class).list()).containsExactly("t-supervisor:approved");
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'capi.review.approved' and target = ?")
        .param("response:" + id).query(Long.class).single()).isEqualTo(1);
    assertThat(reviews.queue(scope("t-supervisor"), new ReviewService.Filter("pending", null, null, null)).items())
        .extracting(ReviewService.Item::id).doesNotContain(id);
  }

  @Test
  void aRejectionNeedsACommentAndTheInterviewerSeesIt() throws Exception {
    long id = interview("t-interviewer", null);
    assertThatThrownBy(() -> reviews.decide(scope("t-supervisor"), id, "rejected", "   "))
        .isInstanceOf(InputRejected.class);
    assertThat(status(id)).isEqualTo("pending");
    assertThat(jdbc.sql("select count(*) from capi_review where response_id = ?").param(id).query(Long.class).single()).isZero();

    reviews.decide(scope("t-supervisor"), id, "rejected", "第 9 题与受访者口述不符，请重访核实。");
    assertThat(status(id)).isEqualTo("rejected");
    assertThat(reviews.returned(scope("t-interviewer"))).anySatisfy(r -> {
      assertThat(r.responseId()).isEqualTo(id);
      assertThat(r.comment()).isEqualTo("第 9 题与受访者口述不符，请重访核实。");
      assertThat(r.unit()).contains("· 7");
    });
    MockHttpServletResponse api = mvc.perform(get("/api/v1/capi/returned").with(user("t-interviewer"))
        .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse();
    assertThat(api.getStatus()).isEqualTo(200);
    List<?> list = JSON.readValue(api.getContentAsString(java.nio.charset.StandardCharsets.UTF_8), List.class);
    Map<?, ?> mine = list.stream().map(o -> (Map<?, ?>) o).filter(m -> ((Number) m.get("responseId")).longValue() == id)
        .findFirst().orElseThrow();
    assertThat(mine.get("comment")).isEqualTo("第 9 题与受访者口述不符，请重访核实。");
    assertThat(mine.get("rejectedAt")).isNotNull();
    assertThat(((Map<?, ?>) mine.get("assignment")).get("kind")).isEqualTo("household");
    // another interviewer's returned work is not theirs
    assertThat(reviews.returned(scope("t-province-admin"))).extracting(ReviewService.Returned::responseId).doesNotContain(id);
  }

  @Test
  void theRejectFormWithoutACommentAnswersInChineseAndStoresNothing() throws Exception {
    long id = interview("t-interviewer", null);
    MockHttpServletResponse r = mvc.perform(post("/capi/reviews/" + id).with(user("t-supervisor")).with(csrf())
        .param("decision", "rejected").param("comment", "")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("退回时请填写意见");
    assertThat(status(id)).isEqualTo("pending");
    MockHttpServletResponse bad = mvc.perform(post("/capi/reviews/" + id).with(user("t-supervisor")).with(csrf())
        .param("decision", "deleted")).andReturn().getResponse();
    assertThat(bad.getStatus()).isEqualTo(400);
    MockHttpServletResponse tooLong = mvc.perform(post("/capi/reviews/" + id).with(user("t-supervisor")).with(csrf())
        .param("decision", "rejected").param("comment", "长".repeat(2001))).andReturn().getResponse();
    assertThat(tooLong.getStatus()).isEqualTo(400);
    MockHttpServletResponse ok = mvc.perform(post("/capi/reviews/" + id).with(user("t-supervisor")).with(csrf())
        .param("decision", "approved")).andReturn().getResponse();
    assertThat(ok.getStatus()).isEqualTo(302);
    assertThat(status(id)).isEqualTo("approved");
    MockHttpServletResponse notANumber = mvc.perform(get("/capi/reviews/abc").with(user("t-supervisor")))
        .andReturn().getResponse();
    assertThat(notANumber.getStatus()).isEqualTo(404);
  }

  @Test
  void anEscalatedInterviewIsDecidedByTheCountyAdminNotTheSupervisor() {
    long id = interview("t-interviewer", null);
    reviews.decide(scope("t-supervisor"), id, "escalated", null);
    assertThat(status(id)).isEqualTo("escalated");
    assertThatThrownBy(() -> reviews.decide(scope("t-supervisor"), id, "approved", null)).isInstanceOf(InputRejected.class);
    assertThat(reviews.queue(scope("t-county-admin"), new ReviewService.Filter("escalated", null, null, null)).items())
        .extracting(ReviewService.Item::id).contains(id);
    reviews.decide(scope("t-county-admin"), id, "rejected", "地址与样本户不一致");
    assertThat(status(id)).isEqualTo("rejected");
    assertThat(jdbc.sql("select decision from capi_review where response_id = ? order by id").param(id)
        .query(String.class).list()).containsExactly("escalated", "rejected");
  }

  @Nested
  class Scopes {

    @Test
    void aSupervisorSeesTheirOwnTeamsWorkNotAnotherSupervisorsTeam() {
      long mine = interview("t-interviewer", "t-supervisor");
      long theirs = interview("t-interviewer", "t-other-supervisor");
      List<Long> queue = reviews.queue(scope("t-supervisor"), new ReviewService.Filter("all", null, null, null)).items()
          .stream().map(ReviewService.Item::id).toList();
      assertThat(queue).contains(mine).doesNotContain(theirs);
      assertThatThrownBy(() -> reviews.detail(scope("t-supervisor"), theirs, "zh")).isInstanceOf(NotFound.class);
      // the county admin sees every team of the county
      assertThat(reviews.queue(scope("t-county-admin"), new ReviewService.Filter("all", null, null, null)).items())
          .extracting(ReviewService.Item::id).contains(mine, theirs);
    }

    @Test
    void anInterviewerCannotOpenTheReviewAndAnOutsideCountyAdminCannotReachTheInterview() throws Exception {
      long id = interview("t-interviewer", null);
      assertThat(mvc.perform(get("/capi/reviews").with(user("t-interviewer"))).andReturn().getResponse().getStatus())
          .isEqualTo(403);
      assertThat(mvc.perform(get("/capi/reviews/" + id).with(user("t-shangcheng"))).andReturn().getResponse().getStatus())
          .isEqualTo(404);
      assertThat(mvc.perform(post("/capi/reviews/" + id).with(user("t-shangcheng")).with(csrf())
          .param("decision", "approved")).andReturn().getResponse().getStatus()).isEqualTo(404);
      assertThat(status(id)).isEqualTo("pending");
    }
  }

  @Test
  void anInterceptInterviewNamesItsSiteAndCellInWords() throws Exception {
    long assignment = ReviewFixtures.interceptAssignment(jdbc, survey.id(), draw, TestAccounts.SHANGYU, "百官菜市场",
        "market", "weekend", "morning", "t-interviewer");
    Instant start = clock.instant().minus(Duration.ofHours(1));
    long id = ReviewFixtures.interview(jdbc, UUID.randomUUID(), survey.id(), survey.instrumentId(), TestAccounts.SHANGYU,
        assignment, "t-interviewer", null, ZhejiangAnswers.complete(), start, start.plus(Duration.ofMinutes(6)),
        Map.of("visit", 1), "{}");
    ReviewService.Item item = reviews.queue(scope("t-supervisor"), new ReviewService.Filter("pending", null, null, null))
        .items().stream().filter(i -> i.id() == id).findFirst().orElseThrow();
    assertThat(item.kind()).isEqualTo("intercept");
    assertThat(item.unit()).isEqualTo("百官菜市场 · 市场 · 周末 · 上午");
    String html = mvc.perform(get("/capi/reviews/" + id).with(user("t-supervisor"))).andReturn().getResponse()
        .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(html).contains("配额格", "百官菜市场 · 市场 · 周末 · 上午");
  }

  @Test
  void badFiltersAnswerInChineseAndNeverWithAServerError() throws Exception {
    for (String[] q : new String[][] {{"status", "deleted"}, {"surveyId", "abc"}, {"surveyId", "99999999999999999999"},
        {"flag", "no_such_flag"}, {"interviewer", "名".repeat(500)}, {"status", "all"}, {"flag", "\u0000"}}) {
      MockHttpServletResponse r = mvc.perform(get("/capi/reviews").param(q[0], q[1]).with(user("t-supervisor")))
          .andReturn().getResponse();
      assertThat(r.getStatus()).as("%s=%s", q[0], q[1]).isLessThan(500);
    }
    MockHttpServletResponse bad = mvc.perform(get("/capi/reviews").param("status", "deleted").with(user("t-supervisor")))
        .andReturn().getResponse();
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("不是复核状态");
  }

  @Test
  void paradataNeverLeavesThroughTheResponsesExport() throws Exception {
    long id = interview("t-interviewer", null);
    MockHttpServletResponse export = mvc.perform(get("/surveys/" + survey.id() + "/responses/export")
        .with(user("t-province-admin"))).andReturn().getResponse();
    assertThat(export.getStatus()).isEqualTo(200);
    String csv = export.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(csv).as("the interview %d is exported", id).contains("冒充客服");
    assertThat(csv).doesNotContain("3f9a0c1d2e4b5a6978", "clockSkewSeconds", "120.872", "durations");
  }

  @Test
  void theInterviewPageShowsLabelsFlagsAndParadata() throws Exception {
    long id = interview("t-interviewer", null);
    MockHttpServletResponse page = mvc.perform(get("/capi/reviews/" + id).with(user("t-supervisor")))
        .andReturn().getResponse();
    assertThat(page.getStatus()).isEqualTo(200);
    String html = page.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(html).contains("定位偏远", "超过 2 公里", "过程数据", "第 2 次", "3f9a0c1d2e4b…", "各题用时", "20.0 秒");
    // 30.034,120.872 is about 0.48 km from 30.03,120.87
    assertThat(html).contains("距样本小区或拦截点 0.48 公里");
    // answers with the form's labels and the choices' words, not codes
    assertThat(html).doesNotContain(">q9<");
    assertThat(html).contains("下一个过生日的成年人");
  }
}
