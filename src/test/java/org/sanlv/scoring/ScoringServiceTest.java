package org.sanlv.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.results.ResultsService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Scores from the response store: a survey with household (bureau) and intercept (third party) responses in three
 * counties, scored under its year's rules; rule changes make versions; a county admin sees its own row only.
 */
@IntegrationTest
class ScoringServiceTest {

  static final String XIHU = "330106";

  @Autowired ScoringService scoring;
  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;
  int year;

  static final Scope COUNTY_ADMIN = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU,
      "/CN/33/3306/330604/");

  @BeforeEach
  void responses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    // a year of its own, so that the rules saved here touch no other test's survey
    year = 2040 + (int) (System.nanoTime() % 50);
    Instant opens = Instant.parse(year + "-10-01T00:00:00Z");
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-scoring-" + System.nanoTime() % 1_000_000_000,
        "评分测试", instrument, "33", List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(864_000), Map.of()))));
    // bureau (household): 上城区 36/40 safe, 上虞区 30/40, 西湖区 24/40; third party (intercept): 32/40, 34/40, 20/40
    insert("household", TestAccounts.SHANGCHENG, 36, 40);
    insert("household", TestAccounts.SHANGYU, 30, 40);
    insert("household", XIHU, 24, 40);
    insert("intercept", TestAccounts.SHANGCHENG, 32, 40);
    insert("intercept", TestAccounts.SHANGYU, 34, 40);
    insert("intercept", XIHU, 20, 40);
  }

  private void insert(String mode, String county, int safe, int n) {
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String answers = """
          {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"1","q3":["1"],"q4":"1","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1","2","3"],"q11":["1","2","3","4","5","6","7","8","9"],"q12":["%s"],"q13":"4"}"""
          .formatted(county, q9, i % 3 == 0 ? "1" : "7");
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, interviewer, flags, answers, review_status)
          values (?, ?, ?, ?, ?, ?, 'complete', now(), 't-interviewer', '{}', ?::jsonb, 'pending')""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county, mode, answers)
          .update();
    }
  }

  static ResultsService.IndicatorResults indicator(ResultsService.Results r, String name) {
    return r.unflagged().stream().filter(i -> i.indicator().name().equals(name)).findFirst().orElseThrow();
  }

  static ScoreRow row(Scores s, String code, String indicator, String source) {
    return s.rows().stream().filter(r -> r.code().equals(code) && r.indicator().equals(indicator)
        && r.source().equals(source)).findFirst().orElseThrow();
  }

  @Test
  void scoresEachSourceOnItsResultsAndCombinesThemByTheRulesWeights() {
    Scores s = scoring.scores(TestAccounts.ROOT, survey.id());
    assertThat(s.year()).isEqualTo(year);
    assertThat(s.rulesId()).isZero(); // no rules for the year: the shipped default (seed 1's)
    assertThat(s.rules().pointsPerPoint()).containsEntry("safety", 2.0);
    for (String source : List.of("bureau", "third_party")) {
      ResultsService.IndicatorResults safety = indicator(results.results(TestAccounts.ROOT, survey.id(),
          "source:" + source), "safety");
      for (ResultsService.Row r : safety.rows()) {
        ScoreRow score = row(s, r.code(), "safety", source);
        assertThat(score.rate()).isEqualTo(r.estimate().estimate());
        assertThat(score.average()).isEqualTo(safety.overall().estimate());
        assertThat(score.deduction()).isCloseTo(2 * Math.max(0, 100 * (safety.overall().estimate()
            - r.estimate().estimate())), within(1e-9));
        assertThat(score.diff()).isEqualTo(r.difference().difference());
        assertThat(score.beyondNoise()).isEqualTo(r.difference().significant());
      }
    }
    // rates: bureau 0.9 > 0.75 > 0.6; 西湖区 is below the average in both sources
    assertThat(row(s, TestAccounts.SHANGCHENG, "safety", "bureau").rank()).isEqualTo(1);
    assertThat(row(s, XIHU, "safety", "bureau").rank()).isEqualTo(3);
    assertThat(row(s, TestAccounts.SHANGYU, "safety", "third_party").rank()).isEqualTo(1);
    ScoreRow xihu = row(s, XIHU, "safety", ScoreRow.COMBINED);
    assertThat(xihu.deduction()).isCloseTo(0.5 * row(s, XIHU, "safety", "bureau").deduction()
        + 0.5 * row(s, XIHU, "safety", "third_party").deduction(), within(1e-9));
    assertThat(xihu.deduction()).isGreaterThan(0);
    assertThat(s.totals()).hasSize(3);
    CountyTotal total = s.totals().stream().filter(t -> t.code().equals(XIHU)).findFirst().orElseThrow();
    assertThat(total.deduction()).isCloseTo(s.rows().stream().filter(r -> r.code().equals(XIHU)
        && r.source().equals(ScoreRow.COMBINED)).mapToDouble(ScoreRow::deduction).sum(), within(1e-9));
    assertThat(total.rank()).isEqualTo(3);
  }

  @Test
  void aRuleChangeMakesANewVersionAndOldYearsKeepTheirs() {
    String older = RulesFileTest.GOOD.replace("year: 2022", "year: " + (year - 1));
    RulesVersion old = scoring.save(TestAccounts.ROOT, "33", year - 1, older, "上一年");
    RulesVersion first = scoring.save(TestAccounts.ROOT, "33", year,
        older.replace("year: " + (year - 1), "year: " + year), "初版");
    Scores before = scoring.scores(TestAccounts.ROOT, survey.id());
    assertThat(before.rulesId()).isEqualTo(first.id());
    RulesVersion second = scoring.save(TestAccounts.ROOT, "33", year,
        "year: " + year + "\nsources: {bureau: 1}\npoints_per_point: {safety: 4}\n", "只用统计局，每点 4 分");
    assertThat(second.version()).isEqualTo(first.version() + 1);
    assertThat(scoring.versions("33", year)).extracting(RulesVersion::id).containsExactly(second.id(), first.id());
    assertThat(scoring.versions("33", year - 1)).extracting(RulesVersion::id).containsExactly(old.id());
    assertThat(scoring.versions("33", year - 1).get(0).rules()).isEqualTo(old.rules());
    assertThat(scoring.rulesFor(survey.id())).isEqualTo(second.rules());

    Scores after = scoring.scores(TestAccounts.ROOT, survey.id());
    assertThat(after.rulesId()).isEqualTo(second.id());
    assertThat(after.rows()).noneMatch(r -> r.source().equals("third_party"));
    assertThat(row(after, XIHU, "safety", "bureau").deduction())
        .isCloseTo(2 * row(before, XIHU, "safety", "bureau").deduction(), within(1e-9));
    // the earlier version still scores as it did
    Scores again = scoring.scores(TestAccounts.ROOT, survey.id(), first.id());
    assertThat(again.rows()).isEqualTo(before.rows());
  }

  @Test
  void aCountyAdminSeesOnlyItsOwnRowsWithTheProvincesRanks() {
    Scores all = scoring.scores(TestAccounts.ROOT, survey.id());
    Scores own = scoring.scores(COUNTY_ADMIN, survey.id());
    assertThat(own.rows()).isNotEmpty().allMatch(r -> r.code().equals(TestAccounts.SHANGYU));
    assertThat(own.rows()).isEqualTo(all.rows().stream().filter(r -> r.code().equals(TestAccounts.SHANGYU)).toList());
    assertThat(own.totals()).extracting(CountyTotal::code).containsExactly(TestAccounts.SHANGYU);
    assertThat(row(own, TestAccounts.SHANGYU, "safety", "third_party").rank()).isEqualTo(1);
    assertThat(row(own, TestAccounts.SHANGYU, "safety", "bureau").rank()).isEqualTo(2);
    assertThatThrownBy(() -> scoring.whatIf(COUNTY_ADMIN, survey.id(), XIHU, "safety", 5, 1))
        .isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> scoring.save(COUNTY_ADMIN, TestAccounts.SHANGYU, year, RulesFileTest.GOOD, null))
        .isInstanceOf(OutOfScope.class);
  }

  @Test
  void whatIfAndPlanningForOneCounty() {
    ScoringService.WhatIfResult w = scoring.whatIf(TestAccounts.ROOT, survey.id(), XIHU, "safety", 30, 1);
    assertThat(w.before()).extracting(ScoreRow::source).containsExactly("bureau", "third_party", "combined");
    assertThat(w.after()).allMatch(r -> r.deduction() == 0);
    assertThat(w.after().get(0).rank()).isEqualTo(1); // 0.6 + 0.3 = 0.9 ties 上城区's 0.9: shares rank 1
    assertThat(w.before().get(0).deduction()).isGreaterThan(0);
    assertThatThrownBy(() -> scoring.whatIf(TestAccounts.ROOT, survey.id(), XIHU, "safety_food", 5, 0))
        .isInstanceOf(InputRejected.class);
    List<ScoringService.PlanningRow> plan = scoring.planning(COUNTY_ADMIN, survey.id());
    assertThat(plan).isNotEmpty().allMatch(p -> p.code().equals(TestAccounts.SHANGYU));
    ScoringService.PlanningRow p = plan.stream().filter(r -> r.indicator().equals("safety")
        && r.source().equals("bureau")).findFirst().orElseThrow();
    assertThat(p.nForOnePoint()).isEqualTo(Planning.nFor(p.deff(), p.rate(), 1));
    assertThat(p.nForOnePoint()).isGreaterThan(1000);
  }

  @Test
  void theApiAnswersInScopeAndRefusesBadRules() throws Exception {
    String json = mvc.perform(get("/api/v1/surveys/" + survey.id() + "/scores").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(json).contains("\"" + TestAccounts.SHANGYU + "\"").doesNotContain("\"" + XIHU + "\"")
        .contains("\"planning\"");
    assertThat(mvc.perform(get("/api/v1/surveys/" + survey.id() + "/scores/what-if?code=" + XIHU
        + "&indicator=safety&points=2").with(user("t-county-admin"))).andReturn().getResponse().getStatus())
        .isEqualTo(403);
    assertThat(mvc.perform(post("/api/v1/scoring/rules").with(user("t-county-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"area\":\"33\",\"year\":" + year + ",\"yaml\":\"x\"}"))
        .andReturn().getResponse().getStatus()).isEqualTo(403);
    var bad = mvc.perform(post("/api/v1/scoring/rules").with(user("t-province-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"area\":\"33\",\"year\":" + year + ",\"yaml\":\"year: " + year
            + "\\naverage: median\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}\"}"))
        .andReturn().getResponse();
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.getContentAsString()).contains("第 2 行").contains("median");
    var ok = mvc.perform(post("/api/v1/scoring/rules").with(user("t-province-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"area\":\"33\",\"year\":" + year + ",\"yaml\":\"year: " + year
            + "\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}\",\"note\":\"测试\"}"))
        .andReturn().getResponse();
    assertThat(ok.getStatus()).as(ok.getContentAsString()).isEqualTo(201);
    assertThat(mvc.perform(get("/api/v1/scoring/rules?area=33&year=" + year).with(user("t-town-officer")))
        .andReturn().getResponse().getContentAsString()).contains("测试");
    assertThat(mvc.perform(get("/api/v1/scoring/rules?area=41&year=" + year).with(user("t-county-admin")))
        .andReturn().getResponse().getStatus()).isEqualTo(403);
  }
}
