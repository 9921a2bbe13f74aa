package org.sanlv.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger at a province's scale: 50 counties × 10 towns, 200 problems per town (100,000 problems over 2026, a
 * fifth resolved, a tenth closed with an answer, the rest assigned with deadlines, many overdue), inserted with SQL.
 * Times the province's and a county's statistics (one grouped query each), the province's first list page and a
 * county's overdue list. Median of 7 runs after 2 warm-ups. Run with
 * {@code ./mvnw -o test -Dtest=LedgerBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class LedgerBenchmark {

  static final int RUNS = 7;

  @Autowired LedgerService ledger;
  @Autowired JdbcClient jdbc;

  @Test
  void statisticsAndListsOfAProvince() {
    if (jdbc.sql("select count(*) from org_node where code = 'L9'").query(Long.class).single() == 0) {
      long t0 = System.nanoTime();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select 'L9', '台账基准省', 'province', id, path || 'L9/' from org_node where level = 'root'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select 'L9M', '台账基准市', 'city', id, path || 'L9M/' from org_node where code = 'L9'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select 'L9C' || lpad(c::text, 2, '0'), '基准县' || c, 'county', p.id, p.path || 'L9C' || lpad(c::text, 2, '0') || '/'
          from org_node p, generate_series(1, 50) c where p.code = 'L9M'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select p.code || 'T' || lpad(t::text, 2, '0'), p.name || '镇' || t, 'town', p.id,
                 p.path || p.code || 'T' || lpad(t::text, 2, '0') || '/'
          from org_node p, generate_series(1, 10) t where p.level = 'county' and p.code like 'L9C%'""").update();
      jdbc.sql("""
          insert into ledger_problem (area_code, source, category, description, resident_name, resident_phone,
            recorded_by, recorded_at, status, assignee, owner_code, deadline, assigned_at, resolution, resolved_by,
            resolved_at, satisfaction, closed_by, closed_at, updated_at)
          select t.code, 'visit', (array['public-order','fraud','fire','traffic','food-drugs','environment','disputes',
                 'other'])[1 + i % 8], '基准问题', '张三', '13812345678', 'admin', r.at,
                 case when i % 10 = 0 then 'closed' when i % 5 = 0 then 'resolved' else 'assigned' end,
                 'bench', t.code, (r.at + interval '10 days')::date, r.at,
                 case when i % 5 = 0 then '已处理' end, case when i % 5 = 0 then 'bench' end,
                 case when i % 5 = 0 then r.at + interval '3 days' end,
                 case when i % 10 = 0 then (array['satisfied','basically-satisfied','dissatisfied','unreachable',
                   'declined'])[1 + i % 5] end,
                 case when i % 10 = 0 then 'closer' end, case when i % 10 = 0 then r.at + interval '5 days' end, r.at
          from org_node t cross join generate_series(1, 200) i
          cross join lateral (select timestamptz '2026-01-01 00:00+08' + ((i * 37 + length(t.code)) % 330) * interval '1 day'
                              as at) r
          where t.level = 'town' and t.code like 'L9C%'""").update();
      System.out.printf("ledger benchmark: 100,000 problems inserted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      jdbc.sql("analyze ledger_problem").update();
    }
    String path = jdbc.sql("select path from org_node where code = 'L9'").query(String.class).single();
    Scope province = new Scope("admin", Role.PROVINCE_ADMIN, "L9", path);
    Scope county = new Scope("admin", Role.COUNTY_ADMIN, "L9C07", path + "L9M/L9C07/");
    Locale zh = Locale.SIMPLIFIED_CHINESE;
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    report("province statistics (50 counties × 12 months × 8 categories)",
        () -> ledger.statistics(province, null, from, to, zh).cells().size());
    report("county statistics (10 towns × 12 months × 8 categories)",
        () -> ledger.statistics(county, null, from, to, zh).cells().size());
    report("province list, first page of 50",
        () -> ledger.problems(province, ProblemFilter.all(), zh).size());
    Scope town = new Scope("admin", Role.TOWN_OFFICER, "L9C07T03", path + "L9M/L9C07/L9C07T03/");
    report("town list (200 problems), first page of 50", () -> ledger.problems(town, ProblemFilter.all(), zh).size());
    report("town list of one category and status (about 20), first page",
        () -> ledger.problems(town, new ProblemFilter(null, null, null, "resolved", "fraud", null, null, null, 0), zh)
            .size());
    report("county overdue list, first page of 50", () -> ledger.problems(county,
        new ProblemFilter(null, null, null, null, null, true, null, null, 0), zh).size());
  }

  private static void report(String what, Supplier<Integer> run) {
    List<Double> ms = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < RUNS + 2; i++) {
      long t0 = System.nanoTime();
      size = run.get();
      if (i >= 2) {
        ms.add((System.nanoTime() - t0) / 1e6);
      }
    }
    Collections.sort(ms);
    System.out.printf("ledger benchmark: %s: median %.1f ms (min %.1f, max %.1f) over %d runs, %d rows%n", what,
        ms.get(RUNS / 2), ms.get(0), ms.get(RUNS - 1), RUNS, size);
  }
}
