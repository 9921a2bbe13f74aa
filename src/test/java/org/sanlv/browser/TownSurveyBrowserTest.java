package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.sanlv.browser.Questionnaire.at;
import static org.sanlv.browser.Questionnaire.next;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A county's mock survey by town, on a phone: the resident is asked the town by name (or it comes with the QR
 * code), sees no interviewer text and no structural group heading, in the officials' fonts; the county official
 * sees the links with the survey's real status and the progress per town, at 390 × 844 and 1366 × 900.
 */
@IntegrationTest
@Tag("browser")
class TownSurveyBrowserTest extends BrowserTestBase {

  static final String SLUG = "t-town-browser";
  static final String DRAFT = "t-town-browser-draft";
  static final String CHANGTANG = "330604101"; // 长塘镇
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    synchronized (TownSurveyBrowserTest.class) {
      if (surveys.bySlug(SLUG).isEmpty()) {
        long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
            .findFirst().orElseThrow().id();
        List<Survey.Mode> online = List.of(new Survey.Mode(SurveyMode.ONLINE,
            TestClock.DEFAULT_START.minus(Duration.ofDays(3)), TestClock.DEFAULT_START.plus(Duration.ofDays(27)),
            Map.of("targetPerStratum", "3")));
        Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(SLUG, "上虞区2026年平安三率模拟测评",
            zhejiang, TestAccounts.SHANGYU, online));
        surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
        surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(DRAFT, "上虞区模拟测评（草稿）", zhejiang,
            TestAccounts.SHANGYU, online));
      }
    }
  }

  private Page open(Page page, String query) {
    page.navigate(url("/s/" + SLUG + query));
    page.waitForFunction("() => window.htmx !== undefined");
    return page;
  }

  /** Nothing sticks out to the side: the page scrolls only downwards. */
  private static void fitsItsWidth(Page page) {
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
  }

  @Test
  void aResidentIsAskedTheTownByNameAndTheResponseLandsInThatTown() {
    Page page = open(browser.phone(), "");
    at(page, "@area");
    assertThat(page.locator("label[for=q-area]")).containsText("您现在居住在上虞区哪个乡镇（街道）？");
    assertThat(page.locator("#q-area option")).containsText(new String[] {"请选择", "百官街道", "曹娥街道"});
    Assertions.assertThat(page.locator("#q-area option").allTextContents()).noneMatch(t -> t.matches(".*[0-9]{6}.*"));
    fitsItsWidth(page);
    Browser.screenshot(page, "cawi-town-1-town-question-phone");
    // nothing chosen: asked again, in words
    next(page);
    assertThat(page.locator("#problems")).containsText("请选择您居住的乡镇（街道）");
    page.locator("#q-area").selectOption(new SelectOption().setLabel("长塘镇"));
    next(page);
    // the county is the survey's: not asked; the first question is the age, and back leads to the town
    at(page, "age");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("上一题")).click();
    at(page, "@area");
    assertThat(page.locator("#q-area option:checked")).hasText("长塘镇");
    next(page);
    CawiBrowserTest.firstHalf(page);
    // a resident sees no interviewer instruction and no structural group heading
    assertThat(page.locator("#interview")).not().containsText("问题与答案");
    assertThat(page.locator("body")).not().containsText("由访问系统");
    Browser.screenshot(page, "cawi-town-2-question-phone");
    CawiBrowserTest.secondHalf(page);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交问卷")).click();
    assertThat(page.locator(".done h2")).hasText("提交成功，感谢您的参与！");
    Browser.screenshot(page, "cawi-town-3-thanks-phone");
    Map<String, Object> row = jdbc.sql("""
        select county_code, stratum_code, answers ->> 'county' as county from response r join survey s on s.id = r.survey_id
        where s.slug = ? order by r.id desc limit 1""").param(SLUG).query().singleRow();
    Assertions.assertThat(row).containsEntry("county_code", TestAccounts.SHANGYU).containsEntry("stratum_code", CHANGTANG)
        .containsEntry("county", TestAccounts.SHANGYU);
  }

  @Test
  void aTownFromTheQrCodeIsNotAskedAndThePageUsesTheOfficialsFonts() {
    Page page = open(browser.phone(), "?area=" + TestAccounts.BAIGUAN);
    at(page, "age");
    assertThat(page.locator(".intro")).isVisible();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("上一题"))).hasCount(0);
    fitsItsWidth(page);
    Browser.screenshot(page, "cawi-town-4-from-qr-phone");
    String publicFonts = (String) page.evaluate("() => getComputedStyle(document.body).fontFamily");
    page.navigate(url("/login"));
    String officialFonts = (String) page.evaluate("() => getComputedStyle(document.body).fontFamily");
    Assertions.assertThat(publicFonts).isEqualTo(officialFonts).startsWith("\"Noto Sans CJK SC\"");
  }

  @Test
  void theCountyOfficialSeesTheLinksRealStatusAndTheProgressPerTown() {
    String name = "t-town-official-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    String issued = users.create(TestAccounts.ROOT, new UserService.NewUser(name, "上虞区测评办", Role.COUNTY_ADMIN,
        TestAccounts.SHANGYU)).password();
    String password = "Shangyu-town-2026";
    users.changePassword(name, issued, password, null);
    long live = surveys.bySlug(SLUG).orElseThrow().id();
    long draft = surveys.bySlug(DRAFT).orElseThrow().id();
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        select gen_random_uuid(), s.id, s.instrument_id, '330604', '330604001', 'online', 'complete', ?, '{}', '{}'::jsonb
        from survey s where s.id = ?""").params(java.sql.Timestamp.from(TestClock.DEFAULT_START.minusSeconds(3600)), live)
        .update();
    for (boolean phone : List.of(true, false)) {
      String size = phone ? "phone" : "desktop";
      Page page = phone ? browser.phone() : browser.desktop();
      page.navigate(url("/login"));
      page.getByLabel("用户名").fill(name);
      page.getByLabel("密码").fill(password);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();

      page.navigate(url("/surveys/" + live + "/online"));
      assertThat(page.locator(".survey-status")).hasText("调查中");
      assertThat(page.locator(".online-window")).containsText("进行中");
      assertThat(page.locator(".online-window")).containsText("2026-11-15 10:30");
      assertThat(page.locator(".notice")).containsText("居民现在可以");
      assertThat(page.locator(".qr-card h2")).containsText(new String[] {"不预设", "百官街道"});
      assertThat(page.locator(".qr-card").nth(1).locator("a.url")).containsText("?area=330604001");
      page.locator(".qr-card img").first().scrollIntoViewIfNeeded();
      if (phone) {
        fitsItsWidth(page);
        Object imgWidth = page.evaluate("() => document.querySelector('.qr-card img').getBoundingClientRect().width");
        Assertions.assertThat(((Number) imgWidth).doubleValue()).isBetween(100.0, 390.0);
      }
      Browser.screenshot(page, "fieldwork-online-links-" + size);
      page.evaluate("() => window.scrollTo(0, 0)");
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("fieldwork-online-links-first-screen-"
          + size + ".png"))); // what the official sees first, without scrolling

      page.navigate(url("/surveys/" + draft + "/online"));
      assertThat(page.locator(".survey-status")).hasText("草稿");
      assertThat(page.locator(".notice")).containsText("草稿");
      assertThat(page.locator(".notice")).not().containsText("居民现在可以");
      Browser.screenshot(page, "fieldwork-online-links-draft-" + size);

      page.navigate(url("/surveys/" + live + "/monitor"));
      assertThat(page.locator("main")).containsText("乡镇（街道）");
      assertThat(page.locator("tr[data-code='330604001']")).containsText("百官街道");
      assertThat(page.locator("tr[data-code='330604001']")).containsText("1 / 3");
      assertThat(page.locator(".progress-table tbody tr").first()).containsText("0 / 3");
      // the results page's words (the numbers are compared with the results in TownStratumTest)
      assertThat(page.locator(".counts")).hasText(java.util.regex.Pattern.compile("网络调查有效样本 \\d+ 份，其中 \\d+ 份带有质量标记。"));
      if (phone) {
        fitsItsWidth(page);
      }
      // the wide table scrolls inside a frame in the page's column instead of sticking out of it
      Object sticksOut = page.evaluate("""
          () => document.querySelector('.progress-table').parentElement.getBoundingClientRect().right
                - document.querySelector('main').getBoundingClientRect().right""");
      Assertions.assertThat(((Number) sticksOut).doubleValue()).as("table right of main, px").isLessThanOrEqualTo(0);
      Browser.screenshot(page, "fieldwork-monitor-" + size);
      page.context().close();
    }
  }
}
