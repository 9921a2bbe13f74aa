package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A county official's first session, page by page, on a phone (390 × 844) and a desktop (1366 × 900): the account
 * an administrator made for them, the forced password change, the county's areas, surveys, results and users. Each
 * page answers 200, shows no untranslated message key, is no wider than the phone (wide tables scroll inside their
 * frame), and is kept as a screenshot in target/screenshots to look at.
 */
@IntegrationTest
@Tag("browser")
class PageTourBrowserTest {

  /** What Thymeleaf shows for a key missing from the bundles, and a raw key such as "account.title". */
  private static final Pattern RAW_KEY = Pattern.compile("\\?\\?[\\w.]+\\?\\?|\\b[a-z]+\\.(error|title|label)\\.[a-zA-Z.]+\\b");

  static Browser browser;
  @LocalServerPort int port;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @org.junit.jupiter.api.AfterEach
  void clockBack() {
    clock.reset();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void aCountyOfficialChangesTheIssuedPasswordAndWorksThroughTheCountysPages() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    String name = "t-tour-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    String issued = users.create(TestAccounts.ROOT, new UserService.NewUser(name, "上虞区测评办", Role.COUNTY_ADMIN,
        TestAccounts.SHANGYU)).password();
    long mock = surveys.bySlug("t-shangyu-mock").orElseThrow().id();
    long province = provinceSurveyWithResponses();
    List<String> pages = List.of("/", "/areas/330604", "/surveys", "/surveys/" + mock, "/surveys/" + province + "/results",
        "/surveys/" + mock + "/sample", "/users", "/users/new", "/account/password");
    for (boolean phone : List.of(true, false)) {
      String size = phone ? "phone" : "desktop";
      Page page = phone ? browser.phone() : browser.desktop();
      page.navigate(url("/login"));
      Browser.screenshot(page, "tour-login-" + size);
      if (phone) {
        // mistyped passwords: after the free attempts the page says how long to wait, and nothing is slept on
        // (the tests' first wait is 400 ms, doubling: a slow machine may need a few tries to type faster than it)
        for (int i = 0; i < 12 && !page.locator("main").innerText().contains("秒"); i++) {
          page.getByLabel("用户名").fill(name);
          page.getByLabel("密码").fill("wrong-password-" + i);
          page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
          page.waitForLoadState();
        }
        assertThat(page.locator("main")).containsText("秒");
        Browser.screenshot(page, "tour-login-throttled-" + size);
        clock.advance(java.time.Duration.ofMinutes(1));
      }
      page.getByLabel("用户名").fill(name);
      page.getByLabel("密码").fill(phone ? issued : "Shangyu-tour-2026-新");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
      if (phone) {
        // the password an administrator has seen must be changed before anything else
        assertThat(page).hasURL(Pattern.compile(".*/account/password.*"));
        Browser.screenshot(page, "tour-must-change-" + size);
        page.locator("#currentPassword").fill(issued);
        page.locator("#newPassword").fill("Shangyu-tour-2026-新");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("保存")).click();
        assertThat(page.locator("main")).not().containsText("请先修改密码");
      }
      List<String> problems = new ArrayList<>();
      for (String path : pages) {
        Response r = page.navigate(url(path));
        String text = page.locator("body").innerText();
        if (r.status() != 200) {
          problems.add(path + ": " + r.status());
        }
        if (RAW_KEY.matcher(text).find()) {
          problems.add(path + ": raw message key in " + text.substring(0, Math.min(200, text.length())));
        }
        if (path.endsWith(province + "/results")) {
          // the province's survey: the official's own county and the whole, not the neighbours
          assertThat(page.locator("main")).containsText("上虞区");
          assertThat(page.locator("main")).not().containsText("上城区");
        }
        Browser.screenshot(page, ("tour" + path.replaceAll("[^a-z0-9]+", "-") + "-").replace("--", "-") + size);
        // on a phone nothing widens the page: wide tables scroll inside their frame (.table-frame)
        int width = phone ? ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue() : 0;
        if (width > 390) {
          problems.add(path + ": the page is " + width + " px wide on a 390 px phone");
        }
      }
      assertThat(problems).isEmpty();
      page.context().close();
    }
  }

  /** A province survey with online answers from 上虞区 (7 of 10 feel safe) and 上城区 (9 of 10). */
  private long provinceSurveyWithResponses() {
    var existing = surveys.bySlug("t-tour-province");
    if (existing.isPresent()) {
      return existing.get().id();
    }
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    java.time.Instant opens = TestClock.DEFAULT_START.minusSeconds(10 * 86_400L);
    var survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-tour-province", "2026年浙江省平安三率测评",
        instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens,
            opens.plusSeconds(30 * 86_400L), java.util.Map.of()))));
    for (String county : List.of(TestAccounts.SHANGYU, TestAccounts.SHANGCHENG)) {
      int safe = county.equals(TestAccounts.SHANGYU) ? 7 : 9;
      for (int i = 0; i < 10; i++) {
        java.util.Map<String, Object> answers = ZhejiangAnswers.complete(county);
        answers.put("q9", i < safe ? "1" : "4");
        jdbc.sql("""
            insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                  submitted_at, flags, answers)
            values (?, ?, ?, ?, ?, 'online', 'complete', ?, '{}', ?::jsonb)""")
            .params(java.util.UUID.randomUUID(), survey.id(), instrument, county, county,
                java.sql.Timestamp.from(opens.plusSeconds(86_400L + i)),
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(answers))
            .update();
      }
    }
    return survey.id();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
