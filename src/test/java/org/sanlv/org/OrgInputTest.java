package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** What users can type or upload into the organisation pages and API: every bad input is a clear 4xx. */
@IntegrationTest
class OrgInputTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @LocalServerPort int port;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private String name(String code) {
    return jdbc.sql("select name from org_node where code = ?").param(code).query(String.class).single();
  }

  @Nested
  class TextThatCannotBeStored {

    @Test
    void aNulInAFormFieldIsA400NamingTheFieldAndChangesNothing() throws Exception {
      String before = name(TestAccounts.BAIGUAN);
      MockHttpServletResponse r = mvc.perform(post("/areas/" + TestAccounts.BAIGUAN + "/figures").param("name", "百官\0街道")
          .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("“名称”：含有无法保存的字符 U+0000（第 3 个字符）");
      assertThat(name(TestAccounts.BAIGUAN)).isEqualTo(before);
    }

    @Test
    void aNulInASearchOrInAParameterTheScopeCheckReadsIsA400() throws Exception {
      assertThat(mvc.perform(get("/areas").param("q", "百官\0").with(user("t-county-admin"))).andReturn().getResponse()
          .getStatus()).isEqualTo(400);
      assertThat(mvc.perform(get("/users/new").param("nodeCode", "330604\0").with(user("t-province-admin")))
          .andReturn().getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void aNulOrAHalfSurrogateInAJsonBodyIsA400NamingTheField() throws Exception {
      String before = name(TestAccounts.BAIGUAN);
      for (String body : new String[] {"{\"name\":\"百官\\u0000\"}", "{\"name\":\"百官\\ud800\"}"}) {
        MockHttpServletResponse r = mvc.perform(put("/api/v1/areas/" + TestAccounts.BAIGUAN + "/figures")
            .contentType(MediaType.APPLICATION_JSON).content(body).cookie(new Cookie("sanlv-lang", "en"))
            .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
        assertThat(r.getStatus()).as(body).isEqualTo(400);
        assertThat(r.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
        assertThat(r.getContentAsString()).contains("\"column\":\"name\"", "cannot be stored");
      }
      assertThat(name(TestAccounts.BAIGUAN)).isEqualTo(before);
    }

    @Test
    void aNulInAnImportedCsvNamesItsLineAndColumn() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/api/v1/areas/import").contentType("text/csv")
          .content("code,name,level,parent_code\n330604004931,村\0,village,330604004\n".getBytes(StandardCharsets.UTF_8))
          .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("\"line\":2", "\"column\":\"name\"", "\"code\":\"input.error.unstorable\"");
    }
  }

  @Nested
  class MalformedRequests {

    @Test
    void aUnitNameOverTheLimitIsA400NotAServerError() throws Exception {
      MockHttpServletResponse r = mvc.perform(post("/api/v1/units").contentType(MediaType.APPLICATION_JSON)
          .content("{\"code\":\"U330604-long\",\"name\":\"" + "长".repeat(201) + "\",\"type\":\"OTHER\",\"parentCode\":\"330604\"}")
          .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("\"column\":\"name\"", "import.error.tooLong");
    }

    @Test
    void jsonThatDoesNotParseIsA400InThePlatformsFormat() throws Exception {
      MockHttpServletResponse r = mvc.perform(put("/api/v1/areas/" + TestAccounts.BAIGUAN + "/figures")
          .contentType(MediaType.APPLICATION_JSON).content("{\"name\":").with(user("t-county-admin")).with(csrf()))
          .andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("\"problems\"", "input.error.notJson");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() throws Exception {
      MockHttpServletResponse r = mvc.perform(put("/api/v1/areas/" + TestAccounts.BAIGUAN + "/figures")
          .contentType(MediaType.APPLICATION_JSON).content("{\"population\":\"many\"}").with(user("t-county-admin"))
          .with(csrf())).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("\"column\":\"population\"");
    }

    @Test
    void errorMessagesEchoOnlyAnExcerptOfAHugeValue() throws Exception {
      String column = "x".repeat(100_000);
      MockHttpServletResponse r = mvc.perform(post("/api/v1/areas/import").contentType("text/csv")
          .content("code,name,level,parent_code," + column + "\n1,a,village,330604004,1\n")
          .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("x".repeat(40) + "…").doesNotContain("x".repeat(41))
          .hasSizeLessThan(2_000);
    }
  }

  /** Over 10,000 villages under one town: every list of children is read a page at a time. */
  @Nested
  class AnAreaWithTenThousandChildren {

    static final String TOWN = "410102900";
    static final int VILLAGES = 10_001;

    @BeforeEach
    void bigTown() {
      if (jdbc.sql("select count(*) from org_node where code = ?").param(TOWN).query(Integer.class).single() > 0) {
        return;
      }
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select ?, '测试大镇', 'town', id, path || ? || '/' from org_node where code = '410102'""")
          .params(TOWN, TOWN).update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select t.code || lpad(i::text, 5, '0'), '村' || i, 'village', t.id, t.path || t.code || lpad(i::text, 5, '0') || '/'
            from org_node t, generate_series(1, ?) i where t.code = ?""")
          .params(VILLAGES, TOWN).update();
    }

    @Test
    void theApiReturnsAPageWithTheTotalAndALinkToTheNext() throws Exception {
      MockHttpServletResponse first = mvc.perform(get("/api/v1/areas/" + TOWN + "/children").with(user("t-henan")))
          .andReturn().getResponse();
      assertThat(first.getStatus()).isEqualTo(200);
      assertThat(first.getHeader("X-Total-Count")).isEqualTo("10001");
      assertThat(first.getHeader("Link")).contains("page=2", "size=500", "rel=\"next\"");
      assertThat(first.getContentAsString().split("\"code\"", -1)).hasSize(500 + 1);
      MockHttpServletResponse last = mvc.perform(get("/api/v1/areas/" + TOWN + "/children").param("page", "11")
          .param("size", "1000").with(user("t-henan"))).andReturn().getResponse();
      assertThat(last.getContentAsString()).contains("\"code\":\"" + TOWN + "10001\"").doesNotContain(TOWN + "09999");
      assertThat(last.getHeader("Link")).isNull();
    }

    @Test
    void badPageParametersAreA400NamingThem() throws Exception {
      for (String[] q : new String[][] {{"page", "0"}, {"page", "-1"}, {"size", "0"}, {"size", "100000"},
          {"page", "abc"}, {"size", "1e3"}}) {
        MockHttpServletResponse r = mvc.perform(get("/api/v1/areas/" + TOWN + "/children").param(q[0], q[1])
            .with(user("t-henan"))).andReturn().getResponse();
        assertThat(r.getStatus()).as(Arrays.toString(q)).isEqualTo(400);
        assertThat(r.getContentAsString()).as(Arrays.toString(q)).contains("\"column\":\"" + q[0] + "\"");
      }
    }

    @Test
    void theAreaPageAndTheTreeShowOnePageWithAWayToTheNext() throws Exception {
      String page = mvc.perform(get("/areas/" + TOWN).with(user("t-henan"))).andReturn().getResponse()
          .getContentAsString();
      assertThat(page).contains("第 1 / 51 页，共 10,001 个", "page=2", "10001").contains(TOWN + "00200")
          .doesNotContain(TOWN + "00201");
      assertThat(mvc.perform(get("/areas/" + TOWN).param("page", "51").with(user("t-henan"))).andReturn().getResponse()
          .getContentAsString()).contains(TOWN + "10001", "page=50").doesNotContain(">" + TOWN + "10000<");
      String tree = mvc.perform(get("/areas/" + TOWN + "/children").with(user("t-henan"))).andReturn().getResponse()
          .getContentAsString();
      assertThat(tree.split("role=\"treeitem\"", -1)).hasSize(200 + 1);
      assertThat(tree).contains("data-more=\"/areas/" + TOWN + "/children?page=2\"", "显示更多（还有 9,801 个）");
      String next = mvc.perform(get("/areas/" + TOWN + "/children").param("page", "2").with(user("t-henan")))
          .andReturn().getResponse().getContentAsString();
      assertThat(next).doesNotContain("<ul").contains(TOWN + "00201", "page=3");
    }
  }

  @Nested
  class Sizes {

    @Test
    void anImportBodyOverTheLimitIsA413InJsonBeforeItIsRead() throws Exception {
      byte[] big = new byte[21 * 1024 * 1024];
      Arrays.fill(big, (byte) 'a');
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/api/v1/areas/import"))
          .header("Content-Type", "text/csv").header("Authorization", basic("admin", "admin-test-password"))
          .header("Cookie", "sanlv-lang=en").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(r.body()).contains("over the limit of 20 MB").hasSizeLessThan(1_000);
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
