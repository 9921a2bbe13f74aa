package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The survey setup form with the area picker: a province official finds 上虞区 by typing part of its name (keyboard
 * only), creates a mock survey of it with the default window, and starts it after the confirmation. A county
 * official's form starts at the county. Screenshots at 390 × 844 and 1366 × 900.
 */
@IntegrationTest
@Tag("browser")
class SurveyFormBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;

  @Test
  void aProvinceOfficialPicksTheTargetByNameAndStartsTheSurveyAfterConfirming() {
    TestAccounts.ensure(org, users);
    for (boolean phone : new boolean[] {false, true}) {
      String size = phone ? "phone" : "desktop";
      String slug = "t-picker-" + size + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
      Page page = signIn("t-province-admin", phone ? browser.phone() : browser.desktop());
      page.navigate(url("/surveys/new"));
      assertThat(page.locator("#targetCode-picked")).containsText("浙江省");
      page.getByLabel("调查名称").fill("上虞区模拟测评（选择器）");
      page.getByLabel("网址名").fill(slug);
      // keyboard only: type, arrow down to the first match, Enter picks it (and does not submit the form)
      page.getByLabel("搜索区划（输入名称或代码）").fill("上虞");
      assertThat(page.locator(".picker-options li").first()).containsText("浙江省 › 绍兴市 › 上虞区");
      Browser.screenshot(page, "survey-new-search-" + size);
      page.getByLabel("搜索区划（输入名称或代码）").press("ArrowDown");
      page.getByLabel("搜索区划（输入名称或代码）").press("Enter");
      assertThat(page.locator("#targetCode-picked")).containsText("浙江省 › 绍兴市 › 上虞区");
      assertThat(page.locator("#targetCode")).hasValue(TestAccounts.SHANGYU);
      page.locator("input[name=mode_online]").check();
      page.locator("input[name=mode_household]").check();
      Browser.screenshot(page, "survey-new-picked-" + size);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();

      assertThat(page.locator("h1")).hasText("上虞区模拟测评（选择器）");
      Survey survey = surveys.bySlug(slug).orElseThrow();
      assertThat(survey.targetCode()).isEqualTo(TestAccounts.SHANGYU);
      assertThat(survey.kind()).isEqualTo(Survey.Kind.MOCK);
      assertThat(page.locator("main")).containsText("人口比例 5‰");
      assertThat(page.locator("main")).containsText("开始后网络调查链接立即生效");
      Browser.screenshot(page, "survey-page-draft-" + size);

      // the button alone does not start it: the box must be ticked (the browser asks; the server checks too)
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始调查")).click();
      assertThat(surveys.bySlug(slug).orElseThrow().status()).isEqualTo(Survey.Status.DRAFT);
      page.getByLabel("我已了解，确认开始调查").check();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始调查")).click();
      assertThat(page.locator(".facts")).containsText("调查中");
      assertThat(surveys.bySlug(slug).orElseThrow().status()).isEqualTo(Survey.Status.FIELDING);
      Browser.screenshot(page, "survey-page-fielding-" + size);
      page.context().close();
    }
  }

  @Test
  void aCountyOfficialsFormStartsAtTheCountyAndTheTreeCanBeBrowsed() {
    TestAccounts.ensure(org, users);
    Page page = signIn("t-county-admin", browser.phone());
    page.navigate(url("/surveys/new"));
    assertThat(page.locator("#targetCode-picked")).containsText("上虞区");
    assertThat(page.locator("#targetCode")).hasValue(TestAccounts.SHANGYU);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("逐级选择")).click();
    // a survey targets a county or a province: the county is offered, its towns are not
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("选择 上虞区"))).isVisible();
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("选择 百官街道"))).hasCount(0);
    Browser.screenshot(page, "survey-new-browse-phone");
    page.navigate(url("/surveys/new"));
    Browser.screenshot(page, "survey-new-county-phone");
    page.context().close();
    Page desktop = signIn("t-county-admin", browser.desktop());
    desktop.navigate(url("/surveys/new"));
    Browser.screenshot(desktop, "survey-new-county-desktop");
    desktop.context().close();
  }

  private Page signIn(String username, Page page) {
    String password = "Forms-survey-2026-" + username.length();
    users.changePassword(username, users.resetPassword(TestAccounts.ROOT, username).password(), password, null);
    return Browser.signIn(page, url("/login"), username, password);
  }

}
