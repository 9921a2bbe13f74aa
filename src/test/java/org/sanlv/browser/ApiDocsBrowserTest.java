package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;

/** Under the Content-Security-Policy (scripts from the platform only, none inline) the pages still work. */
@IntegrationTest
@Tag("browser")
class ApiDocsBrowserTest extends BrowserTestBase {

  /** A desktop page that records every Content-Security-Policy violation the browser reports. */
  private Page signedIn(List<String> violations) {
    Page page = browser.desktop();
    page.onConsoleMessage(m -> {
      if (m.text().contains("Content Security Policy")) {
        violations.add(m.text());
      }
    });
    page.navigate("http://localhost:" + port + "/login");
    page.getByLabel("用户名").fill("admin");
    page.getByLabel("密码").fill("admin-test-password");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
    return page;
  }

  @Test
  void theSwaggerUiWorksSignedIn() {
    List<String> violations = new CopyOnWriteArrayList<>();
    Page page = signedIn(violations);
    page.navigate("http://localhost:" + port + "/swagger-ui.html");
    assertThat(page.locator(".opblock-tag-section").first()).isVisible();
    assertThat(page.locator(".opblock-summary-path", new Page.LocatorOptions().setHasText("/api/v1/users")).first())
        .isVisible();
    Browser.screenshot(page, "api-docs-desktop");
    assertThat(violations).isEmpty();
  }

  @Test
  void anAreaPageDrawsItsChartWithoutViolations() {
    List<String> violations = new CopyOnWriteArrayList<>();
    Page page = signedIn(violations);
    page.navigate("http://localhost:" + port + "/areas/330604");
    page.waitForFunction("() => document.querySelector('#population-chart canvas') !== null");
    assertThat(violations).isEmpty();
  }
}
