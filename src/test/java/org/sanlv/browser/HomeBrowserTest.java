package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.home.InterviewerWorkFixture;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first page after sign-in, for a province admin, a county admin and an interviewer, on a phone and a desktop,
 * with a running province survey answered today (by the test clock) in 上虞区 and 上城区; the sign-in page without
 * a menu; the favicon; and no page wider than a phone.
 */
@IntegrationTest
@Tag("browser")
class HomeBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Home-page-2026-首页";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  /**
   * A running province survey (online target 20 per county, and phone). 上虞区: online 3 today (1 flagged) and 5
   * yesterday, phone 2 today, plus a rejected and an ineligible one today (not complete: not counted); 上城区: online
   * 4 today (1 flagged).
   */
  private Survey runningProvinceSurvey(String name) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    Instant opens = now.minus(Duration.ofDays(10));
    Instant closes = now.plus(Duration.ofDays(20));
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-home-" + Long.toString(System.nanoTime() % 10_000_000, 36), name, instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of("targetPerStratum", "20")),
            new Survey.Mode(SurveyMode.PHONE, opens, closes, Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    Instant today = now.minus(Duration.ofHours(1));
    Instant yesterday = now.minus(Duration.ofDays(1));
    for (int i = 0; i < 3; i++) {
      insert(survey, instrument, TestAccounts.SHANGYU, "online", "complete", today, i == 0 ? "{speeder}" : "{}", i < 2);
    }
    for (int i = 0; i < 5; i++) {
      insert(survey, instrument, TestAccounts.SHANGYU, "online", "complete", yesterday, "{}", i < 4);
    }
    for (int i = 0; i < 2; i++) {
      insert(survey, instrument, TestAccounts.SHANGYU, "phone", "complete", today, "{}", true);
    }
    insert(survey, instrument, TestAccounts.SHANGYU, "online", "rejected", today, "{duplicate_device}", true);
    insert(survey, instrument, TestAccounts.SHANGYU, "online", "ineligible", today, "{}", true);
    for (int i = 0; i < 4; i++) {
      insert(survey, instrument, TestAccounts.SHANGCHENG, "online", "complete", today, i == 0 ? "{straight_line}" : "{}", true);
    }
    return survey;
  }

  private void insert(Survey survey, long instrument, String county, String mode, String status, Instant at,
      String flags, boolean safe) {
    Map<String, Object> answers = ZhejiangAnswers.complete(county);
    answers.put("q9", safe ? "1" : "4");
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb)""")
        .params(UUID.randomUUID(), survey.id(), instrument, county, county, mode, status, java.sql.Timestamp.from(at),
            flags, JSON.writeValueAsString(answers))
        .update();
  }

  private Page signIn(Page page, String username) {
    Browser.signInWithNewPassword(page, url("/login"), users, clock, username, PASSWORD);
    assertThat(page.locator("h1")).hasText("首页");
    return page;
  }

  private static Locator card(Page page, String surveyName) {
    return page.locator("article.card:has(h3 a:text-is('" + surveyName + "'))");
  }

  private static Locator figure(Locator card, String label) {
    return card.locator(".figure:has(.label:text-is('" + label + "')) .value");
  }

  @Test
  void aProvinceAdminSeesTodaysResponsesFlagsTheTargetAResultsGlanceAndAChart() {
    TestAccounts.ensure(org, users);
    String name = "首页测试省级测评 " + Long.toString(System.nanoTime() % 1_000_000, 36);
    Survey survey = runningProvinceSurvey(name);
    long counties = org.areasUnder("33", OrgLevel.COUNTY).size();
    for (boolean phone : List.of(true, false)) {
      Page page = signIn(phone ? browser.phone() : browser.desktop(), "t-province-admin");
      Locator card = card(page, name);
      assertThat(figure(card, "今日完成")).hasText("9");
      assertThat(figure(card, "累计完成")).hasText("14");
      assertThat(figure(card, "待复核（有标记）")).hasText("2");
      assertThat(figure(card, "待复核（有标记）").locator("a"))
          .hasAttribute("href", "/surveys/" + survey.id() + "/monitor");
      // per mode: online 7 today of 12, phone 2 of 2
      assertThat(card.locator("tr:has(td:text-is('网络调查')) td.num")).hasText(new String[] {"7", "12"});
      assertThat(card.locator("tr:has(td:text-is('电话调查')) td.num")).hasText(new String[] {"2", "2"});
      assertThat(card.locator(".target")).containsText("网络调查已完成 12 份，目标 "
          + String.format("%,d", 20 * counties) + " 份");
      // the results glance comes after the page: the headline rate with its CI, counties below and above
      assertThat(card.locator(".glance")).containsText("总体", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
      assertThat(card.locator(".glance")).containsText("个区县显著低于总体");
      assertThat(card.locator(".glance")).containsText("（共 2 个区县）");
      assertThat(card.locator(".next-step")).containsText("复核 2 份有标记的问卷");
      // the chart draws from the table beside it: 9 today, 5 yesterday
      page.waitForFunction("() => document.querySelector('#home-chart canvas') !== null");
      Locator table = page.locator("#home-chart-table");
      int column = table.locator("thead th").allTextContents().indexOf(name);
      assertThat(column).isPositive();
      List<String> lastRow = table.locator("tbody tr").last().locator("td").allTextContents();
      List<String> dayBefore = table.locator("tbody tr").nth(12).locator("td").allTextContents();
      assertThat(lastRow.get(0)).isEqualTo("11-18");
      assertThat(lastRow.get(column)).isEqualTo("9");
      assertThat(dayBefore.get(column)).isEqualTo("5");
      Browser.screenshot(page, "home-province-" + (phone ? "phone" : "desktop"));
      assertNoSidewaysScroll(page, phone);
      page.context().close();
    }
  }

  @Test
  void aCountyAdminSeesItsOwnCountysFiguresAndWhatToDoNext() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    String name = "首页测试区县视角 " + Long.toString(System.nanoTime() % 1_000_000, 36);
    Survey survey = runningProvinceSurvey(name);
    for (boolean phone : List.of(true, false)) {
      Page page = signIn(phone ? browser.phone() : browser.desktop(), "t-county-admin");
      assertThat(page.locator("main h2").first()).hasText("进行中的调查");
      Locator card = card(page, name);
      // 上虞区 only: not 上城区's 4
      assertThat(figure(card, "今日完成")).hasText("5");
      assertThat(figure(card, "累计完成")).hasText("10");
      assertThat(card.locator(".target")).containsText("网络调查已完成 8 份，目标 20 份（40%）");
      // the province's survey: not theirs to manage, so no flags to review and no monitoring of every county
      assertThat(figure(card, "待复核（有标记）")).hasCount(0);
      assertThat(card.locator(".glance")).hasCount(0);
      assertThat(card.locator(".next-step a")).hasAttribute("href", "/surveys/" + survey.id() + "/results");
      // their own mock survey: theirs to run, with the next step
      Locator mock = card(page, "上虞区模拟测评");
      assertThat(mock).containsText("模拟测评");
      assertThat(mock.locator(".next-step a")).hasCount(1);
      assertThat(page.locator("main")).not().containsText("上城区");
      Browser.screenshot(page, "home-county-" + (phone ? "phone" : "desktop"));
      assertNoSidewaysScroll(page, phone);
      page.context().close();
    }
  }

  @Test
  void anInterviewerWithNothingAssignedIsToldWhoAssignsTheWork() {
    String idle = InterviewerWorkFixture.idle(org, users, "t-home-idle");
    for (boolean phone : List.of(true, false)) {
      Page page = signIn(phone ? browser.phone() : browser.desktop(), idle);
      assertThat(page.locator("main h2").first()).hasText("我的任务");
      assertThat(page.locator("main")).containsText("现在还没有分配给您的调查任务");
      assertThat(page.locator("main")).containsText("任务由督导员分配给您");
      assertThat(page.locator("main")).not().containsText("电话号码");
      assertThat(page.locator("#open-app")).hasCount(0);
      assertThat(page.locator("article.card")).hasCount(0);
      Browser.screenshot(page, "home-interviewer-" + (phone ? "phone" : "desktop"));
      assertNoSidewaysScroll(page, phone);
      page.navigate(url("/?lang=en"));
      assertThat(page.locator("main h2").first()).hasText("My work");
      assertThat(page.locator("main")).containsText("assigned to you by a supervisor");
      page.navigate(url("/?lang=zh_CN"));
      page.context().close();
    }
  }

  @Test
  void anInterviewerSeesTheirWorkAndOpensTheAppOrTheReturnedInterviews() {
    String busy = InterviewerWorkFixture.busy(jdbc, org, users, surveys, instruments, "t-home-busy", clock.instant());
    for (boolean phone : List.of(true, false)) {
      Page page = signIn(phone ? browser.phone() : browser.desktop(), busy);
      assertThat(page.locator("main h2").first()).hasText("我的任务");
      assertThat(page.locator("#work-open .label")).hasText("待完成的任务");
      assertThat(page.locator("#work-open .value")).hasText("3");
      assertThat(page.locator("#work-today .value")).hasText("1");
      assertThat(page.locator("#work-review .value")).hasText("3");
      assertThat(page.locator("#work-returned .value a")).hasText("1");
      assertThat(page.locator("main")).containsText("有 1 份访问被督导退回");
      assertThat(page.locator("main")).not().containsText("现在还没有分配给您的调查任务");
      assertThat(page.locator("#open-app")).hasText("打开访问应用");
      assertThat(page.locator("#open-app")).hasAttribute("href", "/capi/");
      Browser.screenshot(page, "home-interviewer-work-" + (phone ? "phone" : "desktop"));
      assertNoSidewaysScroll(page, phone);
      page.locator("#work-returned .value a").click();
      page.waitForURL("**/capi/returned");
      assertThat(page.locator("main")).containsText("第 3 题的答案与备注不一致");
      page.navigate(url("/"));
      page.locator("#open-app").click();
      page.waitForURL("**/capi/");
      page.navigate(url("/?lang=en"));
      assertThat(page.locator("#open-app")).hasText("Open the interviewer app");
      assertThat(page.locator("#work-review .label")).hasText("Interviews awaiting review");
      page.navigate(url("/?lang=zh_CN"));
      page.context().close();
    }
  }

  @Test
  void theSignInPageHasNoMenuAndTheFaviconIsThere() {
    for (boolean phone : List.of(true, false)) {
      Page page = phone ? browser.phone() : browser.desktop();
      List<String> failed = new ArrayList<>();
      page.onResponse(r -> {
        if (r.status() >= 400) {
          failed.add(r.status() + " " + r.url());
        }
      });
      page.navigate(url("/login"));
      assertThat(page.locator("h1")).hasText("登录");
      // the name and the language switch, nothing else: no menu button that opens nothing
      assertThat(page.locator("header .menu-button")).hasCount(0);
      assertThat(page.locator("header nav")).hasCount(0);
      assertThat(page.locator("header a")).hasText(new String[] {"三率", "中文", "English"});
      assertThat(page.locator("link[rel=icon]")).hasAttribute("href", "/img/favicon.svg");
      page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
      assertThat(failed).isEmpty();
      assertThat(page.request().get(url("/img/favicon.svg")).status()).isEqualTo(200);
      assertThat(page.request().get(url("/img/favicon.svg")).headers().get("content-type")).startsWith("image/svg+xml");
      assertThat(page.request().get(url("/favicon.ico")).status()).isEqualTo(200);
      Browser.screenshot(page, "home-login-" + (phone ? "phone" : "desktop"));
      assertNoSidewaysScroll(page, phone);
      page.context().close();
    }
  }

  /**
   * A province admin's pages on a phone, beyond the county official's tour: none is wider than the screen (the
   * tour checks its own pages the same way).
   */
  @Test
  void aProvinceAdminsPagesAreNoWiderThanAPhone() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    Survey survey = runningProvinceSurvey("首页测试手机宽度 " + Long.toString(System.nanoTime() % 1_000_000, 36));
    long mock = surveys.bySlug("t-shangyu-mock").orElseThrow().id();
    Page page = signIn(browser.phone(), "t-province-admin");
    List<String> problems = new ArrayList<>();
    int scrolling = 0;
    for (String path : List.of("/", "/areas", "/areas/33", "/areas/330604", "/areas/import", "/instruments", "/surveys",
        "/surveys/new", "/surveys/" + survey.id(), "/surveys/" + survey.id() + "/sample",
        "/surveys/" + survey.id() + "/indicators", "/surveys/" + survey.id() + "/online",
        "/surveys/" + survey.id() + "/monitor", "/surveys/" + survey.id() + "/results", "/surveys/" + mock, "/users",
        "/users/new", "/account/password")) {
      page.navigate(url(path));
      page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
      int width = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
      if (width > 390) {
        problems.add(path + ": " + width + " px");
        Browser.screenshot(page, "home-too-wide" + path.replaceAll("[^a-z0-9]+", "-"));
      }
      // a table wider than the screen scrolls in its frame, and the frame shows it: a shadow at the edge
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> frames = (List<Map<String, Object>>) page.evaluate("""
          () => Array.from(document.querySelectorAll('table.data')).map(t => t.closest('.table-frame') || t)
            .filter(f => f.scrollWidth > f.clientWidth + 1)
            .map(f => { const s = getComputedStyle(f);
              return { scrolls: s.overflowX === 'auto' || s.overflowX === 'scroll',
                       shadow: s.backgroundImage.includes('radial-gradient') }; })""");
      scrolling += frames.size();
      for (Map<String, Object> frame : frames) {
        if (!Boolean.TRUE.equals(frame.get("scrolls")) || !Boolean.TRUE.equals(frame.get("shadow"))) {
          problems.add(path + ": a wide table without a scrolling frame that shows it scrolls " + frame);
        }
      }
    }
    assertThat(scrolling).as("wide tables met on the way").isPositive();
    assertThat(problems).as("pages wider than a 390 px phone").isEmpty();
    page.context().close();
  }

  /** On a phone (390 px) the page never scrolls sideways; wide tables scroll inside their frame. */
  static void assertNoSidewaysScroll(Page page, boolean phone) {
    if (phone) {
      Object width = page.evaluate("() => document.documentElement.scrollWidth");
      assertThat(((Number) width).intValue()).as("page width of %s", page.url()).isLessThanOrEqualTo(390);
    }
  }

}
