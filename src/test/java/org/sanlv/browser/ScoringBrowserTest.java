package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 21, the scoring pages: a province survey answered by phone (the statistics bureau) and in the street (the
 * third party) in twelve counties, one of them with too few responses to rank, and a mock survey of 上虞区 by town.
 * The province's dashboard draws all counties with error bars; the scores page shows deductions beside expected
 * deductions, "too few to rank", and a what-if that changes the numbers; a county admin sees only its county (ranked
 * among all) and its towns; a town officer its own town; the rules page refuses bad YAML by line and saves a new
 * version. Screenshots of every page on a phone and a desktop.
 */
@IntegrationTest
@Tag("browser")
class ScoringBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Scoring-pages-2026";
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

  private long zhejiang() {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
  }

  private void answer(Survey survey, String county, String stratum, String mode, boolean safe, boolean joined) {
    Map<String, Object> answers = ZhejiangAnswers.complete(county);
    answers.put("q9", safe ? "1" : "4");
    if (!joined) {
      answers.put("q10", List.of("8"));
    }
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        values (?, ?, ?, ?, ?, ?, 'complete', ?, '{}', ?::jsonb)""")
        .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, stratum, mode,
            java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(2))), JSON.writeValueAsString(answers))
        .update();
  }

  /** Twelve counties of 浙江, 上虞区 among them; the last one with 12 responses per source (under min_n 30). */
  private Survey officialSurvey(List<OrgNode> counties) {
    Instant opens = clock.instant().minus(Duration.ofDays(20));
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-score-" + Long.toString(System.nanoTime() % 10_000_000, 36), "2026年平安三率测评（计分页面）", zhejiang(), "33",
        List.of(new Survey.Mode(SurveyMode.PHONE, opens, opens.plus(Duration.ofDays(40)), Map.of()),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plus(Duration.ofDays(40)), Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    for (int c = 0; c < counties.size(); c++) {
      String code = counties.get(c).code();
      int n = c == counties.size() - 1 ? 12 : 60;
      // safety from 97% down by 4 points a county; participation alternates
      int safe = (int) Math.round(n * (0.97 - 0.04 * c));
      for (String mode : List.of("phone", "intercept")) {
        for (int i = 0; i < n; i++) {
          answer(survey, code, code, mode, i < safe, i % (c % 2 == 0 ? 2 : 3) != 0);
        }
      }
    }
    return survey;
  }

  /** 上虞区's mock survey by town, by phone: its first six towns, safety from 90% down. */
  private Survey mockSurvey(List<OrgNode> towns) {
    Instant opens = clock.instant().minus(Duration.ofDays(20));
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-score-mock-" + Long.toString(System.nanoTime() % 10_000_000, 36), "上虞区第三轮模拟测评（计分页面）", zhejiang(),
        TestAccounts.SHANGYU,
        List.of(new Survey.Mode(SurveyMode.PHONE, opens, opens.plus(Duration.ofDays(40)), Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    for (int t = 0; t < towns.size(); t++) {
      int safe = (int) Math.round(30 * (0.9 - 0.05 * t));
      for (int i = 0; i < 30; i++) {
        answer(survey, TestAccounts.SHANGYU, towns.get(t).code(), "phone", i < safe, i % 2 == 0);
      }
    }
    return survey;
  }

  private static void noOverflow(Page page, String what) {
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s in px", what)
        .isLessThanOrEqualTo(0);
  }

  /** ECharts has drawn: the chart holds a canvas and its option has one bar per area. */
  private static int bars(Page page, String selector) {
    page.waitForFunction("s => { const el = document.querySelector(s); return el && el.sanlvChart; }", selector);
    Assertions.assertThat(page.locator(selector + " canvas").count()).isPositive();
    return ((Number) page.evaluate("s => document.querySelector(s).sanlvChart.getOption().series[0].data.length",
        selector)).intValue();
  }

  @Test
  void scoresDashboardsWhatIfAndRulesOnAPhoneAndADesktop() {
    TestAccounts.ensure(org, users);
    List<OrgNode> all = org.areasUnder("33", OrgLevel.COUNTY);
    List<OrgNode> counties = new java.util.ArrayList<>(all.stream()
        .filter(c -> !c.code().equals(TestAccounts.SHANGYU)).limit(11).toList());
    counties.add(5, all.stream().filter(c -> c.code().equals(TestAccounts.SHANGYU)).findFirst().orElseThrow());
    List<OrgNode> towns = org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN).stream().limit(6).toList();
    Survey official = officialSurvey(counties);
    Survey mock = mockSurvey(towns);
    String admin = "t-score-pa-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    String issued = users.create(TestAccounts.ROOT, new UserService.NewUser(admin, "省平安办", Role.PROVINCE_ADMIN, "33"))
        .password();
    users.changePassword(admin, issued, PASSWORD, null);
    String small = counties.get(counties.size() - 1).name();

    for (boolean phone : List.of(true, false)) {
      String size = phone ? "phone" : "desktop";

      // the province: all counties as a chart with error bars, significance marks and deductions
      Page page = phone ? browser.phone() : browser.desktop();
      Browser.signIn(page, url("/login"), admin, PASSWORD);
      assertThat(page.locator("#dashboard h2")).containsText("各县（市、区）概览");
      Assertions.assertThat(bars(page, "#dashboard-chart")).isEqualTo(counties.size());
      assertThat(page.locator("#dashboard-chart")).hasAttribute("data-ranked", java.util.regex.Pattern.compile(".*0$"));
      if (phone) {
        noOverflow(page, "home");
      }
      page.locator("#dashboard-chart").scrollIntoViewIfNeeded();
      Browser.screenshot(page, "scoring-home-province-" + size);

      // the scores page: deductions, expected deductions with their range, too few to rank
      page.navigate(url("/surveys/" + official.id() + "/scores"));
      assertThat(page.locator("h1")).hasText("计分与排名");
      assertThat(page.locator("#scores-explain")).containsText("超出误差");
      assertThat(page.locator("#scores-explain")).containsText("期望扣分");
      assertThat(page.locator("#scores-table tbody tr")).hasCount(counties.size());
      assertThat(page.locator("#scores-table tr.too-few")).containsText("样本不足，不排名");
      assertThat(page.locator("#scores-table tr.too-few")).containsText(small);
      assertThat(page.locator("#scores-table tbody tr").first().locator("td").first()).hasText("1");
      Assertions.assertThat(bars(page, "#scores-chart")).isEqualTo(counties.size());
      Browser.screenshot(page, "scoring-scores-" + size);
      // the worst ranked county loses points, beyond the noise
      Locator last = page.locator("#scores-table tbody tr:not(.too-few)").last();
      Assertions.assertThat(Double.parseDouble(last.locator("td.deduction").innerText())).isGreaterThan(0);
      assertThat(last.locator("td.noise")).containsText("超出误差");
      if (phone) {
        noOverflow(page, "scores");
      }

      // the combined tab: deductions with their 95% range
      page.locator("#source-tabs a[data-source='combined']").click();
      assertThat(page.locator("#source-tabs a.active")).hasAttribute("data-source", "combined");
      Assertions.assertThat(bars(page, "#scores-chart")).isEqualTo(counties.size());
      assertThat(page.locator("#totals-table tbody tr")).hasCount(counties.size());
      Browser.screenshot(page, "scoring-scores-combined-" + size);

      // what-if: 上虞区's safety 10 points lower loses more points and a worse rank
      page.locator("#wi-county").selectOption(TestAccounts.SHANGYU);
      page.locator("#wi-indicator").selectOption("safety");
      page.locator("#wi-points").fill("-10");
      page.locator("#what-if-form button").click();
      assertThat(page.locator("#what-if-result")).isVisible();
      Locator deduction = page.locator("#what-if-table tr[data-source='combined'][data-field='deduction']");
      assertThat(deduction).hasClass(java.util.regex.Pattern.compile("changed"));
      double before = Double.parseDouble(deduction.locator("td.before").innerText());
      double after = Double.parseDouble(deduction.locator("td.after").innerText());
      Assertions.assertThat(after).isGreaterThan(before);
      assertThat(page.locator("#what-if-table tr[data-source='bureau'][data-field='rank']"))
          .hasClass(java.util.regex.Pattern.compile("changed"));
      // a bad factor is refused in Chinese, never a 5xx
      page.locator("#wi-factor").fill("0");
      page.locator("#what-if-form button").click();
      assertThat(page.locator("#what-if-error")).containsText("样本量倍数");
      page.locator("#wi-factor").fill("1");
      page.locator("#what-if-form button").click();
      assertThat(page.locator("#what-if-result")).isVisible();
      page.locator("#what-if").scrollIntoViewIfNeeded();
      if (phone) {
        noOverflow(page, "what-if");
      }
      Browser.screenshot(page, "scoring-what-if-" + size);

      // the rules: a bad YAML is refused with its line, a good one saved as a new version of that year only
      int year = 2010 + (phone ? 0 : 1);
      page.navigate(url("/scoring/rules?area=33&year=" + year));
      assertThat(page.locator("#rules-default")).isVisible();
      page.locator("#rules-yaml").fill("year: " + year + "\naverage: pooled\nfraction: proportional\nmin_n: thirty\n"
          + "sources: {bureau: 0.5, third_party: 0.5}\npoints_per_point: {safety: 2}\n");
      page.locator("#rules-edit button[type=submit]").click();
      assertThat(page.locator("#rules-problems")).containsText("min_n");
      assertThat(page.locator("#rules-problems")).containsText("4");
      Browser.screenshot(page, "scoring-rules-error-" + size);
      page.locator("#rules-yaml").fill("year: " + year + "\naverage: county-mean\nfraction: whole-points\nmin_n: 20\n"
          + "sources: {bureau: 0.6, third_party: 0.4}\npoints_per_point: {safety: 2, participation: 0.5}\n");
      page.locator("#rules-note").fill("按省平安办通知调整比例");
      page.locator("#rules-edit button[type=submit]").click();
      assertThat(page.locator("#rules-saved")).containsText("第 1 版");
      assertThat(page.locator("#rules-summary")).containsText("各县（市、区）比率的简单平均");
      assertThat(page.locator("#rules-versions-table tbody tr")).hasCount(1);
      if (phone) {
        noOverflow(page, "rules");
      }
      Browser.screenshot(page, "scoring-rules-" + size);
      page.context().close();

      // a county admin: only its county, ranked among all, and its towns
      page = phone ? browser.phone() : browser.desktop();
      Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-county-admin", PASSWORD);
      assertThat(page.locator("#dashboard-place")).containsText("第");
      Assertions.assertThat(bars(page, "#dashboard-chart")).isEqualTo(towns.size());
      assertThat(page.locator("#dashboard-lines")).containsText("群众安全感");
      if (phone) {
        noOverflow(page, "county home");
      }
      page.locator("#dashboard").scrollIntoViewIfNeeded();
      Browser.screenshot(page, "scoring-home-county-" + size);
      page.navigate(url("/surveys/" + official.id() + "/scores"));
      assertThat(page.locator("#scores-table tbody tr")).hasCount(1);
      assertThat(page.locator("#scores-table tbody tr")).hasAttribute("data-code", TestAccounts.SHANGYU);
      // 上虞区 is the sixth county from the top: ranked among all twelve, not first among one
      assertThat(page.locator("#scores-table tbody tr td").first()).hasText("6");
      Assertions.assertThat(page.locator("main").innerText()).doesNotContain(counties.get(0).name());
      Browser.screenshot(page, "scoring-scores-county-" + size);
      page.navigate(url("/surveys/" + mock.id() + "/compare"));
      assertThat(page.locator("#compare-table")).isVisible();
      assertThat(page.locator("#compare-table tbody tr").first()).containsText("%");
      if (phone) {
        noOverflow(page, "compare");
      }
      Browser.screenshot(page, "scoring-compare-" + size);
      page.navigate(url("/surveys/" + official.id() + "/compare"));
      assertThat(page.locator("#modes-table thead th")).hasCount(3);
      Browser.screenshot(page, "scoring-compare-modes-" + size);
      page.context().close();

      // a town officer: its own town's results
      page = phone ? browser.phone() : browser.desktop();
      Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-town-officer", PASSWORD);
      assertThat(page.locator("#dashboard-lines tbody tr").first()).isVisible();
      assertThat(page.locator("#dashboard h2")).containsText("百官街道");
      if (phone) {
        noOverflow(page, "town home");
      }
      page.locator("#dashboard").scrollIntoViewIfNeeded();
      Browser.screenshot(page, "scoring-home-town-" + size);
      page.context().close();
    }
  }
}
