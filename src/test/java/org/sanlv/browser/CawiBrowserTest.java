package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.sanlv.browser.Questionnaire.at;
import static org.sanlv.browser.Questionnaire.choose;
import static org.sanlv.browser.Questionnaire.fill;
import static org.sanlv.browser.Questionnaire.next;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.FieldworkService;
import org.sanlv.fieldwork.FieldworkSwitches;
import org.sanlv.fieldwork.LoggingSmsGateway;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public online survey on a phone: the Zhejiang form from link to receipt, reload, a second submit, a closed window. */
@IntegrationTest
@Tag("browser")
class CawiBrowserTest extends BrowserTestBase {

  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService orgService;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired FieldworkService fieldwork;
  @Autowired LoggingSmsGateway sms;

  @BeforeEach
  void surveys() {
    TestAccounts.ensure(orgService, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    create("t-cawi-browser", zhejiang, OPENS, CLOSES);
    create("t-cawi-browser-later", zhejiang, LATER_OPENS, LATER_CLOSES);
  }

  /** Windows relative to the test clock's start: open now, and one that opens in about eleven months. */
  static final Instant OPENS = TestClock.DEFAULT_START.minus(Duration.ofDays(30));
  static final Instant CLOSES = TestClock.DEFAULT_START.plus(Duration.ofDays(60));
  static final Instant LATER_OPENS = TestClock.DEFAULT_START.plus(Duration.ofDays(334));
  static final Instant LATER_CLOSES = LATER_OPENS.plus(Duration.ofDays(11));

  /** A running survey (only a running survey takes answers). */
  private void create(String slug, long instrument, Instant opens, Instant closes) {
    synchronized (CawiBrowserTest.class) {
      if (surveys.bySlug(slug).isEmpty()) {
        Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, "浙江省群众安全感网络调查", instrument,
            "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
        surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
      }
    }
  }

  private static String china(Instant instant) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Survey.CHINA).format(instant);
  }

  private Page open(String query) {
    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/s/t-cawi-browser" + query);
    page.waitForFunction("() => window.htmx !== undefined");
    return page;
  }

  static void firstHalf(Page page) {
    fill(page, "age", "42");
    choose(page, "hukou", "省内");
    choose(page, "q1", "其他（请注明）");
    fill(page, "q1_other", "<b>电动车</b>电瓶被偷");
    choose(page, "q2", "较好");
    choose(page, "q3", "没有");
  }

  static void secondHalf(Page page) {
    choose(page, "q4", "好");
    choose(page, "q5", "没有");
    choose(page, "q6", "好");
    choose(page, "q7", "没有");
    choose(page, "q8", "较好");
    choose(page, "q9", "好");
    choose(page, "q10", "社会治安", "交通安全", "网络信息安全");
    choose(page, "q11", "网上兼职刷单", "网络贷款", "网络赌博");
    choose(page, "q12", "没有参加");
    choose(page, "q13", "较好");
  }

  private void submitAndSeeThanks(Page page, String screenshot) {
    assertThat(page.locator("#interview")).containsText("所有题目已答完");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交问卷")).click();
    assertThat(page.locator(".done h2")).hasText("提交成功，感谢您的参与！");
    assertThat(page.locator(".receipt")).containsText("回执编号");
    Browser.screenshot(page, screenshot);
  }

  @Test
  void aResidentCompletesTheZhejiangSurveyFromACountyQrCode() {
    Page page = open("?area=330604");
    Browser.screenshot(page, "cawi-1-start-phone");
    // the county comes with the QR code: it is not asked, the first question is the age
    at(page, "age");
    assertThat(page.locator(".intro")).isVisible();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("上一题"))).hasCount(0);
    firstHalf(page);
    Browser.screenshot(page, "cawi-2-question-phone");
    secondHalf(page);
    Browser.screenshot(page, "cawi-3-end-screen-phone");
    submitAndSeeThanks(page, "cawi-4-thanks-phone");
    Map<String, Object> row = jdbc.sql("""
        select r.status, county_code, answers ->> 'q1_other' as other, paradata ->> 'ua' as ua,
               jsonb_typeof(paradata -> 'times') as times
        from response r join survey s on s.id = r.survey_id where s.slug = 't-cawi-browser' order by r.id desc limit 1
        """).query().singleRow();
    Assertions.assertThat(row).containsEntry("status", "complete").containsEntry("county_code", "330604")
        .containsEntry("other", "<b>电动车</b>电瓶被偷").containsEntry("ua", "script").containsEntry("times", "object");
  }

  @Test
  void aReloadMidWayResumesWhereTheRespondentWas() {
    Page page = open("");
    at(page, "county");
    page.locator("#q-county").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("越城区"));
    next(page);
    firstHalf(page);
    at(page, "q4");
    page.reload();
    page.waitForFunction("() => window.htmx !== undefined");
    at(page, "q4");
    Browser.screenshot(page, "cawi-5-after-reload-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("上一题")).click();
    at(page, "q3");
    assertThat(page.locator("#interview input[value='1']")).isChecked();
    next(page);
    secondHalf(page);
    submitAndSeeThanks(page, "cawi-6-thanks-after-reload-phone");
    Assertions.assertThat(jdbc.sql("""
        select answers ->> 'county' from response r join survey s on s.id = r.survey_id
        where s.slug = 't-cawi-browser' order by r.id desc limit 1""").query(String.class).single()).isEqualTo("330602");
  }

  @Test
  void aSecondSubmitFromTheSamePhoneIsRefusedKindly() {
    Page first = open("?county=330604"); // the parameter's older name still presets the county
    firstHalf(first);
    secondHalf(first);
    // a second tab of the same browser resumes the same answers and submits them
    Page second = first.context().newPage();
    second.navigate("http://localhost:" + port + "/s/t-cawi-browser");
    assertThat(second.locator("#interview")).containsText("所有题目已答完");
    submitAndSeeThanks(second, "cawi-7-first-submit-phone");
    // the first tab, never told, submits again: refused kindly, nothing stored twice
    first.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交问卷")).click();
    assertThat(first.locator(".done h2")).hasText("您已经参加过本次调查，感谢您的支持！每人只需填写一次。");
    Browser.screenshot(first, "cawi-8-second-submit-refused-phone");
    // and coming back to the link says so at once
    first.navigate("http://localhost:" + port + "/s/t-cawi-browser");
    assertThat(first.locator("h1")).hasText("您已经参加过本次调查，感谢您的支持！每人只需填写一次。");
    Browser.screenshot(first, "cawi-9-link-again-phone");
  }

  @Test
  void beforeTheWindowThePageSaysWhenTheSurveyOpens() {
    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/s/t-cawi-browser-later");
    assertThat(page.locator("h1")).hasText("本调查尚未开始。");
    assertThat(page.locator("main")).containsText(china(LATER_OPENS));
    assertThat(page.locator("main")).containsText(china(LATER_CLOSES));
    Browser.screenshot(page, "cawi-10-before-window-phone");
    page.navigate("http://localhost:" + port + "/s/t-cawi-browser-later?lang=en");
    assertThat(page.locator("h1")).hasText("This survey has not started yet.");
    Browser.screenshot(page, "cawi-11-before-window-en-phone");
  }

  @Test
  void withPhoneVerificationOnTheRespondentGetsACodeAndSubmitsWithIt() {
    FieldworkSwitches.requireSms(fieldwork, true);
    try {
      Page page = open("?area=330604");
      firstHalf(page);
      secondHalf(page);
      String phone = "137" + String.format("%08d", new java.security.SecureRandom().nextInt(100_000_000));
      page.locator("#phone").fill(phone);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("获取验证码")).click();
      // the code goes out only with the page's signed token (survey.js sends it)
      assertThat(page.locator("#submit-status")).containsText("验证码已发送");
      page.locator("#sms-code").fill(sms.lastCode(phone));
      Browser.screenshot(page, "cawi-12-sms-code-phone");
      submitAndSeeThanks(page, "cawi-13-thanks-after-sms-phone");
      Assertions.assertThat(jdbc.sql("""
          select phone_hash from response r join survey s on s.id = r.survey_id
          where s.slug = 't-cawi-browser' order by r.id desc limit 1""").query(String.class).single()).matches("[0-9a-f]{40}");
      Assertions.assertThat(page.locator(".receipt").textContent())
          .matches(".*[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
    } finally {
      FieldworkSwitches.requireSms(fieldwork, false);
    }
  }
}
