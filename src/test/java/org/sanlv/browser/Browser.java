package org.sanlv.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian chromium driven by Playwright for Java. Playwright must not download its own browser here,
 * so it is started with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD and pointed at /usr/bin/chromium (or $CHROMIUM).
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  public Browser() {
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    String executable = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Paths.get(executable))
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
  }

  /** A phone-sized page (390 × 844, touch), the way most users will see the platform. */
  public Page phone() {
    BrowserContext context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true).setLocale("zh-CN"));
    return context.newPage();
  }

  public Page desktop() {
    return browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(1366, 900).setLocale("zh-CN")).newPage();
  }

  /** Fills the sign-in form at {@code loginUrl} (in Chinese) and submits it. */
  public static Page signIn(Page page, String loginUrl, String username, String password) {
    page.navigate(loginUrl);
    page.getByLabel("用户名").fill(username);
    page.getByLabel("密码").fill(password);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("登录")).click();
    page.waitForLoadState();
    return page;
  }

  /**
   * Gives {@code username} a password the test knows and signs in with it at {@code loginUrl}. Other tests mistype
   * shared accounts' passwords on purpose: when the throttle refuses, the test clock moves past its window
   * ({@code LoginThrottle.WINDOW}) and the sign-in is tried again.
   */
  public static Page signInWithNewPassword(Page page, String loginUrl, org.sanlv.org.UserService users,
      org.sanlv.TestClock clock, String username, String password) {
    users.changePassword(username, users.resetPassword(org.sanlv.TestAccounts.ROOT, username).password(), password,
        null);
    for (int attempt = 0; attempt < 3; attempt++) {
      signIn(page, loginUrl, username, password);
      if (!page.locator("h1").innerText().equals("登录")) {
        break;
      }
      clock.advance(java.time.Duration.ofMinutes(16));
    }
    return page;
  }

  public static Path screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
