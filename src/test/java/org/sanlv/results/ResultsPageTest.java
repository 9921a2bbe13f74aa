package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.microsoft.playwright.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.browser.Browser;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
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

/**
 * The results page as a county official reads it: names not codes, a county above the whole marked as such
 * (not "not significant"), rates on an axis from 0, tabs only for modes with responses, design effects that
 * say "—" when undefined, the interval method to choose, and the downloads where the user has the right.
 */
@IntegrationTest
class ResultsPageTest {

  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;
  @Value("${local.server.port}") int port;

  static final Interval NA = new Interval(Double.NaN, Double.NaN);

  Survey survey;

  @BeforeEach
  void responses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    // online and phone modes; only online has responses, so the phone tab (and the sources' composite) hide
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-rpage-" + System.nanoTime() % 1_000_000_000,
        "结果页测试", instrument, "33", List.of(
            new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.PHONE, opens, opens.plusSeconds(864_000), Map.of()))));
    // 上城区 330102: 20 of 20 feel safe (100 %: above the whole); 上虞区 330604: 6 of 20 (below it)
    insert("330102", 20, 20);
    insert("330604", 6, 20);
  }

  private void insert(String county, int safe, int n) {
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String answers = """
          {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"%s","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1","2","3"],"q11":["1","2","3"],"q12":["7"],"q13":"4"}"""
          .formatted(county, q9, q9);
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, flags, answers)
          values (?, ?, ?, ?, ?, 'online', 'complete', ?, '{}'::text[], ?::jsonb)""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county,
              java.sql.Timestamp.from(TestClock.DEFAULT_START), answers)
          .update();
    }
  }

  String page(String user, String query) throws Exception {
    return mvc.perform(get("/surveys/" + survey.id() + "/results" + query).with(user(user)))
        .andReturn().getResponse().getContentAsString();
  }

  static String attr(String html, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }

  @Test
  void aCountySignificantlyAboveTheWholeIsMarkedAboveAndOneBelowBelow() throws Exception {
    String html = page("t-province-admin", "");
    assertThat(attr(html, "data-names")).isEqualTo("上城区|上虞区");
    assertThat(attr(html, "data-direction")).isEqualTo("above|below");
    assertThat(html).contains("显著高于全省").contains("显著低于全省");
    assertThat(html).contains("data-direction=\"above\"").contains("data-direction=\"below\"");
    // the legend names both colours and the two-sided rule
    assertThat(html).contains("绿色：显著高于全省").contains("双侧检验");
  }

  @Test
  void inEnglishTheMarksAndTheHiddenTabsReadInEnglish() throws Exception {
    String html = mvc.perform(get("/surveys/" + survey.id() + "/results").with(user("t-province-admin"))
            .cookie(new jakarta.servlet.http.Cookie("sanlv-lang", "en")))
        .andReturn().getResponse().getContentAsString();
    assertThat(html).contains("significantly above the province").contains("significantly below the province")
        .contains("Modes without responses are not shown: Phone").doesNotContain("显著").doesNotContainPattern(">[^<]*results\\.[a-zA-Z]+[^<]*<");
  }

  @Test
  void ratesStartAtZeroOnTheAxis() throws Exception {
    String html = page("t-province-admin", "");
    assertThat(attr(html, "data-axis-min")).isEqualTo("0");
    assertThat(attr(html, "data-axis-max")).isEqualTo("100");
  }

  @Test
  void stratumNamesNotCodesInTableChartAndExport() throws Exception {
    String html = page("t-province-admin", "");
    assertThat(html).contains("<td>上城区</td>").contains("<td>上虞区</td>").doesNotContain("<td>330604</td>");
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/results/export").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(csv).contains("all,330604,上虞区,safety");
  }

  @Test
  void tabsWithoutResponsesAreHiddenAndNamed() throws Exception {
    String html = page("t-province-admin", "");
    String tabs = html.substring(html.indexOf("id=\"results-tabs\""), html.indexOf("</nav>", html.indexOf("id=\"results-tabs\"")));
    assertThat(tabs).contains("data-mode=\"all\"").contains("data-mode=\"online\"")
        .doesNotContain("data-mode=\"phone\"").doesNotContain("source:bureau").doesNotContain("combined");
    assertThat(html).contains("没有答卷的调查方式不显示：电话调查");
  }

  @Test
  void undefinedDesignEffectsShowADashWithTheReasonNeverInfinity() throws Exception {
    String html = page("t-province-admin", "");
    assertThat(html).doesNotContain("∞").doesNotContain("Infinity").contains(">有效样本量<");
    Estimate infinite = new Estimate("c", 0.5, 0.1, NA, NA, Double.POSITIVE_INFINITY, 20, 0, 19);
    assertThat(ResultsPageController.RowView.defined(infinite)).isFalse();
    Estimate finite = new Estimate("c", 0.5, 0.1, NA, NA, 1.4, 20, 20 / 1.4, 19);
    assertThat(ResultsPageController.RowView.defined(finite)).isTrue();
    // weight-1 online samples have N̂ = n: the design effect is not defined, the cell says so
    if (html.contains("class=\"undefined\"")) {
      assertThat(html).contains("title=\"未定义：样本没有按人口加权");
    }
  }

  @Test
  void theIntervalMethodCanBeChosenAndABadOneIsRefusedInChinese() throws Exception {
    String logit = page("t-province-admin", "");
    String wilson = page("t-province-admin", "?ci=wilson");
    // 上城区 at 100 %: the logit interval is the point (100, 100); Wilson on n is not
    assertThat(attr(logit, "data-low").split("\\|")[0]).isEqualTo("100.0");
    assertThat(Double.parseDouble(attr(wilson, "data-low").split("\\|")[0])).isLessThan(100);
    assertThat(wilson).contains("<option value=\"wilson\" selected=\"selected\"");
    var bad = mvc.perform(get("/surveys/" + survey.id() + "/results?ci=exact").with(user("t-province-admin")))
        .andReturn().getResponse();
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.getContentAsString()).contains("区间方法“exact”不可用");
  }

  @Test
  void theResultsExportSaysSignificantTwoSidedAndTheDirection() throws Exception {
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/results/export").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString().replace("\uFEFF", "");
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).endsWith(",diff,diff_ci_low,diff_ci_high,significant,direction").contains(",ci_method,");
    assertThat(csv).containsPattern("all,330102,上城区,safety,[^\\r]*,true,above\\r")
        .containsPattern("all,330604,上虞区,safety,[^\\r]*,true,below\\r");
    byte[] xlsx = mvc.perform(get("/surveys/" + survey.id() + "/results/export?format=xlsx").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsByteArray();
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
      var header = workbook.getSheetAt(0).getRow(0);
      assertThat(header.getCell(header.getLastCellNum() - 1).getStringCellValue()).isEqualTo("direction");
      assertThat(workbook.getSheetAt(0).getRow(2).getCell(header.getLastCellNum() - 1).getStringCellValue())
          .isEqualTo("above");
    }
  }

  @Test
  void downloadsAreLinkedWhereTheUserHasTheRight() throws Exception {
    String analyst = page("t-province-analyst", "");
    for (String format : List.of("csv", "xlsx", "stata", "spss", "codebook")) {
      assertThat(analyst).contains("/surveys/" + survey.id() + "/responses/export?format=" + format);
    }
    assertThat(analyst).contains("/surveys/" + survey.id() + "/results/export?");
    String supervisor = page("t-supervisor", "");
    assertThat(supervisor).doesNotContain("/responses/export").contains("/results/export")
        .contains("需要“原始数据导出”权限");
  }

  @Test
  void theResponseExportCarriesContextColumnsAndXlsxLabelsBesideCodes() throws Exception {
    jdbc.sql("update response set flags = '{speeder}' where id = (select min(id) from response where survey_id = ?)")
        .param(survey.id()).update();
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=csv").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString().replace("\uFEFF", "");
    String[] lines = csv.split("\r\n");
    assertThat(lines[0]).startsWith("response_id,stratum,psu,weight,stratum_name,mode,submitted_at,flagged,flags,");
    // 2026-11-18T02:30:30Z is 10:30:30 in China; online is mode 4
    assertThat(lines[1]).matches("R\\d+,330102,R\\d+,[0-9.]+,上城区,4,2026-11-18T10:30:30\\+08:00,1,speeder,.*");
    assertThat(lines[2]).contains(",上城区,4,2026-11-18T10:30:30+08:00,0,,");
    byte[] xlsx = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=xlsx").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsByteArray();
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
      var sheet = workbook.getSheet("data");
      var header = sheet.getRow(0);
      int q9 = -1;
      int modeLabel = -1;
      for (int c = 0; c < header.getLastCellNum(); c++) {
        String name = header.getCell(c).getStringCellValue();
        q9 = name.equals("q9_label") ? c : q9;
        modeLabel = name.equals("mode_label") ? c : modeLabel;
      }
      assertThat(header.getCell(q9 - 1).getStringCellValue()).isEqualTo("q9");
      assertThat(sheet.getRow(1).getCell(q9).getStringCellValue()).isEqualTo("好");
      assertThat(sheet.getRow(1).getCell(modeLabel).getStringCellValue()).isEqualTo("网络调查");
    }
  }

  @Test
  @Tag("browser")
  void anOfficialSeesTheChartFromZeroWithNamesAtPhoneAndDesktopSizes() {
    try (Browser browser = new Browser()) {
      for (boolean phone : List.of(true, false)) {
        Page page = phone ? browser.phone() : browser.desktop();
        page.navigate("http://localhost:" + port + "/login");
        page.getByLabel("用户名").fill("admin");
        page.getByLabel("密码").fill("admin-test-password");
        page.locator("button[type=submit]").click();
        page.navigate("http://localhost:" + port + "/surveys/" + survey.id() + "/results");
        page.waitForFunction("() => document.querySelector('#results-chart canvas') !== null");
        Object min = page.evaluate("() => document.getElementById('results-chart').sanlvChart.getOption().xAxis[0].min");
        assertThat(((Number) min).doubleValue()).isZero();
        Object names = page.evaluate("() => document.getElementById('results-chart').sanlvChart.getOption().yAxis[0].data");
        assertThat(names.toString()).contains("上城区").contains("上虞区").doesNotContain("330604");
        // the frame scrolls sideways on a phone, the first columns (name, rate, CI, difference) in view
        if (phone) {
          Object scrolls = page.evaluate("() => { var f = document.querySelector('.scroll-frame');"
              + " return f.scrollWidth > f.clientWidth; }");
          assertThat(scrolls).isEqualTo(true);
          assertThat(page.locator(".scroll-hint").isVisible()).isTrue();
        }
        Browser.screenshot(page, "results-page-" + (phone ? "390" : "1366"));
        page.selectOption("#ci-method", "clopper-pearson");
        page.waitForURL(Pattern.compile(".*ci=clopper-pearson.*"));
        assertThat(page.locator("#ci-method").inputValue()).isEqualTo("clopper-pearson");
        page.context().close();
      }
    }
  }
}
