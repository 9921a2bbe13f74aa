package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;

@IntegrationTest
@Tag("browser")
class FoundationBrowserTest extends BrowserTestBase {

  private Page signIn(Page page) {
    page.navigate("http://localhost:" + port + "/");
    assertThat(page.locator("h1")).hasText("登录");
    page.getByLabel("用户名").fill("admin");
    page.getByLabel("密码").fill("admin-test-password");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("登录")).click();
    // the home page comes first; the area tree is one link away
    assertThat(page.locator("h1")).hasText("首页");
    page.navigate("http://localhost:" + port + "/areas");
    return page;
  }

  @Test
  void theAdministratorBrowsesFromZhejiangToTheTownsOfShangyu() throws Exception {
    Page page = signIn(browser.phone());
    Browser.screenshot(page, "foundation-tree-phone");
    expand(page, "浙江省");
    expand(page, "绍兴市");
    expand(page, "上虞区");
    Locator shangyu = node(page, "上虞区");
    // its 20 towns/streets (other tests may have attached units beside them)
    assertThat(shangyu.locator("> .sub > ul > li[role=treeitem]:not(.unit)")).hasCount(20);
    assertThat(shangyu.locator("> .sub")).containsText("百官街道");
    Browser.screenshot(page, "foundation-tree-expanded-phone");
    page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
        new Page.GetByRoleOptions().setName("上虞区").setExact(true)).click();
    assertThat(page.locator("h1")).containsText("上虞区");
    assertThat(page.locator("table.data tbody tr")).hasCount(20);
    assertThat(page.locator(".demo-note")).isVisible();
    page.waitForFunction("() => document.querySelector('#population-chart canvas') !== null");
    assertThat(Files.size(Browser.screenshot(page, "foundation-shangyu-phone"))).isGreaterThan(20_000);
    // the first screen only, for the README
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("readme-shangyu-phone.png")));
    Page desktop = signIn(browser.desktop());
    desktop.navigate("http://localhost:" + port + "/areas/330604");
    desktop.waitForFunction("() => document.querySelector('#population-chart canvas') !== null");
    Browser.screenshot(desktop, "foundation-shangyu-desktop");
    desktop.navigate("http://localhost:" + port + "/areas/330604?lang=en");
    assertThat(desktop.locator("h2").first()).hasText("Sub-areas");
    Browser.screenshot(desktop, "foundation-shangyu-desktop-en");
    desktop.navigate("http://localhost:" + port + "/areas/330604?lang=zh_CN");
  }

  private static Locator node(Page page, String name) {
    return page.locator("li[role=treeitem]:has(> a:text-is('" + name + "'))");
  }

  private static void expand(Page page, String name) {
    Locator item = node(page, name);
    item.locator("> button.toggle").click();
    assertThat(item).hasAttribute("aria-expanded", "true");
    item.locator("> .sub li[role=treeitem]").first().waitFor();
  }
}
