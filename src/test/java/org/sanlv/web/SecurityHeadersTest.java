package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Headers that tell browsers what the pages may do, and templates that need no inline script. */
@IntegrationTest
class SecurityHeadersTest {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates");

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  @Test
  void everyAnswerCarriesAContentSecurityPolicyWithoutInlineScripts() throws Exception {
    for (MockHttpServletResponse r : List.of(
        mvc.perform(get("/login")).andReturn().getResponse(),
        mvc.perform(get("/areas").with(user("t-county-admin"))).andReturn().getResponse(),
        mvc.perform(get("/api/v1/account").with(user("t-county-admin"))).andReturn().getResponse(),
        mvc.perform(get("/s/no-such-survey")).andReturn().getResponse())) {
      String csp = r.getHeader("Content-Security-Policy");
      assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'")
          .contains("default-src 'self'");
      assertThat(scriptSources(csp)).doesNotContain("'unsafe-inline'", "'unsafe-eval'");
      assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.getHeader("Referrer-Policy")).isEqualTo("same-origin");
    }
  }

  @Test
  void strictTransportSecurityIsSentOverHttps() throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/login").secure(true)).andReturn().getResponse();
    assertThat(r.getHeader("Strict-Transport-Security")).contains("max-age=");
    assertThat(mvc.perform(get("/login")).andReturn().getResponse().getHeader("Strict-Transport-Security")).isNull();
  }

  @Test
  void theApiDocumentationNeedsSignIn() throws Exception {
    assertThat(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getStatus()).isEqualTo(401);
    assertThat(mvc.perform(get("/swagger-ui/index.html").accept(MediaType.TEXT_HTML)).andReturn().getResponse()
        .getRedirectedUrl()).endsWith("/login");
    assertThat(mvc.perform(get("/v3/api-docs").with(user("t-interviewer"))).andReturn().getResponse().getStatus())
        .isEqualTo(200);
  }

  @Test
  void theApiDocumentationCanBeOpenedBySetting() {
    assertThat(SecurityConfiguration.publicPaths(false)).doesNotContain("/v3/api-docs/**", "/swagger-ui/**");
    assertThat(SecurityConfiguration.publicPaths(true)).contains("/v3/api-docs/**", "/swagger-ui/**", "/login");
  }

  /**
   * No {@code <script>} with a body, no {@code on…=} event attribute, no {@code javascript:} URL and no htmx
   * {@code hx-on}: each would need 'unsafe-inline' or 'unsafe-eval'.
   */
  @Test
  void templatesHoldNoInlineScript() throws IOException {
    Pattern inlineScript = Pattern.compile("<script\\b[^>]*>\\s*[^<\\s][^<]*</script>", Pattern.CASE_INSENSITIVE);
    Pattern handler = Pattern.compile("\\s(?:th:)?on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    Pattern jsUrl = Pattern.compile("[\"']\\s*javascript:|\\shx-on[:-]", Pattern.CASE_INSENSITIVE);
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        String html = Files.readString(template);
        for (Pattern p : List.of(inlineScript, handler, jsUrl)) {
          Matcher m = p.matcher(html);
          while (m.find()) {
            found.add(TEMPLATES.relativize(template) + ": " + m.group().strip());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  private static String scriptSources(String csp) {
    for (String directive : csp.split(";")) {
      if (directive.strip().startsWith("script-src")) {
        return directive;
      }
    }
    return "";
  }
}
