package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The call centre's rules on the survey form (issue 20): a county official sets up a phone survey, sees the calling
 * hours, excluded dates, gap, attempt cap and hold time with their defaults and help, types calling hours that do
 * not read and gets a Chinese error naming them, corrects them and creates the survey; the survey page lists the
 * rules. Screenshots at 390 × 844 and 1366 × 900.
 */
@IntegrationTest
@Tag("browser")
class CatiCallingRulesBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired TestClock clock;

  @Test
  void aCountyOfficialSetsTheCallingRulesOfAPhoneSurvey() {
    TestAccounts.ensure(org, users);
    for (boolean phone : new boolean[] {true, false}) {
      String size = phone ? "phone" : "desktop";
      String slug = "t-cati-rules-" + size + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
      Page page = Browser.signInWithNewPassword(phone ? browser.phone() : browser.desktop(), url("/login"), users,
          clock, "t-county-admin", "Cati-rules-2026-x");
      page.navigate(url("/surveys/new"));
      page.getByLabel("调查名称").fill("上虞区电话测评");
      page.getByLabel("网址名").fill(slug);
      page.locator("input[name=mode_phone]").check();
      Locator hours = page.getByLabel("拨打时段");
      assertThat(hours).hasValue("09:00-12:00,14:00-21:00");
      assertThat(hours).hasAttribute("inputmode", "text");
      assertThat(page.getByLabel("每个号码最多拨打次数")).hasValue("6");
      assertThat(page.getByLabel("号码保留时长（分钟）")).hasValue("20");
      assertThat(page.getByLabel("两次拨打最短间隔（分钟）")).hasValue("60");
      assertThat(page.locator("#phone_targetPerStratum-help")).containsText("配额已满");
      hours.fill("21:00-09:00");
      page.getByLabel("不拨打的日期").fill("2026-10-01,十月二日");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();
      assertThat(page.locator("main")).containsText("拨打时段”：“21:00-09:00”无法识别");
      assertThat(page.locator("main")).containsText("不拨打的日期”：“十月二日”不是日期");
      assertThat(surveys.bySlug(slug)).isEmpty();
      Browser.screenshot(page, "cati-rules-error-" + size);
      // the parts to look at, at readable size: the errors at the top, the phone mode's fields
      page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("cati-rules-error-top-" + size
          + ".png")));
      page.locator("fieldset").filter(new Locator.FilterOptions().setHas(page.locator("input[name=mode_phone]")))
          .screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("cati-rules-fields-" + size
              + ".png")));

      page.getByLabel("拨打时段").fill("08:30-11:30,13:30-20:30");
      page.getByLabel("不拨打的日期").fill("2026-10-01,2026-10-02");
      page.getByLabel("每个号码最多拨打次数").fill("8");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();
      assertThat(page.locator("h1")).hasText("上虞区电话测评");
      assertThat(page.locator("main")).containsText("拨打时段 08:30-11:30,13:30-20:30");
      assertThat(page.locator("main")).containsText("每个号码最多拨打次数 8");
      Survey survey = surveys.bySlug(slug).orElseThrow();
      assertThat(survey.mode(SurveyMode.PHONE).orElseThrow().design())
          .containsEntry("callingHours", "08:30-11:30,13:30-20:30").containsEntry("maxAttempts", "8")
          .containsEntry("holdMinutes", "20");
      Browser.screenshot(page, "cati-rules-survey-" + size);
      page.context().close();
    }
  }

}
