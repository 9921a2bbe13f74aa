package org.sanlv.fieldwork.capi;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the supervisors' review: field interviews (household and intercept responses with an interviewer) in a
 * caller's subtree, their assignment, and the decisions in {@code capi_review}.
 */
@Repository
class ReviewRepository {

  private final JdbcClient jdbc;

  ReviewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The part of a query that keeps field interviews inside a subtree and, for a supervisor, of their own teams. */
  private static final String IN_SCOPE = """
      r.mode in ('household', 'intercept') and r.interviewer is not null and r.review_status is not null
      and n.path like :path || '%'
      and (not :ownTeams or r.interviewer_team is null
           or exists (select 1 from capi_team t where t.id = r.interviewer_team and t.supervisor = :me))
      """;

  record QueueRow(long id, long surveyId, String surveyName, String interviewer, String county, String countyName,
      String kind, String blockName, String blockId, Integer householdNo, String siteName, String locationType,
      String dayType, String timeOfDay, Instant startedAt, Instant submittedAt, List<String> flags, String status) {}

  /**
   * Field interviews in the subtree, the statuses asked for, optionally of one interviewer, carrying one flag, or of
   * one survey; oldest first (the queue is worked in order), at most {@code limit}.
   */
  List<QueueRow> queue(String path, String me, boolean ownTeams, List<String> statuses, String interviewer, String flag,
      Long surveyId, int limit) {
    return jdbc.sql("""
        select r.id, r.survey_id, s.name as survey_name, r.interviewer, r.county_code, n.name as county_name,
               a.kind, a.block_name, a.block_id, a.household_no, a.site_name, a.location_type, a.day_type, a.time_of_day,
               r.started_at, r.submitted_at, r.flags, r.review_status
        from response r
        join org_node n on n.code = r.county_code
        join survey s on s.id = r.survey_id
        left join capi_assignment a on a.id = r.assignment_id
        where\s""" + IN_SCOPE + """
          and r.review_status in (:statuses)
          and (cast(:interviewer as text) is null or r.interviewer = :interviewer)
          and (cast(:flag as text) is null or :flag = any (r.flags))
          and (cast(:survey as bigint) is null or r.survey_id = :survey)
        order by case r.review_status when 'pending' then 0 when 'escalated' then 1 else 2 end,
                 r.submitted_at, r.id
        limit :limit
        """)
        .param("path", path).param("me", me).param("ownTeams", ownTeams).param("statuses", statuses)
        .param("interviewer", interviewer).param("flag", flag).param("survey", surveyId).param("limit", limit)
        .query(ReviewRepository::queueRow).list();
  }

  /** The interviewers with field interviews in the subtree (the queue's filter), by name. */
  List<String> interviewers(String path, String me, boolean ownTeams) {
    return jdbc.sql("select distinct r.interviewer from response r join org_node n on n.code = r.county_code where "
        + IN_SCOPE + " order by r.interviewer")
        .param("path", path).param("me", me).param("ownTeams", ownTeams).query(String.class).list();
  }

  /** How many field interviews in the subtree (of the interviewer, flag and survey asked for) are in each review status. */
  List<Object[]> countsByStatus(String path, String me, boolean ownTeams, String interviewer, String flag, Long surveyId) {
    return jdbc.sql("select r.review_status, count(*) from response r join org_node n on n.code = r.county_code where "
        + IN_SCOPE + """
          and (cast(:interviewer as text) is null or r.interviewer = :interviewer)
          and (cast(:flag as text) is null or :flag = any (r.flags))
          and (cast(:survey as bigint) is null or r.survey_id = :survey)
        group by r.review_status""")
        .param("path", path).param("me", me).param("ownTeams", ownTeams).param("interviewer", interviewer)
        .param("flag", flag).param("survey", surveyId)
        .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)}).list();
  }

  record Detail(QueueRow row, long instrumentId, Long assignmentId, String address, String town, Double siteLatitude,
      Double siteLongitude, Integer adults, String selection, Instant receivedAt, String answersJson,
      String paradataJson, Long teamId, String teamSupervisor) {}

  Optional<Detail> detail(long id, String path, String me, boolean ownTeams) {
    return jdbc.sql("""
        select r.id, r.survey_id, s.name as survey_name, r.interviewer, r.county_code, n.name as county_name,
               a.kind, a.block_name, a.block_id, a.household_no, a.site_name, a.location_type, a.day_type, a.time_of_day,
               r.started_at, r.submitted_at, r.flags, r.review_status,
               r.instrument_id, r.assignment_id, a.address, a.town, a.latitude, a.longitude, r.adults, r.selection,
               r.received_at, r.answers::text as answers, r.paradata::text as paradata, r.interviewer_team,
               (select t.supervisor from capi_team t where t.id = r.interviewer_team) as team_supervisor
        from response r
        join org_node n on n.code = r.county_code
        join survey s on s.id = r.survey_id
        left join capi_assignment a on a.id = r.assignment_id
        where r.id = :id and\s""" + IN_SCOPE)
        .param("id", id).param("path", path).param("me", me).param("ownTeams", ownTeams)
        .query((rs, i) -> new Detail(queueRow(rs, i), rs.getLong("instrument_id"), (Long) rs.getObject("assignment_id"),
            rs.getString("address"), rs.getString("town"), (Double) rs.getObject("latitude"),
            (Double) rs.getObject("longitude"), (Integer) rs.getObject("adults"), rs.getString("selection"),
            instant(rs.getTimestamp("received_at")), rs.getString("answers"), rs.getString("paradata"),
            (Long) rs.getObject("interviewer_team"), rs.getString("team_supervisor")))
        .optional();
  }

  /** The tree path of a field interview's county (the scope check's answer for {@code responseId}). */
  Optional<String> pathOfFieldInterview(long id) {
    return jdbc.sql("""
        select n.path from response r join org_node n on n.code = r.county_code
        where r.id = ? and r.mode in ('household', 'intercept') and r.interviewer is not null""")
        .param(id).query(String.class).optional();
  }

  record Decision(String reviewer, String decision, String comment, Instant decidedAt) {}

  List<Decision> decisions(long responseId) {
    return jdbc.sql("select reviewer, decision, comment, decided_at from capi_review where response_id = ? order by decided_at, id")
        .param(responseId)
        .query((rs, i) -> new Decision(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))))
        .list();
  }

  /**
   * Records a decision and sets the interview's review status, both in the caller's transaction. The row is locked
   * first so two reviewers deciding at once are ordered.
   *
   * @return the status before
   */
  String decide(long responseId, String reviewer, String decision, String comment, Instant at) {
    String before = jdbc.sql("select review_status from response where id = ? for update").param(responseId)
        .query(String.class).single();
    jdbc.sql("insert into capi_review (response_id, reviewer, decision, comment, decided_at) values (?, ?, ?, ?, ?)")
        .params(responseId, reviewer, decision, comment, Timestamp.from(at)).update();
    jdbc.sql("update response set review_status = ? where id = ?").params(decision, responseId).update();
    return before;
  }

  record Returned(long responseId, long surveyId, String surveyName, Long assignmentId, String kind, String blockName,
      String blockId, Integer householdNo, String address, String siteName, String locationType, String dayType,
      String timeOfDay, Instant startedAt, Instant rejectedAt, String reviewer, String comment, UUID key) {}

  /** An interviewer's rejected interviews with the latest rejection, newest first. */
  List<Returned> returned(String interviewer) {
    return jdbc.sql("""
        select r.id, r.survey_id, s.name, r.assignment_id, a.kind, a.block_name, a.block_id, a.household_no, a.address,
               a.site_name, a.location_type, a.day_type, a.time_of_day, r.started_at, v.decided_at, v.reviewer, v.comment,
               r.idempotency_key
        from response r
        join survey s on s.id = r.survey_id
        left join capi_assignment a on a.id = r.assignment_id
        join lateral (select decided_at, reviewer, comment from capi_review c
                      where c.response_id = r.id and c.decision = 'rejected'
                      order by c.decided_at desc, c.id desc limit 1) v on true
        where r.interviewer = ? and r.review_status = 'rejected' and r.mode in ('household', 'intercept')
        order by v.decided_at desc, r.id desc
        limit 500
        """).param(interviewer)
        .query((rs, i) -> new Returned(rs.getLong(1), rs.getLong(2), rs.getString(3), (Long) rs.getObject(4),
            rs.getString(5), rs.getString(6), rs.getString(7), (Integer) rs.getObject(8), rs.getString(9),
            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), instant(rs.getTimestamp(14)),
            instant(rs.getTimestamp(15)), rs.getString(16), rs.getString(17), rs.getObject(18, UUID.class)))
        .list();
  }

  private static QueueRow queueRow(ResultSet rs, int n) throws SQLException {
    List<String> flags = new ArrayList<>();
    Array array = rs.getArray("flags");
    if (array != null) {
      for (Object f : (Object[]) array.getArray()) {
        flags.add((String) f);
      }
    }
    return new QueueRow(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("survey_name"),
        rs.getString("interviewer"), rs.getString("county_code"), rs.getString("county_name"), rs.getString("kind"),
        rs.getString("block_name"), rs.getString("block_id"), (Integer) rs.getObject("household_no"),
        rs.getString("site_name"), rs.getString("location_type"), rs.getString("day_type"), rs.getString("time_of_day"),
        instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("submitted_at")), flags,
        rs.getString("review_status"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
