package org.sanlv.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every browser test shares: one Chromium per test class, started before its first test and closed after its
 * last, and the address of the application under test.
 */
abstract class BrowserTestBase {

  static Browser browser;
  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }
}
