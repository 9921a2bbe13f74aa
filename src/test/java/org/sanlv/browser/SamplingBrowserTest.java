package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;

/** A county admin of 上虞区 sets up a mock survey of its 20 towns, imports a block frame and draws. */
@IntegrationTest
@Tag("browser")
class SamplingBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;
  @TempDir Path dir;

  @Test
  void aCountyAdminDrawsAMockSurveyOfItsTwentyTowns() throws Exception {
    TestAccounts.ensure(org, users);
    // a reset password must be changed before anything else: do so, as the county admin would
    String password = "Shangyu-mock-2026";
    users.changePassword("t-county-admin", users.resetPassword(TestAccounts.ROOT, "t-county-admin").password(),
        password, null);
    List<OrgNode> towns = org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN);
    StringBuilder frame = new StringBuilder("block_id,county,town,households\n");
    for (OrgNode town : towns) {
      for (int b = 1; b <= 8; b++) {
        frame.append(town.code()).append("-B").append(b).append(",330604,").append(town.code()).append(',')
            .append(150 + 37 * b).append('\n');
      }
    }
    Path blocks = dir.resolve("shangyu-blocks.csv");
    Files.writeString(blocks, frame);

    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/login");
    page.getByLabel("用户名").fill("t-county-admin");
    page.getByLabel("密码").fill(password);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
    page.navigate("http://localhost:" + port + "/surveys/new");
    page.getByLabel("调查名称").fill("上虞区2026年模拟测评");
    page.getByLabel("网址名").fill("shangyu-mock-browser");
    assertThat(page.locator("#targetCode")).hasValue("330604");
    page.locator("input[name=mode_household]").check();
    page.locator("input[name=household_opens]").fill("2026-11-01T00:00");
    page.locator("input[name=household_closes]").fill("2026-11-30T23:59");
    page.locator("select[name=household_rule]").selectOption("fixed");
    page.locator("input[name=household_fixed]").fill("30");
    Browser.screenshot(page, "sampling-new-survey-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();

    assertThat(page.locator("h1")).hasText("上虞区2026年模拟测评");
    assertThat(page.locator("#sizes tbody tr")).hasCount(20);
    page.locator("form:has(input[name=kind][value=blocks]) input[type=file]").setInputFiles(blocks);
    page.locator("form:has(input[name=kind][value=blocks]) button").click();
    assertThat(page.locator("[role=status]").first()).containsText("160");
    page.locator("form.draw input[name=seed]").fill("42");
    page.locator("form.draw button").click();
    assertThat(page.locator("[role=status]").first()).containsText("600");
    assertThat(page.locator("table.overview tbody tr")).hasCount(20);
    page.waitForFunction("() => document.querySelectorAll('.bar-chart canvas').length >= 2");
    Browser.screenshot(page, "sampling-drawn-phone");

    // a second draw without "replace" is refused and changes nothing
    page.locator("form.draw input[name=seed]").fill("43");
    page.locator("form.draw button").click();
    assertThat(page.locator(".error-box")).containsText("替换已有样本");
  }
}
