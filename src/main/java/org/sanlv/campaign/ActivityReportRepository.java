package org.sanlv.campaign;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.campaign.ActivityReport.Counts;
import org.sanlv.campaign.ActivityReport.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the monthly activity reports: one query per question, the roll-up one grouped query per page. */
@Repository
class ActivityReportRepository {

  /** How many missing or late units' names a roll-up row lists. */
  static final int NAMES_SHOWN = 30;

  private final JdbcClient jdbc;

  ActivityReportRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The campaign with its area's path (read here until the campaign module's API answers it). */
  record CampaignRow(long id, String areaCode, String areaName, String areaPath, int year, String name,
      LocalDate startsOn, LocalDate endsOn) {}

  record UnitRow(String code, String name, String path, String level) {}

  Optional<CampaignRow> campaign(long id) {
    return jdbc.sql("""
        select c.id, c.area_code, n.name, n.path, c.year, c.name, c.starts_on, c.ends_on
        from campaign c join org_node n on n.code = c.area_code where c.id = ?""").param(id)
        .query((rs, i) -> new CampaignRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getInt(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class)))
        .optional();
  }

  Optional<String> campaignPath(long id) {
    return jdbc.sql("select n.path from campaign c join org_node n on n.code = c.area_code where c.id = ?")
        .param(id).query(String.class).optional();
  }

  Optional<String> reportPath(long id) {
    return jdbc.sql("select n.path from activity_report r join org_node n on n.code = r.unit_code where r.id = ?")
        .param(id).query(String.class).optional();
  }

  Optional<UnitRow> node(String code) {
    return jdbc.sql("select code, name, path, level from org_node where code = ?").param(code)
        .query((rs, i) -> new UnitRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional();
  }

  /** The due dates set for the campaign; empty when it uses the default. */
  Map<YearMonth, LocalDate> dueDates(long campaignId) {
    Map<YearMonth, LocalDate> dues = new java.util.TreeMap<>();
    jdbc.sql("select month, due_on from activity_report_due where campaign_id = ? order by month").param(campaignId)
        .query((rs, i) -> dues.put(YearMonth.from(rs.getObject(1, LocalDate.class)), rs.getObject(2, LocalDate.class)))
        .list();
    return dues;
  }

  void replaceDueDates(long campaignId, Map<YearMonth, LocalDate> dues) {
    jdbc.sql("delete from activity_report_due where campaign_id = ?").param(campaignId).update();
    dues.forEach((m, d) -> jdbc.sql("insert into activity_report_due (campaign_id, month, due_on) values (?, ?, ?)")
        .params(campaignId, m.atDay(1), d).update());
  }

  private static final String COLUMNS = """
      r.id, r.campaign_id, r.unit_code, n.name, r.month, r.status, r.households_visited, r.materials_handed_out,
      r.banners, r.boards_and_screens, r.wechat_posts, r.sms_sent, r.mock_questionnaires, r.volunteer_activities,
      r.other, r.description, r.file_ids, r.first_submitted_at, r.submitted_by, r.return_comment, r.reviewed_by,
      r.reviewed_at, r.created_by, r.version""";

  record Stored(ActivityReport report, int version) {}

  Optional<Stored> find(long campaignId, String unit, YearMonth month, boolean forUpdate) {
    return jdbc.sql("select " + COLUMNS + " from activity_report r join org_node n on n.code = r.unit_code"
        + " where r.campaign_id = ? and r.unit_code = ? and r.month = ?" + (forUpdate ? " for update of r" : ""))
        .params(campaignId, unit, month.atDay(1)).query(ActivityReportRepository::stored).optional();
  }

  Optional<Stored> find(long id, boolean forUpdate) {
    return jdbc.sql("select " + COLUMNS + " from activity_report r join org_node n on n.code = r.unit_code"
        + " where r.id = ?" + (forUpdate ? " for update of r" : "")).param(id)
        .query(ActivityReportRepository::stored).optional();
  }

  private static Stored stored(ResultSet rs, int i) throws SQLException {
    Array files = rs.getArray(17);
    List<Long> ids = files == null ? List.of() : Arrays.asList((Long[]) files.getArray());
    Counts counts = new Counts(rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
        rs.getInt(13), rs.getInt(14), rs.getString(15), rs.getString(16), ids);
    ActivityReport report = new ActivityReport(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
        YearMonth.from(rs.getObject(5, LocalDate.class)), null, Status.fromDb(rs.getString(6)), counts,
        instant(rs.getTimestamp(18)), rs.getString(19), rs.getString(20), rs.getString(21), instant(rs.getTimestamp(22)),
        rs.getString(23), List.of());
    return new Stored(report, rs.getInt(24));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  long insert(long campaignId, String unit, YearMonth month, Status status, Counts c, String actor, Instant now,
      boolean submit) {
    return jdbc.sql("""
        insert into activity_report (campaign_id, unit_code, month, status, households_visited, materials_handed_out,
          banners, boards_and_screens, wechat_posts, sms_sent, mock_questionnaires, volunteer_activities, other,
          description, file_ids, first_submitted_at, submitted_by, created_by, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::bigint[], ?, ?, ?, ?) returning id""")
        .params(campaignId, unit, month.atDay(1), status.dbValue(), c.householdsVisited(), c.materialsHandedOut(),
            c.banners(), c.boardsAndScreens(), c.wechatPosts(), c.smsSent(), c.mockQuestionnaires(),
            c.volunteerActivities(), c.other(), c.description(), array(c.fileIds()),
            submit ? Timestamp.from(now) : null, submit ? actor : null, actor, Timestamp.from(now))
        .query(Long.class).single();
  }

  void update(long id, Status status, Counts c, String actor, Instant now, boolean submit) {
    jdbc.sql("""
        update activity_report set status = ?, households_visited = ?, materials_handed_out = ?, banners = ?,
          boards_and_screens = ?, wechat_posts = ?, sms_sent = ?, mock_questionnaires = ?, volunteer_activities = ?,
          other = ?, description = ?, file_ids = ?::bigint[],
          first_submitted_at = case when ? then coalesce(first_submitted_at, ?) else first_submitted_at end,
          submitted_by = case when ? then ? else submitted_by end,
          updated_at = ?, version = version + 1
        where id = ?""")
        .params(status.dbValue(), c.householdsVisited(), c.materialsHandedOut(), c.banners(), c.boardsAndScreens(),
            c.wechatPosts(), c.smsSent(), c.mockQuestionnaires(), c.volunteerActivities(), c.other(), c.description(),
            array(c.fileIds()), submit, Timestamp.from(now), submit, actor, Timestamp.from(now), id)
        .update();
  }

  void review(long id, Status status, String comment, String actor, Instant now) {
    jdbc.sql("""
        update activity_report set status = ?, return_comment = coalesce(?, return_comment), reviewed_by = ?,
          reviewed_at = ?, updated_at = ?, version = version + 1 where id = ?""")
        .params(status.dbValue(), comment, actor, Timestamp.from(now), Timestamp.from(now), id).update();
  }

  void history(long reportId, Instant at, String actor, String action, String changesJson, String comment) {
    jdbc.sql("""
        insert into activity_report_history (report_id, at, actor, action, changes, comment)
        values (?, ?, ?, ?, ?::jsonb, ?)""")
        .params(reportId, Timestamp.from(at), actor, action, changesJson, comment).update();
  }

  List<ActivityReport.Change> history(long reportId) {
    return jdbc.sql("""
        select at, actor, action, changes::text, comment from activity_report_history where report_id = ? order by id""")
        .param(reportId).query((rs, i) -> new ActivityReport.Change(rs.getTimestamp(1).toInstant(), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5))).list();
  }

  /** The file ids among {@code ids} that exist and belong to the subtree at {@code path}. */
  List<Long> filesInSubtree(List<Long> ids, String path) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("""
        select f.id from stored_file f join org_node n on n.code = f.area_code
        where f.id = any(?::bigint[]) and n.path like ? || '%'""").params(array(ids), path)
        .query(Long.class).list();
  }

  private static String array(List<Long> ids) {
    StringBuilder sb = new StringBuilder("{");
    for (Long id : ids) {
      sb.append(sb.length() > 1 ? "," : "").append(id);
    }
    return sb.append('}').toString();
  }

  /**
   * The roll-up: every responsible unit of the campaign (towns/streets and units below its area) inside the viewed
   * area, its report of the month if any, grouped by the viewed area's child on the unit's path — one query.
   */
  List<ActivityRollup.Row> rollup(long campaignId, String campaignPath, String viewPath, YearMonth month,
      Instant dueEnd) {
    String sql = """
        with units as (
          select n.code, n.name, n.path from org_node n
          where n.path like '%s%%' and n.path <> ? and n.level in ('town', 'unit')
        ), rows as (
          select case when u.path = ? then u.code else split_part(substr(u.path, length(?) + 1), '/', 1) end as child,
                 u.code, u.name, r.status, r.first_submitted_at as sub, r.households_visited, r.materials_handed_out,
                 r.banners, r.boards_and_screens, r.wechat_posts, r.sms_sent, r.mock_questionnaires,
                 r.volunteer_activities
          from units u left join activity_report r
            on r.campaign_id = ? and r.month = ? and r.unit_code = u.code
        )
        select g.child, c.name, c.level in ('town', 'unit') and g.n = 1 and g.self, g.n, g.reported, g.accepted,
               g.missing, g.late, g.s1, g.s2, g.s3, g.s4, g.s5, g.s6, g.s7, g.s8, g.missing_names, g.late_names, g.own
        from (
          -- grouped first, named after: the names of a hundred groups are looked up, not of every unit
          select x.child, count(*) as n, bool_or(x.code = x.child) as self, count(x.sub) as reported,
                 count(*) filter (where x.status = 'accepted') as accepted,
                 count(*) filter (where x.sub is null) as missing, count(*) filter (where x.sub > ?) as late,
                 coalesce(sum(x.households_visited) filter (where x.sub is not null), 0) as s1,
                 coalesce(sum(x.materials_handed_out) filter (where x.sub is not null), 0) as s2,
                 coalesce(sum(x.banners) filter (where x.sub is not null), 0) as s3,
                 coalesce(sum(x.boards_and_screens) filter (where x.sub is not null), 0) as s4,
                 coalesce(sum(x.wechat_posts) filter (where x.sub is not null), 0) as s5,
                 coalesce(sum(x.sms_sent) filter (where x.sub is not null), 0) as s6,
                 coalesce(sum(x.mock_questionnaires) filter (where x.sub is not null), 0) as s7,
                 coalesce(sum(x.volunteer_activities) filter (where x.sub is not null), 0) as s8,
                 (array_agg(x.name order by x.code) filter (where x.sub is null))[1:%d] as missing_names,
                 (array_agg(x.name order by x.code) filter (where x.sub > ?))[1:%d] as late_names,
                 min(x.status) filter (where x.code = x.child) as own
          from rows x group by x.child) g
        join org_node c on c.code = g.child
        order by g.child""".formatted(prefix(campaignPath, viewPath), NAMES_SHOWN, NAMES_SHOWN);
    Timestamp due = Timestamp.from(dueEnd);
    return jdbc.sql(sql)
        .params(campaignPath, viewPath, viewPath, campaignId, month.atDay(1), due, due)
        .query((rs, i) -> {
          long[] sums = new long[8];
          for (int k = 0; k < 8; k++) {
            sums[k] = rs.getLong(9 + k);
          }
          return new ActivityRollup.Row(rs.getString(1), rs.getString(2), rs.getLong(4), rs.getLong(5), rs.getLong(6),
              rs.getLong(7), rs.getLong(8), sums, names(rs.getArray(17)), names(rs.getArray(18)), rs.getBoolean(3),
              rs.getString(19));
        }).list();
  }

  /**
   * The narrower of the two subtrees, written into the SQL as a literal: a parameter would give PostgreSQL's generic
   * plan a pattern it cannot use the path index with. Paths hold only codes and slashes (org_node's check).
   */
  static String prefix(String campaignPath, String viewPath) {
    String p = viewPath.startsWith(campaignPath) ? viewPath : campaignPath;
    if (!p.matches("[A-Za-z0-9/-]+")) {
      throw new IllegalArgumentException("not a tree path: " + p);
    }
    return p;
  }

  private static List<String> names(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  /** The submitted reports of the month inside the viewed area (for the export's sheets), by unit code. */
  List<ActivityReport> submittedIn(long campaignId, String viewPath, YearMonth month) {
    return jdbc.sql("select " + COLUMNS + " from activity_report r join org_node n on n.code = r.unit_code"
        + " where r.campaign_id = ? and r.month = ? and n.path like ? || '%' and r.first_submitted_at is not null"
        + " order by n.path").params(campaignId, month.atDay(1), viewPath)
        .query(ActivityReportRepository::stored).list().stream().map(Stored::report).toList();
  }

  /** Responsible units without a submitted report for the month, not yet reminded with this reminder. */
  List<UnitRow> toRemind(long campaignId, String campaignPath, YearMonth month, int daysBefore) {
    return jdbc.sql("""
        select n.code, n.name, n.path, n.level from org_node n
        where n.path like ? || '%' and n.path <> ? and n.level in ('town', 'unit')
          and not exists (select 1 from activity_report r where r.campaign_id = ? and r.month = ?
                          and r.unit_code = n.code and r.first_submitted_at is not null)
          and not exists (select 1 from activity_report_reminder s where s.campaign_id = ? and s.month = ?
                          and s.unit_code = n.code and s.days_before = ?)
        order by n.path""")
        .params(campaignPath, campaignPath, campaignId, month.atDay(1), campaignId, month.atDay(1), daysBefore)
        .query((rs, i) -> new UnitRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
  }

  /** Records a reminder as sent; false when it was already (another node got there first). */
  boolean markReminded(long campaignId, String unit, YearMonth month, int daysBefore, Instant now) {
    return jdbc.sql("""
        insert into activity_report_reminder (campaign_id, unit_code, month, days_before, sent_at)
        values (?, ?, ?, ?, ?) on conflict do nothing""")
        .params(campaignId, unit, month.atDay(1), daysBefore, Timestamp.from(now)).update() == 1;
  }

  /** Campaigns running on a day (reminders look at them). */
  List<Long> campaignsRunningOn(LocalDate day) {
    return jdbc.sql("select id from campaign where starts_on <= ? and ends_on >= ? order by id")
        .params(day, day.minusMonths(1)).query(Long.class).list();
  }

  static List<Long> ids(List<Long> ids) {
    return new ArrayList<>(ids);
  }
}
