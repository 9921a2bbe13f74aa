package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.platform.AuditLog;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Raw data stays where it belongs: the response and sample exports of a province survey need the raw-data right,
 * give each caller only the rows of its own subtree, are recorded in the audit log, and write users' text so that
 * spreadsheets show it instead of running it.
 */
@IntegrationTest
class ExportScopeTest {

  /** Free text typed by respondents of two counties, and one that a spreadsheet would run as a formula. */
  static final String SHANGYU_TEXT = "上虞区答卷自述甲";
  static final String SHANGCHENG_TEXT = "上城区答卷自述乙";
  static final String FORMULA = "=HYPERLINK(\"http://evil.example/\",\"点此\")";
  static final String FORMULA_CARRIER = "@SUM(1+1)*cmd|' /C calc'!A0";

  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;
  @Autowired AuditLog audit;
  @Autowired TestClock clock;

  Survey survey;

  @BeforeEach
  void provinceSurveyWithTwoCounties() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = clock.instant().minus(Duration.ofDays(10));
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-export-" + UUID.randomUUID().toString().substring(0, 8),
        "导出范围测试", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plus(Duration.ofDays(20)), Map.of()),
            new Survey.Mode(SurveyMode.PHONE, opens, opens.plus(Duration.ofDays(20)), Map.of()))));
    response(TestAccounts.SHANGYU, SHANGYU_TEXT);
    response(TestAccounts.SHANGYU, FORMULA);
    response(TestAccounts.SHANGCHENG, SHANGCHENG_TEXT);
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 42, '{}'::jsonb, 3, 'admin') returning id""").param(survey.id()).query(Long.class).single();
    number(draw, 1, "13900000001", TestAccounts.SHANGYU, "移动");
    number(draw, 2, "13900000002", TestAccounts.SHANGYU, FORMULA_CARRIER);
    number(draw, 3, "13900000003", TestAccounts.SHANGCHENG, "联通");
  }

  private void response(String county, String text) {
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        values (?, ?, ?, ?, ?, 'online', 'complete', ?, '{}', ?::jsonb)""")
        .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county,
            java.sql.Timestamp.from(clock.instant()),
            "{\"county\":\"%s\",\"q9\":\"1\",\"q1\":[\"5\"],\"q1_other\":%s}".formatted(county, json(text)))
        .update();
  }

  private void number(long draw, int order, String number, String area, String carrier) {
    jdbc.sql("""
        insert into sample_number (draw_id, release_order, replicate, number, prefix, kind, carrier, area)
        values (?, ?, 1, ?, ?, 'mobile', ?, ?)""").params(draw, order, number, number.substring(0, 7), carrier, area).update();
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private MockHttpServletResponse as(String username, String url) throws Exception {
    return mvc.perform(get(url).with(user(username))).andReturn().getResponse();
  }

  private static String text(MockHttpServletResponse r) {
    return new String(r.getContentAsByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void responseExportsNeedTheRawDataRightAndHoldOnlyTheCallersRows() throws Exception {
    String url = "/surveys/" + survey.id() + "/responses/export?format=csv";
    for (String province : List.of("t-province-admin", "t-province-analyst")) {
      MockHttpServletResponse r = as(province, url);
      assertThat(r.getStatus()).as(province).isEqualTo(200);
      assertThat(text(r)).contains(SHANGYU_TEXT, SHANGCHENG_TEXT);
    }
    MockHttpServletResponse county = as("t-county-admin", url);
    assertThat(county.getStatus()).isEqualTo(200);
    assertThat(text(county)).contains(SHANGYU_TEXT).doesNotContain(SHANGCHENG_TEXT);
    MockHttpServletResponse otherCounty = as("t-shangcheng", url);
    assertThat(otherCounty.getStatus()).isEqualTo(200);
    assertThat(text(otherCounty)).contains(SHANGCHENG_TEXT).doesNotContain(SHANGYU_TEXT);
    for (String low : List.of("t-supervisor", "t-interviewer", "t-town-officer", "t-unit-reporter")) {
      for (String format : List.of("csv", "xlsx", "stata", "spss", "codebook")) {
        MockHttpServletResponse r = as(low, "/surveys/" + survey.id() + "/responses/export?format=" + format);
        assertThat(r.getStatus()).as(low + " " + format).isEqualTo(403);
        assertThat(text(r)).doesNotContain(SHANGYU_TEXT, SHANGCHENG_TEXT);
      }
    }
    assertThat(as("t-henan", url).getStatus()).isIn(403, 404);
  }

  @Test
  void sampleExportsNeedTheRawDataRightAndHoldOnlyTheCallersRows() throws Exception {
    String url = "/surveys/" + survey.id() + "/sample/export?mode=phone";
    assertThat(text(as("t-province-analyst", url))).contains("13900000001", "13900000003");
    MockHttpServletResponse county = as("t-county-admin", url);
    assertThat(county.getStatus()).isEqualTo(200);
    assertThat(text(county)).contains("13900000001").doesNotContain("13900000003");
    MockHttpServletResponse xlsx = as("t-county-admin", url + "&format=xlsx");
    assertThat(xlsx.getStatus()).isEqualTo(200);
    for (String low : List.of("t-supervisor", "t-interviewer", "t-town-officer", "t-unit-reporter")) {
      MockHttpServletResponse r = as(low, url);
      assertThat(r.getStatus()).as(low).isEqualTo(403);
      assertThat(text(r)).doesNotContain("13900000001");
    }
  }

  @Test
  void aSampleExportWithoutADrawIsAClearRefusal() throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/surveys/" + survey.id() + "/sample/export?mode=household")
        .with(user("t-province-admin")).accept(MediaType.TEXT_HTML)).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getHeader("Content-Disposition")).isNull();
    assertThat(r.getContentAsString()).contains("入户调查");
  }

  @Test
  void everyExportIsRecordedInTheAuditLogWithTheAreasItHeld() throws Exception {
    as("t-county-admin", "/surveys/" + survey.id() + "/responses/export?format=xlsx");
    as("t-county-admin", "/surveys/" + survey.id() + "/sample/export?mode=phone");
    as("t-county-admin", "/surveys/" + survey.id() + "/results/export");
    List<AuditLog.Entry> latest = audit.latest(10).stream().filter(e -> e.target().equals(survey.slug()) && e.action().startsWith("export.")).toList();
    assertThat(latest).extracting(AuditLog.Entry::action)
        .containsExactly("export.results", "export.sample", "export.responses");
    assertThat(latest).allSatisfy(e -> assertThat(e.actor()).isEqualTo("t-county-admin"));
    assertThat(latest.get(1).detailJson()).contains(TestAccounts.SHANGYU).doesNotContain(TestAccounts.SHANGCHENG);
    assertThat(latest.get(2).detailJson()).contains("xlsx");
  }

  @Test
  void textThatSpreadsheetsWouldRunIsWrittenAsText() throws Exception {
    String responses = text(as("t-province-admin", "/surveys/" + survey.id() + "/responses/export?format=csv"));
    assertThat(responses).contains("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点此\"\")\"");
    assertThat(responses).doesNotContain(",=HYPERLINK", ",\"=HYPERLINK");
    String sample = text(as("t-province-admin", "/surveys/" + survey.id() + "/sample/export?mode=phone"));
    assertThat(sample).contains("'" + FORMULA_CARRIER).doesNotContain("," + FORMULA_CARRIER);
  }

  @Test
  void resultsShowACountyOfficialItsOwnCountyAndTheWholeOnly() throws Exception {
    String csv = text(as("t-county-admin", "/surveys/" + survey.id() + "/results/export"));
    List<String> domains = csv.lines().skip(1).map(l -> l.split(",")[1]).distinct().toList();
    assertThat(domains).containsExactlyInAnyOrder("all", TestAccounts.SHANGYU);
    String all = text(as("t-province-admin", "/surveys/" + survey.id() + "/results/export"));
    assertThat(all.lines().skip(1).map(l -> l.split(",")[1]).distinct().toList())
        .contains(TestAccounts.SHANGYU, TestAccounts.SHANGCHENG);
    String page = as("t-county-admin", "/surveys/" + survey.id() + "/results").getContentAsString();
    assertThat(page).contains("上虞区").doesNotContain("上城区");
  }
}
