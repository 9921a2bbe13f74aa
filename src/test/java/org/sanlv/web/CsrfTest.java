package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * CSRF protection is skipped only for a request that authenticates with HTTP Basic and carries no session: any
 * other Authorization header beside a session cookie changes nothing. Real HTTP, real sessions in spring_session.
 */
@IntegrationTest
class CsrfTest {

  @Autowired OrgService org;
  @Autowired UserService users;
  @LocalServerPort int port;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    if (users.credentials("t-csrf-victim").isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser("t-csrf-victim", "victim", Role.INTERVIEWER, "330604"));
    }
    users.setEnabled(TestAccounts.ROOT, "t-csrf-victim", true);
  }

  private SiteClient signedInAdmin() {
    SiteClient browser = new SiteClient(port);
    assertThat(browser.signIn("admin", "admin-test-password").headers().firstValue("Location")).hasValue(
        "http://localhost:" + port + "/");
    assertThat(browser.cookie("SESSION")).isNotNull();
    return browser;
  }

  @Test
  void aSessionWithAJunkAuthorizationHeaderStillNeedsTheToken() {
    SiteClient browser = signedInAdmin();
    HttpResponse<String> r = browser.postWithoutToken("/users/t-csrf-victim/enabled", Map.of("enabled", "false"),
        "Authorization", "Bearer junk");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(users.scopeOf("t-csrf-victim")).as("the account is still enabled").isPresent();
    HttpResponse<String> api = browser.postJson("/api/v1/users/t-csrf-victim/enabled", "{\"enabled\":false}",
        "Authorization", "Bearer junk");
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(users.scopeOf("t-csrf-victim")).isPresent();
  }

  @Test
  void basicCredentialsBesideASessionCookieDoNotSkipTheToken() {
    SiteClient browser = signedInAdmin();
    HttpResponse<String> r = browser.postJson("/api/v1/users/t-csrf-victim/enabled", "{\"enabled\":false}",
        "Authorization", SiteClient.basic("admin", "admin-test-password"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(users.scopeOf("t-csrf-victim")).isPresent();
  }

  @Test
  void aSessionPostWithTheTokenWorks() {
    SiteClient browser = signedInAdmin();
    browser.get("/users/t-csrf-victim");
    HttpResponse<String> r = browser.post("/users/t-csrf-victim/enabled", Map.of("enabled", "true"));
    assertThat(r.statusCode()).isEqualTo(302);
  }

  @Test
  void aBasicApiCallWithoutASessionNeedsNoToken() {
    SiteClient script = new SiteClient(port);
    HttpResponse<String> r = script.postJson("/api/v1/users/t-csrf-victim/enabled", "{\"enabled\":true}",
        "Authorization", SiteClient.basic("admin", "admin-test-password"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"username\":\"t-csrf-victim\"");
    assertThat(script.cookie("SESSION")).as("a Basic call gets no session").isNull();
  }
}
