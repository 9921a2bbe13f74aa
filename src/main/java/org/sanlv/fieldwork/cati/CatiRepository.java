package org.sanlv.fieldwork.cati;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the call queue (cati_case, cati_attempt, cati_dnc, cati_session; V17). Times are the service's clock,
 * passed in: the database's own {@code now()} is never used, so tests move time with their clock.
 *
 * <p>How a held number stays out of the queue's scan: handing a case out sets its {@code next_call_at} to the end
 * of the hold, so held rows lie beyond the range {@code next_call_at <= now} the pick reads in the partial index
 * {@code cati_case_queue}; the pick never walks past them. A hold that is abandoned simply falls due at its end and
 * is handed out again (the new hold replaces the old one; the old holder's token no longer matches).
 */
@Repository
class CatiRepository {

  /** A case as the queue hands it out or records on it. */
  record CaseRow(long id, long surveyId, String number, String area, String state, int priority, int attempts,
      Instant due, Instant heldUntil, UUID holdToken, String heldBy, Instant heldSince, String appointmentBy,
      String stratum, String disposition, String finalCode, Instant lastAttemptAt, boolean onDnc) {}

  /** One attempt of a case, oldest first. */
  record AttemptRow(int attemptNo, Instant startedAt, Instant endedAt, String code, String note, Instant callbackAt,
      boolean appointment, String interviewer, UUID key) {}

  private static final String CASE_COLUMNS = """
      c.id, c.survey_id, c.number, c.area, c.state, c.priority, c.attempts, c.held_until, c.hold_token, c.held_by,
      c.held_since, c.appointment_by, c.stratum, c.disposition, c.final_code, c.last_attempt_at""";

  /** The due, callable cases of one priority, in serving order; {@code :me} first among due appointments. */
  private static final String DUE = """
      select c.id, c.next_call_at as due from cati_case c
       where c.survey_id = :survey and c.state <> 'final' and c.priority = %d and c.next_call_at <= :now
         and c.attempts < :maxAttempts
         and not exists (select 1 from cati_dnc d where d.survey_id = c.survey_id and d.number = c.number)
       order by %s
       limit 1 for update skip locked""";

  /**
   * Next for {@code :me}, in one statement: the case they already hold (a reload takes no second number), else the
   * first due appointment (their own first), callback, fresh number. Each branch runs only when those before it
   * found nothing (the append stops at the first row). The hold and the session state are written in the same
   * statement.
   */
  private static final String NEXT = """
      with mine as (
        select c.id, null::timestamptz as due from cati_case c
         where c.held_by = :me and c.survey_id = :survey and c.state <> 'final'
         order by c.held_since desc limit 1 for update),
      p0 as (%s),
      p1 as (%s),
      p2 as (%s),
      picked as (
        select id, due from mine union all select id, due from p0 union all select id, due from p1
        union all select id, due from p2 limit 1),
      held as (
        update cati_case c set
               held_by = :me, held_until = :until, held_since = case when c.held_by = :me and c.hold_token is not null
                   then c.held_since else :now end,
               hold_token = case when c.held_by = :me and c.hold_token is not null then c.hold_token else :token end,
               next_call_at = :until, updated_at = :now
          from picked where c.id = picked.id
        returning %s, picked.due),
      session as (
        insert into cati_session (survey_id, interviewer, state, case_id, since, last_seen)
        select :survey, :me, 'dialling', id, :now, :now from held
        on conflict (survey_id, interviewer) do update set state = 'dialling', case_id = excluded.case_id,
               since = case when cati_session.state = 'dialling' and cati_session.case_id = excluded.case_id
                   then cati_session.since else excluded.since end,
               last_seen = excluded.last_seen)
      select * from held""".formatted(
      DUE.formatted(0, "(c.appointment_by is distinct from :me), c.next_call_at, c.release_order"),
      DUE.formatted(1, "c.next_call_at, c.release_order"),
      DUE.formatted(2, "c.next_call_at, c.release_order"),
      CASE_COLUMNS);

  private final JdbcClient jdbc;

  CatiRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  static OffsetDateTime at(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static CaseRow caseRow(ResultSet rs, int row) throws SQLException {
    boolean hasDue = false;
    boolean hasDnc = false;
    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
      hasDue |= "due".equals(rs.getMetaData().getColumnLabel(i));
      hasDnc |= "on_dnc".equals(rs.getMetaData().getColumnLabel(i));
    }
    return new CaseRow(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("number"), rs.getString("area"),
        rs.getString("state"), rs.getInt("priority"), rs.getInt("attempts"), hasDue ? instant(rs, "due") : null,
        instant(rs, "held_until"), rs.getObject("hold_token", UUID.class), rs.getString("held_by"),
        instant(rs, "held_since"), rs.getString("appointment_by"), rs.getString("stratum"),
        rs.getString("disposition"), rs.getString("final_code"), instant(rs, "last_attempt_at"),
        hasDnc && rs.getBoolean("on_dnc"));
  }

  /** Takes (or takes again) a case for {@code me}; empty when none is due. Call inside a transaction. */
  Optional<CaseRow> next(long surveyId, String me, Instant now, Instant until, int maxAttempts, UUID token) {
    return jdbc.sql(NEXT).param("survey", surveyId).param("me", me).param("now", at(now)).param("until", at(until))
        .param("maxAttempts", maxAttempts).param("token", token).query(CatiRepository::caseRow).optional();
  }

  /** When the next case of the survey falls due (held cases at the end of their hold), or empty when none is open. */
  Optional<Instant> nextDue(long surveyId, int maxAttempts) {
    Instant earliest = null;
    for (int priority = 0; priority <= 2; priority++) {
      Optional<OffsetDateTime> t = jdbc.sql("""
          select next_call_at from cati_case c
           where survey_id = ? and state <> 'final' and priority = ? and next_call_at is not null and attempts < ?
           order by next_call_at limit 1""").params(surveyId, priority, maxAttempts)
          .query(OffsetDateTime.class).optional();
      if (t.isPresent() && (earliest == null || t.get().toInstant().isBefore(earliest))) {
        earliest = t.get().toInstant();
      }
    }
    return Optional.ofNullable(earliest);
  }

  /** The case locked for an update of its outcome, with whether its number is on the do-not-call list. */
  Optional<CaseRow> lockCase(long caseId) {
    return jdbc.sql("select " + CASE_COLUMNS + """
        , exists (select 1 from cati_dnc d where d.survey_id = c.survey_id and d.number = c.number) as on_dnc
          from cati_case c where c.id = ? for update""")
        .param(caseId).query(CatiRepository::caseRow).optional();
  }

  Optional<CaseRow> caseRow(long caseId) {
    return jdbc.sql("select " + CASE_COLUMNS + " from cati_case c where c.id = ?")
        .param(caseId).query(CatiRepository::caseRow).optional();
  }

  /** The survey a case belongs to, and its survey's tree path (for the scope check of {@code caseId}). */
  Optional<Long> surveyOfCase(long caseId) {
    return jdbc.sql("select survey_id from cati_case where id = ?").param(caseId).query(Long.class).optional();
  }

  List<AttemptRow> attempts(long caseId) {
    return jdbc.sql("""
        select attempt_no, started_at, ended_at, code, note, callback_at, appointment, interviewer, idempotency_key
          from cati_attempt where case_id = ? order by attempt_no""").param(caseId)
        .query((rs, i) -> new AttemptRow(rs.getInt("attempt_no"), instant(rs, "started_at"), instant(rs, "ended_at"),
            rs.getString("code"), rs.getString("note"), instant(rs, "callback_at"), rs.getBoolean("appointment"),
            rs.getString("interviewer"), rs.getObject("idempotency_key", UUID.class))).list();
  }

  /** The case an attempt with this key was recorded on, if any. */
  Optional<Long> caseOfKey(UUID key) {
    return jdbc.sql("select case_id from cati_attempt where idempotency_key = ?").param(key).query(Long.class)
        .optional();
  }

  void insertAttempt(long caseId, long surveyId, String interviewer, int attemptNo, Instant startedAt, Instant endedAt,
      String code, String note, Instant callbackAt, boolean appointment, String stratum, Long responseId, UUID key) {
    jdbc.sql("""
        insert into cati_attempt (idempotency_key, case_id, survey_id, interviewer, attempt_no, started_at, ended_at,
                                  code, note, callback_at, appointment, stratum, response_id)
        values (:key, :case, :survey, :interviewer, :no, :started, :ended, :code, :note, :callback, :appointment,
                :stratum, :response)""")
        .param("key", key).param("case", caseId).param("survey", surveyId).param("interviewer", interviewer)
        .param("no", attemptNo).param("started", at(startedAt)).param("ended", at(endedAt)).param("code", code)
        .param("note", note).param("callback", at(callbackAt)).param("appointment", appointment)
        .param("stratum", stratum).param("response", responseId).update();
  }

  /** The case after an attempt: its queue place or its final code; the hold is released; the session is wrap-up. */
  void updateAfterAttempt(long caseId, long surveyId, String interviewer, Instant now, String lastCode,
      String disposition, String finalCode, String state, int priority, Instant nextCallAt, String appointmentBy,
      String stratum, String county, Long responseId) {
    jdbc.sql("""
        with done as (
          update cati_case set attempts = attempts + 1, last_attempt_at = :now, last_code = :code,
                 disposition = :disposition, final_code = :final, state = :state, priority = :priority,
                 next_call_at = :next, appointment_by = :appointmentBy,
                 stratum = coalesce(:stratum, stratum), county = coalesce(:county, county),
                 response_id = coalesce(:response, response_id),
                 held_by = null, held_until = null, hold_token = null, held_since = null, updated_at = :now
           where id = :id)
        insert into cati_session (survey_id, interviewer, state, case_id, since, last_seen)
        values (:survey, :me, 'wrap_up', :id, :now, :now)
        on conflict (survey_id, interviewer) do update set state = 'wrap_up', case_id = excluded.case_id,
               since = excluded.since, last_seen = excluded.last_seen""")
        .param("now", at(now)).param("code", lastCode).param("disposition", disposition).param("final", finalCode)
        .param("state", state).param("priority", priority).param("next", at(nextCallAt))
        .param("appointmentBy", appointmentBy).param("stratum", stratum).param("county", county)
        .param("response", responseId).param("id", caseId).param("survey", surveyId).param("me", interviewer)
        .update();
  }

  /** Ends an open case that is not held (a number a supervisor put on the do-not-call list). */
  int finishUnheld(long caseId, String finalCode, Instant now) {
    return jdbc.sql("""
        update cati_case set state = 'final', final_code = :code, disposition = :code, held_by = null,
               held_until = null, hold_token = null, held_since = null, updated_at = :now
         where id = :id and state <> 'final' and (held_until is null or held_until < :now)""")
        .param("code", finalCode).param("now", at(now)).param("id", caseId).update();
  }

  /** Keeps the caller's hold alive while they interview (a long interview outlasts the hold time). */
  int extendHold(long surveyId, String interviewer, Instant until, Instant now) {
    return jdbc.sql("""
        update cati_case set held_until = :until, next_call_at = :until, updated_at = :now
         where held_by = :me and survey_id = :survey and state <> 'final' and hold_token is not null""")
        .param("until", at(until)).param("now", at(now)).param("me", interviewer).param("survey", surveyId).update();
  }

  void session(long surveyId, String interviewer, String state, Long caseId, Instant now) {
    jdbc.sql("""
        insert into cati_session (survey_id, interviewer, state, case_id, since, last_seen)
        values (:survey, :me, :state, :case, :now, :now)
        on conflict (survey_id, interviewer) do update set
               since = case when cati_session.state = excluded.state then cati_session.since else excluded.since end,
               state = excluded.state, case_id = excluded.case_id, last_seen = excluded.last_seen""")
        .param("survey", surveyId).param("me", interviewer).param("state", state).param("case", caseId)
        .param("now", at(now)).update();
  }

  /** Adds a number to the do-not-call list; false when it was already on it. */
  boolean addDnc(long surveyId, String number, String reason, String by, Instant now) {
    return jdbc.sql("""
        insert into cati_dnc (survey_id, number, reason, added_by, added_at) values (?, ?, ?, ?, ?)
        on conflict do nothing""").params(surveyId, number, reason, by, at(now)).update() > 0;
  }

  Optional<Long> openCaseOfNumber(long surveyId, String number) {
    return jdbc.sql("select id from cati_case where survey_id = ? and number = ? and state <> 'final'")
        .params(surveyId, number).query(Long.class).optional();
  }

  /** Interviews completed per stratum (cases final with 1.1). */
  Map<String, Long> completesByStratum(long surveyId) {
    Map<String, Long> counts = new java.util.HashMap<>();
    jdbc.sql("""
        select stratum, count(*) from cati_case
         where survey_id = ? and stratum is not null and final_code = '1.1' group by stratum""").param(surveyId)
        .query((rs, i) -> counts.put(rs.getString(1), rs.getLong(2))).list();
    return counts;
  }

  long completesOf(long surveyId, String stratum) {
    return jdbc.sql("select count(*) from cati_case where survey_id = ? and stratum = ? and final_code = '1.1'")
        .params(surveyId, stratum).query(Long.class).single();
  }

  // ------------------------------------------------------------------ release

  /** The survey's current phone draw (not superseded), locked so that two releases run one after the other. */
  Optional<Long> lockCurrentPhoneDraw(long surveyId) {
    return jdbc.sql("""
        select id from sample_draw where survey_id = ? and mode = 'phone' and superseded_by is null
         order by id desc limit 1 for update""").param(surveyId).query(Long.class).optional();
  }

  Optional<Integer> nextReplicate(long drawId) {
    return jdbc.sql("select min(replicate) from sample_number where draw_id = ? and not released").param(drawId)
        .query((rs, i) -> (Integer) rs.getObject(1, Integer.class)).optional().filter(r -> r != null);
  }

  /** Marks a replicate released and makes its cases (numbers on the do-not-call list are left out). */
  int release(long surveyId, long drawId, int replicate, Instant now) {
    jdbc.sql("update sample_number set released = true where draw_id = ? and replicate = ?").params(drawId, replicate)
        .update();
    return jdbc.sql("""
        insert into cati_case (survey_id, draw_id, number, area, replicate, release_order, next_call_at, updated_at)
        select :survey, n.draw_id, n.number, n.area, n.replicate, n.release_order, :now, :now
          from sample_number n
         where n.draw_id = :draw and n.replicate = :replicate
           and not exists (select 1 from cati_dnc d where d.survey_id = :survey and d.number = n.number)
         order by n.release_order
        on conflict (survey_id, number) do nothing""")
        .param("survey", surveyId).param("draw", drawId).param("replicate", replicate).param("now", at(now)).update();
  }
}
