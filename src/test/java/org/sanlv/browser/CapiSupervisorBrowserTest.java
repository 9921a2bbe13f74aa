package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The supervisor's side of household fieldwork, on a phone and a desktop: from the survey page to the dashboard,
 * makes the assignments from the draw, creates a team with two interviewers, gives one block to one of them in bulk,
 * and sees the progress per town with its chart and per interviewer (a completed interview and a refusal are on
 * record, as the interviewer app would have synced them).
 */
@IntegrationTest
@Tag("browser")
class CapiSupervisorBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Capi-supervisor-2026-督导";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired SamplingService sampling;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private Survey drawnSurvey() {
    TestAccounts.ensure(org, users);
    if (users.scopeOf("t-capi-iv2").isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser("t-capi-iv2", "李四", Role.INTERVIEWER, TestAccounts.SHANGYU));
    }
    Scope countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    long instrument = instruments.list(countyAdmin).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = clock.instant().minus(Duration.ofDays(1));
    Survey survey = surveys.create(countyAdmin, new SurveyService.NewSurvey(
        "t-capi-b-" + Long.toString(System.nanoTime() % 100_000_000, 36), "上虞区入户模拟测评", instrument,
        TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plus(Duration.ofDays(20)),
            Map.of("rule", "fixed", "fixed", "10", "householdsPerBlock", "5")))));
    StringBuilder csv = new StringBuilder("block_id,county,town,households,name,lat,lon\n");
    for (OrgNode town : org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN)) {
      for (int b = 1; b <= 3; b++) {
        csv.append(town.code()).append('-').append(b).append(",330604,").append(town.code()).append(',')
            .append(60 + 7 * b).append(',').append(town.name()).append(b).append("号小区,30.0").append(b)
            .append(",120.8").append(b).append('\n');
      }
    }
    sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS,
        csv.toString().getBytes(StandardCharsets.UTF_8), "blocks.csv");
    sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 11, false);
    return survey;
  }

  private Page signIn(Page page, String username) {
    Browser.signInWithNewPassword(page, url("/login"), users, clock, username, PASSWORD);
    assertThat(page.locator("h1")).hasText("首页");
    return page;
  }

  /** What the interviewer app would have synced: an interview at one household, a refusal at another. */
  private void fieldworkOnRecord(Survey survey, String interviewer) {
    List<Long> ids = jdbc.sql("select id from capi_assignment where survey_id = ? and interviewer = ? order by id")
        .params(survey.id(), interviewer).query(Long.class).list();
    Instant visited = clock.instant().minus(Duration.ofHours(2));
    jdbc.sql("""
        insert into capi_visit (idempotency_key, assignment_id, interviewer, assignment_version, visited_at, outcome)
        values (?, ?, ?, 1, ?, 'interview'), (?, ?, ?, 1, ?, 'refused')""")
        .params(UUID.randomUUID(), ids.get(0), interviewer, java.sql.Timestamp.from(visited),
            UUID.randomUUID(), ids.get(1), interviewer, java.sql.Timestamp.from(visited)).update();
    jdbc.sql("update capi_assignment set visits = 1, status = case when id = ? then 'completed' else 'visited' end"
        + " where id in (?, ?)").params(ids.get(0), ids.get(0), ids.get(1)).update();
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              started_at, submitted_at, interviewer, assignment_id, review_status, answers)
        select ?, a.survey_id, s.instrument_id, a.county, a.stratum, 'household', 'complete', ?, ?, ?, a.id, 'pending',
               '{}'::jsonb
          from capi_assignment a join survey s on s.id = a.survey_id where a.id = ?""")
        .params(UUID.randomUUID(), java.sql.Timestamp.from(visited), java.sql.Timestamp.from(visited.plus(Duration.ofMinutes(18))),
            interviewer, ids.get(0)).update();
  }

  @Test
  void aSupervisorMakesAssignmentsBuildsATeamGivesOutABlockAndFollowsTheProgress() {
    for (boolean phone : List.of(true, false)) {
      String size = phone ? "phone" : "desktop";
      Survey survey = drawnSurvey();
      Page page = signIn(phone ? browser.phone() : browser.desktop(), "t-supervisor");
      page.navigate(url("/surveys/" + survey.id()));
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("入户与拦截调查")).click();
      assertThat(page.locator("h1")).hasText("访问进度");
      assertThat(page.locator(".empty-state").first()).containsText("还没有调查任务");

      // assignments from the draw: one per household; a second click makes nothing new
      page.locator("nav.tabs").getByText("调查任务").click();
      page.locator("#create-assignments button").click();
      int households = jdbc.sql("select count(*) from sample_household h join sample_draw d on d.id = h.draw_id"
          + " where d.survey_id = ?").param(survey.id()).query(Integer.class).single();
      assertThat(households).isPositive();
      assertThat(page.locator("#created")).containsText("已生成入户任务 " + households + " 个");
      page.locator("#create-assignments button").click();
      assertThat(page.locator("#created")).containsText("已生成入户任务 0 个");
      Browser.screenshot(page, "capi-assignments-new-" + size);

      // a team with two interviewers of the county
      page.locator("nav.tabs").getByText("调查小组").click();
      page.getByLabel("小组名称").fill("百官一组");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("建立小组")).click();
      assertThat(page.locator("h1")).hasText("百官一组");
      for (String interviewer : List.of("t-interviewer", "t-capi-iv2")) {
        page.locator("#member").selectOption(interviewer);
        page.locator("#add-member button").click();
        assertThat(page.locator("#workload tr[data-interviewer='" + interviewer + "']")).isVisible();
      }
      Browser.screenshot(page, "capi-team-" + size);
      page.locator("nav.tabs").getByText("调查小组").click();
      assertThat(page.locator("article.team h2")).hasText("百官一组");
      Browser.screenshot(page, "capi-teams-" + size);

      // one block to one interviewer, in bulk
      String block = jdbc.sql("select min(block_id) from capi_assignment where survey_id = ?").param(survey.id())
          .query(String.class).single();
      int inBlock = jdbc.sql("select count(*) from capi_assignment where survey_id = ? and block_id = ?")
          .params(survey.id(), block).query(Integer.class).single();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("调查任务")).click();
      page.locator("#bulk-block").fill(block);
      page.locator("#bulk-who").selectOption("t-interviewer");
      page.locator("#bulk-assign button").click();
      assertThat(page.locator("#assigned")).hasText("已分派 " + inBlock + " 个任务");
      assertThat(jdbc.sql("select count(*) from capi_assignment where survey_id = ? and block_id = ?"
          + " and interviewer = 't-interviewer' and assignment_version = 1").params(survey.id(), block)
          .query(Integer.class).single()).isEqualTo(inBlock);
      // bad input is refused on the page, in Chinese
      page.locator("#bulk-block").fill("");
      page.locator("#bulk-assign button").click();
      assertThat(page.locator(".problems")).containsText("请选择乡镇（街道）或填写调查小区");
      page.locator("#filter select[name=status]").selectOption("assigned");
      page.locator("#filter button").click();
      assertThat(page.locator("#assignments tbody tr")).hasCount(inBlock);
      Browser.screenshot(page, "capi-assignments-" + size);

      // the dashboard, after an interview and a refusal came in
      fieldworkOnRecord(survey, "t-interviewer");
      page.locator("#assignments tbody tr").nth(1).locator("a").first().click();
      assertThat(page.locator("#visits")).containsText("拒访");
      Browser.screenshot(page, "capi-assignment-" + size);
      page.navigate(url("/surveys/" + survey.id() + "/capi/progress"));
      page.waitForFunction("() => document.querySelector('#progress-chart canvas') !== null");
      assertThat(page.locator("#total-completed")).hasText("1");
      assertThat(page.locator("#areas tr.total td").nth(1)).hasText(String.valueOf(inBlock));
      assertThat(page.locator("#interviewers tr[data-interviewer='t-interviewer'] td").nth(2)).hasText("1");
      assertThat(page.locator("#interviewers tr[data-interviewer='t-interviewer'] td").nth(3)).hasText("18.0");
      // no page is wider than the screen
      assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).isTrue();
      Browser.screenshot(page, "capi-progress-" + size);
      page.context().close();
    }
  }
}
