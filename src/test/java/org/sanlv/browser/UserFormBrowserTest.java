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
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 用户 → 新建用户 → 创建, as a province admin and as a county admin: the account exists afterwards, the page shows
 * it with its one-time password, and a refused name comes back on the form in Chinese with what was typed kept.
 */
@IntegrationTest
@Tag("browser")
class UserFormBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;

  @Test
  void aProvinceAdminCreatesACountyAccountFromTheUsersPage() {
    TestAccounts.ensure(org, users);
    String name = unique("t-prov-new");
    Page page = signIn("t-province-admin", browser.desktop());
    createFromUsersPage(page, name, "上虞区测评办公室", "上虞", "上虞区", "province-admin-desktop");

    assertThat(users.get(TestAccounts.ROOT, name).nodeCode()).isEqualTo(TestAccounts.SHANGYU);
    assertThat(users.get(TestAccounts.ROOT, name).role()).isEqualTo(Role.COUNTY_ADMIN);
    page.context().close();
  }

  @Test
  void aProvinceAdminCreatesAnAccountOnAPhone() {
    TestAccounts.ensure(org, users);
    String name = unique("t-prov-ph");
    Page page = signIn("t-province-admin", browser.phone());
    createFromUsersPage(page, name, "上虞区测评办公室", "上虞", "上虞区", "province-admin-phone");
    assertThat(users.get(TestAccounts.ROOT, name).nodeCode()).isEqualTo(TestAccounts.SHANGYU);
    page.context().close();
  }

  @Test
  void aCountyAdminCreatesAnInterviewerAndATakenNameComesBackOnTheFormInChinese() {
    TestAccounts.ensure(org, users);
    Page page = signIn("t-county-admin", browser.phone());
    page.navigate(url("/users"));
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("新建用户")).click();
    // a name already taken: refused on the form, in Chinese, with the other values kept
    page.getByLabel("用户名").fill("T-Interviewer");
    page.getByLabel("姓名").fill("张三");
    page.getByLabel("角色").selectOption(Role.INTERVIEWER.name());
    // the area starts at the official's own county, shown by name; browse down to a town
    assertThat(page.locator("#nodeCode-picked")).containsText("上虞区");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("逐级选择")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("选择 百官街道")).click();
    assertThat(page.locator("#nodeCode-picked")).containsText("上虞区 › 百官街道");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();
    assertThat(page.locator(".problems")).containsText("与已有的用户名");
    assertThat(page.locator("#nodeCode-picked")).containsText("上虞区 › 百官街道");
    assertThat(page.getByLabel("用户名")).hasValue("T-Interviewer");
    assertThat(page.getByLabel("姓名")).hasValue("张三");
    assertThat(page.getByLabel("角色")).hasValue(Role.INTERVIEWER.name());
    Browser.screenshot(page, "user-new-taken-phone");

    String name = unique("t-cty-new");
    page.getByLabel("用户名").fill(name);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();
    assertThat(page.locator("h1")).hasText("新密码");
    assertThat(page.locator("main")).containsText(name);
    Browser.screenshot(page, "user-new-created-phone");
    assertThat(users.get(TestAccounts.ROOT, name).role()).isEqualTo(Role.INTERVIEWER);
    assertThat(users.get(TestAccounts.ROOT, name).nodeCode()).isEqualTo(TestAccounts.BAIGUAN);
    page.context().close();
  }

  /** Opens 用户 → 新建用户, fills the form, picks the area by searching its name, and creates the account. */
  private void createFromUsersPage(Page page, String name, String displayName, String search, String areaName,
      String shot) {
    page.navigate(url("/users"));
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("新建用户")).click();
    page.getByLabel("用户名").fill(name);
    page.getByLabel("姓名").fill(displayName);
    page.getByLabel("角色").selectOption(Role.COUNTY_ADMIN.name());
    assertThat(page.locator("#nodeCode-picked")).containsText("浙江省");
    page.getByLabel("搜索区划（输入名称或代码）").fill(search);
    page.locator(".picker-options li").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(areaName))
        .first().click();
    assertThat(page.locator("#nodeCode-picked")).containsText("浙江省 › 绍兴市 › " + areaName);
    Browser.screenshot(page, "user-new-" + shot);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("创建")).click();
    assertThat(page.locator("h1")).hasText("新密码");
    assertThat(page.locator("main")).containsText(name);
    Browser.screenshot(page, "user-new-created-" + shot);
  }

  private Page signIn(String username, Page page) {
    String password = "Forms-test-2026-" + username.length();
    users.changePassword(username, users.resetPassword(TestAccounts.ROOT, username).password(), password, null);
    return Browser.signIn(page, url("/login"), username, password);
  }

  private static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

}
