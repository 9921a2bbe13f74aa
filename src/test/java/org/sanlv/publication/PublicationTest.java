package org.sanlv.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgLevel;
import org.sanlv.survey.SurveyMode;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.results.ResultsService;
import org.sanlv.scoring.ScoreRow;
import org.sanlv.scoring.Scores;
import org.sanlv.scoring.ScoringService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Publications (晾晒): the snapshot holds what the results and scores said when published, is read back as stored
 * (and does not change when responses or rules change afterwards; the database refuses to change it), and its
 * page, Excel and PDF show the same numbers.
 */
@IntegrationTest
class PublicationTest {

  @Autowired PublicationService publications;
  @Autowired ResultsService results;
  @Autowired ScoringService scoring;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    survey = PublicationFixture.officialSurvey(surveys, instruments, jdbc, "发布测试");
  }

  @Test
  void aPublicationFreezesTheResultsAndScoresOfTheCountiesWithNames() {
    Publication p = publications.publish(TestAccounts.ROOT, survey.id(), null, "2026年度区县排名");
    Snapshot s = p.snapshot();
    assertThat(p.intact()).isTrue();
    assertThat(s.level()).isEqualTo("county");
    assertThat(s.sources()).containsExactly("bureau", "third_party", "combined");
    Snapshot.IndicatorPart safety = s.indicators().stream().filter(i -> i.name().equals("safety")).findFirst().orElseThrow();
    assertThat(safety.scored()).isTrue();
    assertThat(safety.pointsPerPoint()).isEqualTo(scoring.rulesFor(survey.id()).pointsPerPoint().get("safety"));
    // the bureau's table: the results' estimates, best first, with names
    Snapshot.SourcePart bureau = Snapshot.source(safety, "bureau");
    var expected = results.results(TestAccounts.ROOT, survey.id(), "source:bureau").unflagged().stream()
        .filter(i -> i.indicator().name().equals("safety")).findFirst().orElseThrow();
    assertThat(bureau.rows()).extracting(Snapshot.RowPart::name).containsExactly("上城区", "西湖区", "上虞区");
    assertThat(bureau.rows()).extracting(Snapshot.RowPart::rank).containsExactly(1, 2, 3);
    for (Snapshot.RowPart row : bureau.rows()) {
      var r = expected.rows().stream().filter(x -> x.code().equals(row.code())).findFirst().orElseThrow();
      assertThat(row.value().rate()).isEqualTo(r.estimate().estimate());
      assertThat(row.value().n()).isEqualTo(40);
    }
    assertThat(bureau.rows().get(0).value().rate()).isEqualTo(36 / 40.0, within(1e-12));
    // the scores: the scoring service's deductions, ranks and totals under the same rules
    Scores scores = scoring.scores(TestAccounts.ROOT, survey.id());
    for (String source : List.of("bureau", "third_party", "combined")) {
      for (Snapshot.RowPart row : Snapshot.source(safety, source).rows()) {
        ScoreRow sr = scores.rows().stream().filter(x -> x.indicator().equals("safety") && x.source().equals(source)
            && x.code().equals(row.code())).findFirst().orElseThrow();
        assertThat(row.score().deduction()).isEqualTo(sr.deduction());
        assertThat(row.score().expectedDeduction()).isEqualTo(sr.expectedDeduction());
        assertThat(row.rank()).isEqualTo(sr.rank());
        assertThat(row.beyondNoise()).isEqualTo(sr.beyondNoise());
      }
    }
    // 上虞区 is below the province on safety in both sources: it loses points
    Snapshot.RowPart shangyu = Snapshot.source(safety, "combined").rows().stream()
        .filter(r -> r.code().equals(PublicationFixture.SHANGYU)).findFirst().orElseThrow();
    assertThat(shangyu.score().deduction()).isPositive();
    // combined rate: the rules' weights (0.5 / 0.5) over the two sources, as the scores combine them
    assertThat(shangyu.value().rate()).isCloseTo(0.5 * 26 / 40 + 0.5 * 28 / 40, within(1e-9));
    assertThat(s.totals()).extracting(Snapshot.TotalPart::name).containsExactlyInAnyOrder("上城区", "西湖区", "上虞区");
    assertThat(s.totals().get(s.totals().size() - 1).name()).isEqualTo("上虞区");
    // an indicator the rules do not score is shown, ranked by rate, without deductions
    Snapshot.IndicatorPart order = s.indicators().stream().filter(i -> i.name().equals("safety_order")).findFirst().orElseThrow();
    assertThat(order.scored()).isFalse();
    assertThat(Snapshot.source(order, "bureau").rows()).allMatch(r -> r.score() == null && r.rank() != null);
    // the audit log names the publication
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'publication.publish' and target = ?")
        .param(survey.slug()).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aPublicationDoesNotChangeWhenResponsesOrRulesChangeAfterwardsAndTheDatabaseRefusesToChangeIt() {
    // a survey year of its own (2031), so the rules written here apply to no other test's survey
    survey = PublicationFixture.officialSurvey(surveys, instruments, jdbc, "冻结测试",
        java.time.Instant.parse("2031-10-01T00:00:00Z"));
    Publication before = publications.publish(TestAccounts.ROOT, survey.id(), null, "冻结测试");
    String stored = jdbc.sql("select snapshot::text from publication where id = ?").param(before.id()).query(String.class).single();
    // 上虞区 improves a lot, and the province's rules change (safety now 5 points per point)
    PublicationFixture.insert(jdbc, survey, PublicationFixture.SHANGYU, "phone", 60, 60);
    scoring.save(TestAccounts.ROOT, "33", before.snapshot().survey().year(), """
        year: %d
        average: pooled
        fraction: proportional
        min_n: 30
        sources: {bureau: 0.5, third_party: 0.5}
        points_per_point: {safety: 5, participation: 0.5, awareness: 0.5}
        """.formatted(before.snapshot().survey().year()), "冻结测试");
    Publication after = publications.get(TestAccounts.ROOT, before.id());
    assertThat(after.snapshot()).isEqualTo(before.snapshot());
    assertThat(after.sha256()).isEqualTo(before.sha256());
    assertThat(after.intact()).isTrue();
    assertThat(jdbc.sql("select snapshot::text from publication where id = ?").param(before.id()).query(String.class)
        .single()).isEqualTo(stored);
    // a new publication sees the new responses and rules
    Publication again = publications.publish(TestAccounts.ROOT, survey.id(), null, "冻结测试（重发）");
    assertThat(again.snapshot().rules().pointsPerPoint().get("safety")).isEqualTo(5.0);
    assertThat(rate(again, "bureau", PublicationFixture.SHANGYU)).isGreaterThan(rate(before, "bureau", PublicationFixture.SHANGYU));
    // the database refuses UPDATE and DELETE
    assertThatThrownBy(() -> jdbc.sql("update publication set title = 'x' where id = ?").param(before.id()).update())
        .hasMessageContaining("frozen");
    assertThatThrownBy(() -> jdbc.sql("delete from publication where id = ?").param(before.id()).update())
        .hasMessageContaining("frozen");
  }

  private static double rate(Publication p, String source, String code) {
    Snapshot.IndicatorPart safety = p.snapshot().indicators().stream().filter(i -> i.name().equals("safety")).findFirst().orElseThrow();
    return Snapshot.source(safety, source).rows().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow()
        .value().rate();
  }

  @Test
  void theExcelHoldsTheSameNumbersAsThePage() throws Exception {
    Publication p = publications.publish(TestAccounts.ROOT, survey.id(), null, "Excel 对照");
    String page = mvc.perform(get("/publications/" + p.id()).with(user("t-province-admin"))).andReturn().getResponse()
        .getContentAsString();
    MockHttpServletResponse xlsx = mvc.perform(get("/publications/" + p.id() + ".xlsx").with(user("t-province-admin")))
        .andReturn().getResponse();
    assertThat(xlsx.getStatus()).isEqualTo(200);
    ReportFormat f = new ReportFormat();
    DataFormatter formatter = new DataFormatter(java.util.Locale.ROOT);
    int checked = 0;
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getContentAsByteArray()))) {
      assertThat(book.getSheetAt(0).getSheetName()).isEqualTo("总排名");
      assertThat(book.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("Excel 对照");
      assertThat(book.getSheetAt(0).getMergedRegions()).isNotEmpty();
      for (Snapshot.IndicatorPart indicator : p.snapshot().indicators()) {
        Sheet sheet = book.getSheet(WorkbookUtil.createSafeSheetName(indicator.labelZh()));
        assertThat(sheet).as(indicator.labelZh()).isNotNull();
        for (Snapshot.SourcePart table : indicator.sources()) {
          String pageTable = table(page, indicator.name(), table.source());
          for (Snapshot.RowPart row : table.rows()) {
            Row excel = rowOf(sheet, table.source(), row.name(), indicator);
            String rate = formatter.formatCellValue(excel.getCell(2));
            assertThat(rate).isEqualTo(f.rate(row.value().rate(), indicator.percent()));
            if (row.value().rate() != null) {
              assertThat(excel.getCell(2).getNumericCellValue()).isEqualTo(row.value().rate());
            }
            String pageRow = rowHtml(pageTable, row.code());
            assertThat(pageRow).contains(">" + rate + "<").contains(">" + row.name() + "<");
            if (row.rank() != null) {
              assertThat((int) excel.getCell(0).getNumericCellValue()).isEqualTo(row.rank());
            }
            if (indicator.scored() && row.score() != null) {
              String deduction = formatter.formatCellValue(excel.getCell(8));
              assertThat(deduction).isEqualTo(f.points(row.score().deduction()));
              assertThat(pageRow).contains(">" + deduction + "<");
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'export.publication' and target = ?")
        .param("publication:" + p.id()).query(Long.class).single()).isEqualTo(1);
  }

  /** The Excel row of a county in a source's block of an indicator's sheet. */
  private static Row rowOf(Sheet sheet, String source, String name, Snapshot.IndicatorPart indicator) {
    int index = indicator.sources().stream().map(Snapshot.SourcePart::source).toList().indexOf(source);
    int seen = -1;
    for (Row row : sheet) {
      boolean header = row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING
          && row.getCell(0).getStringCellValue().equals("排名");
      if (header) {
        seen++;
      } else if (seen == index && row.getCell(1) != null && row.getCell(1).getCellType() == CellType.STRING
          && row.getCell(1).getStringCellValue().equals(name)) {
        return row;
      }
    }
    throw new AssertionError(name + " not in block " + source + " of " + sheet.getSheetName());
  }

  private static String table(String page, String indicator, String source) {
    Matcher m = Pattern.compile("<table[^>]*data-indicator=\"" + indicator + "\" data-source=\"" + source
        + "\"[^>]*>(.*?)</table>", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as(indicator + " " + source).isTrue();
    return m.group(1);
  }

  private static String rowHtml(String table, String code) {
    Matcher m = Pattern.compile("<tr[^>]*data-code=\"" + code + "\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(table);
    assertThat(m.find()).as(code).isTrue();
    return m.group(1).replaceAll(">\\s+", ">").replaceAll("\\s+<", "<");
  }

  @Test
  void thePdfIsAnA4ReportWithChineseTextAndIsAudited() throws Exception {
    Publication p = publications.publish(TestAccounts.ROOT, survey.id(), null, "PDF 排名");
    long t0 = System.nanoTime();
    MockHttpServletResponse pdf = mvc.perform(get("/publications/" + p.id() + ".pdf").with(user("t-county-admin")))
        .andReturn().getResponse();
    System.out.printf("publication PDF: %d bytes in %.0f ms (first, font loaded)%n", pdf.getContentAsByteArray().length,
        (System.nanoTime() - t0) / 1e6);
    assertThat(pdf.getStatus()).isEqualTo(200);
    assertThat(pdf.getContentType()).isEqualTo("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.getContentAsByteArray())) {
      // the title page with the overall ranking, then a page (at least) per indicator
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(1 + p.snapshot().indicators().size());
      assertThat(doc.getPage(0).getMediaBox().getWidth()).isCloseTo(595f, within(1f));
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("PDF 排名", "调查名称", "发布日期", "数据截至", "上虞区", "群众安全感", "总排名", "扣分");
    }
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'export.publication' and actor = 't-county-admin' and target = ?")
        .param("publication:" + p.id()).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aCountyAdminReadsTheWholePublishedTableButCannotPublishTheProvinceSurvey() throws Exception {
    Publication p = publications.publish(TestAccounts.ROOT, survey.id(), null, "传阅");
    String page = mvc.perform(get("/publications/" + p.id()).with(user("t-county-admin"))).andReturn().getResponse()
        .getContentAsString();
    assertThat(page).contains("上城区", "西湖区", "上虞区");
    String list = mvc.perform(get("/api/v1/publications").with(user("t-county-admin"))).andReturn().getResponse()
        .getContentAsString();
    assertThat(list).contains("\"id\":" + p.id());
    // 上城区's admin is outside 上虞区's mock publications, but reads the province's
    assertThat(mvc.perform(get("/publications/" + p.id()).with(user("t-shangcheng"))).andReturn().getResponse().getStatus())
        .isEqualTo(200);
    int status = mvc.perform(post("/api/v1/surveys/" + survey.id() + "/publications").with(user("t-county-admin"))
        .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"越权\"}")).andReturn().getResponse()
        .getStatus();
    assertThat(status).isEqualTo(403);
    int analyst = mvc.perform(post("/api/v1/surveys/" + survey.id() + "/publications").with(user("t-province-analyst"))
        .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"越权\"}")).andReturn().getResponse()
        .getStatus();
    assertThat(analyst).isEqualTo(403);
  }

  @Test
  void aCountyAdminPublishesItsMockSurveyAsARankingOfTownsThatItsTownsReadAndOtherCountiesDoNot() throws Exception {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    java.time.Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    var countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    Survey mock = surveys.create(countyAdmin, new SurveyService.NewSurvey(
        "t-pub-mock-" + java.util.UUID.randomUUID().toString().substring(0, 8), "上虞区模拟测评（第一轮）", instrument,
        TestAccounts.SHANGYU, List.of(
            new Survey.Mode(SurveyMode.PHONE, opens, opens.plusSeconds(864_000), java.util.Map.of()),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(864_000), java.util.Map.of()))));
    assertThat(mock.kind()).isEqualTo(Survey.Kind.MOCK);
    List<String> towns = org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN).stream().limit(3)
        .map(n -> n.code()).toList();
    int safe = 34;
    for (String town : towns) {
      for (String mode : List.of("phone", "intercept")) {
        for (int i = 0; i < 36; i++) {
          String q9 = i < safe ? "1" : "4";
          jdbc.sql("""
              insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                    submitted_at, flags, answers)
              values (?, ?, ?, ?, ?, ?, 'complete', ?, '{}'::text[], ?::jsonb)""")
              .params(java.util.UUID.randomUUID(), mock.id(), instrument, TestAccounts.SHANGYU, town, mode,
                  PublicationFixture.SUBMITTED, """
                  {"age":40,"hukou":"1","q1":["1"],"q2":"1","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
                   "q8":"1","q9":"%s","q10":["1"],"q11":["1","2","3"],"q12":["7"],"q13":"4"}""".formatted(q9))
              .update();
        }
      }
      safe -= 4;
    }
    Publication p = publications.publish(countyAdmin, mock.id(), null, "上虞区第一轮模拟测评乡镇排名");
    assertThat(p.level()).isEqualTo("town");
    assertThat(p.snapshot().survey().kind()).isEqualTo("MOCK");
    assertThat(p.snapshot().wholeName()).isEqualTo("上虞区");
    Snapshot.IndicatorPart safety = p.snapshot().indicators().stream().filter(i -> i.name().equals("safety")).findFirst().orElseThrow();
    Snapshot.SourcePart combined = Snapshot.source(safety, "combined");
    assertThat(combined.rows()).extracting(Snapshot.RowPart::code).containsExactlyElementsOf(towns);
    assertThat(combined.rows()).extracting(Snapshot.RowPart::rank).containsExactly(1, 2, 3);
    assertThat(combined.rows()).allMatch(r -> !r.name().equals(r.code()));
    // the town officer of 百官街道 reads it; 上城区's admin does not see 上虞区's mock ranking
    assertThat(mvc.perform(get("/publications/" + p.id()).with(user("t-town-officer"))).andReturn().getResponse()
        .getStatus()).isEqualTo(200);
    assertThat(mvc.perform(get("/publications/" + p.id()).with(user("t-shangcheng"))).andReturn().getResponse()
        .getStatus()).isEqualTo(403);
    assertThat(mvc.perform(get("/api/v1/publications").with(user("t-shangcheng"))).andReturn().getResponse()
        .getContentAsString()).doesNotContain("\"id\":" + p.id() + ",");
    assertThat(mvc.perform(get("/publications/" + p.id() + ".xlsx").with(user("t-shangcheng"))).andReturn()
        .getResponse().getStatus()).isEqualTo(403);
  }

  @Test
  void badInputIsRefusedInChineseAndNothingIsStored() throws Exception {
    long before = jdbc.sql("select count(*) from publication").query(Long.class).single();
    assertThatThrownBy(() -> publications.publish(TestAccounts.ROOT, survey.id(), null, "  "))
        .isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> publications.publish(TestAccounts.ROOT, survey.id(), "330604", "部分"))
        .isInstanceOf(InputRejected.class);
    MockHttpServletResponse r = mvc.perform(post("/api/v1/surveys/" + survey.id() + "/publications")
        .with(user("t-province-admin")).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"title\":\"\"}"))
        .andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString()).contains("标题必填");
    MockHttpServletResponse form = mvc.perform(post("/publications").with(user("t-province-admin")).with(csrf())
        .param("surveyId", String.valueOf(survey.id())).param("title", "")).andReturn().getResponse();
    assertThat(form.getStatus()).isEqualTo(400);
    assertThat(form.getContentAsString()).contains("标题必填");
    assertThat(mvc.perform(get("/publications/abc").with(user("t-province-admin"))).andReturn().getResponse().getStatus())
        .isEqualTo(404);
    assertThat(jdbc.sql("select count(*) from publication").query(Long.class).single()).isEqualTo(before);
  }

  @Test
  void theTrendReadsEarlierPublicationsOfTheSameArea() {
    Publication first = publications.publish(TestAccounts.ROOT, survey.id(), null, "第一轮");
    Survey next = PublicationFixture.officialSurvey(surveys, instruments, jdbc, "发布测试（下一年）");
    PublicationFixture.insert(jdbc, next, PublicationFixture.SHANGYU, "phone", 40, 40);
    Publication second = publications.publish(TestAccounts.ROOT, next.id(), null, "第二轮");
    Trend trend = publications.trend(second);
    List<Long> ids = trend.rounds().stream().map(Trend.Round::publicationId).toList();
    assertThat(ids).contains(first.id(), second.id());
    assertThat(ids.indexOf(first.id())).isLessThan(ids.indexOf(second.id()));
    assertThat(trend.rounds().get(trend.rounds().size() - 1).current()).isTrue();
    Trend.Line safety = trend.lines().stream().filter(l -> l.indicator().equals("safety")).findFirst().orElseThrow();
    Trend.Stratum shangyu = safety.stratum(PublicationFixture.SHANGYU);
    double then = shangyu.rates().get(ids.indexOf(first.id()));
    double now = shangyu.rates().get(ids.indexOf(second.id()));
    assertThat(then).isEqualTo(rate(first, "combined", PublicationFixture.SHANGYU));
    assertThat(now).isGreaterThan(then);
    // the first publication's trend does not see the later one
    assertThat(publications.trend(first).rounds()).extracting(Trend.Round::publicationId).doesNotContain(second.id());
  }
}
