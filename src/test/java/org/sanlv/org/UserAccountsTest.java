package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.web.SiteClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts: who may manage whom, sessions that end, names without case, the password rules, forced changes. */
@IntegrationTest
class UserAccountsTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @LocalServerPort int port;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  /** Creates the account (as the root administrator) or resets its password; returns the password issued. */
  private String issue(String username, Role role, String node) {
    if (users.credentials(username).isEmpty()) {
      return users.create(TestAccounts.ROOT, new UserService.NewUser(username, username, role, node)).password();
    }
    return users.resetPassword(TestAccounts.ROOT, username).password();
  }

  /** An account whose owner has set this password (so no change is pending). */
  private void withPassword(String username, Role role, String node, String password) {
    users.changePassword(username, issue(username, role, node), password, null);
  }

  private String hash(String username) {
    return users.credentials(username).orElseThrow().passwordHash();
  }

  private MockHttpServletResponse apiPost(String path, String as, String json) throws Exception {
    return mvc.perform(post(path).with(user(as)).with(csrf()).contentType(MediaType.APPLICATION_JSON).content(json))
        .andReturn().getResponse();
  }

  private MockHttpServletResponse pagePost(String path, String as, String... params) throws Exception {
    var request = post(path).with(user(as)).with(csrf());
    for (int i = 0; i + 1 < params.length; i += 2) {
      request.param(params[i], params[i + 1]);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  @Nested
  class WhoManagesWhom {

    @BeforeEach
    void neighbours() {
      for (var a : Map.of("t-analyst-sy", Role.PROVINCE_ANALYST, "t-county-peer", Role.COUNTY_ADMIN,
          "t-interviewer-2", Role.INTERVIEWER).entrySet()) {
        if (users.credentials(a.getKey()).isEmpty()) {
          issue(a.getKey(), a.getValue(), TestAccounts.SHANGYU);
        }
      }
    }

    private void cannotManage(String manager, String target) throws Exception {
      String before = hash(target);
      assertThat(apiPost("/api/v1/users/" + target + "/password-reset", manager, "").getStatus()).isEqualTo(403);
      assertThat(apiPost("/api/v1/users/" + target + "/enabled", manager, "{\"enabled\":false}").getStatus())
          .isEqualTo(403);
      assertThat(pagePost("/users/" + target + "/password-reset", manager).getStatus()).isEqualTo(403);
      assertThat(pagePost("/users/" + target + "/enabled", manager, "enabled", "false").getStatus()).isEqualTo(403);
      assertThat(hash(target)).as("password of " + target).isEqualTo(before);
      assertThat(users.scopeOf(target)).as(target + " still enabled").isPresent();
    }

    @Test
    void aCountyAdminCannotResetOrDisableAProvinceAnalystBoundToItsCounty() throws Exception {
      cannotManage("t-county-admin", "t-analyst-sy");
    }

    @Test
    void aCountyAdminCannotResetOrDisableAPeerCountyAdmin() throws Exception {
      cannotManage("t-county-admin", "t-county-peer");
    }

    @Test
    void aCountyAdminCannotCreateACountyAdmin() throws Exception {
      MockHttpServletResponse r = apiPost("/api/v1/users", "t-county-admin",
          "{\"username\":\"t-new-peer\",\"displayName\":\"peer\",\"role\":\"COUNTY_ADMIN\",\"nodeCode\":\"330604001\"}");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("您不能授予这个角色");
      assertThat(users.credentials("t-new-peer")).isEmpty();
    }

    @Test
    void aCountyAdminManagesTheInterviewersOfItsCounty() throws Exception {
      String before = hash("t-interviewer-2");
      MockHttpServletResponse reset = apiPost("/api/v1/users/t-interviewer-2/password-reset", "t-county-admin", "");
      assertThat(reset.getStatus()).isEqualTo(200);
      assertThat(hash("t-interviewer-2")).isNotEqualTo(before);
      assertThat(apiPost("/api/v1/users/t-interviewer-2/enabled", "t-county-admin", "{\"enabled\":false}").getStatus())
          .isEqualTo(200);
      assertThat(users.scopeOf("t-interviewer-2")).isEmpty();
      assertThat(pagePost("/users/t-interviewer-2/enabled", "t-county-admin", "enabled", "true").getRedirectedUrl())
          .isEqualTo("/users/t-interviewer-2");
      assertThat(users.scopeOf("t-interviewer-2")).isPresent();
    }

    @Test
    void aProvinceAdminManagesItsPeers() throws Exception {
      issue("t-province-admin-2", Role.PROVINCE_ADMIN, "33");
      assertThat(apiPost("/api/v1/users/t-province-admin-2/password-reset", "t-province-admin", "").getStatus())
          .isEqualTo(200);
    }

    @Test
    void theAccountPageOffersOnlyWhatTheCallerMayDo() throws Exception {
      String analyst = mvc.perform(get("/users/t-analyst-sy").with(user("t-county-admin"))).andReturn().getResponse()
          .getContentAsString();
      assertThat(analyst).contains("t-analyst-sy").doesNotContain("password-reset").doesNotContain("/enabled");
      String interviewer = mvc.perform(get("/users/t-interviewer-2").with(user("t-county-admin"))).andReturn()
          .getResponse().getContentAsString();
      assertThat(interviewer).contains("password-reset").contains("/enabled");
    }
  }

  @Nested
  class Sessions {

    @Test
    void anOldSessionStopsWorkingAfterAReset() {
      withPassword("t-sess-reset", Role.SUPERVISOR, TestAccounts.SHANGYU, "Plum-blossom-2026");
      SiteClient browser = new SiteClient(port);
      browser.signIn("t-sess-reset", "Plum-blossom-2026");
      assertThat(browser.get("/areas").statusCode()).isEqualTo(200);
      users.resetPassword(TestAccounts.ROOT, "t-sess-reset");
      HttpResponse<String> after = browser.get("/areas");
      assertThat(after.statusCode()).isEqualTo(302);
      assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void changingOnesOwnPasswordOnThePageEndsTheOtherSessionsOnly() {
      withPassword("t-sess-self", Role.SUPERVISOR, TestAccounts.SHANGYU, "Plum-blossom-2026");
      SiteClient phone = new SiteClient(port);
      SiteClient desk = new SiteClient(port);
      phone.signIn("t-sess-self", "Plum-blossom-2026");
      desk.signIn("t-sess-self", "Plum-blossom-2026");
      assertThat(desk.get("/account/password").statusCode()).isEqualTo(200);
      HttpResponse<String> changed = desk.post("/account/password",
          Map.of("currentPassword", "Plum-blossom-2026", "newPassword", "Osmanthus-tree-77"));
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(changed.body()).contains("密码已修改");
      assertThat(desk.get("/areas").statusCode()).as("the session that changed it").isEqualTo(200);
      assertThat(phone.get("/areas").statusCode()).as("the other session").isEqualTo(302);
    }

    @Test
    void changingOnesOwnPasswordThroughTheApiEndsEverySession() {
      withPassword("t-sess-api", Role.SUPERVISOR, TestAccounts.SHANGYU, "Plum-blossom-2026");
      SiteClient browser = new SiteClient(port);
      browser.signIn("t-sess-api", "Plum-blossom-2026");
      assertThat(browser.get("/areas").statusCode()).isEqualTo(200);
      HttpResponse<String> r = new SiteClient(port).postJson("/api/v1/account/password",
          "{\"currentPassword\":\"Plum-blossom-2026\",\"newPassword\":\"Osmanthus-tree-77\"}",
          "Authorization", SiteClient.basic("t-sess-api", "Plum-blossom-2026"));
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(browser.get("/areas").statusCode()).isEqualTo(302);
    }
  }

  @Nested
  class Lookup {

    @Test
    void anAccountElsewhereAndNoAccountAtAllLookTheSame() throws Exception {
      MockHttpServletResponse elsewhere =
          mvc.perform(get("/api/v1/users/t-henan").with(user("t-county-admin"))).andReturn().getResponse();
      MockHttpServletResponse nowhere =
          mvc.perform(get("/api/v1/users/t-nobody-at-all").with(user("t-county-admin"))).andReturn().getResponse();
      assertThat(elsewhere.getStatus()).isEqualTo(404).isEqualTo(nowhere.getStatus());
      assertThat(elsewhere.getContentAsString()).isEqualTo(nowhere.getContentAsString());
      MockHttpServletResponse reset = apiPost("/api/v1/users/t-henan/password-reset", "t-county-admin", "");
      assertThat(reset.getStatus()).isEqualTo(404);
      assertThat(mvc.perform(get("/users/t-henan").with(user("t-county-admin"))).andReturn().getResponse()
          .getStatus()).isEqualTo(404);
    }
  }

  @Nested
  class Names {

    @Test
    void aNameThatDiffersOnlyInCaseIsTaken() throws Exception {
      issue("t-mixed", Role.INTERVIEWER, TestAccounts.SHANGYU);
      MockHttpServletResponse r = apiPost("/api/v1/users", "t-county-admin",
          "{\"username\":\"T-Mixed\",\"displayName\":\"mixed\",\"role\":\"INTERVIEWER\",\"nodeCode\":\"330604\"}");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("不区分大小写").contains("t-mixed");
      assertThat(jdbc.sql("select count(*) from app_user where lower(username) = 't-mixed'").query(Long.class).single())
          .isEqualTo(1);
    }

    @Test
    void signingInWorksWithAnyCase() {
      withPassword("t-anycase", Role.SUPERVISOR, TestAccounts.SHANGYU, "Plum-blossom-2026");
      SiteClient browser = new SiteClient(port);
      HttpResponse<String> r = browser.signIn("T-AnyCase", "Plum-blossom-2026");
      assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/");
      assertThat(browser.get("/api/v1/account").body()).contains("\"username\":\"t-anycase\"");
      assertThat(new SiteClient(port).get("/api/v1/account", "Authorization",
          SiteClient.basic("T-ANYCASE", "Plum-blossom-2026")).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class PasswordRules {

    private String current;

    @BeforeEach
    void account() {
      current = issue("t-rules", Role.SUPERVISOR, TestAccounts.SHANGYU);
    }

    private MockHttpServletResponse change(String newPassword, Cookie... cookies) throws Exception {
      var request = post("/api/v1/account/password").with(user("t-rules")).with(csrf());
      if (cookies.length > 0) {
        request.cookie(cookies);
      }
      return mvc.perform(request.contentType(MediaType.APPLICATION_JSON)
          .content("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + newPassword + "\"}"))
          .andReturn().getResponse();
    }

    @Test
    void atLeastTenCharacters() throws Exception {
      MockHttpServletResponse r = change("Plum-2026");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("至少 10 位");
    }

    @Test
    void atMostSeventyTwoBytesWithAClearAnswer() throws Exception {
      MockHttpServletResponse ascii = change("Plum-blossom-" + "x".repeat(60));
      assertThat(ascii.getStatus()).isEqualTo(400);
      assertThat(ascii.getContentAsString()).contains("72 字节");
      // 25 Chinese characters: 75 bytes in UTF-8
      MockHttpServletResponse chinese = change("梅花香自苦寒来宝剑锋从磨砺出山重水复疑无路柳暗花明又一村");
      assertThat(chinese.getStatus()).isEqualTo(400);
      assertThat(change("x".repeat(80), new Cookie("sanlv-lang", "en")).getContentAsString())
          .contains("at most 72 bytes").contains("bcrypt");
    }

    @Test
    void notACommonPasswordWhateverItsCase() throws Exception {
      for (String common : new String[] {"qwertyuiop", "1q2w3e4r5t", "Password123", "WOAINI1314520"}) {
        MockHttpServletResponse r = change(common);
        assertThat(r.getStatus()).as(common).isEqualTo(400);
        assertThat(r.getContentAsString()).contains("太常见");
      }
    }

    @Test
    void notTheAccountName() throws Exception {
      MockHttpServletResponse r = change("T-Rules-2026-spring");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("不能包含用户名");
    }

    @Test
    void aGoodPasswordIsTaken() throws Exception {
      assertThat(change("Plum-blossom-in-snow").getStatus()).isEqualTo(204);
    }
  }

  @Nested
  class ForcedChange {

    @Test
    void aNewAccountChangesItsPasswordBeforeAnythingElse() {
      String issued = issue("t-forced", Role.SUPERVISOR, TestAccounts.SHANGYU);
      SiteClient browser = new SiteClient(port);
      browser.signIn("t-forced", issued);
      HttpResponse<String> areas = browser.get("/areas");
      assertThat(areas.statusCode()).isEqualTo(302);
      assertThat(areas.headers().firstValue("Location").orElseThrow()).endsWith("/account/password");
      HttpResponse<String> form = browser.get("/account/password");
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.body()).contains("请先修改密码");
      // the API says why, clearly
      SiteClient script = new SiteClient(port);
      HttpResponse<String> api = script.get("/api/v1/areas/330604", "Authorization", SiteClient.basic("t-forced", issued));
      assertThat(api.statusCode()).isEqualTo(403);
      assertThat(api.body()).contains("请先修改密码");
      assertThat(script.get("/api/v1/account", "Authorization", SiteClient.basic("t-forced", issued)).statusCode())
          .isEqualTo(200);
      // changed on the page: the same session goes on
      HttpResponse<String> changed = browser.post("/account/password",
          Map.of("currentPassword", issued, "newPassword", "Lotus-pond-in-June"));
      assertThat(changed.body()).contains("密码已修改");
      assertThat(browser.get("/areas").statusCode()).isEqualTo(200);
      assertThat(script.get("/api/v1/areas/330604", "Authorization",
          SiteClient.basic("t-forced", "Lotus-pond-in-June")).statusCode()).isEqualTo(200);
    }

    @Test
    void aResetByAnotherUserForcesAChangeAgain() {
      withPassword("t-forced-again", Role.SUPERVISOR, TestAccounts.SHANGYU, "Lotus-pond-in-June");
      assertThat(users.mustChangePassword("t-forced-again")).isFalse();
      String issued = users.resetPassword(TestAccounts.ROOT, "t-forced-again").password();
      assertThat(users.mustChangePassword("t-forced-again")).isTrue();
      HttpResponse<String> api = new SiteClient(port).get("/api/v1/areas/330604", "Authorization",
          SiteClient.basic("t-forced-again", issued));
      assertThat(api.statusCode()).isEqualTo(403);
    }

    @Test
    void theFirstAdministratorMustChangeAPasswordPrintedToTheLog() {
      transactions.executeWithoutResult(tx -> {
        jdbc.sql("delete from app_user").update();
        assertThat(users.createFirstAdmin(null)).isPresent();
        assertThat(users.mustChangePassword("admin")).isTrue();
        tx.setRollbackOnly();
      });
      transactions.executeWithoutResult(tx -> {
        jdbc.sql("delete from app_user").update();
        assertThat(users.createFirstAdmin("Set-by-the-operator")).isPresent();
        assertThat(users.mustChangePassword("admin")).as("a password set in the configuration").isFalse();
        tx.setRollbackOnly();
      });
      assertThat(users.credentials("t-county-admin")).isPresent();
    }
  }

  @Nested
  class Pages {

    @Test
    void anAdministratorCreatesAnAccountOnThePage() throws Exception {
      MockHttpServletResponse r = pagePost("/users", "t-county-admin", "newUsername", "t-page-made",
          "displayName", "页面新建", "role", "INTERVIEWER", "nodeCode", TestAccounts.BAIGUAN);
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentAsString()).contains("id=\"issued-password\"").contains("t-page-made");
      UserAccount made = users.get(TestAccounts.ROOT, "t-page-made");
      assertThat(made.role()).isEqualTo(Role.INTERVIEWER);
      assertThat(made.nodeCode()).isEqualTo(TestAccounts.BAIGUAN);
      assertThat(made.displayName()).isEqualTo("页面新建");
      assertThat(users.mustChangePassword("t-page-made")).isTrue();
    }

    @Test
    void aRefusedAccountKeepsWhatWasTyped() throws Exception {
      MockHttpServletResponse r = pagePost("/users", "t-county-admin", "newUsername", "bad name",
          "displayName", "保留的姓名", "role", "INTERVIEWER", "nodeCode", TestAccounts.BAIGUAN);
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("用户名只能用字母").contains("保留的姓名").contains("bad name");
      MockHttpServletResponse role = pagePost("/users", "t-county-admin", "newUsername", "t-page-peer",
          "displayName", "peer", "role", "COUNTY_ADMIN", "nodeCode", TestAccounts.SHANGYU);
      assertThat(role.getContentAsString()).contains("您不能授予这个角色");
      assertThat(users.credentials("t-page-peer")).isEmpty();
    }

    /**
     * 新建用户 → 创建 answered 404 and saved nothing when the area field held something that is no code (a name typed
     * into it, a space): the scope check took the unknown value for a missing page. It is a problem of the form.
     */
    @Test
    void anAreaThatIsNoCodeIsSaidOnTheFormWithEverythingKept() throws Exception {
      for (String typed : new String[] {"上虞区", " 330604x"}) {
        MockHttpServletResponse r = pagePost("/users", "t-county-admin", "newUsername", "t-page-noarea",
            "displayName", "区划不对", "role", "INTERVIEWER", "nodeCode", typed);
        assertThat(r.getStatus()).as(typed).isEqualTo(400);
        assertThat(r.getContentAsString()).contains("“所属区划/单位”：区划或单位代码“" + typed.trim() + "”不存在")
            .contains("区划不对").contains("t-page-noarea");
      }
      assertThat(users.credentials("t-page-noarea")).isEmpty();
    }

    @Test
    void everyProblemOfTheFormIsSaidAtOnceInTheFormsWords() throws Exception {
      MockHttpServletResponse r = pagePost("/users", "t-county-admin", "newUsername", "T-Interviewer",
          "displayName", " ", "role", "INTERVIEWER", "nodeCode", "nowhere");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("“用户名”：用户名不区分大小写", "“姓名”：不能为空",
          "“所属区划/单位”：区划或单位代码“nowhere”不存在");
    }

    @Test
    void theNewUserFormStartsAtTheCallersOwnAreaShownByName() throws Exception {
      String page = mvc.perform(get("/users/new").with(user("t-county-admin"))).andReturn().getResponse()
          .getContentAsString();
      assertThat(page).contains("value=\"330604\"", ">上虞区<", "data-search-url=\"/api/v1/areas/search\"");
    }

    @Test
    void aWrongCurrentPasswordIsSaidOnThePage() throws Exception {
      issue("t-page-pw", Role.SUPERVISOR, TestAccounts.SHANGYU);
      MockHttpServletResponse r = pagePost("/account/password", "t-page-pw", "currentPassword", "not-it-at-all",
          "newPassword", "Lotus-pond-in-June");
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentAsString()).contains("当前密码不正确");
    }
  }
}
