package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.microsoft.playwright.Page;
import org.sanlv.IntegrationTest;
import org.sanlv.browser.Browser;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Results from the response store: known answers give the textbook rates, flagged responses can be left out. */
@IntegrationTest
class ResultsServiceTest {

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;

  @BeforeEach
  void responses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-results-" + System.nanoTime() % 1_000_000_000,
        "结果测试", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    // 上城区 330102: 8 of 10 feel safe; 上虞区 330604: 5 of 10; two flagged 上虞区 responses say 好
    insert("330102", 8, 10, false);
    insert("330604", 5, 10, false);
    insert("330604", 2, 2, true);
  }

  private void insert(String county, int safe, int n, boolean flagged) {
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String answers = """
          {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"%s","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1","2","3"],"q11":["1","2","3","4","5","6","7","8","9"],"q12":["7"],"q13":"4"}"""
          .formatted(county, q9, q9);
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, flags, answers)
          values (?, ?, ?, ?, ?, 'online', 'complete', now(), ?::text[], ?::jsonb)""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county,
              flagged ? "{speeder}" : "{}", answers)
          .update();
    }
  }

  @Test
  void ratesPerCountyMatchTheAnswersAndFlaggedResponsesCanBeLeftOut() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id());
    assertThat(r.responses()).isEqualTo(22);
    assertThat(r.flagged()).isEqualTo(2);
    ResultsService.IndicatorResults safety = r.all().stream().filter(i -> i.indicator().name().equals("safety"))
        .findFirst().orElseThrow();
    assertThat(safety.rows()).extracting(ResultsService.Row::code).containsExactly("330102", "330604");
    assertThat(safety.rows().get(0).estimate().estimate()).isCloseTo(0.8, within(1e-12));
    assertThat(safety.rows().get(1).estimate().estimate()).isCloseTo(7.0 / 12, within(1e-12));
    // SRS within a county: se = sqrt(p(1-p)/(n-1)) for a proportion with each respondent its own PSU
    assertThat(safety.rows().get(0).estimate().standardError()).isCloseTo(Math.sqrt(0.8 * 0.2 / 9), within(1e-12));
    ResultsService.IndicatorResults clean = r.unflagged().stream().filter(i -> i.indicator().name().equals("safety"))
        .findFirst().orElseThrow();
    assertThat(clean.rows().get(1).estimate().estimate()).isCloseTo(0.5, within(1e-12));
    // the whole weighs each county's population (issue 18), not its number of responses
    double n1 = org.areaPopulation("330102").orElseThrow();
    double n2 = org.areaPopulation("330604").orElseThrow();
    assertThat(clean.overall().estimate()).isCloseTo((n1 * 0.8 + n2 * 0.5) / (n1 + n2), within(1e-12));
    ResultsService.IndicatorResults participation = r.all().stream()
        .filter(i -> i.indicator().name().equals("participation")).findFirst().orElseThrow();
    assertThat(participation.overall().estimate()).isZero();
    ResultsService.IndicatorResults awareness = r.all().stream()
        .filter(i -> i.indicator().name().equals("awareness")).findFirst().orElseThrow();
    assertThat(awareness.overall().estimate()).isCloseTo(9.0 / 12, within(1e-12));
  }

  @Test
  void theResultsPageShowsEveryCountyWithItsInterval() throws Exception {
    String page = mvc.perform(get("/surveys/" + survey.id() + "/results").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("上城区").contains("上虞区").contains("80.0%").contains("results-chart");
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/results/export").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(csv).contains("all,330102,上城区,safety,0.8000000000").contains("unflagged,330604,上虞区,safety,0.5000000000");
  }

  @Test
  void responsesExportForAnalystsWithLabelsAndDesignColumns() throws Exception {
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=csv").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    String[] lines = csv.replace("\uFEFF", "").split("\n");
    assertThat(lines[0]).contains("response_id", "stratum", "psu", "weight", "q9", "q11", "q11_1", "q11_12");
    assertThat(lines).hasSize(1 + 22);
    byte[] dta = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=stata").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsByteArray();
    assertThat(new String(dta, 0, 11, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("<stata_dta>");
    assertThat(new String(dta, java.nio.charset.StandardCharsets.UTF_8)).contains("您觉得本地的总体安全感如何");
    byte[] sav = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=spss").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsByteArray();
    assertThat(new String(sav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("$FL2");
    assertThat(mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=pdf").with(user("t-province-admin")))
        .andReturn().getResponse().getStatus()).isEqualTo(400);
  }

  @Value("${local.server.port}") int port;

  @Test
  void theResultsChartShowsCountiesWithTheirIntervals() {
    try (Browser browser = new Browser()) {
      Page page = browser.phone();
      page.navigate("http://localhost:" + port + "/login");
      page.getByLabel("用户名").fill("admin");
      page.getByLabel("密码").fill("admin-test-password");
      page.locator("button[type=submit]").click();
      page.navigate("http://localhost:" + port + "/surveys/" + survey.id() + "/results");
      page.waitForFunction("() => document.querySelector('#results-chart canvas') !== null");
      assertThat(page.locator("#results-table tbody tr").count()).isEqualTo(2);
      Browser.screenshot(page, "results-phone");
    }
  }

  @Autowired org.sanlv.indicator.IndicatorService indicators;

  @Test
  void aSurveysOwnIndicatorsReplaceTheDefaultsAndBadOnesAreRefused() {
    assertThat(indicators.definitions(TestAccounts.ROOT, survey.id()).defaults()).isTrue();
    assertThatThrownBy(() -> indicators.save(TestAccounts.ROOT, survey.id(), "- name: bad\n  proportion: ${q99} = '1'\n"))
        .isInstanceOfSatisfying(org.sanlv.platform.InputRejected.class, e ->
            assertThat(e.problems().get(0).args().toString()).contains("q99"));
    indicators.save(TestAccounts.ROOT, survey.id(), "- name: very_safe\n  label_zh: 很安全\n  proportion: ${q9} = '1'\n");
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id());
    assertThat(r.all()).extracting(i -> i.indicator().name()).containsExactly("very_safe");
    double n1 = org.areaPopulation("330102").orElseThrow();
    double n2 = org.areaPopulation("330604").orElseThrow();
    assertThat(r.all().get(0).overall().estimate()).isCloseTo((n1 * 0.8 + n2 * 7.0 / 12) / (n1 + n2), within(1e-12));
  }

  @Test
  void resultsByModeAndAsExcel() throws Exception {
    jdbc.sql("update response set mode = 'phone' where survey_id = ? and county_code = '330102'").param(survey.id()).update();
    ResultsService.Results phone = results.results(TestAccounts.ROOT, survey.id(), "phone");
    assertThat(phone.responses()).isEqualTo(10);
    assertThat(phone.all().get(0).rows()).extracting(ResultsService.Row::code).containsExactly("330102");
    assertThat(results.results(TestAccounts.ROOT, survey.id(), "online").responses()).isEqualTo(12);
    String page = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=phone").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("上城区").doesNotContain("<td>上虞区</td>");
    byte[] xlsx = mvc.perform(get("/surveys/" + survey.id() + "/results/export?format=xlsx").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsByteArray();
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
      var sheet = workbook.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(4).getStringCellValue()).isEqualTo("estimate");
      assertThat(sheet.getRow(2).getCell(2).getStringCellValue()).isEqualTo("上城区");
      assertThat(sheet.getRow(2).getCell(4).getNumericCellValue()).isCloseTo(0.8, within(1e-12));
    }
  }

  @Test
  void combinedWeighsTheSourcesByTheirSharesOfResponses() throws Exception {
    // 上城区 by phone (bureau), 上虞区 online: two sources, 10 and 12 responses; each county appears in one source
    // only, so move two 上城区 answers to online to have a county in both
    jdbc.sql("update response set mode = 'phone' where survey_id = ?").param(survey.id()).update();
    jdbc.sql("""
        update response set mode = 'online' where id in (select id from response where survey_id = ? order by id limit 11)""")
        .param(survey.id()).update();
    ResultsService.Results online = results.results(TestAccounts.ROOT, survey.id(), "online");
    ResultsService.Results bureau = results.results(TestAccounts.ROOT, survey.id(), "source:bureau");
    ResultsService.Results combined = results.results(TestAccounts.ROOT, survey.id(), ResultsService.COMBINED);
    double lOnline = 11.0 / 22;
    double lBureau = 11.0 / 22;
    var safetyOnline = online.all().get(0).overall();
    var safetyBureau = bureau.all().get(0).overall();
    var safety = combined.all().get(0).overall();
    assertThat(safety.estimate()).isCloseTo(lOnline * safetyOnline.estimate() + lBureau * safetyBureau.estimate(), within(1e-12));
    assertThat(safety.standardError()).isCloseTo(Math.sqrt(Math.pow(lOnline * safetyOnline.standardError(), 2)
        + Math.pow(lBureau * safetyBureau.standardError(), 2)), within(1e-12));
    String page = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=combined").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("综合值");
  }

  @Test
  void chosenFlagsDecideWhatIsLeftOut() {
    // the two flagged responses carry "speeder": leaving out only "burst" keeps them
    var keepSpeeders = results.results(TestAccounts.ROOT, survey.id(), (String) null, java.util.Set.of("burst"));
    assertThat(keepSpeeders.unflagged().get(0).overall().n()).isEqualTo(22);
    var dropSpeeders = results.results(TestAccounts.ROOT, survey.id(), (String) null, java.util.Set.of("speeder"));
    assertThat(dropSpeeders.unflagged().get(0).overall().n()).isEqualTo(20);
  }
}
