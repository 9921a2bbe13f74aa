package org.sanlv.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.results.ResultsService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 21: after a rule change, recomputing every score, rank and what-if (90 counties × 2 sources × 9 indicators,
 * one what-if of +1 point per county and indicator) against the results computation it builds on, in the same run:
 * the first look at both sources' results after 1,000 new responses (household = bureau, intercept = third party;
 * 200,000 stored responses over Zhejiang's 90 counties). Run:
 * {@code ./mvnw -o test -Dtest=ScoringBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class ScoringBenchmark {

  static final int RUNS = 5;
  static final int YEAR = 2039; // a year of its own: the rules saved here touch no other survey
  static final List<String> INDICATORS = List.of("safety", "safety_order", "safety_food", "safety_production",
      "safety_environment", "participation", "awareness", "awareness_9of12", "elder_fraud_work");

  @Autowired ScoringService scoring;
  @Autowired ResultsService results;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  @Test
  void recomputingScoresRanksAndWhatIfsAfterARuleChange() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = Instant.parse(YEAR + "-10-18T16:00:00Z");
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-bench-scoring-" + System.nanoTime() % 100000, "benchmark", instrument, "33", List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(864_000), Map.of()))));
    results.results(TestAccounts.ROOT, survey.id(), "source:bureau");
    long start = System.nanoTime();
    insert(survey, instrument, 1, 200_000);
    System.out.printf("inserted 200,000 responses in %.1f s%n", (System.nanoTime() - start) / 1e9);
    jdbc.sql("vacuum analyze response").update();

    List<Long> look = new ArrayList<>();
    List<Long> core = new ArrayList<>();
    List<Long> service = new ArrayList<>();
    int next = 200_001;
    int rows = 0;
    for (int run = 0; run < RUNS; run++) {
      for (int b = 0; b < 10; b++, next += 100) {
        insert(survey, instrument, next, next + 99);
      }
      System.gc();
      long t0 = System.nanoTime();
      ResultsService.Results bureau = results.results(TestAccounts.ROOT, survey.id(), "source:bureau");
      ResultsService.Results third = results.results(TestAccounts.ROOT, survey.id(), "source:third_party");
      look.add((System.nanoTime() - t0) / 1_000);
      assertThat(bureau.unflagged().get(0).rows()).hasSize(90);
      assertThat(third.unflagged().get(0).rows()).hasSize(90);

      // the rule change: every indicator scored, the average switched every other run
      int k = run + 1;
      String yaml = "year: " + YEAR + "\naverage: " + (run % 2 == 0 ? "pooled" : "county-mean")
          + "\nmin_n: 30\nsources: {bureau: 0.5, third_party: 0.5}\npoints_per_point: {"
          + String.join(", ", INDICATORS.stream().map(i -> i + ": " + k).toList()) + "}\n";
      scoring.save(TestAccounts.ROOT, "33", YEAR, yaml, "benchmark " + run);
      // end to end: the new rules looked up, both sources' results read (from their cache: nothing else changed),
      // then every score, rank, total and what-if on them
      long t1 = System.nanoTime();
      Rules rules = scoring.rulesFor(survey.id());
      ScoringService.Inputs in = scoring.inputs(survey, rules);
      long t2 = System.nanoTime();
      // the scoring itself on those results: every score, rank and total, and a what-if per county and indicator
      List<ScoreRow> all = Scorer.score(rules, in.sources());
      List<CountyTotal> totals = Scorer.totals(all);
      int whatIfs = 0;
      for (String indicator : INDICATORS) {
        for (List<ScoreRow> county : WhatIf.forEveryCounty(rules, in.sources(), indicator, 1, 1).values()) {
          whatIfs += county.size();
        }
      }
      long t3 = System.nanoTime();
      service.add((t3 - t1) / 1_000);
      core.add((t3 - t2) / 1_000);
      // the service's own scores (what the page shows) are the same
      Scores s = scoring.scores(TestAccounts.ROOT, survey.id());
      rows = s.rows().size();
      assertThat(all).isEqualTo(s.rows());
      assertThat(totals).hasSize(90);
      assertThat(rows).isEqualTo(90 * 3 * 9);
      assertThat(whatIfs).isEqualTo(90 * 9 * 3);
    }
    long l = median(look);
    long c = median(core);
    long e = median(service);
    System.out.printf(Locale.ROOT, """
        scoring after a rule change (90 counties × 2 sources × 9 indicators: %d score rows with combined, 90 totals, \
        810 what-ifs; 200,000+ responses, household and intercept):
          results computation, both sources, first look after 1,000 new responses: %s µs, median %d µs
          scoring (scores, ranks, totals, 810 what-ifs) on those results: %s µs, median %d µs, ratio %.4f (target < 0.05)
          end to end (the new rules looked up, both sources' results read from their cache, all of the above): %s µs, median %d µs, ratio %.4f
        """, rows, look, l, core, c, (double) c / l, service, e, (double) e / l);
    assertThat((double) c / l).isLessThan(0.05);
  }

  static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  /** Responses numbered {@code from}..{@code to} over Zhejiang's 90 counties, household and intercept alternately. */
  void insert(Survey survey, long instrument, int from, int to) {
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, interviewer, flags, answers, review_status)
        select gen_random_uuid(), ?, ?, c.code, c.code, case when (g / 90) % 2 = 0 then 'household' else 'intercept' end,
               'complete', now(), 't-interviewer',
               case when g % 50 = 0 then '{speeder}'::text[] else '{}'::text[] end,
               jsonb_build_object('county', c.code, 'age', 16 + g % 70, 'hukou', (1 + g % 2)::text,
                 'q1', jsonb_build_array('1'), 'q2', (1 + g % 4)::text, 'q3', jsonb_build_array('1'),
                 'q4', (1 + (g / 3) % 4)::text, 'q5', jsonb_build_array('1'), 'q6', (1 + (g / 5) % 4)::text,
                 'q7', jsonb_build_array('1'), 'q8', (1 + (g / 7) % 4)::text, 'q9', (1 + (g * 7 + g / 90) % 4)::text,
                 'q10', jsonb_build_array('1', '2', '3'),
                 'q11', (select jsonb_agg(x::text) from generate_series(1, 1 + g % 14) x),
                 'q12', case when g % 3 = 0 then jsonb_build_array('7') else jsonb_build_array('1', '5') end,
                 'q13', (1 + g % 4)::text), 'pending'
          from generate_series(?, ?) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%') c on c.k = g % 90""")
        .params(survey.id(), instrument, from, to).update();
  }
}
