package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A file over {@code spring.servlet.multipart.max-file-size} (20 MB) sent from a signed-in browser: the CSRF check
 * reads the form first, and before the fix that failure ended on Tomcat's bare "HTTP Status 413" page.
 */
@IntegrationTest
class UploadLimitTest {

  private static final String PASSWORD = "Upload-limit-test-2026";

  @Autowired OrgService org;
  @Autowired UserService users;
  @LocalServerPort int port;

  @BeforeEach
  void account() {
    TestAccounts.ensure(org, users);
    if (users.scopeOf("t-uploader").isEmpty()) {
      String issued = users.create(TestAccounts.ROOT, new UserService.NewUser("t-uploader", "上传测试", Role.COUNTY_ADMIN,
          TestAccounts.SHANGYU)).password();
      users.changePassword("t-uploader", issued, PASSWORD, null);
    }
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** A browser session of t-uploader, signed in through the form, with its CSRF token. */
  private record Session(HttpClient client, String csrf) {}

  private Session signIn(String language) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
    // ?lang= sets the language cookie, as the switch in the page header does
    String login = client.send(HttpRequest.newBuilder(URI.create(url("/login?lang=" + language))).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    client.send(HttpRequest.newBuilder(URI.create(url("/login")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=t-uploader&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf(login))).build(),
        HttpResponse.BodyHandlers.discarding());
    String page = client.send(HttpRequest.newBuilder(URI.create(url("/areas/import"))).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return new Session(client, csrf(page));
  }

  private static String csrf(String page) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("a CSRF field in the page").isTrue();
    return m.group(1);
  }

  /** The form as a browser sends it: the file first, then the hidden fields. */
  private static byte[] form(String boundary, int fileBytes, String csrf) throws Exception {
    byte[] file = new byte[fileBytes];
    Arrays.fill(file, (byte) 'a');
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(file);
    body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n--"
        + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private HttpResponse<String> upload(Session session, String path, int fileBytes) throws Exception {
    String boundary = "----sanlv-upload";
    return session.client().send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofByteArray(form(boundary, fileBytes, session.csrf()))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFileOverTheLimitGetsThePlatformsOwnPageInTheUsersLanguage() throws Exception {
    // 20.5 MB: under the request limit (21 MB) but over the file limit, and 25 MB: over both
    for (int size : new int[] {20 * 1024 * 1024 + 512 * 1024, 25 * 1024 * 1024}) {
      HttpResponse<String> zh = upload(signIn("zh_CN"), "/areas/import", size);
      assertThat(zh.statusCode()).isEqualTo(413);
      assertThat(zh.body()).contains("<h1>文件太大</h1>", "一个文件最大 20 MB").doesNotContain("HTTP Status", "Exception");
    }
    HttpResponse<String> en = upload(signIn("en"), "/areas/import", 25 * 1024 * 1024);
    assertThat(en.statusCode()).isEqualTo(413);
    assertThat(en.body()).contains("<h1>File too large</h1>", "a file may be at most 20 MB");
  }

  @Test
  void aFileUnderTheLimitStillReachesTheImport() throws Exception {
    HttpResponse<String> r = upload(signIn("zh_CN"), "/areas/import", 1000);
    assertThat(r.statusCode()).isEqualTo(400); // 'aaaa…' is not a CSV with the required columns
    assertThat(r.body()).contains("缺少必填列");
  }

  @Test
  void underTheApiTheAnswerIsJson() throws Exception {
    HttpResponse<String> r = upload(signIn("en"), "/api/v1/areas/import", 25 * 1024 * 1024);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(r.body()).contains("\"status\":413", "File too large");
  }
}
