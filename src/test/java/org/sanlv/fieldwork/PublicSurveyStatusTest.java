package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;
import static org.sanlv.fieldwork.CawiFixtures.network;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Issue 16, lows: only a running survey (调查中) inside its online window shows its questions and takes answers. */
@IntegrationTest
class PublicSurveyStatusTest {

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @BeforeEach
  void fixtures() {
    CawiFixtures.ensure(surveys, instruments, org, users);
  }

  /** A survey whose online window is open now, still a draft. */
  private Survey draftInsideItsWindow() {
    Instant now = clock.instant();
    return CawiFixtures.create(surveys, CawiFixtures.zhejiang(instruments), "t-draft-" + UUID.randomUUID().toString()
        .substring(0, 8), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
  }

  private MockHttpServletResponse page(String path, boolean htmx) throws Exception {
    return page(get(path), htmx);
  }

  private MockHttpServletResponse page(MockHttpServletRequestBuilder request, boolean htmx) throws Exception {
    if (htmx) {
      request.header("HX-Request", "true");
    }
    MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
    r.setCharacterEncoding("UTF-8");
    return r;
  }

  /** The step that shows the county question again, as survey.js asks for it after a reload. */
  private static MockHttpServletRequestBuilder step(Survey s) {
    return get("/s/" + s.slug() + "/step").param("answers", "{}").param("question", "county").param("action", "at");
  }

  private MockHttpServletResponse submit(Survey s) throws Exception {
    return CawiFixtures.post(mvc, "/s/" + s.slug() + "/responses", json(body(s.id(),
        tokens.issue(s.id(), clock.instant().minusSeconds(600)), UUID.randomUUID().toString(), device(),
        answers("330604"))), network());
  }

  private long stored(Survey s) {
    return jdbc.sql("select count(*) from response where survey_id = :s").param("s", s.id()).query(Long.class).single();
  }

  private void showsNoQuestionsAndTakesNoAnswers(Survey s, String says) throws Exception {
    MockHttpServletResponse page = page("/s/" + s.slug(), false);
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getContentAsString()).contains(says).doesNotContain("id=\"interview\"", "q-county", "data-token");
    MockHttpServletResponse step = page(step(s), false);
    assertThat(step.getStatus()).isLessThan(500);
    assertThat(step.getContentAsString()).contains(says).doesNotContain("q-county", "name=\"value\"");
    MockHttpServletResponse htmxStep = page(step(s), true);
    assertThat(htmxStep.getContentAsString()).doesNotContain("q-county", "name=\"value\"");
    assertThat(htmxStep.getHeader("HX-Redirect")).isEqualTo("/s/" + s.slug());
    MockHttpServletResponse submit = submit(s);
    assertThat(submit.getStatus()).isEqualTo(403);
    assertThat(submit.getContentAsString()).contains("不接受提交");
    assertThat(stored(s)).isZero();
  }

  @Test
  void aDraftSurveyInsideItsWindowShowsNoQuestionsAndTakesNoAnswers() throws Exception {
    Survey draft = draftInsideItsWindow();
    showsNoQuestionsAndTakesNoAnswers(draft, "本调查尚未开始");
    // the staff's link page says why
    MockHttpServletResponse links = page(get("/surveys/" + draft.id() + "/online").with(user("t-province-admin")), false);
    assertThat(links.getContentAsString()).contains("草稿：调查状态改为“调查中”后，链接才公开");
  }

  @Test
  void aClosedSurveyInsideItsWindowShowsNoQuestionsAndTakesNoAnswers() throws Exception {
    Survey closed = CawiFixtures.running(surveys, draftInsideItsWindow());
    closed = surveys.setStatus(TestAccounts.ROOT, closed.id(), Survey.Status.CLOSED);
    showsNoQuestionsAndTakesNoAnswers(closed, "本调查已经结束");
  }

  @Test
  void aRunningSurveyWhoseWindowHasEndedShowsNoQuestions() throws Exception {
    Survey ended = surveys.bySlug(CawiFixtures.LONG_ENDED).orElseThrow();
    MockHttpServletResponse step = page(step(ended), false);
    assertThat(step.getContentAsString()).contains("本调查已经结束").doesNotContain("q-county");
  }

  @Test
  void aRunningSurveyInsideItsWindowShowsItsQuestionsAndTakesAnswers() throws Exception {
    Survey running = CawiFixtures.running(surveys, draftInsideItsWindow());
    assertThat(page("/s/" + running.slug(), false).getContentAsString()).contains("id=\"interview\"", "q-county");
    assertThat(page(step(running), true).getContentAsString()).contains("q-county");
    assertThat(submit(running).getStatus()).isEqualTo(200);
    assertThat(stored(running)).isEqualTo(1);
  }
}
