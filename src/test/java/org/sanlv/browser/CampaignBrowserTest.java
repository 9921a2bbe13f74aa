package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Campaign work in a browser: the county admin creates 上虞区's campaign from the default template and reads the
 * overview at desktop size (everything of a past year is overdue); the town officer of 百官街道 works its own list on
 * a phone: ticks an item, adds a note as evidence and a comment.
 */
@IntegrationTest
@Tag("browser")
class CampaignBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Campaign-2026-攻坚";
  private static final int YEAR = 2023;

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    jdbc.sql("delete from campaign where area_code = ? and year = ? and template = 'shangyu-2022'")
        .params(TestAccounts.SHANGYU, YEAR).update();
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private static void fitsWidth(Page page, int width) {
    assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
        .as("page %s fits %d px", page.url(), width).isLessThanOrEqualTo(width);
  }

  @Test
  void theCountyCreatesACampaignAndATownWorksItsList() {
    Page county = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    county.navigate(url("/campaigns"));
    assertThat(county.locator("h1")).hasText("平安攻坚行动");
    county.fill("#create-area", TestAccounts.SHANGYU);
    county.fill("#create-year", String.valueOf(YEAR));
    county.locator("#create-form button[type=submit]").click();
    county.waitForLoadState();
    assertThat(county.locator("h1")).containsText("上虞区");
    String campaign = county.url().replaceAll(".*/campaigns/(\\d+).*", "$1");
    assertThat(county.locator("#progress")).containsText("百官街道");
    // 20 towns and the office, and any departments other tests attached to the county in the shared database
    int rows = county.locator("#progress tbody tr").count();
    if (rows < 21) {
      throw new AssertionError("expected at least 21 units on the overview, saw " + rows);
    }
    assertThat(county.locator("#totals")).containsText("逾期");
    Browser.screenshot(county, "campaign-overview-desktop");
    fitsWidth(county, 1366);
    // the overview leads to the campaign's quotas and monthly reports
    county.locator("a[href$='/campaigns/" + campaign + "/quotas']").click();
    assertThat(county.locator("h1")).hasText("宣传指标完成情况");
    county.goBack();
    county.locator("a[href$='/campaigns/" + campaign + "/reports']").click();
    assertThat(county.locator("h1")).hasText("平安宣传活动情况汇总");
    county.navigate(url("/campaigns"));
    Browser.screenshot(county, "campaigns-desktop");
    county.navigate(url("/campaigns/" + campaign + "/my?section=checklist"));
    Browser.screenshot(county, "campaign-my-desktop");

    Page town = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-town-officer",
        PASSWORD);
    town.navigate(url("/campaigns"));
    Browser.screenshot(town, "campaigns-phone");
    fitsWidth(town, 390);
    town.navigate(url("/campaigns/" + campaign + "/my"));
    assertThat(town.locator("h1")).hasText("本单位任务清单");
    assertThat(town.locator("#items > li").first()).containsText("百官街道");
    assertThat(town.locator("#items > li").first()).containsText("逾期");
    assertThat(town.locator("#items")).not().containsText("曹娥街道");
    Browser.screenshot(town, "campaign-my-phone");
    town.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("campaign-my-phone-top.png")));
    fitsWidth(town, 390);

    town.locator("#items > li").first().locator("button[type=submit]").click();
    town.waitForLoadState();
    assertThat(town.locator("#status")).hasValue("done");
    town.fill("#note", "已组建宣传队伍 120 人，名单见附件。");
    town.fill("#url", "https://mp.weixin.qq.com/s/example");
    town.locator("#evidence-form button[type=submit]").click();
    town.waitForLoadState();
    assertThat(town.locator("#evidence")).containsText("已组建宣传队伍");
    town.fill("#body", "请区平安办审核。");
    town.locator("#comment-form button[type=submit]").click();
    town.waitForLoadState();
    assertThat(town.locator("#comments")).containsText("请区平安办审核");
    Browser.screenshot(town, "campaign-item-phone");
    fitsWidth(town, 390);

    // a bad link: a clear Chinese error, nothing stored
    town.fill("#url", "javascript:alert(1)");
    town.evaluate("() => document.querySelector('#url').type = 'text'");
    town.locator("#evidence-form button[type=submit]").click();
    town.waitForLoadState();
    assertThat(town.locator(".problems")).containsText("链接“javascript:alert(1)”无效");
    town.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("campaign-item-error-phone.png")));

    county.navigate(url("/campaigns/" + campaign));
    assertThat(county.locator("#progress")).containsText("百官街道");
    county.setViewportSize(390, 844);
    Browser.screenshot(county, "campaign-overview-phone");
    fitsWidth(county, 390);
  }
}
