package org.sanlv.campaign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.sanlv.TestAccounts;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A campaign of 上虞区 with quiz completions in and around its dates, for the quiz panel's tests. */
public final class CampaignQuizPanelFixture {

  private CampaignQuizPanelFixture() {}

  /** A year no other test's campaigns or completions use. */
  public static final int YEAR = 2019;
  public static final String DEVICE_PREFIX = "t-panel-";
  /** 百官街道 and a second town of 上虞区. */
  public static final String OTHER_TOWN = "330604002";

  /**
   * A 2019 campaign of 上虞区 (1 Oct – 31 Dec) and completions: 3 in 百官街道 (one at 23:59 China time on the last
   * day), 2 in the second town, 1 on the county's own link, and 2 outside the dates (the day before, and 00:00 China
   * time on the day after) that must not count. Idempotent.
   */
  public static long campaignWithCompletions(JdbcClient jdbc) {
    jdbc.sql("delete from quiz_completion where device_hash like ?").param(DEVICE_PREFIX + "%").update();
    Long id = jdbc.sql("select id from campaign where area_code = ? and year = ? and name = '答题面板测试' limit 1")
        .params(TestAccounts.SHANGYU, YEAR).query(Long.class).optional().orElse(null);
    if (id == null) {
      id = jdbc.sql("""
          insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
          values (?, ?, '答题面板测试', null, date '2019-10-01', date '2019-12-31', 'admin') returning id""")
          .params(TestAccounts.SHANGYU, YEAR).query(Long.class).single();
    }
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("2019-10-01T00:00:00+08:00", TestAccounts.BAIGUAN);
    rows.put("2019-11-15T10:00:00+08:00", TestAccounts.BAIGUAN);
    rows.put("2019-12-31T23:59:00+08:00", TestAccounts.BAIGUAN);
    rows.put("2019-10-20T09:00:00+08:00", OTHER_TOWN);
    rows.put("2019-10-21T09:00:00+08:00", OTHER_TOWN);
    rows.put("2019-11-01T09:00:00+08:00", TestAccounts.SHANGYU);
    rows.put("2019-09-30T23:59:00+08:00", TestAccounts.BAIGUAN);
    rows.put("2020-01-01T00:00:00+08:00", TestAccounts.BAIGUAN);
    int n = 0;
    for (Map.Entry<String, String> r : rows.entrySet()) {
      jdbc.sql("""
          insert into quiz_completion (idempotency_key, year, device_hash, network_hash, area_code, edition_id,
            questions, correct, completed_at)
          values (?, ?, ?, null, ?, null, 15, 12, ?::timestamptz)""")
          .params(UUID.randomUUID(), r.getKey().startsWith("2020") ? 2020 : 2019, DEVICE_PREFIX + (n++), r.getValue(),
              r.getKey()).update();
    }
    return id;
  }

  /** Devices of {@link #campaignWithBursts}: not under {@link #DEVICE_PREFIX}, which the other fixture clears. */
  public static final String BURST_DEVICE_PREFIX = "t-burst-panel-";

  /**
   * A 2018 campaign of 上虞区 (1 Oct – 31 Dec) whose completions include bursts: 百官街道 5 (3 of them flagged as a
   * burst from one network), the second town 2 (none flagged). Idempotent.
   */
  public static long campaignWithBursts(JdbcClient jdbc) {
    jdbc.sql("delete from quiz_completion where device_hash like ?").param(BURST_DEVICE_PREFIX + "%").update();
    Long id = jdbc.sql("select id from campaign where area_code = ? and year = 2018 and name = '答题批量测试' limit 1")
        .param(TestAccounts.SHANGYU).query(Long.class).optional().orElse(null);
    if (id == null) {
      id = jdbc.sql("""
          insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
          values (?, 2018, '答题批量测试', null, date '2018-10-01', date '2018-12-31', 'admin') returning id""")
          .param(TestAccounts.SHANGYU).query(Long.class).single();
    }
    String[][] rows = {
        {TestAccounts.BAIGUAN, "false"}, {TestAccounts.BAIGUAN, "false"}, {TestAccounts.BAIGUAN, "true"},
        {TestAccounts.BAIGUAN, "true"}, {TestAccounts.BAIGUAN, "true"}, {OTHER_TOWN, "false"}, {OTHER_TOWN, "false"}};
    for (int n = 0; n < rows.length; n++) {
      jdbc.sql("""
          insert into quiz_completion (idempotency_key, year, device_hash, network_hash, area_code, edition_id,
            questions, correct, completed_at, burst)
          values (?, 2018, ?, 'net-burst-panel', ?, null, 15, 15, ?::timestamptz, ?)""")
          .params(UUID.randomUUID(), BURST_DEVICE_PREFIX + n, rows[n][0], "2018-11-20T21:0" + n + ":00+08:00",
              Boolean.parseBoolean(rows[n][1])).update();
    }
    return id;
  }
}
