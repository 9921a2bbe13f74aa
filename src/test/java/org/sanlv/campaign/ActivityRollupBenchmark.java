package org.sanlv.campaign;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The roll-up of one month's activity reports for a whole province: 100 counties × 14 towns (1,400 towns) × 10
 * units below each town, every town and unit with a report (15,400 reports), inserted with SQL. Times the county
 * page's and the province page's query ({@link ActivityReportRepository#rollup}, one grouped query each) against one
 * {@code SELECT sum(…) GROUP BY} over the same month's rows in the same run (target ≤ 3 ×). Median of 7 runs after
 * 2 warm-ups. Run with {@code ./mvnw -o test -Dtest=ActivityRollupBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class ActivityRollupBenchmark {

  static final int RUNS = 7;

  @Autowired ActivityReportRepository repository;
  @Autowired JdbcClient jdbc;

  @Test
  void rollUpOfAProvince() {
    String root = jdbc.sql("select path from org_node where level = 'root'").query(String.class).single();
    if (jdbc.sql("select count(*) from org_node where code = 'B9'").query(Long.class).single() == 0) {
      long t0 = System.nanoTime();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select 'B9', '基准省', 'province', id, path || 'B9/' from org_node where level = 'root'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select 'B9C' || lpad(c::text, 3, '0'), '基准县' || c, 'county', p.id, p.path || 'B9C' || lpad(c::text, 3, '0') || '/'
          from org_node p, generate_series(1, 100) c where p.code = 'B9'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, parent_id, path)
          select p.code || 'T' || lpad(t::text, 2, '0'), p.name || '镇' || t, 'town', p.id,
                 p.path || p.code || 'T' || lpad(t::text, 2, '0') || '/'
          from org_node p, generate_series(1, 14) t where p.level = 'county' and p.code like 'B9C%'""").update();
      jdbc.sql("""
          insert into org_node (code, name, level, unit_type, parent_id, path)
          select p.code || 'U' || lpad(u::text, 2, '0'), p.name || '单位' || u, 'unit', 'department', p.id,
                 p.path || p.code || 'U' || lpad(u::text, 2, '0') || '/'
          from org_node p, generate_series(1, 10) u where p.level = 'town' and p.code like 'B9C%'""").update();
      long campaign = jdbc.sql("""
          insert into campaign (area_code, year, name, starts_on, ends_on, created_by)
          values ('B9', 2026, '基准活动', date '2026-09-01', date '2026-12-31', 'admin') returning id""")
          .query(Long.class).single();
      // every town and unit reports; one in ten is missing (a draft), one in seven late
      jdbc.sql("""
          insert into activity_report (campaign_id, unit_code, month, status, households_visited, materials_handed_out,
            banners, boards_and_screens, wechat_posts, sms_sent, mock_questionnaires, volunteer_activities,
            first_submitted_at, created_by, updated_at)
          select ?, n.code, date '2026-10-01', case when n.id % 10 = 0 then 'draft' else 'submitted' end,
                 n.id % 200, n.id % 500, n.id % 7, n.id % 3, n.id % 5, n.id % 3000, n.id % 100, n.id % 4,
                 case when n.id % 10 = 0 then null when n.id % 7 = 0 then timestamptz '2026-10-27 10:00+08'
                      else timestamptz '2026-10-20 10:00+08' end, 'admin', now()
          from org_node n where n.path like ? || 'B9/%' and n.level in ('town', 'unit')""")
          .params(campaign, root).update();
      jdbc.sql("vacuum analyze activity_report").update();
      jdbc.sql("vacuum analyze org_node").update();
      System.out.printf("inserted 100 counties, 1,400 towns, 14,000 units and their reports in %.1f s%n",
          (System.nanoTime() - t0) / 1e9);
    }
    long campaign = jdbc.sql("select id from campaign where area_code = 'B9' and name = '基准活动'").query(Long.class)
        .single();
    String province = root + "B9/";
    String county = province + "B9C050/";
    YearMonth month = YearMonth.of(2026, 10);
    Instant due = ActivityReportService.endOf(java.time.LocalDate.of(2026, 10, 25));
    long rows = jdbc.sql("select count(*) from activity_report where campaign_id = ?").param(campaign)
        .query(Long.class).single();

    List<Long> base = new ArrayList<>();
    List<Long> countyPage = new ArrayList<>();
    List<Long> provincePage = new ArrayList<>();
    for (int run = 0; run < RUNS + 2; run++) {
      long t = System.nanoTime();
      int groups = jdbc.sql("""
          select unit_code, sum(households_visited), sum(materials_handed_out), sum(banners), sum(boards_and_screens),
                 sum(wechat_posts), sum(sms_sent), sum(mock_questionnaires), sum(volunteer_activities)
          from activity_report where campaign_id = ? and month = ? group by unit_code""")
          .params(campaign, month.atDay(1)).query((rs, i) -> rs.getString(1)).list().size();
      long b = System.nanoTime() - t;
      t = System.nanoTime();
      var c = repository.rollup(campaign, province, county, month, due);
      long cp = System.nanoTime() - t;
      t = System.nanoTime();
      var p = repository.rollup(campaign, province, province, month, due);
      long pp = System.nanoTime() - t;
      if (run >= 2) {
        base.add(b);
        countyPage.add(cp);
        provincePage.add(pp);
      }
      if (run == 0) {
        System.out.printf("rows %d, groups %d; county page %d rows (%d units), province page %d rows (%d units, "
            + "%d missing, %d late)%n", rows, groups, c.size(), c.stream().mapToLong(ActivityRollup.Row::units).sum(),
            p.size(), p.stream().mapToLong(ActivityRollup.Row::units).sum(),
            p.stream().mapToLong(ActivityRollup.Row::missing).sum(), p.stream().mapToLong(ActivityRollup.Row::late).sum());
      }
    }
    double b = median(base);
    System.out.printf("SELECT sum(…) GROUP BY unit over the month's %d rows: %.1f ms%n", rows, b / 1e6);
    System.out.printf("county page roll-up: %.1f ms (%.2f ×)%n", median(countyPage) / 1e6, median(countyPage) / b);
    System.out.printf("province page roll-up: %.1f ms (%.2f ×)%n", median(provincePage) / 1e6,
        median(provincePage) / b);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
