package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.estimation.Estimate;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 18: online responses are weighted to the counties' populations and post-stratified to age within a county
 * that has age margins (the Zhejiang questionnaire asks age, not sex), so design effects and effective sizes are
 * finite; the results follow every new response and flag; the export carries each response's weight.
 */
@IntegrationTest
class ResultsWeightingTest {

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;
  /** 上城区's age margins (both sexes summed) per band: 16–29, 30–39, 40–49, 50–59, 60–69, 70+. */
  static final long[] MALE = {30_000, 25_000, 26_000, 24_000, 15_000, 9_000};
  static final long[] FEMALE = {29_000, 24_000, 25_000, 25_000, 16_000, 12_000};

  @BeforeEach
  void responses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-weights-" + System.nanoTime() % 1_000_000_000,
        "权数测试", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    // 上城区: 10 aged 20 (9 safe), 10 aged 45 (5 safe), 10 aged 75 (2 safe); 上虞区: 12 aged 40 (6 safe)
    insert("330102", 20, 9, 10);
    insert("330102", 45, 5, 10);
    insert("330102", 75, 2, 10);
    insert("330604", 40, 6, 12);
    jdbc.sql("delete from org_area_margin where node_id = (select id from org_node where code = '330102')").update();
    int[][] bands = {{16, 29}, {30, 39}, {40, 49}, {50, 59}, {60, 69}, {70, -1}};
    for (int b = 0; b < bands.length; b++) {
      for (String sex : List.of("m", "f")) {
        jdbc.sql("""
            insert into org_area_margin (node_id, sex, age_from, age_to, population)
            select id, ?, ?, ?, ? from org_node where code = '330102'""")
            .params(sex, bands[b][0], bands[b][1] < 0 ? null : bands[b][1], sex.equals("m") ? MALE[b] : FEMALE[b])
            .update();
      }
    }
  }

  @AfterEach
  void noMargins() {
    jdbc.sql("delete from org_area_margin where node_id = (select id from org_node where code = '330102')").update();
  }

  private void insert(String county, int age, int safe, int n) {
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String answers = """
          {"county":"%s","age":%d,"hukou":"1","q1":["1"],"q2":"1","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1"],"q11":["1","2"],"q12":["7"],"q13":"4"}""".formatted(county, age, q9);
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, flags, answers)
          values (?, ?, ?, ?, ?, 'online', 'complete', now(), '{}', ?::jsonb)""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county, answers).update();
    }
  }

  private static ResultsService.IndicatorResults safety(List<ResultsService.IndicatorResults> list) {
    return list.stream().filter(i -> i.indicator().name().equals("safety")).findFirst().orElseThrow();
  }

  /** The post-stratified mean of 上城区: sparse bands merged (30–39 into 40–49; 50–59 and 60–69 into 70+). */
  static double shangchengPostStratified() {
    double young = MALE[0] + FEMALE[0];
    double middle = MALE[1] + FEMALE[1] + MALE[2] + FEMALE[2];
    double old = MALE[3] + FEMALE[3] + MALE[4] + FEMALE[4] + MALE[5] + FEMALE[5];
    return (young * 0.9 + middle * 0.5 + old * 0.2) / (young + middle + old);
  }

  @Test
  void onlineResponsesAreWeightedToThePopulationAndPostStratifiedToAgeWithinTheCounty() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id(), "online");
    ResultsService.IndicatorResults safety = safety(r.all());
    double shangcheng = safety.rows().get(0).estimate().estimate();
    assertThat(safety.rows().get(0).code()).isEqualTo("330102");
    assertThat(shangcheng).isCloseTo(shangchengPostStratified(), within(1e-12));
    // the whole: each county weighs its population
    double n1 = org.areaPopulation("330102").orElseThrow();
    double n2 = org.areaPopulation("330604").orElseThrow();
    assertThat(safety.overall().estimate()).isCloseTo((n1 * shangcheng + n2 * 0.5) / (n1 + n2), within(1e-12));
    assertThat(r.weighting()).containsExactly(new ResultsService.WeightingNote("online", "AGE", "county", 2, 1, 0));
  }

  @Test
  void designEffectsAndEffectiveSizesOfAnOnlineSurveyAreFinite() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id());
    ResultsService.IndicatorResults safety = safety(r.all());
    for (Estimate e : List.of(safety.overall(), safety.rows().get(0).estimate(), safety.rows().get(1).estimate())) {
      assertThat(e.designEffect()).as(e.domain()).isFinite().isPositive();
      assertThat(e.effectiveN()).as(e.domain()).isFinite().isPositive().isLessThan(2.0 * e.n());
    }
    // 上虞区 is one cell of equal weights: its design effect is that of simple random sampling, 1 with R's
    // without-replacement denominator (N̂ - n)/(N̂ n) at the county's population N̂
    assertThat(safety.rows().get(1).estimate().designEffect()).isCloseTo(1.0, within(0.01));
  }

  @Test
  void aNewResponseOrANewFlagChangesTheResultsSeen() {
    ResultsService.Results before = results.results(TestAccounts.ROOT, survey.id());
    assertThat(results.results(TestAccounts.ROOT, survey.id())).isEqualTo(before);
    insert("330604", 40, 1, 1);
    ResultsService.Results more = results.results(TestAccounts.ROOT, survey.id());
    assertThat(more.responses()).isEqualTo(before.responses() + 1);
    assertThat(safety(more.all()).rows().get(1).estimate().estimate()).isCloseTo(7.0 / 13, within(1e-12));
    jdbc.sql("update response set flags = '{speeder}' where id = (select max(id) from response where survey_id = ?)")
        .param(survey.id()).update();
    ResultsService.Results flagged = results.results(TestAccounts.ROOT, survey.id());
    assertThat(flagged.flagged()).isEqualTo(1);
    assertThat(safety(flagged.unflagged()).rows().get(1).estimate().estimate()).isCloseTo(0.5, within(1e-12));
    // a change of the area figures (the margins) is seen too
    jdbc.sql("delete from org_area_margin where node_id = (select id from org_node where code = '330102')").update();
    ResultsService.Results plain = results.results(TestAccounts.ROOT, survey.id());
    assertThat(safety(plain.all()).rows().get(0).estimate().estimate()).isCloseTo(16.0 / 30, within(1e-12));
    assertThat(plain.weighting().get(0).kind()).isEqualTo("POPULATION");
  }

  @Test
  void theExportCarriesTheWeightTheResultsUse() throws Exception {
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=csv").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    String[] lines = csv.replace("\uFEFF", "").split("\n");
    List<String> header = List.of(lines[0].split(","));
    int weight = header.indexOf("weight");
    int stratum = header.indexOf("stratum");
    int age = header.indexOf("age");
    Map<String, Double> seen = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",", -1);
      seen.put(cells[stratum] + "/" + cells[age], Double.parseDouble(cells[weight]));
    }
    double n2 = org.areaPopulation("330604").orElseThrow();
    assertThat(seen.get("330604/40")).isCloseTo(n2 / 12, within(1e-6));
    double n1 = org.areaPopulation("330102").orElseThrow();
    double total = java.util.Arrays.stream(MALE).sum() + java.util.Arrays.stream(FEMALE).sum();
    assertThat(seen.get("330102/20")).isCloseTo(n1 * (MALE[0] + FEMALE[0]) / total / 10, within(1e-6));
    // the weights add up to the counties' populations
    assertThat(seen.get("330102/20") * 10 + seen.get("330102/45") * 10 + seen.get("330102/75") * 10)
        .isCloseTo(n1, within(1e-6));
  }

  @Test
  void theResultsPageSaysHowResponsesWereWeighted() throws Exception {
    String page = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=online").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("按各区县常住人口加权，区县内按年龄事后分层");
    String en = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=online").with(user("t-province-admin"))
            .cookie(new jakarta.servlet.http.Cookie("sanlv-lang", "en")))
        .andReturn().getResponse().getContentAsString();
    assertThat(en).contains("Weighted to the population of each county; within each county post-stratified to age");
  }
}
