package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
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
 * Issue 20: phone interviews (RDD respondents, mode {@code phone}) are weighted as the self-weighting modes are: to
 * each county's population, post-stratified to age within a county that has age margins (the Zhejiang questionnaire
 * asks age, not sex); the results page shows a phone tab and says which weighting was used.
 */
@IntegrationTest
class PhoneResultsTest {

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;
  /** 上城区's margins per band 16–29, 30–39, 40–49, 50–59, 60–69, 70+ (both sexes summed by the weighting). */
  static final long[] MALE = {30_000, 25_000, 26_000, 24_000, 15_000, 9_000};
  static final long[] FEMALE = {29_000, 24_000, 25_000, 25_000, 16_000, 12_000};
  /** 上城区: 6 phone respondents in every band, aged as below, of whom this many say "safe". */
  static final int[] AGE = {20, 35, 45, 55, 65, 75};
  static final int[] SAFE = {5, 4, 3, 3, 2, 1};

  @BeforeEach
  void phoneInterviews() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-phone-" + System.nanoTime() % 1_000_000_000,
        "电话权数测试", instrument, "33", List.of(new Survey.Mode(SurveyMode.PHONE, opens, opens.plusSeconds(864_000), Map.of()))));
    for (int b = 0; b < AGE.length; b++) {
      insert("330102", AGE[b], SAFE[b], 6);
    }
    insert("330604", 40, 7, 10); // 上虞区: no margins, weighted to its population alone
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

  /** Complete phone interviews as the interviewer screen stores them (no review status: not field-reviewed). */
  private void insert(String county, int age, int safe, int n) {
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String answers = """
          {"county":"%s","age":%d,"hukou":"1","q1":["1"],"q2":"1","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1"],"q11":["1","2"],"q12":["7"],"q13":"4"}""".formatted(county, age, q9);
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                interviewer, started_at, submitted_at, flags, answers, paradata)
          values (?, ?, ?, ?, ?, 'phone', 'complete', 't-interviewer', now() - interval '9 minutes', now(), '{}',
                  ?::jsonb, '{"durations": {}}'::jsonb)""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county, answers).update();
    }
  }

  private static ResultsService.IndicatorResults safety(List<ResultsService.IndicatorResults> list) {
    return list.stream().filter(i -> i.indicator().name().equals("safety")).findFirst().orElseThrow();
  }

  /** 上城区 post-stratified by hand: each band's share of the population times its share of "safe". */
  static double shangchengByHand() {
    double sum = 0;
    double total = 0;
    for (int b = 0; b < AGE.length; b++) {
      double pop = MALE[b] + FEMALE[b];
      sum += pop * SAFE[b] / 6.0;
      total += pop;
    }
    return sum / total;
  }

  @Test
  void phoneInterviewsAreWeightedToTheCountyPopulationAndPostStratifiedToAge() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id(), "phone");
    ResultsService.IndicatorResults safety = safety(r.all());
    assertThat(safety.rows()).extracting(ResultsService.Row::code).containsExactly("330102", "330604");
    double shangcheng = safety.rows().get(0).estimate().estimate();
    assertThat(shangcheng).isCloseTo(shangchengByHand(), within(1e-12));
    // unweighted it would be 18/36 = 0.5: the post-stratification moved it
    assertThat(shangcheng).isNotCloseTo(0.5, within(0.01));
    assertThat(safety.rows().get(1).estimate().estimate()).isCloseTo(0.7, within(1e-12));
    double n1 = org.areaPopulation("330102").orElseThrow();
    double n2 = org.areaPopulation("330604").orElseThrow();
    assertThat(safety.overall().estimate()).isCloseTo((n1 * shangcheng + n2 * 0.7) / (n1 + n2), within(1e-12));
    assertThat(r.weighting()).containsExactly(new ResultsService.WeightingNote("phone", "AGE", "county", 2, 1, 0));
    for (var e : List.of(safety.overall(), safety.rows().get(0).estimate(), safety.rows().get(1).estimate())) {
      assertThat(e.designEffect()).as(e.domain()).isFinite().isPositive();
      assertThat(e.effectiveN()).as(e.domain()).isFinite().isPositive();
    }
  }

  @Test
  void allModesOfAPhoneOnlySurveyAreThePhoneResults() {
    ResultsService.Results all = results.results(TestAccounts.ROOT, survey.id());
    ResultsService.Results phone = results.results(TestAccounts.ROOT, survey.id(), "phone");
    assertThat(safety(all.all()).overall().estimate()).isCloseTo(safety(phone.all()).overall().estimate(), within(1e-12));
    assertThat(all.responses()).isEqualTo(46);
  }

  @Test
  void theResultsPageHasAPhoneTabAndSaysHowPhoneInterviewsWereWeighted() throws Exception {
    String page = mvc.perform(get("/surveys/" + survey.id() + "/results").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("mode=phone").contains("电话调查");
    String phone = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=phone").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(phone).contains("按各区县常住人口加权，区县内按年龄事后分层");
    String en = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=phone").with(user("t-province-admin"))
            .cookie(new jakarta.servlet.http.Cookie("sanlv-lang", "en")))
        .andReturn().getResponse().getContentAsString();
    assertThat(en).contains("Weighted to the population of each county; within each county post-stratified to age");
  }
}
