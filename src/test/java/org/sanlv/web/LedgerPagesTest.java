package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.ledger.LedgerService;
import org.sanlv.ledger.NewProblem;
import org.sanlv.ledger.Problem;
import org.sanlv.ledger.ProblemFilter;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The problem ledger's pages (issue 23) in the way {@link ChinesePagesTest} reads the others: every page Chinese
 * through, for the officer who handles problems and the province analyst who reads them masked; and bad input on
 * every form answered on the page in Chinese with a 4xx, never a 5xx, nothing changed.
 */
@IntegrationTest
class LedgerPagesTest {

  private static final String COLLEAGUE = "t-ledger-colleague";
  private static final String OFFICER = "t-town-officer";
  private static final String ANALYST = "t-province-analyst";
  private static final String PHONE = "13912345678";

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired LedgerService ledger;
  @Autowired JdbcClient jdbc;

  Scope officer;
  Scope colleague;
  Problem fresh;
  Problem resolved;
  Problem closed;

  @BeforeEach
  void problems() {
    TestAccounts.ensure(org, users);
    if (users.scopeOf(COLLEAGUE).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(COLLEAGUE, "李平安", Role.TOWN_OFFICER,
          TestAccounts.BAIGUAN));
    }
    officer = users.scopeOf(OFFICER).orElseThrow();
    colleague = users.scopeOf(COLLEAGUE).orElseThrow();
    String tag = String.valueOf(System.nanoTime() % 100_000_000); // digits: the pages are read for English words
    fresh = record("楼道堆放杂物，存在消防隐患（" + tag + "）", "fire");
    resolved = record("菜场门口占道经营（" + tag + "）", "public-order");
    LocalDate due = ledger.today().plusDays(7);
    resolved = ledger.assign(officer, resolved.id(), resolved.version(), COLLEAGUE, due, "请核实");
    resolved = ledger.start(colleague, resolved.id(), resolved.version());
    resolved = ledger.resolve(colleague, resolved.id(), resolved.version(), "已劝离并设置临时摊位区", List.of());
    closed = record("邻里噪音纠纷（" + tag + "）", "disputes");
    closed = ledger.assign(officer, closed.id(), closed.version(), COLLEAGUE, due, null);
    closed = ledger.start(colleague, closed.id(), closed.version());
    closed = ledger.resolve(colleague, closed.id(), closed.version(), "双方调解达成一致", List.of());
    closed = ledger.close(officer, closed.id(), closed.version(), "unreachable", "三次电话未接通");
  }

  private Problem record(String description, String category) {
    return ledger.record(officer, new NewProblem(TestAccounts.BAIGUAN, "龙山社区", "visit", category, description,
        "王秀英", PHONE, List.of()));
  }

  private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String username) throws Exception {
    return mvc.perform(request.with(user(username)).locale(Locale.SIMPLIFIED_CHINESE)).andReturn().getResponse();
  }

  /**
   * The home page of those who work the ledger shows what is theirs to do, what is open and what is overdue in their
   * area, as the ledger's own counts, each linked to its list; the analyst, who reads the ledger only, has no such
   * section.
   */
  @Test
  void theHomePageShowsTheLedgerToThoseWhoWorkIt() throws Exception {
    String html = call(get("/"), COLLEAGUE).getContentAsString();
    long mine = ledger.count(colleague, new ProblemFilter(null, null, COLLEAGUE, "open", null, null, null, null, 0));
    long open = ledger.count(colleague, new ProblemFilter(null, null, null, "open", null, null, null, null, 0));
    long overdue = ledger.count(colleague, new ProblemFilter(null, null, null, null, null, true, null, null, 0));
    assertThat(open).isGreaterThan(0);
    assertThat(html).contains("id=\"ledger-title\">问题台账<");
    assertThat(figure(html, "ledger-mine")).isEqualTo(String.format("%,d", mine));
    assertThat(figure(html, "ledger-open")).isEqualTo(String.format("%,d", open));
    assertThat(figure(html, "ledger-overdue")).isEqualTo(String.format("%,d", overdue));
    assertThat(html).contains("href=\"/ledger?tab=overdue\"");
    assertThat(call(get("/"), ANALYST).getContentAsString()).doesNotContain("home-ledger");
  }

  /** The number shown in the home page's figure with this id (the link's text). */
  private static String figure(String html, String id) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("id=\"" + id + "\".*?<a [^>]*>([^<]*)</a>", java.util.regex.Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as(id).isTrue();
    return m.group(1).strip();
  }

  @Test
  void everyLedgerPageIsChineseThroughForTheOfficerAndTheAnalyst() throws Exception {
    List<String> english = new ArrayList<>();
    List<String> paths = List.of("/ledger", "/ledger?tab=mine", "/ledger?tab=unit", "/ledger?tab=overdue",
        "/ledger?status=open&category=fire", "/ledger?source=visit", "/ledger/new", "/ledger/statistics",
        "/ledger/statistics?area=" + TestAccounts.SHANGYU + "&from=2026-01&to=2026-12",
        "/ledger/problems/" + fresh.id(), "/ledger/problems/" + resolved.id(), "/ledger/problems/" + closed.id());
    for (String username : List.of(OFFICER, ANALYST)) {
      for (String path : paths) {
        if (username.equals(ANALYST) && path.equals("/ledger/new")
            || username.equals(OFFICER) && path.contains("area=" + TestAccounts.SHANGYU)) {
          continue; // the analyst reads only; the county is above the town officer
        }
        MockHttpServletResponse r = call(get(path), username);
        if (r.getStatus() != 200) {
          english.add(username + " " + path + ": HTTP " + r.getStatus());
          continue;
        }
        String text = ChinesePagesTest.readable(r.getContentAsString());
        for (String name : jdbc.sql("select display_name from app_user").query(String.class).list()) {
          text = text.replace(name, " ");
        }
        List<String> words = MessageBundlesTest.englishWords(text, false);
        if (!words.isEmpty()) {
          english.add(username + " " + path + ": " + words.stream().distinct().toList());
        }
        if (text.matches("(?s).*\\b[a-z]+\\.[a-z]+\\.[a-zA-Z.]+\\b.*")) {
          english.add(username + " " + path + ": a raw message key");
        }
      }
    }
    assertThat(english).isEmpty();
  }

  @Test
  void theOfficerSeesTheResidentAndTheActionsTheAnalystSeesThemMaskedAndNoForms() throws Exception {
    String mine = call(get("/ledger/problems/" + resolved.id()), OFFICER).getContentAsString();
    assertThat(mine).contains(PHONE).contains("王秀英").contains("id=\"close-form\"").contains("联系不上");
    // asked, never assumed: no answer is checked
    assertThat(mine).doesNotContain("checked=\"checked\"");
    String read = call(get("/ledger/problems/" + resolved.id()), ANALYST).getContentAsString();
    assertThat(read).doesNotContain(PHONE).doesNotContain("王秀英").contains("139****5678")
        .doesNotContain("id=\"actions\"").doesNotContain("<form method=\"post\" action=\"/ledger/problems/");
    // the trail names the closing's answer in Chinese, never its code
    String done = call(get("/ledger/problems/" + closed.id()), OFFICER).getContentAsString();
    assertThat(done).contains("群众：联系不上").contains("三次电话未接通").doesNotContain("unreachable:");
  }

  @Test
  void problemsElsewhereAreNotFound() throws Exception {
    Scope shangcheng = users.scopeOf("t-shangcheng").orElseThrow();
    Problem elsewhere = ledger.record(shangcheng, new NewProblem(TestAccounts.SHANGCHENG, null, "hotline", "other",
        "上城区的问题", null, null, List.of()));
    assertThat(call(get("/ledger/problems/" + elsewhere.id()), OFFICER).getStatus()).isEqualTo(404);
    assertThat(call(get("/ledger/problems/99999999"), OFFICER).getStatus()).isEqualTo(404);
    assertThat(call(get("/ledger?tab=all"), OFFICER).getContentAsString()).doesNotContain("上城区的问题");
  }

  @Nested
  class BadInput {

    @Test
    void listAndStatisticsFiltersThatAreNotDatesSayWhy() throws Exception {
      assertRefused(call(get("/ledger?from=2026-02-30"), OFFICER), 400, "“2026-02-30”不是有效的日期");
      assertRefused(call(get("/ledger?page=abc"), OFFICER), 400, "不是有效的页码");
      assertRefused(call(get("/ledger?page=0"), OFFICER), 400, "不是有效的页码");
      assertRefused(call(get("/ledger/statistics?from=2026-13"), OFFICER), 400, "不是有效的月份");
      assertRefused(call(get("/ledger/statistics?from=2026-11&to=2026-06"), OFFICER), 400, "统计期间不对");
      assertRefused(call(get("/ledger?area=410102"), OFFICER), 400, "地区“410102”不存在或不在您的管辖范围内");
      assertRefused(call(get("/ledger/statistics?area=" + TestAccounts.SHANGYU), OFFICER), 400, "不在您的管辖范围内");
      assertRefused(call(get("/ledger?status=lost"), OFFICER), 400, "状态“lost”无效");
    }

    @Test
    void anEmptyProblemIsRefusedOnTheFormWithWhatWasTyped() throws Exception {
      long before = count();
      MockHttpServletResponse r = call(post("/ledger/problems").with(csrf()).param("areaCode", TestAccounts.BAIGUAN)
          .param("source", "visit").param("category", "fire").param("description", " ")
          .param("address", "龙山社区 5 幢").param("residentPhone", "not a phone"), OFFICER);
      assertRefused(r, 400, "请填写问题描述");
      assertThat(r.getContentAsString()).contains("不是电话号码").contains("龙山社区 5 幢").contains("id=\"problem-form\"");
      assertRefused(call(post("/ledger/problems").with(csrf()).param("areaCode", TestAccounts.BAIGUAN)
          .param("source", "visit").param("category", "fire").param("description", "x").param("fileIds", "abc"),
          OFFICER), 400, "“abc”不是有效的文件编号");
      assertThat(count()).isEqualTo(before);
    }

    @Test
    void aDeadlineInThePastIsRefused() throws Exception {
      MockHttpServletResponse r = call(post("/ledger/problems/" + fresh.id() + "/assign").with(csrf())
          .param("version", String.valueOf(fresh.version())).param("assignee", COLLEAGUE)
          .param("deadline", ledger.today().minusDays(1).toString()), OFFICER);
      assertRefused(r, 400, "已经过去");
      assertThat(r.getContentAsString())
          .containsPattern("<option value=\"" + COLLEAGUE + "\"\\s+selected=\"selected\"");
      assertRefused(call(post("/ledger/problems/" + fresh.id() + "/assign").with(csrf())
          .param("version", String.valueOf(fresh.version())).param("assignee", COLLEAGUE)
          .param("deadline", "明天"), OFFICER), 400, "“明天”不是有效的日期");
      assertThat(ledger.problem(officer, fresh.id(), Locale.SIMPLIFIED_CHINESE).status()).isEqualTo("new");
    }

    @Test
    void closingWithoutAResolutionOrWithoutTheResidentsAnswerIsRefused() throws Exception {
      assertRefused(call(post("/ledger/problems/" + fresh.id() + "/close").with(csrf())
          .param("version", String.valueOf(fresh.version())).param("satisfaction", "satisfied"), OFFICER), 400,
          "还没有处理结果");
      assertRefused(call(post("/ledger/problems/" + resolved.id() + "/close").with(csrf())
          .param("version", String.valueOf(resolved.version())), OFFICER), 400, "请填写群众对处理结果的满意度");
      assertThat(ledger.problem(officer, resolved.id(), Locale.SIMPLIFIED_CHINESE).status()).isEqualTo("resolved");
    }

    @Test
    void aStalePageLosesTheRaceWithAConflictAndAVersionThatIsNoNumberIsRefused() throws Exception {
      assertRefused(call(post("/ledger/problems/" + resolved.id() + "/reopen").with(csrf())
          .param("version", String.valueOf(resolved.version() - 1)).param("reason", "群众再次反映"), OFFICER), 409,
          "刚刚被其他人修改过");
      assertRefused(call(post("/ledger/problems/" + resolved.id() + "/reopen").with(csrf())
          .param("version", "x").param("reason", "群众再次反映"), OFFICER), 400, "页面已过期");
      assertRefused(call(post("/ledger/problems/" + resolved.id() + "/reopen").with(csrf())
          .param("version", String.valueOf(resolved.version())), OFFICER), 400, "请填写重新打开的原因");
    }

    private void assertRefused(MockHttpServletResponse r, int status, String message) throws Exception {
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(status);
      assertThat(r.getContentAsString()).contains(message);
    }

    private long count() {
      return jdbc.sql("select count(*) from ledger_problem").query(Long.class).single();
    }
  }
}
