package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.estimation.Estimate;
import org.sanlv.indicator.IndicatorService;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The responses grouped in page ranges on parallel connections (what a large response table gets) give the same
 * groups and counts, and the same results, as one query over the whole table.
 */
@IntegrationTest
class SplitGroupingTest {

  @Autowired ResultsService results;
  @Autowired ResultsRepository repository;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired IndicatorService indicators;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void pageRangesOnParallelConnectionsGiveTheSameGroupsAndResultsAsOneQuery() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = Instant.parse("2026-10-18T16:00:00Z");
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-split-" + System.nanoTime() % 1_000_000_000, "分段分组", instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    // 6,000 responses over 6 counties, spread over many pages, with flags, ages, a missing answer and odd arrays
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        select gen_random_uuid(), ?, ?, c.code, c.code, case when g % 7 = 0 then 'phone' else 'online' end,
               case when g % 97 = 0 then 'in_progress' else 'complete' end, now(),
               case when g % 11 = 0 then '{speeder}'::text[] when g % 13 = 0 then '{speeder,burst}'::text[]
                    else '{}'::text[] end,
               jsonb_build_object('age', case when g % 31 = 0 then 'x' else (10 + g % 80)::text end,
                 'q2', (1 + g % 4)::text, 'q4', (1 + (g / 3) % 4)::text, 'q6', (1 + (g / 5) % 4)::text,
                 'q8', (1 + (g / 7) % 4)::text, 'q13', (1 + g % 4)::text,
                 'q11', case when g % 17 = 0 then '"1"'::jsonb
                             else (select jsonb_agg(x::text) from generate_series(1, 1 + g % 14) x) end,
                 'q12', case when g % 3 = 0 then jsonb_build_array('7') else jsonb_build_array('1', '5') end)
                 || case when g % 19 = 0 then '{}'::jsonb else jsonb_build_object('q9', (1 + (g * 7) % 4)::text) end
          from generate_series(1, 6000) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%' order by code limit 6) c on c.k = g % 6""")
        .params(survey.id(), instrument).update();
    jdbc.sql("analyze response").update();
    ResultsRepository split = new ResultsRepository(jdbc, dataSource, transactions, 0, 20_000);

    List<String> columns = List.of("q9", "q2", "q13", "q11", "q12");
    List<List<String>> sets = List.of(List.of("q9"), List.of("q2"), List.of("q13"), List.of("q11"),
        List.of("q12"), List.of("q13", "q9"));
    ResultsRepository.Keys keys = new ResultsRepository.Keys(false, "age", true, new int[] {16, 30, 45, 60, 75},
        null);
    List<ResultsRepository.Grouping> one = repository.groupedDirectly(survey.id(), columns, sets,
        Set.of("q11", "q12"), keys);
    List<ResultsRepository.Grouping> parts = split.groupedDirectly(survey.id(), columns, sets, Set.of("q11", "q12"),
        keys);
    assertThat(parts).hasSameSizeAs(one);
    for (int k = 0; k < one.size(); k++) {
      assertThat(parts.get(k).set()).isEqualTo(one.get(k).set());
      assertThat(counted(parts.get(k))).isEqualTo(counted(one.get(k)));
      assertThat(Arrays.stream(one.get(k).count()).sum()).isEqualTo(6000 - 6000 / 97);
    }

    // the age bands put in Java are those PostgreSQL's width_bucket gave per row before
    Map<String, Long> byBand = new HashMap<>();
    jdbc.sql("""
        select width_bucket(case when answers->>'age' ~ '^[0-9]{1,3}$' then (answers->>'age')::int end,
                            '{16,30,45,60,75}'::int[])::text, count(*)
          from response where survey_id = ? and status = 'complete' group by 1""").param(survey.id())
        .query(rs -> {
          byBand.put(rs.getString(1), rs.getLong(2));
        });
    for (ResultsRepository.Grouping g : List.of(one.get(0), parts.get(0))) {
      Map<String, Long> counts = new HashMap<>();
      for (int i = 0; i < g.size(); i++) {
        counts.merge(g.age()[i], g.count()[i], Long::sum);
      }
      assertThat(counts).isEqualTo(byBand);
    }
    assertThat(byBand).containsKeys("0", "1", "5", null);

    ResultsService viaParts = new ResultsService(split, surveys, instruments, org, indicators);
    // each builds the survey's cells: in parts (in the snapshot the build's locked connection exports), then whole
    ResultsService.Results b = viaParts.results(TestAccounts.ROOT, survey.id());
    jdbc.sql("delete from result_cell_spec where survey_id = ?").param(survey.id()).update();
    ResultsService.Results a = results.results(TestAccounts.ROOT, survey.id());
    assertThat(b.responses()).isEqualTo(a.responses());
    assertThat(b.flagged()).isEqualTo(a.flagged());
    assertThat(a.all()).isNotEmpty();
    for (int i = 0; i < a.all().size(); i++) {
      same(b.all().get(i).overall(), a.all().get(i).overall());
      same(b.unflagged().get(i).overall(), a.unflagged().get(i).overall());
      for (int j = 0; j < a.all().get(i).rows().size(); j++) {
        same(b.all().get(i).rows().get(j).estimate(), a.all().get(i).rows().get(j).estimate());
      }
    }
  }

  /** A grouping as a map from its rows (design keys and answers) to their counts: the order of rows aside. */
  private static Map<List<Object>, Long> counted(ResultsRepository.Grouping g) {
    Map<List<Object>, Long> out = new HashMap<>();
    for (int i = 0; i < g.size(); i++) {
      List<Object> key = new ArrayList<>(List.of(g.stratum()[i], g.mode()[i], List.of(g.flags()[i])));
      key.add(g.age()[i]);
      key.add(g.sex()[i]);
      key.addAll(Arrays.asList(g.answers()[i]));
      out.merge(key, g.count()[i], Long::sum);
    }
    return out;
  }

  private static void same(Estimate b, Estimate a) {
    assertThat(b.domain()).isEqualTo(a.domain());
    assertThat(b.n()).isEqualTo(a.n());
    assertThat(rel(b.estimate(), a.estimate())).as(a.domain()).isLessThan(1e-12);
    // a variance at the noise level (a rate constant within every stratum: SE ~1e-18) is rounding, not a number
    assertThat(Math.abs(b.standardError() - a.standardError())).as(a.domain())
        .isLessThanOrEqualTo(1e-12 * Math.abs(a.standardError()) + 1e-15);
  }

  private static double rel(double x, double y) {
    return x == y ? 0 : Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);
  }
}
