package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.estimation.DomainResults;
import org.sanlv.estimation.Domains;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Estimator;
import org.sanlv.estimation.LonelyPsu;
import org.sanlv.estimation.SurveyDesign;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issues 6 and 18: the results page's computation for a survey with 1,000,000 stored responses (90 counties, all
 * default indicators, with and without flagged responses, weighted and post-stratified to age) against
 * {@code COPY (SELECT <the answer columns the results read before issue 18>) TO '/dev/null'} in the same run: the
 * first look after 1,000 new responses (cells kept at write time, {@link ResultsRepository#groups}), the second
 * look (nothing changed), a look that builds the cells from every response (in page ranges on parallel
 * connections), what keeping the cells costs a writer, and the numbers against the per-respondent arrays. Run:
 * {@code ./mvnw -o test -Dtest=ResultsDbBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class ResultsDbBenchmark {

  static final int RUNS = 5;

  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  @Test
  void resultsOfAMillionStoredResponses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Survey survey = survey(instrument, "t-bench-results-");
    // the survey was looked at before its responses came: its cells exist and the trigger keeps them
    results.results(TestAccounts.ROOT, survey.id());
    long start = System.nanoTime();
    insert(survey, instrument, 1, 1_000_000);
    System.out.printf("inserted 1,000,000 responses in one statement (cells kept) in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    long f0 = System.nanoTime();
    results.foldCells();
    System.out.printf("background fold of that statement's deltas: %.1f s%n", (System.nanoTime() - f0) / 1e9);
    jdbc.sql("vacuum analyze response").update();
    writeCost(instrument);

    String sql = results.querySql(TestAccounts.ROOT, survey.id()).replace("?", String.valueOf(survey.id()));
    List<Long> page = new ArrayList<>();
    List<Long> copy = new ArrayList<>();
    List<Double> again = new ArrayList<>();
    ResultsService.Results r = null;
    int next = 1_000_001;
    for (int run = 0; run < RUNS; run++) {
      long t0 = System.nanoTime();
      jdbc.sql("copy (" + sql + ") to '/dev/null'").update();
      copy.add((System.nanoTime() - t0) / 1_000_000);
      // new responses since the last look, as the online writer stores them: 10 statements of 100, not yet folded
      for (int b = 0; b < 10; b++, next += 100) {
        insert(survey, instrument, next, next + 99);
      }
      System.gc();
      results.forget();
      long t1 = System.nanoTime();
      r = results.results(TestAccounts.ROOT, survey.id());
      page.add((System.nanoTime() - t1) / 1_000_000);
      assertThat(r.responses()).isEqualTo(next - 1);
      assertThat(r.all()).isNotEmpty();
      assertThat(r.all().get(0).rows()).hasSize(90);
      long t2 = System.nanoTime();
      assertThat(results.results(TestAccounts.ROOT, survey.id())).isEqualTo(r);
      again.add((System.nanoTime() - t2) / 1e6);
    }
    long p = median(page);
    long c = median(copy);
    double a = again.stream().sorted().toList().get(RUNS / 2);
    System.out.printf(Locale.ROOT, """
        results of 1,000,000 stored responses (90 counties, %d indicators, with and without flagged; %s):
          results computation (first look, 1,000 new responses since the last): %s ms, median %d ms
          COPY (the SELECT of the arrays path) TO '/dev/null': %s ms, median %d ms
          ratio %.3f (target ≤ 0.3)
          second look, nothing changed: %s ms, median %.1f ms (target ≤ 100)
        """, r.all().size(), r.weighting(), page, p, copy, c, (double) p / c,
        again.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList(), a);

    // a look with indicators or figures never seen before builds the cells from every response
    jdbc.sql("""
        with gone as (delete from result_cell_spec where survey_id = ? returning id),
             cells as (delete from result_cell where spec_id in (select id from gone))
        delete from result_cell_delta where spec_id in (select id from gone)""").param(survey.id()).update();
    results.forget();
    long t3 = System.nanoTime();
    ResultsService.Results built = results.results(TestAccounts.ROOT, survey.id());
    long b = (System.nanoTime() - t3) / 1_000_000;
    System.out.printf(Locale.ROOT, "  a look that builds the cells: %d ms, %.3f × the COPY median%n", b, (double) b / c);
    assertThat(built).isEqualTo(r);
    sameAsThePerRespondentArrays(survey, r);
  }

  Survey survey(long instrument, String slug) {
    Instant opens = Instant.parse("2026-10-18T16:00:00Z");
    return surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug + System.nanoTime() % 100000,
        "benchmark", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000),
            Map.of()))));
  }

  /** Responses numbered {@code from}..{@code to} of the benchmark's mix over Zhejiang's 90 counties. */
  void insert(Survey survey, long instrument, int from, int to) {
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        select gen_random_uuid(), ?, ?, c.code, c.code, 'online', 'complete', now(),
               case when g % 50 = 0 then '{speeder}'::text[] else '{}'::text[] end,
               jsonb_build_object('county', c.code, 'age', 16 + g % 70, 'hukou', (1 + g % 2)::text,
                 'q1', jsonb_build_array('1'), 'q2', (1 + g % 4)::text, 'q3', jsonb_build_array('1'),
                 'q4', (1 + (g / 3) % 4)::text, 'q5', jsonb_build_array('1'), 'q6', (1 + (g / 5) % 4)::text,
                 'q7', jsonb_build_array('1'), 'q8', (1 + (g / 7) % 4)::text, 'q9', (1 + (g * 7) % 4)::text,
                 'q10', jsonb_build_array('1', '2', '3'),
                 'q11', (select jsonb_agg(x::text) from generate_series(1, 1 + g % 14) x),
                 'q12', case when g % 3 = 0 then jsonb_build_array('7') else jsonb_build_array('1', '5') end,
                 'q13', (1 + g % 4)::text)
          from generate_series(?, ?) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%') c on c.k = g % 90""")
        .params(survey.id(), instrument, from, to).update();
  }

  /**
   * What keeping the cells costs a writer: 20,000 responses in statements of 100 (the online writer's batches),
   * alternately into a survey whose cells are kept and one whose are not, 5 rounds.
   */
  void writeCost(long instrument) {
    Survey kept = survey(instrument, "t-bench-kept-");
    Survey plain = survey(instrument, "t-bench-plain-");
    results.results(TestAccounts.ROOT, kept.id());
    List<Long> withCells = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    for (int round = 0; round < RUNS; round++) {
      for (Survey s : List.of(kept, plain)) {
        long t = System.nanoTime();
        for (int b = 0; b < 40; b++) {
          int from = round * 4000 + b * 100 + 1;
          insert(s, instrument, from, from + 99);
        }
        (s == kept ? withCells : without).add((System.nanoTime() - t) / 1_000_000);
      }
    }
    System.out.printf(Locale.ROOT, """
        write cost: 4,000 responses in 40 statements of 100, per round: cells kept %s ms (median %d),         not kept %s ms (median %d), ratio %.2f%n""", withCells, median(withCells), without, median(without),
        (double) median(withCells) / median(without));
  }

  /**
   * The grouped path's numbers against the per-respondent arrays ({@link Estimator} on a million respondents,
   * weights planned per respondent): safety (a proportion) and awareness (a mean of a select_multiple count),
   * the whole and every county, estimate, SE, design effect and difference, to 1e-12 relative.
   */
  void sameAsThePerRespondentArrays(Survey survey, ResultsService.Results r) {
    List<String> county = new ArrayList<>();
    List<Integer> age = new ArrayList<>();
    List<Double> safety = new ArrayList<>();
    List<Double> awareness = new ArrayList<>();
    jdbc.sql("""
        select county_code, (answers->>'age')::int, answers->>'q9', jsonb_array_length(answers->'q11')
          from response where survey_id = ? and status = 'complete'""").param(survey.id()).query(rs -> {
            county.add(rs.getString(1));
            age.add(rs.getInt(2));
            String q9 = rs.getString(3);
            safety.add(q9.equals("1") || q9.equals("2") ? 1.0 : 0.0);
            awareness.add(Math.min(rs.getInt(4), 12) / 12.0); // codes 1..n, so those in 1..12 are min(n, 12)
          });
    int n = county.size();
    String[] strata = county.toArray(String[]::new);
    Weighting.Age[] ages = age.stream().map(v -> new Weighting.Age(v, v)).toArray(Weighting.Age[]::new);
    long[] ones = new long[n];
    java.util.Arrays.fill(ones, 1);
    Map<String, Long> population = new HashMap<>();
    for (OrgNode node : org.areasUnder("33", OrgLevel.COUNTY)) {
      if (node.population() != null) {
        population.put(node.code(), node.population());
      }
    }
    Weighting.Plan plan = Weighting.plan(strata, ages, new String[n], ones, population,
        org.populationMargins(population.keySet()), true, false);
    Estimator est = Estimator.of(SurveyDesign.of(strata, null, plan.baseWeights()).withLonelyPsu(LonelyPsu.ADJUST)
        .postStratify(plan.cells(), plan.population()));
    Domains domains = Domains.of(strata);
    for (String name : List.of("safety", "awareness")) {
      double[] y = (name.equals("safety") ? safety : awareness).stream().mapToDouble(Double::doubleValue).toArray();
      DomainResults arrays = est.meanByDomain(y, null, domains);
      ResultsService.IndicatorResults grouped = r.all().stream().filter(i -> i.indicator().name().equals(name))
          .findFirst().orElseThrow();
      close(grouped.overall(), arrays.overall());
      for (int k = 0; k < arrays.domains().size(); k++) {
        close(grouped.rows().get(k).estimate(), arrays.domains().get(k));
        assertThat(rel(grouped.rows().get(k).difference().standardError(), arrays.differences().get(k).standardError()))
            .isLessThan(1e-12);
      }
      System.out.printf(Locale.ROOT, "%s: whole %.6f (se %.6f, deff %.4f, n_eff %.0f) = the per-respondent arrays%n",
          name, arrays.overall().estimate(), arrays.overall().standardError(), arrays.overall().designEffect(),
          arrays.overall().effectiveN());
    }
  }

  static void close(Estimate grouped, Estimate arrays) {
    assertThat(grouped.domain()).isEqualTo(arrays.domain());
    assertThat(rel(grouped.estimate(), arrays.estimate())).as(arrays.domain()).isLessThan(1e-12);
    assertThat(rel(grouped.standardError(), arrays.standardError())).as(arrays.domain()).isLessThan(1e-12);
    assertThat(rel(grouped.designEffect(), arrays.designEffect())).as(arrays.domain()).isLessThan(1e-12);
    assertThat(grouped.n()).isEqualTo(arrays.n());
  }

  static double rel(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  static long median(List<Long> v) {
    return v.stream().sorted().toList().get(v.size() / 2);
  }
}
