package org.sanlv.campaign;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the quotas: campaigns and towns read from V27 and the org tree, quotas and reports from V30. */
@Repository
class QuotaRepository {

  /** The campaign a quota board is of, with its area's name and tree path (for the scope). */
  record CampaignRow(long id, String name, int year, String areaCode, String areaName, String areaPath,
      LocalDate startsOn, LocalDate endsOn) {}

  /**
   * A town under the campaign's area with the figures its quotas are computed from. {@code villages} is the
   * imported count, or when none was imported the village/community nodes under the town; null when neither exists.
   */
  record TownRow(String code, String name, String path, String countyCode, String countyName, Long villages,
      Long population, Long households) {}

  /** The latest reported figure of a town for one period of a quota. */
  record ReportRow(String townCode, String quota, LocalDate periodStart, long value, String reportedBy,
      Instant reportedAt) {}

  private final JdbcClient jdbc;

  QuotaRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<CampaignRow> campaign(long id) {
    return jdbc.sql("""
        select c.id, c.name, c.year, c.area_code, n.name as area_name, n.path, c.starts_on, c.ends_on
        from campaign c join org_node n on n.code = c.area_code where c.id = ?""")
        .param(id)
        .query((rs, i) -> new CampaignRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class)))
        .optional();
  }

  /** The towns under {@code areaPath} that lie inside {@code scopePath}, by county then code. */
  List<TownRow> towns(String areaPath, String scopePath) {
    return jdbc.sql("""
        select t.code, t.name, t.path, p.code, p.name,
               coalesce(t.villages::bigint,
                        nullif((select count(*) from org_node v where v.parent_id = t.id and v.level = 'village'), 0)),
               t.population, t.households
        from org_node t join org_node p on p.id = t.parent_id
        where t.level = 'town' and t.path like ? || '%' and t.path like ? || '%'
        order by p.code, t.code""")
        .params(areaPath, scopePath)
        .query((rs, i) -> new TownRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), (Long) rs.getObject(6), (Long) rs.getObject(7), (Long) rs.getObject(8)))
        .list();
  }

  List<Quota> quotas(long campaignId) {
    return jdbc.sql("""
        select quota, cadence, ratio, starts_on, ends_on from campaign_quota where campaign_id = ?""")
        .param(campaignId)
        .query((rs, i) -> new Quota(campaignId, Quota.Kind.of(rs.getString(1)).orElseThrow(),
            Quota.Cadence.fromDb(rs.getString(2)), rs.getBigDecimal(3).stripTrailingZeros(),
            rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class)))
        .list();
  }

  /** Writes the defaults of a campaign that has no quotas yet; a concurrent first reader inserts nothing twice. */
  void insertDefaults(List<Quota> quotas, String by) {
    for (Quota q : quotas) {
      jdbc.sql("""
          insert into campaign_quota (campaign_id, quota, cadence, ratio, starts_on, ends_on, updated_by)
          values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
          .params(q.campaignId(), q.kind().code(), q.cadence().dbValue(), q.ratio(), q.startsOn(), q.endsOn(), by)
          .update();
    }
  }

  void update(long campaignId, Quota.Kind kind, BigDecimal ratio, LocalDate startsOn, LocalDate endsOn, String by,
      Instant at) {
    jdbc.sql("""
        update campaign_quota set ratio = ?, starts_on = ?, ends_on = ?, updated_by = ?, updated_at = ?
        where campaign_id = ? and quota = ?""")
        .params(ratio, startsOn, endsOn, by, Timestamp.from(at), campaignId, kind.code())
        .update();
  }

  /** The latest figure per town, quota and period, of the towns inside {@code scopePath}. */
  List<ReportRow> latestReports(long campaignId, String scopePath) {
    return jdbc.sql("""
        select distinct on (r.town_code, r.quota, r.period_start)
               r.town_code, r.quota, r.period_start, r.value, r.reported_by, r.reported_at
        from campaign_quota_report r join org_node t on t.code = r.town_code
        where r.campaign_id = ? and t.path like ? || '%'
        order by r.town_code, r.quota, r.period_start, r.id desc""")
        .params(campaignId, scopePath)
        .query((rs, i) -> new ReportRow(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
            rs.getLong(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
        .list();
  }

  void insertReport(long campaignId, Quota.Kind kind, String townCode, LocalDate periodStart, long value, String by,
      Instant at) {
    jdbc.sql("""
        insert into campaign_quota_report (campaign_id, quota, town_code, period_start, value, reported_by, reported_at)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(campaignId, kind.code(), townCode, periodStart, value, by, Timestamp.from(at))
        .update();
  }

  /** How many figures were ever reported for this town, quota and period (the history of corrections). */
  long reportCount(long campaignId, Quota.Kind kind, String townCode, LocalDate periodStart) {
    return jdbc.sql("""
        select count(*) from campaign_quota_report
        where campaign_id = ? and quota = ? and town_code = ? and period_start = ?""")
        .params(campaignId, kind.code(), townCode, periodStart).query(Long.class).single();
  }
}
