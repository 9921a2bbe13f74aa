package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.estimation.Difference;
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
 * Issue 19: household interviews are weighted by their draw (w = adults / π) in the two-stage design (strata =
 * county, PSUs = blocks), and only interviews pending or approved in review count. The fixture and R's values come
 * from src/test/r/household-weighting-reference.R ({@code svydesign(ids = ~block, strata = ~county, weights = ~w,
 * nest = TRUE)}, {@code svymean}, {@code svyby}, {@code svyciprop(method = "logit")}, {@code svycontrast}); the
 * fixture is stored as a draw, assignments and responses in PostgreSQL and the results are read as the results page
 * reads them. Estimates, standard errors, design effects, degrees of freedom and differences to a relative 1e-9
 * (1e-12 absolute near zero); the logit interval ends to 1e-7, R's being the result of an iterative glm fit.
 */
@IntegrationTest
class HouseholdWeightingReferenceTest {

  static final double RELATIVE = 1e-9;
  static final double ZERO = 1e-12;
  /** svyciprop(method = "logit") fits a glm (convergence epsilon 1e-8), so its interval ends are not exact. */
  static final double LOGIT = 1e-7;

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;

  Survey survey;
  /** Fixture id → response id. */
  final Map<String, Long> responseOf = new HashMap<>();

  static Map<String, Double> reference() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : HouseholdFixture.resource("household-reference.csv").split("\n")) {
      if (line.startsWith("#") || line.startsWith("by,") || line.isBlank()) {
        continue;
      }
      int cut = line.lastIndexOf(',');
      out.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1).trim()));
    }
    return out;
  }

  @BeforeEach
  void fixtureInTheStore() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-hh-" + System.nanoTime() % 1_000_000_000,
        "入户权数测试", instrument, "33",
        List.of(new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(864_000), Map.of()))));
    responseOf.putAll(HouseholdFixture.store(jdbc, survey));
  }

  /** What the results compute, under the keys of household-reference.csv. */
  Map<String, Double> computed(ResultsService.Results r) {
    Map<String, Double> out = new HashMap<>();
    for (String name : List.of("safety", "safety_order", "elder_fraud_work")) {
      ResultsService.IndicatorResults i = r.all().stream().filter(x -> x.indicator().name().equals(name))
          .findFirst().orElseThrow();
      Estimate all = i.overall();
      put(out, "all,all," + name, all);
      out.put("all,all," + name + ",degf", (double) all.degreesOfFreedom());
      for (ResultsService.Row row : i.rows()) {
        put(out, "county," + row.code() + "," + name, row.estimate());
        Difference d = row.difference();
        out.put("county," + row.code() + "," + name + ",diff", d.difference());
        out.put("county," + row.code() + "," + name + ",diff_se", d.standardError());
      }
    }
    return out;
  }

  static void put(Map<String, Double> out, String key, Estimate e) {
    out.put(key + ",mean", e.estimate());
    out.put(key + ",se", e.standardError());
    out.put(key + ",deff", e.designEffect());
    out.put(key + ",logit_low", e.logit().low());
    out.put(key + ",logit_high", e.logit().high());
  }

  @Test
  void householdResultsAgreeWithRsTwoStageDesign() {
    ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id(), "household");
    assertThat(r.responses()).isEqualTo(57); // 61 interviews, 3 rejected and 1 escalated left out
    Map<String, Double> mine = computed(r);
    Map<String, Double> ref = reference();
    int compared = 0;
    for (Map.Entry<String, Double> e : ref.entrySet()) {
      if (e.getKey().startsWith("weight,")) {
        continue;
      }
      assertThat(mine).as(e.getKey()).containsKey(e.getKey());
      double expected = e.getValue();
      double actual = mine.get(e.getKey());
      if (Math.abs(expected) < 1e-12) {
        assertThat(Math.abs(actual)).as(e.getKey()).isLessThan(ZERO);
      } else {
        // R's logit interval comes from svyglm's iterative fit (glm epsilon 1e-8): good to about 1e-8 only
        double tolerance = e.getKey().contains(",logit_") ? LOGIT : RELATIVE;
        assertThat(Math.abs(actual - expected) / Math.abs(expected)).as(e.getKey() + " " + actual + " vs " + expected)
            .isLessThan(tolerance);
      }
      compared++;
    }
    assertThat(compared).isGreaterThan(50);
    assertThat(r.weighting()).containsExactly(
        new ResultsService.WeightingNote("household", "HOUSEHOLD", "county", 3, 0, 0, 11));
  }

  @Test
  void eachInterviewCarriesItsDrawWeightTimesTheAdultsInTheHousehold() {
    ResultsService.ResponseWeights weights = results.weights(TestAccounts.ROOT, survey.id());
    Map<String, Double> ref = reference();
    int checked = 0;
    for (Map.Entry<String, Double> e : ref.entrySet()) {
      if (!e.getKey().startsWith("weight,")) {
        continue;
      }
      long id = responseOf.get(e.getKey().split(",")[1]);
      Map<String, Object> row = jdbc.sql("select county_code, " + ResultsRepository.FIELD_DESIGN
          + " as field, answers::text as answers from response where id = ?").param(id).query().singleRow();
      Map<String, String> answers = new HashMap<>();
      answers.put("age", "40");
      Double w = weights.of("household", (String) row.get("county_code"), (String) row.get("field"), answers);
      assertThat(w).as(e.getKey()).isNotNull();
      assertThat(Math.abs(w - e.getValue()) / e.getValue()).as(e.getKey()).isLessThan(RELATIVE);
      checked++;
    }
    assertThat(checked).isEqualTo(3);
  }

  @Test
  void aRejectedInterviewDoesNotCountUntilItIsApproved() {
    ResultsService.Results before = results.results(TestAccounts.ROOT, survey.id(), "household");
    long rejected = responseOf.get("3");
    assertThat(jdbc.sql("select review_status from response where id = ?").param(rejected).query(String.class).single())
        .isEqualTo("rejected");
    assertThat(results.weights(TestAccounts.ROOT, survey.id()).of("household", "330102",
        jdbc.sql("select " + ResultsRepository.FIELD_DESIGN + " from response where id = ?").param(rejected)
            .query(String.class).single(), Map.of())).isNull();
    // approved on a second look (a new review row in the product; the status is what the results read)
    jdbc.sql("update response set review_status = 'approved' where id = ?").param(rejected).update();
    ResultsService.Results after = results.results(TestAccounts.ROOT, survey.id(), "household");
    assertThat(after.responses()).isEqualTo(before.responses() + 1);
    double safetyBefore = before.all().get(0).rows().get(0).estimate().estimate();
    double safetyAfter = after.all().get(0).rows().get(0).estimate().estimate();
    assertThat(safetyAfter).isLessThan(safetyBefore); // its answer (q9 = 4, not safe) now counts
  }

  @Test
  void theExportCarriesEachInterviewsDrawWeightAndNoneForARejectedOne() throws Exception {
    String csv = mvc.perform(get("/surveys/" + survey.id() + "/responses/export?format=csv")
        .with(user("t-province-admin"))).andReturn().getResponse().getContentAsString();
    String[] lines = csv.replace("\uFEFF", "").split("\n");
    List<String> header = List.of(lines[0].split(","));
    int weight = header.indexOf("weight");
    assertThat(weight).isNotNegative();
    Map<String, String> cells = new HashMap<>();
    Map<String, String> psus = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] c = lines[i].split(",", -1);
      cells.put(c[header.indexOf("response_id")], c[weight]);
      psus.put(c[header.indexOf("response_id")], c[header.indexOf("psu")]);
    }
    // the PSU an analyst declares (svydesign(ids = ~psu, ...)) is the interview's block
    assertThat(psus.get("R" + responseOf.get("1"))).endsWith("/B330102-01");
    assertThat(psus.get("R" + responseOf.get("2"))).isEqualTo(psus.get("R" + responseOf.get("1")));
    Map<String, Double> ref = reference();
    double first = Double.parseDouble(cells.get("R" + responseOf.get("1")));
    assertThat(Math.abs(first - ref.get("weight,1,w,weight")) / first).isLessThan(RELATIVE);
    assertThat(cells.get("R" + responseOf.get("3"))).isEmpty(); // rejected: no weight in the results
  }
}
