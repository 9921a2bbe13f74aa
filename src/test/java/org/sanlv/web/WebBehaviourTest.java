package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class WebBehaviourTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @LocalServerPort int port;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  @Nested
  class SigningIn {

    @Test
    void theLoginPageIsChineseByDefault() throws Exception {
      String page = mvc.perform(get("/login")).andReturn().getResponse().getContentAsString();
      assertThat(page).contains("<h1>登录</h1>").contains("用户名").contains("密码");
    }

    @Test
    void theAdministratorSignsInWithThePassword() throws Exception {
      MockHttpServletResponse r = mvc.perform(formLogin("/login").user("admin").password("admin-test-password"))
          .andReturn().getResponse();
      assertThat(r.getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
      MockHttpServletResponse wrongPassword = mvc.perform(formLogin("/login").user("t-supervisor").password("nope"))
          .andReturn().getResponse();
      MockHttpServletResponse unknownUser = mvc.perform(formLogin("/login").user("no-such-user").password("nope"))
          .andReturn().getResponse();
      assertThat(wrongPassword.getRedirectedUrl()).isEqualTo("/login?error").isEqualTo(unknownUser.getRedirectedUrl());
      String page = mvc.perform(get("/login?error")).andReturn().getResponse().getContentAsString();
      assertThat(page).contains("用户名或密码错误");
    }

    @Test
    void repeatedFailuresAreRefusedNotSlept() throws Exception {
      // test settings: 2 free failures, then 400 ms before the next attempt is accepted (see SignInThrottleTest)
      int[] status = new int[3];
      long start = System.nanoTime();
      for (int i = 0; i < status.length; i++) {
        status[i] = mvc.perform(post("/login").param("username", "t-interviewer").param("password", "guess-" + i)
            .with(csrf()).with(r -> {
              r.setRemoteAddr("10.77.0.1");
              return r;
            })).andReturn().getResponse().getStatus();
      }
      assertThat(status).containsExactly(302, 302, 429);
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms for three attempts").isLessThan(2_000);
    }
  }

  @Test
  void theApiIsDocumentedWithOpenApi() throws Exception {
    String docs = mvc.perform(get("/v3/api-docs").with(user("t-interviewer"))).andReturn().getResponse()
        .getContentAsString();
    assertThat(docs).contains("/api/v1/areas/{code}").contains("/api/v1/users").contains("/api/v1/units")
        .doesNotContain("\"scope\"");
    assertThat(mvc.perform(get("/swagger-ui/index.html").with(user("t-interviewer"))).andReturn().getResponse()
        .getStatus()).isEqualTo(200);
  }

  @Nested
  class Errors {

    @Test
    void anUnknownUrlShowsAFriendlyPageInTheUsersLanguage() throws Exception {
      HttpClient client = HttpClient.newHttpClient();
      String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin-test-password".getBytes());
      HttpResponse<String> zh = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/page"))
          .header("Accept", "text/html").header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(zh.statusCode()).isEqualTo(404);
      assertThat(zh.body()).contains("页面不存在").doesNotContain("Exception").doesNotContain("Whitelabel");
      HttpResponse<String> en = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/page"))
          .header("Accept", "text/html").header("Authorization", auth).header("Cookie", "sanlv-lang=en").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(en.statusCode()).isEqualTo(404);
      assertThat(en.body()).contains("Page not found");
    }

    @Test
    void anOversizedUploadGetsAClearAnswer() throws Exception {
      HttpClient client = HttpClient.newHttpClient();
      String auth = "Basic " + Base64.getEncoder().encodeToString("admin:admin-test-password".getBytes());
      String boundary = "----sanlv";
      byte[] big = new byte[25 * 1024 * 1024];
      java.util.Arrays.fill(big, (byte) 'a');
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
          + "Content-Type: text/csv\r\n\r\n").getBytes());
      body.write(big);
      body.write(("\r\n--" + boundary + "--\r\n").getBytes());
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/areas/import"))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "text/html")
          .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.body()).contains("文件太大");
    }

    @Test
    void theImportPageListsEveryProblemWithItsLine() throws Exception {
      MockMultipartFile file = new MockMultipartFile("file", "bad.csv", "text/csv",
          "code,name,level,parent_code\n330604004901,村,village,330604004\n330604004902,,village,330604004\n".getBytes());
      String page = mvc.perform(multipart("/areas/import").file(file).with(user("t-county-admin")).with(csrf()))
          .andReturn().getResponse().getContentAsString();
      assertThat(page).contains("第 3 行，“name”列：不能为空").contains("未导入任何数据");
    }

    @Test
    void apiErrorsAreJsonWithLineAndColumn() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/api/v1/areas/import").with(user("t-county-admin")).with(csrf())
          .contentType("text/csv").content("code,name,level,parent_code\n330604004911,村,village,nowhere\n")
          .header("Cookie", "sanlv-lang=en").cookie(new Cookie("sanlv-lang", "en")))
          .andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
      assertThat(r.getContentAsString()).contains("\"line\":2").contains("\"column\":\"parent_code\"")
          .contains("parent code \\\"nowhere\\\" does not exist");
    }

    @Test
    void aDisabledAccountLosesAccessAtOnce() throws Exception {
      users.create(TestAccounts.ROOT, new UserService.NewUser("t-leaver", "leaver", Role.SUPERVISOR, "330604"));
      assertThat(mvc.perform(get("/areas").with(user("t-leaver"))).andReturn().getResponse().getStatus()).isEqualTo(200);
      users.setEnabled(TestAccounts.ROOT, "t-leaver", false);
      assertThat(mvc.perform(get("/areas").with(user("t-leaver"))).andReturn().getResponse().getStatus()).isEqualTo(403);
    }
  }
}
