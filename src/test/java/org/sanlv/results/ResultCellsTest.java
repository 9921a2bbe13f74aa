package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
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
 * The cells kept at write time (V18) always equal the grouping of the responses themselves: after inserts,
 * updates that move a response between groups or out of the count, deletes, with deltas folded or not, and while
 * writers insert during a build.
 */
@IntegrationTest
class ResultCellsTest {

  @Autowired ResultsRepository repository;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  static final List<String> COLUMNS = List.of("q9", "q2", "q11", "q12");
  static final List<List<String>> SETS = List.of(List.of("q9"), List.of("q2"), List.of("q11"), List.of("q12"),
      List.of("q12", "q9"));
  static final Set<String> MULTIPLE = Set.of("q11", "q12");
  static final ResultsRepository.Keys KEYS = new ResultsRepository.Keys(false, "age", true,
      new int[] {16, 30, 45, 60, 75}, null);

  Survey survey;
  long instrument;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = Instant.parse("2026-10-18T16:00:00Z");
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-cells-" + System.nanoTime() % 1_000_000_000, "格子", instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
  }

  /** {@code count} responses of the survey numbered from {@code from}: modes, flags, odd ages and answers. */
  void insert(int from, int count) {
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        select gen_random_uuid(), ?, ?, c.code, c.code, case when g % 7 = 0 then 'phone' else 'online' end,
               case when g % 97 = 0 then 'in_progress' else 'complete' end, now(),
               case when g % 11 = 0 then '{speeder}'::text[] when g % 13 = 0 then '{speeder,burst}'::text[]
                    else '{}'::text[] end,
               jsonb_build_object('age', case when g % 31 = 0 then 'x' else (10 + g % 80)::text end,
                 'q2', (1 + g % 4)::text,
                 'q11', case when g % 17 = 0 then '"1"'::jsonb
                             else (select jsonb_agg(x::text) from generate_series(1, 1 + g % 5) x) end,
                 'q12', case when g % 3 = 0 then jsonb_build_array('7') else jsonb_build_array('1', '5') end)
                 || case when g % 19 = 0 then '{}'::jsonb else jsonb_build_object('q9', (1 + (g * 7) % 4)::text) end
          from generate_series(?, ?) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%' order by code limit 4) c on c.k = g % 4""")
        .params(survey.id(), instrument, from, from + count - 1).update();
  }

  List<ResultsRepository.Grouping> cells() {
    return repository.groups(survey.id(), COLUMNS, SETS, MULTIPLE, KEYS);
  }

  List<ResultsRepository.Grouping> direct() {
    return repository.groupedDirectly(survey.id(), COLUMNS, SETS, MULTIPLE, KEYS);
  }

  long specs() {
    return jdbc.sql("select count(*) from result_cell_spec where survey_id = ?").param(survey.id())
        .query(Long.class).single();
  }

  @Test
  void cellsFollowEveryInsertUpdateAndDelete() {
    insert(1, 1500);
    assertThat(specs()).isZero();
    same(cells(), direct());
    assertThat(specs()).isOne();
    long cellRows = jdbc.sql("select count(*) from result_cell c join result_cell_spec s on s.id = c.spec_id"
        + " where s.survey_id = ?").param(survey.id()).query(Long.class).single();
    assertThat(cellRows).isPositive();

    insert(1501, 500);
    same(cells(), direct());
    // a response moves between groups (flags, an answer), out of the count (rejected, review) and back in
    jdbc.sql("update response set flags = '{speeder}' where survey_id = ? and id % 5 = 0").param(survey.id())
        .update();
    jdbc.sql("update response set answers = answers || '{\"q9\": \"4\"}' where survey_id = ? and id % 9 = 0")
        .param(survey.id()).update();
    jdbc.sql("update response set status = 'rejected' where survey_id = ? and id % 23 = 0").param(survey.id())
        .update();
    jdbc.sql("update response set status = 'complete' where survey_id = ? and status = 'in_progress'")
        .param(survey.id()).update();
    jdbc.sql("update response set review_status = 'escalated' where survey_id = ? and id % 29 = 0")
        .param(survey.id()).update();
    jdbc.sql("delete from response where survey_id = ? and id % 37 = 0").param(survey.id()).update();
    assertThat(jdbc.sql("select count(*) from result_cell_delta d join result_cell_spec s on s.id = d.spec_id"
        + " where s.survey_id = ?").param(survey.id()).query(Long.class).single()).isPositive();

    // read while another node folds: the cells with the deltas not yet folded
    try (var c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (var st = c.createStatement()) {
        st.execute("select pg_advisory_xact_lock(7219, (select id from result_cell_spec where survey_id = "
            + survey.id() + ")::int)");
      }
      same(cells(), direct());
      c.rollback();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    same(cells(), direct());
    assertThat(jdbc.sql("select count(*) from result_cell_delta d join result_cell_spec s on s.id = d.spec_id"
        + " where s.survey_id = ?").param(survey.id()).query(Long.class).single()).isZero();
    assertThat(jdbc.sql("select count(*) from result_cell c join result_cell_spec s on s.id = c.spec_id"
        + " where s.survey_id = ? and c.n <= 0").param(survey.id()).query(Long.class).single()).isZero();

    // another set of indicators is another spec; the survey keeps its last few
    for (int k = 0; k < 5; k++) {
      List<List<String>> sets = List.of(List.of("q9"), List.of("q2"), List.of("q12").subList(0, 1));
      List<String> columns = k % 2 == 0 ? List.of("q9", "q2", "q12") : List.of("q2", "q9", "q12");
      ResultsRepository.Keys keys = new ResultsRepository.Keys(false, "age", true, new int[] {16, 20 + k}, null);
      same(repository.groups(survey.id(), columns, sets, MULTIPLE, keys),
          repository.groupedDirectly(survey.id(), columns, sets, MULTIPLE, keys));
    }
    assertThat(specs()).isEqualTo(4);
  }

  @Test
  void writersDuringABuildAreCountedOnce() throws Exception {
    insert(1, 1000);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int base = 100_000 * (w + 1);
      writers.add(pool.submit(() -> {
        int n = 0;
        while (!stop.get() && n < 200) {
          insert(base + n * 20, 20);
          if (n % 5 == 0) {
            jdbc.sql("update response set flags = '{burst}' where survey_id = ? and id % 50 = ?")
                .params(survey.id(), n % 50).update();
          }
          n++;
        }
        return n;
      }));
    }
    for (int k = 0; k < 6; k++) {
      jdbc.sql("""
          with gone as (delete from result_cell_spec where survey_id = ? returning id),
               cells as (delete from result_cell where spec_id in (select id from gone))
          delete from result_cell_delta where spec_id in (select id from gone)""").param(survey.id()).update();
      cells();
      Thread.sleep(30);
    }
    stop.set(true);
    int batches = 0;
    for (Future<Integer> f : writers) {
      batches += f.get();
    }
    pool.shutdown();
    assertThat(batches).isPositive();
    same(cells(), direct());
  }

  /** The same groups, in the same (canonical) order, with the same counts. */
  static void same(List<ResultsRepository.Grouping> a, List<ResultsRepository.Grouping> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int k = 0; k < a.size(); k++) {
      ResultsRepository.Grouping x = a.get(k);
      ResultsRepository.Grouping y = b.get(k);
      assertThat(x.set()).isEqualTo(y.set());
      assertThat(x.stratum()).isEqualTo(y.stratum());
      assertThat(x.mode()).isEqualTo(y.mode());
      assertThat(x.flags()).isEqualTo(y.flags());
      assertThat(x.age()).isEqualTo(y.age());
      assertThat(x.sex()).isEqualTo(y.sex());
      assertThat(x.field()).isEqualTo(y.field());
      assertThat(x.answers()).isEqualTo(y.answers());
      assertThat(x.count()).isEqualTo(y.count());
    }
  }
}
