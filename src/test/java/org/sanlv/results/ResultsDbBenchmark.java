package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 6: the results page's computation for a survey with 1,000,000 stored responses (90 counties, all default
 * indicators, with and without flagged responses) against {@code COPY (SELECT <the answer columns it needs>) TO
 * '/dev/null'} of the same query in the same run. Run:
 * {@code ./mvnw -o test -Dtest=ResultsDbBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class ResultsDbBenchmark {

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
    Instant opens = Instant.parse("2026-10-18T16:00:00Z");
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-bench-results-" + System.nanoTime() % 100000,
        "benchmark", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    long start = System.nanoTime();
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
          from generate_series(1, 1000000) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%') c on c.k = g % 90""")
        .params(survey.id(), instrument).update();
    System.out.printf("inserted 1,000,000 responses in %.1f s%n", (System.nanoTime() - start) / 1e9);
    jdbc.sql("vacuum analyze response").update();
    String sql = results.querySql(TestAccounts.ROOT, survey.id()).replace("?", String.valueOf(survey.id()));
    List<Long> page = new ArrayList<>();
    List<Long> copy = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      jdbc.sql("copy (" + sql + ") to '/dev/null'").update();
      copy.add((System.nanoTime() - t0) / 1_000_000);
      System.gc();
      long t1 = System.nanoTime();
      ResultsService.Results r = results.results(TestAccounts.ROOT, survey.id());
      page.add((System.nanoTime() - t1) / 1_000_000);
      assertThat(r.responses()).isEqualTo(1_000_000);
      assertThat(r.all()).isNotEmpty();
      assertThat(r.all().get(0).rows()).hasSize(90);
    }
    long p = page.stream().sorted().toList().get(1);
    long c = copy.stream().sorted().toList().get(1);
    System.out.printf(Locale.ROOT, """
        results of 1,000,000 stored responses (90 counties, %d indicators, with and without flagged):
          results computation: %s ms, median %d ms
          COPY (the same SELECT) TO '/dev/null': %s ms, median %d ms
          ratio %.2f (target ≤ 3)
        """, results.results(TestAccounts.ROOT, survey.id()).all().size(), page, p, copy, c, (double) p / c);
  }
}
