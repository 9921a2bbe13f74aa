package org.sanlv.fieldwork.capi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of teams and assignments (capi_team, capi_team_member, capi_assignment, capi_visit; V13). Scope is a
 * path prefix: an assignment sits at its town's node, or its county's when it has no town; a team at its area.
 */
@Repository
class AssignmentRepository {

  static final String VIEW_COLUMNS = """
      a.id, a.survey_id, a.kind, a.stratum, a.county, a.town, a.block_id, a.block_name, a.household_no, a.address,
      a.location_type, a.day_type, a.time_of_day, a.site_id, a.site_name, a.target, a.latitude, a.longitude,
      a.team_id, a.interviewer, a.status, a.visits, a.max_visits, a.next_visit_at, a.assignment_version, a.pi,
      a.base_weight""";

  /** Whether assignment {@code a} lies under the path {@code :path}. */
  private static final String IN_SCOPE = """
      exists (select 1 from org_node n where n.code = coalesce(a.town, a.county) and n.path like :path || '%')""";

  private final JdbcClient jdbc;

  AssignmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // ------------------------------------------------------------------ assignments

  List<AssignmentView> assignmentsOf(String interviewer, Long surveyId) {
    return jdbc.sql("select " + VIEW_COLUMNS + """
         from capi_assignment a
        where a.interviewer = :interviewer and (cast(:survey as bigint) is null or a.survey_id = :survey)
          and a.status <> 'closed'
        order by a.survey_id, a.county, a.town nulls first, a.block_id nulls first, a.household_no nulls first,
                 a.location_type, a.day_type, a.time_of_day, a.site_id, a.id
        """).param("interviewer", interviewer).param("survey", surveyId).query(AssignmentRepository::view).list();
  }

  Optional<AssignmentView> assignment(long id) {
    return jdbc.sql("select " + VIEW_COLUMNS + " from capi_assignment a where a.id = :id")
        .param("id", id).query(AssignmentRepository::view).optional();
  }

  /** Where an assignment sits in the tree (for the scope check of {@code assignmentId}). */
  Optional<String> assignmentPath(long id) {
    return jdbc.sql("""
        select n.path from capi_assignment a join org_node n on n.code = coalesce(a.town, a.county) where a.id = ?""")
        .param(id).query(String.class).optional();
  }

  /** A supervisor's filter over a survey's assignments; null fields do not filter. */
  record Filter(String town, String blockId, String status, String interviewer, Long teamId, boolean unassignedOnly) {
    static final Filter NONE = new Filter(null, null, null, null, null, false);
  }

  List<AssignmentView> assignments(long surveyId, String path, Filter f, int limit) {
    return jdbc.sql("select " + VIEW_COLUMNS + " from capi_assignment a where a.survey_id = :survey and " + IN_SCOPE
        + """
          and (cast(:town as text) is null or a.town = :town or (a.town is null and a.county = :town))
          and (cast(:block as text) is null or a.block_id = :block)
          and (cast(:status as text) is null or a.status = :status)
          and (cast(:interviewer as text) is null or a.interviewer = :interviewer)
          and (cast(:team as bigint) is null or a.team_id = :team)
          and (not :unassigned or (a.interviewer is null and a.status = 'open'))
          and (a.status <> 'closed' or cast(:status as text) = 'closed')
        order by a.county, a.town nulls first, a.block_id nulls first, a.household_no nulls first, a.location_type,
                 a.day_type, a.time_of_day, a.site_id, a.id
        limit :limit""").param("survey", surveyId).param("path", path).param("town", f.town())
        .param("block", f.blockId()).param("status", f.status()).param("interviewer", f.interviewer())
        .param("team", f.teamId()).param("unassigned", f.unassignedOnly()).param("limit", limit)
        .query(AssignmentRepository::view).list();
  }

  int countAssignments(long surveyId, String path) {
    return jdbc.sql("select count(*) from capi_assignment a where a.survey_id = :survey and a.status <> 'closed' and "
        + IN_SCOPE).param("survey", surveyId).param("path", path).query(Integer.class).single();
  }

  record DrawRef(long id, String mode, Long frameId, boolean current) {}

  List<DrawRef> draws(long surveyId, String mode) {
    return jdbc.sql("""
        select id, mode, frame_id, superseded_by is null from sample_draw where survey_id = ? and mode = ? order by id""")
        .params(surveyId, mode)
        .query((rs, i) -> new DrawRef(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class), rs.getBoolean(4)))
        .list();
  }

  /** Assignments of earlier draws (in scope) that have work on them: visits made or interviews linked. */
  int assignmentsWithWork(long surveyId, String kind, long currentDrawId, String path) {
    return jdbc.sql("select count(*) from capi_assignment a where a.survey_id = :survey and a.kind = :kind"
        + " and a.draw_id <> :draw and a.status <> 'closed' and " + IN_SCOPE + """
          and (a.visits > 0 or exists (select 1 from capi_visit v where v.assignment_id = a.id)
               or exists (select 1 from response r where r.assignment_id = a.id))""")
        .param("survey", surveyId).param("kind", kind).param("draw", currentDrawId).param("path", path)
        .query(Integer.class).single();
  }

  /** Closes the untouched assignments of superseded draws (they stay on record, out of everyone's list). */
  int closeOldDrawAssignments(long surveyId, String kind, long currentDrawId, String path, Instant now) {
    return jdbc.sql("with moved as (update capi_assignment a set status = 'closed', updated_at = :now,"
        + " assignment_version = assignment_version + 1 where a.survey_id = :survey and a.kind = :kind"
        + " and a.draw_id <> :draw and a.status <> 'closed' and " + IN_SCOPE
        + " returning a.id, a.assignment_version, a.interviewer, a.team_id), " + HOLDERS_OF_MOVED
        + " select count(*) from moved")
        .param("survey", surveyId).param("kind", kind).param("draw", currentDrawId).param("path", path)
        .param("now", Timestamp.from(now)).query(Integer.class).single();
  }

  /** One assignment per drawn household in scope; those already there are left alone (idempotent). */
  int insertHouseholdAssignments(long surveyId, long drawId, String path, int maxVisits) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, block_id, block_name,
                                     household_no, pi, base_weight, latitude, longitude, max_visits)
        select :survey, h.draw_id, 'household', h.stratum, h.county, nullif(h.town, ''), h.block_id, h.block_name,
               h.household_no, h.pi, h.weight, h.latitude, h.longitude, :maxVisits
          from sample_household h
          join org_node n on n.code = coalesce(nullif(h.town, ''), h.county)
         where h.draw_id = :draw and n.path like :path || '%'
         order by h.stratum, h.block_id, h.household_no
        on conflict (draw_id, block_id, household_no) where kind = 'household' do nothing""")
        .param("survey", surveyId).param("draw", drawId).param("path", path).param("maxVisits", maxVisits).update();
  }

  record Quota(String stratum, String locationType, String dayType, String timeOfDay, int target) {}

  List<Quota> quotas(long drawId, String path) {
    return jdbc.sql("""
        select q.county, q.location_type, q.day_type, q.time_of_day, q.target
          from sample_quota q join org_node n on n.code = q.county
         where q.draw_id = :draw and q.target > 0 and n.path like :path || '%'
         order by 1, 2, 3, 4""").param("draw", drawId).param("path", path)
        .query((rs, i) -> new Quota(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
        .list();
  }

  Optional<byte[]> frameContent(long frameId) {
    return jdbc.sql("select content from sampling_frame where id = ?").param(frameId).query(byte[].class).optional();
  }

  record NewIntercept(String stratum, String county, String town, String locationType, String dayType,
      String timeOfDay, String siteId, String siteName, int target, Double latitude, Double longitude) {}

  int insertInterceptAssignment(long surveyId, long drawId, NewIntercept c, int maxVisits) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, location_type, day_type,
                                     time_of_day, site_id, site_name, target, latitude, longitude, max_visits)
        values (:survey, :draw, 'intercept', :stratum, :county, :town, :type, :day, :time, :site, :siteName, :target,
                :lat, :lon, :maxVisits)
        on conflict (draw_id, stratum, location_type, day_type, time_of_day, coalesce(site_id, ''))
          where kind = 'intercept' do nothing""")
        .param("survey", surveyId).param("draw", drawId).param("stratum", c.stratum()).param("county", c.county())
        .param("town", c.town()).param("type", c.locationType()).param("day", c.dayType())
        .param("time", c.timeOfDay()).param("site", c.siteId()).param("siteName", c.siteName())
        .param("target", c.target()).param("lat", c.latitude()).param("lon", c.longitude())
        .param("maxVisits", maxVisits).update();
  }

  /** Locks and returns the assignment (so two supervisors' assignments of it run one after the other). */
  Optional<AssignmentView> lock(long id) {
    return jdbc.sql("select " + VIEW_COLUMNS + " from capi_assignment a where a.id = :id for update")
        .param("id", id).query(AssignmentRepository::view).optional();
  }

  /** Hands the assignment to an interviewer (or back to nobody), raising its version. */
  void setInterviewer(long id, String interviewer, Long teamId, Instant now) {
    jdbc.sql("""
        with moved as (
          update capi_assignment
             set interviewer = :interviewer, team_id = :team, assignment_version = assignment_version + 1,
                 status = case when status in ('open', 'assigned', 'visited')
                               then case when visits > 0 then 'visited'
                                         when cast(:interviewer as text) is null then 'open' else 'assigned' end
                               else status end,
                 updated_at = :now
           where id = :id
          returning id, assignment_version, interviewer, team_id),
        """ + HOLDERS_OF_MOVED + " select count(*) from moved").param("interviewer", interviewer).param("team", teamId)
        .param("id", id).param("now", Timestamp.from(now)).query(Integer.class).single();
  }

  /**
   * As {@link #setInterviewer} for a bulk assignment, but only while the assignment is still open and unassigned:
   * two supervisors giving out the same town at once never take work from each other.
   */
  boolean claimOpen(long id, String interviewer, Long teamId, Instant now) {
    return jdbc.sql("""
        with moved as (
          update capi_assignment
             set interviewer = :interviewer, team_id = :team, assignment_version = assignment_version + 1,
                 status = 'assigned', updated_at = :now
           where id = :id and interviewer is null and status = 'open'
          returning id, assignment_version, interviewer, team_id),
        """ + HOLDERS_OF_MOVED + " select count(*) from moved").param("interviewer", interviewer)
        .param("team", teamId).param("id", id).param("now", Timestamp.from(now)).query(Integer.class).single() == 1;
  }

  /**
   * The holder history (V16) of the assignments a statement's CTE {@code moved} changed (id, new version, new
   * interviewer, new team): the previous holder's row is closed at {@code :now}, the new version's holder gets an
   * open row. Part of the same statement, so no change of holder or version goes unrecorded.
   */
  private static final String HOLDERS_OF_MOVED = """
      ended as (
        update capi_assignment_holder h set held_until = :now
          from moved m where h.assignment_id = m.id and h.held_until is null and h.assignment_version < m.assignment_version
        returning h.assignment_id),
      started as (
        insert into capi_assignment_holder (assignment_id, assignment_version, interviewer, team_id, held_from)
        select m.id, m.assignment_version, m.interviewer, m.team_id, :now from moved m where m.interviewer is not null
        on conflict do nothing
        returning assignment_id)
      """;

  /** The assignment's holder history, oldest version first. */
  record Holder(int assignmentVersion, String interviewer, Long teamId, Instant heldFrom, Instant heldUntil) {}

  List<Holder> holders(long assignmentId) {
    return jdbc.sql("""
        select assignment_version, interviewer, team_id, held_from, held_until from capi_assignment_holder
         where assignment_id = ? order by assignment_version""").param(assignmentId)
        .query((rs, i) -> new Holder(rs.getInt(1), rs.getString(2), (Long) rs.getObject(3),
            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)))).list();
  }

  // ------------------------------------------------------------------ teams

  record TeamRow(long id, long surveyId, String areaCode, String areaName, String areaPath, String name,
      String supervisor, Instant createdAt, int members) {}

  private static final String TEAM_COLUMNS = """
      t.id, t.survey_id, t.area_code, n.name as area_name, n.path as area_path, t.name, t.supervisor, t.created_at,
      (select count(*) from capi_team_member m where m.team_id = t.id) as members""";

  List<TeamRow> teams(long surveyId, String path) {
    return jdbc.sql("select " + TEAM_COLUMNS + """
         from capi_team t join org_node n on n.code = t.area_code
        where t.survey_id = :survey and n.path like :path || '%' order by n.path, t.name""")
        .param("survey", surveyId).param("path", path).query(AssignmentRepository::team).list();
  }

  Optional<TeamRow> team(long id) {
    return jdbc.sql("select " + TEAM_COLUMNS + " from capi_team t join org_node n on n.code = t.area_code where t.id = ?")
        .param(id).query(AssignmentRepository::team).optional();
  }

  Optional<String> teamPath(long id) {
    return jdbc.sql("select n.path from capi_team t join org_node n on n.code = t.area_code where t.id = ?")
        .param(id).query(String.class).optional();
  }

  boolean teamNameTaken(long surveyId, String name) {
    return jdbc.sql("select exists (select 1 from capi_team where survey_id = ? and name = ?)")
        .params(surveyId, name).query(Boolean.class).single();
  }

  long insertTeam(long surveyId, String areaCode, String name, String supervisor, Instant now) {
    return jdbc.sql("""
        insert into capi_team (survey_id, area_code, name, supervisor, created_by, created_at)
        values (?, ?, ?, ?, ?, ?) returning id""")
        .params(surveyId, areaCode, name, supervisor, supervisor, Timestamp.from(now)).query(Long.class).single();
  }

  boolean addMember(long teamId, String interviewer, Instant now) {
    return jdbc.sql("insert into capi_team_member (team_id, interviewer, added_at) values (?, ?, ?) on conflict do nothing")
        .params(teamId, interviewer, Timestamp.from(now)).update() > 0;
  }

  boolean removeMember(long teamId, String interviewer) {
    return jdbc.sql("delete from capi_team_member where team_id = ? and interviewer = ?")
        .params(teamId, interviewer).update() > 0;
  }

  boolean isMember(long teamId, String interviewer) {
    return jdbc.sql("select exists (select 1 from capi_team_member where team_id = ? and interviewer = ?)")
        .params(teamId, interviewer).query(Boolean.class).single();
  }

  /** The teams of a survey an interviewer belongs to, oldest first. */
  List<Long> teamsOf(long surveyId, String interviewer) {
    return jdbc.sql("""
        select t.id from capi_team t join capi_team_member m on m.team_id = t.id
         where t.survey_id = ? and m.interviewer = ? order by t.id""")
        .params(surveyId, interviewer).query(Long.class).list();
  }

  /** Assignments an interviewer holds in a team that nobody has visited yet (given back when they leave the team). */
  List<Long> untouchedAssignments(long teamId, String interviewer) {
    return jdbc.sql("""
        select id from capi_assignment where team_id = ? and interviewer = ? and status = 'assigned' and visits = 0
         order by id""").params(teamId, interviewer).query(Long.class).list();
  }

  /** A member's workload in the team's survey: assignments held, still open (not finished), completed. */
  record Workload(String interviewer, String displayName, int assigned, int open, int completed, int interviews) {}

  List<Workload> workload(long teamId) {
    return jdbc.sql("""
        select m.interviewer, coalesce(u.display_name, m.interviewer),
               count(a.id) filter (where a.status <> 'closed'),
               count(a.id) filter (where a.status in ('assigned', 'visited')),
               count(a.id) filter (where a.status = 'completed'),
               (select count(*) from response r where r.survey_id = t.survey_id and r.interviewer = m.interviewer
                   and r.status = 'complete' and r.assignment_id is not null)
          from capi_team t
          join capi_team_member m on m.team_id = t.id
          left join app_user u on u.username = m.interviewer
          left join capi_assignment a on a.survey_id = t.survey_id and a.interviewer = m.interviewer
         where t.id = ?
         group by t.survey_id, m.interviewer, u.display_name
         order by m.interviewer""").param(teamId)
        .query((rs, i) -> new Workload(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
            rs.getInt(6))).list();
  }

  /** Members of all teams of a survey under {@code path}: username → display name (for the assign pickers). */
  record Member(long teamId, String teamName, String interviewer, String displayName) {}

  List<Member> members(long surveyId, String path) {
    return jdbc.sql("""
        select t.id, t.name, m.interviewer, coalesce(u.display_name, m.interviewer)
          from capi_team t join org_node n on n.code = t.area_code
          join capi_team_member m on m.team_id = t.id
          left join app_user u on u.username = m.interviewer
         where t.survey_id = :survey and n.path like :path || '%'
         order by t.name, m.interviewer""").param("survey", surveyId).param("path", path)
        .query((rs, i) -> new Member(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
  }

  /** Enabled interviewer accounts under {@code path}, for the add-member picker. */
  List<Map.Entry<String, String>> interviewersUnder(String path) {
    return jdbc.sql("""
        select u.username, u.display_name from app_user u join org_node n on n.id = u.org_node_id
         where u.role = 'interviewer' and u.enabled and n.path like ? || '%' order by u.username limit 1000""")
        .param(path).query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list();
  }

  // ------------------------------------------------------------------ visits

  record Visit(Instant visitedAt, Instant receivedAt, String interviewer, String outcome, String note,
      Instant nextVisitAt, int assignmentVersion, Double latitude, Double longitude) {}

  List<Visit> visits(long assignmentId) {
    return jdbc.sql("""
        select visited_at, received_at, interviewer, outcome, note, next_visit_at, assignment_version, latitude,
               longitude
          from capi_visit where assignment_id = ? order by visited_at, id""").param(assignmentId)
        .query((rs, i) -> new Visit(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)), rs.getInt(7), doubleOrNull(rs, "latitude"),
            doubleOrNull(rs, "longitude"))).list();
  }

  // ------------------------------------------------------------------ mapping

  static AssignmentView view(ResultSet rs, int n) throws SQLException {
    return new AssignmentView(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("kind"),
        rs.getString("stratum"), rs.getString("county"), rs.getString("town"), rs.getString("block_id"),
        rs.getString("block_name"), (Integer) rs.getObject("household_no"), rs.getString("address"),
        rs.getString("location_type"), rs.getString("day_type"), rs.getString("time_of_day"),
        rs.getString("site_id"), rs.getString("site_name"), rs.getInt("target"), doubleOrNull(rs, "latitude"),
        doubleOrNull(rs, "longitude"), (Long) rs.getObject("team_id"), rs.getString("interviewer"),
        rs.getString("status"), rs.getInt("visits"), rs.getInt("max_visits"),
        instant(rs.getTimestamp("next_visit_at")), rs.getInt("assignment_version"), doubleOrNull(rs, "pi"),
        doubleOrNull(rs, "base_weight"));
  }

  private static TeamRow team(ResultSet rs, int n) throws SQLException {
    return new TeamRow(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("area_code"), rs.getString("area_name"),
        rs.getString("area_path"), rs.getString("name"), rs.getString("supervisor"),
        instant(rs.getTimestamp("created_at")), rs.getInt("members"));
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
