package org.sanlv.fieldwork.cati;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the phone supervisor's view (V17): sessions, cases left by area and state, attempts per hour,
 * replicates, appointments and the do-not-call list. {@code within} is the caller's part of the survey as an
 * org path prefix, or null for the whole survey (a caller who covers the survey's area).
 */
@Repository
class CatiSupervisionRepository {

  private final JdbcClient jdbc;

  CatiSupervisionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record SessionRow(String interviewer, String displayName, String state, Instant since, Instant lastSeen, Long caseId) {}

  record AreaRow(String code, String name, long fresh, long callback, long appointment, long finals) {}

  record AppointmentRow(long caseId, String number, String areaName, Instant at, String by) {}

  record DncRow(String number, String reason, String addedBy, Instant addedAt) {}

  record ReplicateRow(long drawId, int released, int total, long numbersReleased, long numbersLeft) {}

  /** Interviewers' sessions of the survey; below the survey's area only those of accounts inside {@code within}. */
  List<SessionRow> sessions(long surveyId, String within) {
    return jdbc.sql("""
        select s.interviewer, coalesce(u.display_name, s.interviewer), s.state, s.since, s.last_seen, s.case_id
        from cati_session s
        left join app_user u on u.username = s.interviewer
        left join org_node n on n.id = u.org_node_id
        where s.survey_id = :survey and (cast(:within as text) is null or n.path like :within || '%')
        order by coalesce(u.display_name, s.interviewer), s.interviewer""")
        .param("survey", surveyId).param("within", within)
        .query((rs, i) -> new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
            instant(rs.getTimestamp(5)), rs.getObject(6) == null ? null : rs.getLong(6)))
        .list();
  }

  /**
   * Cases by the area they count in (the screened county when known, else the number's prefix area) and queue
   * state. Below the survey's area a case is the caller's when that area lies in the caller's subtree.
   */
  List<AreaRow> casesByArea(long surveyId, String within) {
    return jdbc.sql("""
        select a.code, coalesce(n.name, a.code),
               count(*) filter (where c.state = 'fresh'), count(*) filter (where c.state = 'callback'),
               count(*) filter (where c.state = 'appointment'), count(*) filter (where c.state = 'final')
        from cati_case c
        cross join lateral (select coalesce(c.county, c.area) as code) a
        left join org_node n on n.code = a.code
        where c.survey_id = :survey and (cast(:within as text) is null or n.path like :within || '%')
        group by a.code, n.name
        order by a.code""")
        .param("survey", surveyId).param("within", within)
        .query((rs, i) -> new AreaRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6)))
        .list();
  }

  /** Attempts (and completes, code 1.1) ended in [from, to), per hour of China time: 24 pairs. */
  long[][] attemptsByHour(long surveyId, String within, Instant from, Instant to) {
    long[][] out = new long[24][2];
    jdbc.sql("""
        select extract(hour from t.ended_at at time zone 'Asia/Shanghai')::int, count(*),
               count(*) filter (where t.code = '1.1')
        from cati_attempt t
        join cati_case c on c.id = t.case_id
        left join org_node n on n.code = coalesce(c.county, c.area)
        where t.survey_id = :survey and t.ended_at >= :from and t.ended_at < :to
          and (cast(:within as text) is null or n.path like :within || '%')
        group by 1""")
        .param("survey", surveyId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .param("within", within)
        .query(rs -> {
          out[rs.getInt(1)][0] = rs.getLong(2);
          out[rs.getInt(1)][1] = rs.getLong(3);
        });
    return out;
  }

  /** The survey's current phone draw (the newest not superseded). */
  Optional<Long> currentPhoneDraw(long surveyId) {
    return jdbc.sql("""
        select id from sample_draw where survey_id = ? and mode = 'phone' and superseded_by is null
        order by id desc limit 1""")
        .param(surveyId).query(Long.class).optional();
  }

  ReplicateRow replicates(long drawId) {
    return jdbc.sql("""
        select count(distinct replicate) filter (where released), count(distinct replicate),
               count(*) filter (where released), count(*) filter (where not released)
        from sample_number where draw_id = ?""")
        .param(drawId)
        .query((rs, i) -> new ReplicateRow(drawId, rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)))
        .single();
  }

  /** Appointments due in [from, to), in time order. */
  List<AppointmentRow> appointments(long surveyId, String within, Instant from, Instant to) {
    return jdbc.sql("""
        select c.id, c.number, coalesce(n.name, coalesce(c.county, c.area)), c.next_call_at, c.appointment_by
        from cati_case c
        left join org_node n on n.code = coalesce(c.county, c.area)
        where c.survey_id = :survey and c.state = 'appointment' and c.next_call_at >= :from and c.next_call_at < :to
          and (cast(:within as text) is null or n.path like :within || '%')
        order by c.next_call_at, c.id
        limit 200""")
        .param("survey", surveyId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .param("within", within)
        .query((rs, i) -> new AppointmentRow(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
            rs.getString(5)))
        .list();
  }

  /** The do-not-call list, newest first (at most 500 shown). */
  List<DncRow> dnc(long surveyId) {
    return jdbc.sql("""
        select number, reason, added_by, added_at from cati_dnc where survey_id = ?
        order by added_at desc, number limit 500""")
        .param(surveyId)
        .query((rs, i) -> new DncRow(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4))))
        .list();
  }

  long dncCount(long surveyId) {
    return jdbc.sql("select count(*) from cati_dnc where survey_id = ?").param(surveyId).query(Long.class).single();
  }

  boolean onDnc(long surveyId, String number) {
    return jdbc.sql("select exists (select 1 from cati_dnc where survey_id = ? and number = ?)")
        .params(surveyId, number).query(Boolean.class).single();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
