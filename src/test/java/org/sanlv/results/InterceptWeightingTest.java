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
 * Issue 19: street intercepts are weighted to their quota cells' population shares within the county (the intercept
 * design's shares: location types equal, weekday 5 : weekend 2, time slots equal), so the county's weights add up
 * to its population; intercepts without an assignment take the county's average weight; a part mixing intercepts
 * with online responses is estimated per mode and composed in proportion to the responses; the page says so.
 */
@IntegrationTest
class InterceptWeightingTest {

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;
  long draw;
  static final String COUNTY = "330102";

  @BeforeEach
  void intercepts() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-ic-" + System.nanoTime() % 1_000_000_000,
        "拦截权数测试", instrument, "33",
        List.of(new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'intercept', 1, '{}'::jsonb, 10, 'test') returning id""").param(survey.id())
        .query(Long.class).single();
    // market weekday morning (share 5): 4 interviews, 3 safe; market weekend evening (share 2): 2, none safe;
    // school weekday afternoon (share 5): 3, all safe; one intercept without an assignment, safe
    cell("market", "weekday", "morning", 4, 3);
    cell("market", "weekend", "evening", 2, 0);
    cell("school", "weekday", "afternoon", 3, 3);
    response("intercept", null, true);
    // a rejected intercept does not count
    long rejected = response("intercept", assignment("school", "weekday", "afternoon"), false);
    jdbc.sql("update response set review_status = 'rejected' where id = ?").param(rejected).update();
  }

  long assignment(String type, String day, String time) {
    Long existing = jdbc.sql("""
        select id from capi_assignment where draw_id = ? and location_type = ? and day_type = ? and time_of_day = ?""")
        .params(draw, type, day, time).query(Long.class).optional().orElse(null);
    if (existing != null) {
      return existing;
    }
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, location_type, day_type, time_of_day,
                                     target, interviewer, status)
        values (?, ?, 'intercept', ?, ?, ?, ?, ?, 5, 't-interviewer', 'assigned') returning id""")
        .params(survey.id(), draw, COUNTY, COUNTY, type, day, time).query(Long.class).single();
  }

  void cell(String type, String day, String time, int n, int safe) {
    long a = assignment(type, day, time);
    for (int i = 0; i < n; i++) {
      response("intercept", a, i < safe);
    }
  }

  long response(String mode, Long assignment, boolean safe) {
    String answers = """
        {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"1","q3":["1"],"q4":"1","q5":["1"],"q6":"1",
         "q7":["1"],"q8":"1","q9":"%s","q10":["1"],"q11":["1","2"],"q12":["7"],"q13":"4"}"""
        .formatted(COUNTY, safe ? "1" : "4");
    boolean field = !mode.equals("online");
    return jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, interviewer, flags, answers, assignment_id, review_status)
        values (?, ?, ?, ?, ?, ?, 'complete', now(), ?, '{}', ?::jsonb, ?, ?) returning id""")
        .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), COUNTY, COUNTY, mode,
            field ? "t-interviewer" : null, answers, assignment, field ? "pending" : null)
        .query(Long.class).single();
  }

  static ResultsService.IndicatorResults safety(List<ResultsService.IndicatorResults> list) {
    return list.stream().filter(i -> i.indicator().name().equals("safety")).findFirst().orElseThrow();
  }

  /** The intercepts' safety: each cell weighs N · 9/10 · share / 12, the one without assignment N / 10. */
  static double interceptSafety() {
    return 0.9 * (5.0 / 12 * 0.75 + 2.0 / 12 * 0 + 5.0 / 12 * 1) + 0.1 * 1;
  }

  @Test
  void interceptsAreWeightedToTheirQuotaCellsSharesOfTheCountysPopulation() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id(), "intercept");
    assertThat(r.responses()).isEqualTo(10);
    assertThat(safety(r.all()).rows().get(0).estimate().estimate()).isCloseTo(interceptSafety(), within(1e-12));
    assertThat(r.weighting()).containsExactly(
        new ResultsService.WeightingNote("intercept", "INTERCEPT", "county", 1, 1, 0, 3));
  }

  @Test
  void theCountysInterceptWeightsAddUpToItsPopulation() {
    double population = org.areaPopulation(COUNTY).orElseThrow();
    ResultsService.ResponseWeights weights = results.weights(TestAccounts.ROOT, survey.id());
    double sum = 0;
    Map<String, Double> byCell = new HashMap<>();
    for (Map<String, Object> row : jdbc.sql("select id, " + ResultsRepository.FIELD_DESIGN + " as field from response"
        + " where survey_id = ? and review_status is distinct from 'rejected'").param(survey.id()).query().listOfRows()) {
      Double w = weights.of("intercept", COUNTY, (String) row.get("field"), Map.of("age", "40"));
      assertThat(w).as("weight of response %s", row.get("id")).isNotNull();
      sum += w;
      byCell.put(String.valueOf(row.get("field")), w);
    }
    assertThat(sum).isCloseTo(population, within(population * 1e-12));
    assertThat(byCell.get("i\u001emarket\u001eweekday\u001emorning"))
        .isCloseTo(population * 0.9 * 5 / 12 / 4, within(1e-6));
    assertThat(byCell.get("null")).isCloseTo(population / 10, within(1e-6));
  }

  @Test
  void interceptsAndOnlineResponsesTogetherAreEstimatedPerModeAndComposed() throws Exception {
    for (int i = 0; i < 10; i++) {
      response("online", null, i < 4);
    }
    ResultsService.Results all = results.results(TestAccounts.ROOT, survey.id());
    assertThat(all.responses()).isEqualTo(20);
    assertThat(safety(all.all()).overall().estimate()).isCloseTo(0.5 * interceptSafety() + 0.5 * 0.4, within(1e-12));
    assertThat(all.weighting()).extracting(ResultsService.WeightingNote::part).containsExactly("intercept", "online");
    String html = mvc.perform(get("/surveys/" + survey.id() + "/results").with(user("t-province-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(html).contains("id=\"results-by-mode\"").contains("街头拦截：").contains("配额格").contains("网络调查：");
    String intercept = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=intercept")
        .with(user("t-province-admin"))).andReturn().getResponse().getContentAsString();
    assertThat(intercept).contains("各地点类型相同，工作日 5/7、周末 2/7").doesNotContain("results-by-mode");
    String en = mvc.perform(get("/surveys/" + survey.id() + "/results?mode=intercept").with(user("t-province-admin"))
        .cookie(new jakarta.servlet.http.Cookie("sanlv-lang", "en"))).andReturn().getResponse().getContentAsString();
    assertThat(en).contains("Weights: to the quota cells").contains("weekday 5/7 and weekend 2/7");
  }
}
