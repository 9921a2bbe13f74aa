package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.indicator.IndicatorService;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A county official adds 安全感 = q2 ∈ {好, 较好} with the indicator form on a phone, by the questions' and options'
 * labels, sees a mistake explained in Chinese, then sees the page on a desktop.
 */
@IntegrationTest
@Tag("browser")
class IndicatorFormBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired IndicatorService indicators;

  private void signIn(Page page, String username, String password) {
    Browser.signIn(page, "http://localhost:" + port + "/login", username, password);
  }

  @Test
  void aCountyOfficialAddsAnIndicatorByLabels() {
    TestAccounts.ensure(org, users);
    String username = "t-indicator-browser";
    String password = "Indicator-form-2026";
    String issued = users.create(TestAccounts.ROOT,
        new UserService.NewUser(username, "指标表单", Role.COUNTY_ADMIN, TestAccounts.SHANGYU)).password();
    users.changePassword(username, issued, password, null);
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-indicator-browser", "指标表单浏览器测试",
        zhejiang, TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.ONLINE, TestClock.DEFAULT_START,
        TestClock.DEFAULT_START.plus(Duration.ofDays(30)), Map.of()))));
    String url = "http://localhost:" + port + "/surveys/" + survey.id() + "/indicators";

    Page phone = browser.phone();
    signIn(phone, username, password);
    phone.navigate(url);
    Browser.screenshot(phone, "indicators-form-phone");
    // a mistake first: no option ticked
    phone.getByLabel("比例：一道题中选了所列选项的比例").check();
    phone.getByLabel("指标名称（英文字母").fill("order_browser");
    phone.getByLabel("中文名称").fill("社会治安安全感（表单）");
    phone.getByLabel("英文名称").fill("Public order (form)");
    phone.getByLabel("二、您觉得本地的社会治安状况如何？").check();
    phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("检查并添加")).click();
    assertThat(phone.locator("#indicator-form .problems")).containsText("“计入的选项”：请至少选择一个计入的选项");
    Browser.screenshot(phone, "indicators-form-problem-phone");
    // the form kept what was typed, and opened the options of the question chosen: tick 好 and 较好, add
    assertThat(phone.getByLabel("指标名称（英文字母")).hasValue("order_browser");
    phone.locator("input[name=options][value='rating4:1']").check();
    phone.locator("input[name=options][value='rating4:2']").check();
    phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("检查并添加")).click();
    assertThat(phone.getByRole(AriaRole.STATUS)).containsText("已添加指标“order_browser”");
    assertThat(phone.locator("ul.indicators")).containsText("社会治安安全感（表单）");
    assertThat(phone.locator("#definitions")).hasValue(java.util.regex.Pattern.compile(
        ".*- name: order_browser\\n  label_zh: 社会治安安全感（表单）\\n  label_en: Public order \\(form\\)\\n"
            + "  proportion: \\$\\{q2\\} = '1' or \\$\\{q2\\} = '2'.*", java.util.regex.Pattern.DOTALL));
    int width = ((Number) phone.evaluate("document.documentElement.scrollWidth")).intValue();
    assertThat(width).as("the page fits the phone").isLessThanOrEqualTo(390);
    Browser.screenshot(phone, "indicators-added-phone");
    assertThat(indicators.indicators(survey).stream().map(d -> d.name())).contains("order_browser", "safety");

    Page desktop = browser.desktop();
    signIn(desktop, username, password);
    desktop.navigate(url);
    assertThat(desktop.locator("h1")).hasText("指标定义");
    Browser.screenshot(desktop, "indicators-form-desktop");
  }
}
