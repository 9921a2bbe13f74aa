package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Quotas against the real database with a county of known figures (a province of its own, Q9, so no other test
 * sees it): 甲镇 12,345 people, 12 villages, 4,000 households; 乙镇 8,000 people, no village count but 3 village nodes,
 * no households; 丙镇 no figures. The test clock stands at 18 November 2026 (Beijing): October's weeks and the team
 * and household dates are over, November is open, December has not begun.
 */
@IntegrationTest
class QuotaServiceTest {

  static final String COUNTY = "Q901";
  static final String JIA = "Q90101";
  static final String YI = "Q90102";
  static final String BING = "Q90103";

  @Autowired QuotaService quotas;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;

  long campaign;
  final Scope county = new Scope("q-county", Role.COUNTY_ADMIN, COUNTY, "/CN/Q9/Q901/");
  final Scope jia = new Scope("q-jia", Role.TOWN_OFFICER, JIA, "/CN/Q9/Q901/Q90101/");

  @BeforeEach
  void county() {
    if (jdbc.sql("select count(*) from org_node where code = 'Q9'").query(Long.class).single() == 0) {
      node("Q9", "配额测试省", "province", "CN", "/CN/Q9/", null, null, null);
      node(COUNTY, "配额测试县", "county", "Q9", "/CN/Q9/Q901/", null, null, null);
      node(JIA, "甲镇", "town", COUNTY, "/CN/Q9/Q901/Q90101/", 12_345L, 4_000L, 12);
      node(YI, "乙镇", "town", COUNTY, "/CN/Q9/Q901/Q90102/", 8_000L, null, null);
      node(BING, "丙镇", "town", COUNTY, "/CN/Q9/Q901/Q90103/", null, null, null);
      for (int i = 1; i <= 3; i++) {
        node(YI + "00" + i, "乙村" + i, "village", YI, "/CN/Q9/Q901/Q90102/" + YI + "00" + i + "/", null, null, null);
      }
    }
    // a fresh campaign per test: its quotas start from the defaults and no figures
    campaign = jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values (?, 2026, ?, 'shangyu-2022', date '2026-09-01', date '2026-12-31', 'admin') returning id""")
        .params(COUNTY, "配额测试" + System.nanoTime()).query(Long.class).single();
  }

  private void node(String code, String name, String level, String parent, String path, Long population,
      Long households, Integer villages) {
    jdbc.sql("""
        insert into org_node (code, name, level, parent_id, path, population, households, villages)
        values (?, ?, ?, (select id from org_node where code = ?), ?, ?, ?, ?)""")
        .params(code, name, level, parent, path, population, households, villages).update();
  }

  private int column(QuotaService.Board b, Quota.Kind kind, LocalDate start) {
    for (int i = 0; i < b.columns().size(); i++) {
      if (b.columns().get(i).quota().kind() == kind && b.columns().get(i).period().start().equals(start)) {
        return i;
      }
    }
    throw new AssertionError(kind + " " + start);
  }

  private QuotaService.Cell cell(QuotaService.Board b, String town, Quota.Kind kind, LocalDate start) {
    return b.towns().stream().filter(t -> t.code().equals(town)).findFirst().orElseThrow().cells()
        .get(column(b, kind, start));
  }

  private static final LocalDate WEEK1 = LocalDate.of(2026, 9, 28); // Thursday 1 October: October's first week
  private static final LocalDate WEEK2 = LocalDate.of(2026, 10, 5);
  private static final LocalDate NOV = LocalDate.of(2026, 11, 1);
  private static final LocalDate DEC = LocalDate.of(2026, 12, 1);
  private static final LocalDate TEAM = LocalDate.of(2026, 1, 1);
  private static final LocalDate HOUSEHOLDS = LocalDate.of(2026, 1, 1);

  @Test
  void targetsComeFromTheOrgFiguresAndMissingOnesAreShown() {
    QuotaService.Board b = quotas.board(county, campaign);
    assertThat(b.towns()).extracting(QuotaService.Town::code).containsExactly(JIA, YI, BING);
    assertThat(b.columns()).hasSize(2 + 5 + 2); // team, households, five October weeks, November, December
    assertThat(cell(b, JIA, Quota.Kind.TEAM, TEAM).target()).isEqualTo(60L); // 5 × 12
    assertThat(cell(b, YI, Quota.Kind.TEAM, TEAM).target()).isEqualTo(15L); // 5 × 3 village nodes
    assertThat(cell(b, BING, Quota.Kind.TEAM, TEAM).status()).isEqualTo(QuotaService.Status.NO_FIGURE);
    assertThat(cell(b, JIA, Quota.Kind.SMS_WEEK, WEEK1).target()).isEqualTo(6_173L); // ⌈12,345 × 0.5⌉
    assertThat(cell(b, YI, Quota.Kind.SMS_WEEK, WEEK1).target()).isEqualTo(4_000L);
    assertThat(cell(b, JIA, Quota.Kind.SMS_MONTH, NOV).target()).isEqualTo(9_876L); // 12,345 × 0.8
    assertThat(cell(b, YI, Quota.Kind.SMS_MONTH, NOV).target()).isEqualTo(6_400L);
    assertThat(cell(b, JIA, Quota.Kind.HOUSEHOLDS, HOUSEHOLDS).target()).isEqualTo(4_000L);
    assertThat(cell(b, YI, Quota.Kind.HOUSEHOLDS, HOUSEHOLDS).status()).isEqualTo(QuotaService.Status.NO_FIGURE);
    // nothing reported: closed periods are late, the open month is "not reported", December has not begun
    assertThat(cell(b, JIA, Quota.Kind.SMS_WEEK, WEEK1).status()).isEqualTo(QuotaService.Status.LATE);
    assertThat(cell(b, JIA, Quota.Kind.SMS_MONTH, NOV).status()).isEqualTo(QuotaService.Status.NOT_REPORTED);
    assertThat(cell(b, JIA, Quota.Kind.SMS_MONTH, DEC).status()).isEqualTo(QuotaService.Status.NOT_STARTED);
  }

  @Test
  void reportedFiguresGiveStatusShareAndTheRollUp() {
    quotas.report(jia, campaign, JIA, List.of(new QuotaService.Figure("sms-week", WEEK1, 6_173),
        new QuotaService.Figure("sms-week", WEEK2, 6_172), new QuotaService.Figure("sms-month", NOV, 5_000)));
    quotas.report(county, campaign, YI, List.of(new QuotaService.Figure("sms-week", WEEK1, 1_000)));
    QuotaService.Board b = quotas.board(county, campaign);
    assertThat(cell(b, JIA, Quota.Kind.SMS_WEEK, WEEK1).status()).isEqualTo(QuotaService.Status.MET);
    assertThat(cell(b, JIA, Quota.Kind.SMS_WEEK, WEEK2).status()).isEqualTo(QuotaService.Status.MISSED); // one short
    assertThat(cell(b, JIA, Quota.Kind.SMS_MONTH, NOV).status()).isEqualTo(QuotaService.Status.BEHIND);
    assertThat(cell(b, JIA, Quota.Kind.SMS_MONTH, NOV).share()).isCloseTo(5_000 / 9_876.0, within(1e-12));
    assertThat(cell(b, YI, Quota.Kind.SMS_WEEK, WEEK2).status()).isEqualTo(QuotaService.Status.LATE);
    QuotaService.Sum week1 = b.total().sums().get(column(b, Quota.Kind.SMS_WEEK, WEEK1));
    // targets 6,173 + 4,000 (丙镇 has none), reported 6,173 + 1,000; one town of three met it, two reported
    assertThat(week1).isEqualTo(new QuotaService.Sum(10_173, 7_173, 7_173 / 10_173.0, 3, 2, 1, 2));
    assertThat(b.counties()).hasSize(1);
    assertThat(b.counties().get(0).sums()).isEqualTo(b.total().sums());
  }

  @Test
  void aCorrectionIsANewRowAndTheLatestCounts() {
    quotas.report(jia, campaign, JIA, List.of(new QuotaService.Figure("team", TEAM, 50)));
    quotas.report(jia, campaign, JIA, List.of(new QuotaService.Figure("team", TEAM, 61)));
    QuotaService.Board b = quotas.board(county, campaign);
    assertThat(cell(b, JIA, Quota.Kind.TEAM, TEAM).value()).isEqualTo(61L);
    assertThat(cell(b, JIA, Quota.Kind.TEAM, TEAM).status()).isEqualTo(QuotaService.Status.MET);
    assertThat(jdbc.sql("select count(*) from campaign_quota_report where campaign_id = ? and town_code = ?")
        .params(campaign, JIA).query(Long.class).single()).isEqualTo(2);
  }

  @Test
  void aTownOfficerSeesOnlyItsTownAndTheSumsOfIt() {
    quotas.report(county, campaign, YI, List.of(new QuotaService.Figure("sms-week", WEEK1, 4_000)));
    QuotaService.Board b = quotas.board(jia, campaign);
    assertThat(b.towns()).extracting(QuotaService.Town::code).containsExactly(JIA);
    assertThat(b.total().sums().get(column(b, Quota.Kind.SMS_WEEK, WEEK1)).value()).isZero();
  }

  @Test
  void changedThresholdsChangeTheTargets() {
    quotas.update(county, campaign, "sms-week", new BigDecimal("0.6"), LocalDate.of(2026, 10, 1),
        LocalDate.of(2026, 10, 31));
    QuotaService.Board b = quotas.board(county, campaign);
    assertThat(cell(b, JIA, Quota.Kind.SMS_WEEK, WEEK1).target()).isEqualTo(7_407L); // 12,345 × 0.6 = 7,407
  }

  @Nested
  class Refusals {

    private List<String> keys(Runnable r) {
      try {
        r.run();
      } catch (InputRejected e) {
        return e.problems().stream().map(Problem::messageKey).toList();
      }
      throw new AssertionError("not rejected");
    }

    @Test
    void negativeCountsAndPeriodsOutsideTheCampaignAndNothingIsStored() {
      assertThat(keys(() -> quotas.report(jia, campaign, JIA, List.of(new QuotaService.Figure("sms-week", WEEK1, 100),
          new QuotaService.Figure("sms-week", WEEK2, -1),
          new QuotaService.Figure("sms-week", LocalDate.of(2026, 11, 2), 5), // November's week
          new QuotaService.Figure("sms-week", LocalDate.of(2026, 10, 6), 5), // not a Monday
          new QuotaService.Figure("sms-month", LocalDate.of(2025, 11, 1), 5),
          new QuotaService.Figure("sms-month", DEC, 5), // not begun
          new QuotaService.Figure("leaflets", NOV, 5)))))
          .containsExactly("campaign.quota.error.value", "campaign.quota.error.period", "campaign.quota.error.period",
              "campaign.quota.error.period", "campaign.quota.error.notStarted", "campaign.quota.error.quota");
      assertThat(jdbc.sql("select count(*) from campaign_quota_report where campaign_id = ?").param(campaign)
          .query(Long.class).single()).isZero();
    }

    @Test
    void aTownOfficerReportsForNoOtherTown() {
      assertThat(keys(() -> quotas.report(jia, campaign, YI, List.of(new QuotaService.Figure("team", TEAM, 1)))))
          .containsExactly("campaign.quota.error.town");
      assertThat(keys(() -> quotas.report(county, campaign, COUNTY, List.of(new QuotaService.Figure("team", TEAM, 1)))))
          .containsExactly("campaign.quota.error.town");
    }

    @Test
    void badThresholds() {
      assertThat(keys(() -> quotas.update(county, campaign, "sms-week", BigDecimal.ZERO, LocalDate.of(2026, 10, 1),
          LocalDate.of(2027, 1, 3)))).containsExactly("campaign.quota.error.ratio", "campaign.quota.error.date");
      assertThat(keys(() -> quotas.update(county, campaign, "sms-week", BigDecimal.ONE, LocalDate.of(2026, 10, 31),
          LocalDate.of(2026, 10, 1)))).containsExactly("campaign.quota.error.order");
      assertThat(keys(() -> quotas.update(county, campaign, "sms-week", BigDecimal.ONE, LocalDate.of(2026, 10, 2),
          LocalDate.of(2026, 10, 4)))).containsExactly("campaign.quota.error.noPeriod"); // Thursday 1 Oct outside
    }

    @Test
    void aTownOfficerSetsNoThresholdAndOutsidersSeeNothing() {
      assertThatThrownBy(() -> quotas.update(jia, campaign, "team", BigDecimal.TEN, LocalDate.of(2026, 1, 1),
          LocalDate.of(2026, 9, 20))).isInstanceOf(OutOfScope.class);
      Scope shangyu = new Scope("x", Role.COUNTY_ADMIN, TestAccounts.SHANGYU, "/CN/33/3306/330604/");
      assertThatThrownBy(() -> quotas.board(shangyu, campaign)).isInstanceOf(OutOfScope.class);
    }
  }

  @Test
  void theFormRefusesInChineseAndTheExportHoldsTheCallersTowns() throws Exception {
    TestAccounts.ensure(org, users);
    // the 上虞区 town officer (百官街道) reports for its own town in a 上虞区 campaign
    long shangyu = jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values ('330604', 2026, ?, 'shangyu-2022', date '2026-09-01', date '2026-12-31', 'admin') returning id""")
        .param("上虞配额" + System.nanoTime()).query(Long.class).single();
    String body = mvc.perform(post("/campaigns/quotas/report").with(user("t-town-officer")).with(csrf())
            .param("campaignId", String.valueOf(shangyu)).param("code", TestAccounts.BAIGUAN)
            .param("v_sms-month_2026-11-01", "-5").param("v_team_2026-01-01", "十二"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(body).contains("“十二”不是整数");
    String ok = mvc.perform(post("/campaigns/quotas/report").with(user("t-town-officer")).with(csrf())
            .param("campaignId", String.valueOf(shangyu)).param("code", TestAccounts.BAIGUAN)
            .param("v_sms-month_2026-11-01", "-5"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(ok).contains("完成数“-5”无效");
    mvc.perform(post("/campaigns/quotas/report").with(user("t-town-officer")).with(csrf())
        .param("campaignId", String.valueOf(shangyu)).param("code", TestAccounts.BAIGUAN)
        .param("v_sms-month_2026-11-01", "12,000"));
    String csv = mvc.perform(get("/campaigns/" + shangyu + "/quotas.csv").with(user("t-town-officer")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(csv).contains("百官街道").contains("12000");
    assertThat(csv.lines().filter(l -> l.contains(TestAccounts.SHANGYU + "0")).map(l -> l.split(",")[1]).distinct())
        .containsOnly(TestAccounts.BAIGUAN);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'export.campaign_quotas' and target = ?")
        .param(String.valueOf(shangyu)).query(Long.class).single()).isEqualTo(1);
    String all = mvc.perform(get("/campaigns/" + shangyu + "/quotas.csv").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    long towns = jdbc.sql("select count(*) from org_node where level = 'town' and path like '/CN/33/3306/330604/%'")
        .query(Long.class).single();
    // every town of 上虞区 and no other: town rows have a town code in the second column, sum rows the county's
    assertThat(all.lines().skip(1).map(l -> l.split(",")[1]).filter(c -> !c.equals(TestAccounts.SHANGYU)).distinct()
        .count()).isEqualTo(towns).isGreaterThan(1);
  }

  @Test
  void theApiReportsChangesAndRefusesBadInputWithoutA5xx() throws Exception {
    TestAccounts.ensure(org, users);
    long shangyu = jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values ('330604', 2026, ?, 'shangyu-2022', date '2026-09-01', date '2026-12-31', 'admin') returning id""")
        .param("上虞配额API" + System.nanoTime()).query(Long.class).single();
    var ok = mvc.perform(post("/api/v1/campaigns/quotas/reports").with(user("t-town-officer")).with(csrf())
        .contentType("application/json").content("""
            {"campaignId": %d, "code": "%s", "figures": [{"quota": "sms-week", "periodStart": "2026-10-05", "value": 30000}]}"""
            .formatted(shangyu, TestAccounts.BAIGUAN))).andReturn().getResponse();
    assertThat(ok.getStatus()).isEqualTo(200);
    var negative = mvc.perform(post("/api/v1/campaigns/quotas/reports").with(user("t-town-officer")).with(csrf())
        .contentType("application/json").content("""
            {"campaignId": %d, "code": "%s", "figures": [{"quota": "sms-week", "periodStart": "2026-11-02", "value": -3}]}"""
            .formatted(shangyu, TestAccounts.BAIGUAN))).andReturn().getResponse();
    assertThat(negative.getStatus()).isEqualTo(400);
    assertThat(negative.getContentAsString(StandardCharsets.UTF_8)).contains("不是该指标在本次活动中的考核期间");
    var badRatio = mvc.perform(put("/api/v1/campaigns/" + shangyu + "/quotas").with(user("t-county-admin")).with(csrf())
        .contentType("application/json").content("{\"quota\":\"team\",\"ratio\":\"five\"}")).andReturn().getResponse();
    assertThat(badRatio.getStatus()).isEqualTo(400);
    var townSetsRatio = mvc.perform(put("/api/v1/campaigns/" + shangyu + "/quotas").with(user("t-town-officer"))
        .with(csrf()).contentType("application/json")
        .content("{\"quota\":\"team\",\"ratio\":1,\"startsOn\":\"2026-01-01\",\"endsOn\":\"2026-09-20\"}"))
        .andReturn().getResponse();
    assertThat(townSetsRatio.getStatus()).isEqualTo(403);
    String json = mvc.perform(get("/api/v1/campaigns/" + shangyu + "/quotas").with(user("t-town-officer")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"value\":30000").contains("\"code\":\"" + TestAccounts.BAIGUAN + "\"")
        .doesNotContain("曹娥街道");
    String english = mvc.perform(get("/campaigns/" + shangyu + "/quotas").param("lang", "en").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(english).contains("Publicity quotas").contains("SMS (week)").doesNotContain("campaign.quota.");
  }
}
