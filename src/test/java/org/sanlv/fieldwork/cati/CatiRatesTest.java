package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A phone survey's AAPOR rates from the database ({@link CatiRatesFixtures}): per county, interviewer and day, with
 * e proportional and fixed, the caller's subtree only, the exports audited, bad settings refused in Chinese.
 */
@IntegrationTest
class CatiRatesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  long survey;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    survey = CatiRatesFixtures.survey(surveys, instruments, jdbc);
  }

  MockHttpServletResponse call(String user, String url) throws Exception {
    MockHttpServletResponse r = mvc.perform(get(url).with(user(user)).accept(MediaType.APPLICATION_JSON)).andReturn()
        .getResponse();
    r.setCharacterEncoding("UTF-8");
    return r;
  }

  JsonNode rates(String user, String query) throws Exception {
    MockHttpServletResponse r = call(user, "/api/v1/cati/surveys/" + survey + "/rates" + query);
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    return JSON.readTree(r.getContentAsString());
  }

  static JsonNode row(JsonNode body, String key) {
    for (JsonNode row : body.get("rows")) {
      if (key == null ? row.get("key").isNull() : key.equals(row.get("key").asString())) {
        return row;
      }
    }
    throw new AssertionError("no row " + key + " in " + body);
  }

  static long count(JsonNode row, String category) {
    return row.get("counts").get(category).asLong();
  }

  static double rate(JsonNode row, String name) {
    return row.get("rates").get(name).asDouble();
  }

  static List<String> keys(JsonNode body) {
    List<String> keys = new ArrayList<>();
    body.get("rows").forEach(r -> keys.add(r.get("key").isNull() ? null : r.get("key").asString()));
    return keys;
  }

  @Test
  void perCountyWithEProportionalOverTheWholeTable() throws Exception {
    JsonNode body = rates("t-province-admin", "");
    assertThat(body.get("by").asString()).isEqualTo("county");
    // whole: I=3 R=2 NC=1 NE=1 UH=3; e = (I+P+R+NC+O)/(I+P+R+NC+O+NE) = 6/7
    double e = 6.0 / 7;
    assertThat(body.get("e").get("method").asString()).isEqualTo("proportional");
    assertThat(body.get("e").get("value").asDouble()).isCloseTo(e, within(1e-15));
    JsonNode total = body.get("total");
    assertThat(total.get("cases").asLong()).isEqualTo(10);
    // RR1 = I / (I+P+R+NC+O+UH+UO): the not-eligible number is out of the denominator
    assertThat(rate(total, "RR1")).isCloseTo(3.0 / 9, within(1e-15));
    assertThat(rate(total, "RR3")).isCloseTo(3 / (3 + 3 + e * 3), within(1e-15));
    // counties by code, then the mobile number's city (not screened); names, not codes
    assertThat(keys(body)).containsExactly("330102", "330604", "3306");
    JsonNode shangyu = row(body, "330604");
    assertThat(shangyu.get("name").asString()).isEqualTo("上虞区");
    assertThat(row(body, "3306").get("name").asString()).isEqualTo("绍兴市");
    // 上虞区: I=2 R=1 (2.111) NC=1 (2.21) NE=1 (4.31) UH=2 (3.11 never attempted, 3.13)
    assertThat(shangyu.get("cases").asLong()).isEqualTo(7);
    assertThat(List.of(count(shangyu, "I"), count(shangyu, "P"), count(shangyu, "R"), count(shangyu, "NC"),
        count(shangyu, "O"), count(shangyu, "UH"), count(shangyu, "UO"), count(shangyu, "NE")))
        .containsExactly(2L, 0L, 1L, 1L, 0L, 2L, 0L, 1L);
    // the group shares the whole table's e
    assertThat(rate(shangyu, "e")).isCloseTo(e, within(1e-15));
    assertThat(rate(shangyu, "RR1")).isCloseTo(2.0 / (2 + 2 + 2), within(1e-15));
    assertThat(rate(shangyu, "RR3")).isCloseTo(2 / (2 + 2 + e * 2), within(1e-15));
    assertThat(rate(shangyu, "RR5")).isCloseTo(2.0 / 4, within(1e-15));
    assertThat(rate(shangyu, "COOP1")).isCloseTo(2.0 / (2 + 1), within(1e-15));
    assertThat(rate(shangyu, "REF2")).isCloseTo(1 / (2 + 2 + e * 2), within(1e-15));
    assertThat(rate(shangyu, "CON3")).isCloseTo((2.0 + 1) / 4, within(1e-15));
    // 绍兴市: one always-busy number: no eligible case, RR5 has no denominator (null), RR1 is 0
    JsonNode city = row(body, "3306");
    assertThat(rate(city, "RR1")).isZero();
    assertThat(city.get("rates").get("RR5").isNull()).isTrue();
    assertThat(city.get("rates").get("COOP1").isNull()).isTrue();
  }

  @Test
  void aFixedEAppliesToEveryGroup() throws Exception {
    JsonNode body = rates("t-province-analyst", "?e=0.25");
    assertThat(body.get("e").get("method").asString()).isEqualTo("fixed");
    JsonNode shangyu = row(body, "330604");
    assertThat(rate(shangyu, "e")).isEqualTo(0.25);
    assertThat(rate(shangyu, "RR4")).isCloseTo(2 / (2 + 2 + 0.25 * 2), within(1e-15));
    assertThat(rate(shangyu, "CON2")).isCloseTo(3 / (2 + 2 + 0.25 * 2), within(1e-15));
  }

  @Test
  void perInterviewerOfTheLastAttemptWithTheNeverAttemptedLast() throws Exception {
    JsonNode body = rates("t-province-admin", "?by=interviewer");
    assertThat(keys(body)).containsExactly("t-interviewer", "t-supervisor", null);
    // t-interviewer last dialled c1 (1.1), c2 (1.1, after t-supervisor's 3.13), c3 (2.111), c7 (3.13), c10 (3.12)
    JsonNode in = row(body, "t-interviewer");
    assertThat(List.of(count(in, "I"), count(in, "R"), count(in, "UH"))).containsExactly(2L, 1L, 2L);
    assertThat(in.get("cases").asLong()).isEqualTo(5);
    JsonNode su = row(body, "t-supervisor");
    assertThat(List.of(count(su, "I"), count(su, "R"), count(su, "NC"), count(su, "NE"))).containsExactly(1L, 1L, 1L, 1L);
    JsonNode never = row(body, null);
    assertThat(never.get("name").isNull()).isTrue();
    assertThat(count(never, "UH")).isEqualTo(1);
  }

  @Test
  void perChinaDateOfTheLastAttempt() throws Exception {
    JsonNode body = rates("t-province-admin", "?by=day");
    assertThat(keys(body)).containsExactly("2026-11-02", "2026-11-03", null);
    // D1: c1 c4 c7 c8 c9; D2: c2 c3 c10 and c5 (17:30 UTC on the 2nd is 01:30 on the 3rd in China)
    assertThat(row(body, "2026-11-02").get("cases").asLong()).isEqualTo(5);
    JsonNode d2 = row(body, "2026-11-03");
    assertThat(d2.get("cases").asLong()).isEqualTo(4);
    assertThat(count(d2, "NE")).isEqualTo(1);
  }

  @Test
  void aCountyAdminSeesItsOwnCountyOnlyWithItsOwnE() throws Exception {
    JsonNode body = rates("t-county-admin", "");
    assertThat(keys(body)).containsExactly("330604");
    assertThat(body.get("total").get("cases").asLong()).isEqualTo(7);
    // e over what the caller sees: (2+1+1) / (2+1+1+1)
    assertThat(body.get("e").get("value").asDouble()).isCloseTo(4.0 / 5, within(1e-15));
    JsonNode byInterviewer = rates("t-supervisor", "?by=interviewer");
    assertThat(byInterviewer.get("total").get("cases").asLong()).isEqualTo(7);
    assertThat(byInterviewer.toString()).doesNotContain("330102").doesNotContain("3306\"");
  }

  @Test
  void interviewersTownOfficersAndOtherProvincesAreRefused() throws Exception {
    for (String who : List.of("t-interviewer", "t-town-officer", "t-unit-reporter")) {
      assertThat(call(who, "/api/v1/cati/surveys/" + survey + "/rates").getStatus()).as(who).isEqualTo(403);
      assertThat(call(who, "/surveys/" + survey + "/cati/rates.csv").getStatus()).as(who).isEqualTo(403);
    }
    assertThat(call("t-henan", "/api/v1/cati/surveys/" + survey + "/rates").getStatus()).isIn(403, 404);
    assertThat(call("t-province-admin", "/api/v1/cati/surveys/987654321/rates").getStatus()).isEqualTo(404);
  }

  @Nested
  class BadSettings {

    @Test
    void aBadEOrGroupingIsA400InChinese() throws Exception {
      for (String query : List.of("?e=1.5", "?e=abc", "?e=-0", "?by=town")) {
        MockHttpServletResponse r = call("t-province-admin", "/api/v1/cati/surveys/" + survey + "/rates" + query);
        if (query.equals("?e=-0")) {
          // -0 is a number from 0 to 1
          assertThat(r.getStatus()).isEqualTo(200);
          continue;
        }
        assertThat(r.getStatus()).as(query).isEqualTo(400);
        assertThat(r.getContentAsString()).as(query).containsAnyOf("合格比例 e 应为", "分组方式");
      }
    }

    @Test
    void thePageSaysWhatIsWrongAndShowsTheDefault() throws Exception {
      MockHttpServletResponse r = mvc.perform(get("/surveys/" + survey + "/cati/rates?e=2&by=week")
          .with(user("t-province-admin"))).andReturn().getResponse();
      r.setCharacterEncoding("UTF-8");
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentAsString()).contains("而不是“2”").contains("分组方式“week”无效").contains("上虞区")
          .contains("e 按比例估计为 85.7%");
    }
  }

  @Test
  void theCsvExportHoldsTheCallersRowsAndIsAudited() throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/surveys/" + survey + "/cati/rates.csv?by=county&e=0.5")
        .with(user("t-county-admin"))).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getHeader("Content-Disposition")).contains("t-cati-rates-cati-rates-county.csv");
    String text = new String(r.getContentAsByteArray(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF");
    List<String> lines = text.substring(1).lines().toList();
    assertThat(lines.get(0)).isEqualTo("county,name,cases,I,P,R,NC,O,UH,UO,NE,e,RR1,RR2,RR3,RR4,RR5,RR6,COOP1,COOP2,"
        + "COOP3,COOP4,REF1,REF2,REF3,CON1,CON2,CON3");
    assertThat(lines).hasSize(3);
    String[] shangyu = lines.get(1).split(",");
    assertThat(shangyu[0]).isEqualTo("330604");
    assertThat(shangyu[1]).isEqualTo("上虞区");
    assertThat(shangyu[2]).isEqualTo("7");
    assertThat(shangyu[11]).isEqualTo("0.5");
    // RR3 = 2 / (2 + 2 + 0.5 × 2), 17 significant digits
    assertThat(shangyu[14]).isEqualTo("0.40000000000000002");
    assertThat(lines.get(2)).startsWith("all,合计,7,");
    String audit = jdbc.sql("select actor || ' ' || target || ' ' || detail::text from audit_log "
        + "where action = 'export.cati_rates' order by id desc limit 1").query(String.class).single();
    assertThat(audit).contains("t-county-admin").contains(CatiRatesFixtures.SLUG).contains("330604")
        .contains("\"format\": \"csv\"");
  }

  @Test
  void theXlsxExportHasNumbersAsNumbersAndBlanksForNoCases() throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/surveys/" + survey + "/cati/rates.xlsx?by=county")
        .with(user("t-province-admin"))).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(200);
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.getContentAsByteArray()))) {
      var sheet = book.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(14).getStringCellValue()).isEqualTo("RR3");
      var shangyu = sheet.getRow(2);
      assertThat(shangyu.getCell(1).getStringCellValue()).isEqualTo("上虞区");
      double e = 6.0 / 7;
      assertThat(shangyu.getCell(14).getNumericCellValue()).isCloseTo(2 / (2 + 2 + e * 2), within(1e-15));
      var city = sheet.getRow(3);
      assertThat(city.getCell(1).getStringCellValue()).isEqualTo("绍兴市");
      // RR5 of a row without eligible cases: blank
      assertThat(city.getCell(16) == null || city.getCell(16).toString().isEmpty()).isTrue();
      assertThat(sheet.getRow(4).getCell(0).getStringCellValue()).isEqualTo("all");
    }
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'export.cati_rates' and actor = 't-province-admin'")
        .query(Long.class).single()).isPositive();
  }
}
