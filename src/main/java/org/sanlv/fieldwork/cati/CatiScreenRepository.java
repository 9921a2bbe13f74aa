package org.sanlv.fieldwork.cati;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the interviewer's phone screen: a case as the interview submission sees it, the phone interview's row, today's counts. */
@Repository
class CatiScreenRepository {

  private final JdbcClient jdbc;

  CatiScreenRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A case with its hold, read under a row lock so an interview and an outcome of one case go one at a time. */
  record LockedCase(long id, long surveyId, String heldBy, UUID holdToken, Instant heldUntil, int attempts,
      String state) {}

  Optional<LockedCase> lockCase(long caseId) {
    return jdbc.sql("""
        select id, survey_id, held_by, hold_token, held_until, attempts, state
        from cati_case where id = :id
        for update""")
        .param("id", caseId)
        .query((rs, n) -> new LockedCase(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, UUID.class),
            instant(rs.getTimestamp(5)), rs.getInt(6), rs.getString(7)))
        .optional();
  }

  /** The survey a case belongs to, for the scope check of {@code caseId}. */
  Optional<Long> surveyOfCase(long caseId) {
    return jdbc.sql("select survey_id from cati_case where id = :id").param("id", caseId).query(Long.class).optional();
  }

  /** A response already stored under this key in the survey (a retried submission), with its case and interviewer. */
  record Stored(long id, Long caseId, String interviewer) {}

  Optional<Stored> responseByKey(long surveyId, UUID key) {
    return jdbc.sql("select id, cati_case_id, interviewer from response where survey_id = :s and idempotency_key = :k")
        .param("s", surveyId).param("k", key)
        .query((rs, n) -> new Stored(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3))).optional();
  }

  /** Whether the questionnaire is a version of the survey's form (the survey may have moved to a newer version). */
  boolean instrumentBelongsToSurvey(long instrumentId, long surveyInstrumentId) {
    return jdbc.sql("""
        select exists (select 1 from instrument i join instrument s on s.id = :survey
                       where i.id = :instrument and i.form_id = s.form_id)""")
        .param("instrument", instrumentId).param("survey", surveyInstrumentId).query(Boolean.class).single();
  }

  /** A complete phone interview, as the contract of issue 20 has it (no review status: not field-reviewed). */
  record NewPhoneResponse(UUID key, long surveyId, long instrumentId, String county, String stratum,
      Instant startedAt, Instant submittedAt, Instant receivedAt, String interviewer, long caseId, String answersJson,
      String paradataJson) {}

  /** Inserts the response; empty when the key is stored already (a retry that raced this one). */
  Optional<Long> insertPhoneResponse(NewPhoneResponse r) {
    return jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              started_at, submitted_at, received_at, interviewer, answers, paradata, cati_case_id)
        values (:key, :survey, :instrument, :county, :stratum, 'phone', 'complete', :started, :submitted, :received,
                :interviewer, :answers::jsonb, :paradata::jsonb, :case)
        on conflict (survey_id, idempotency_key) do nothing
        returning id""")
        .param("key", r.key()).param("survey", r.surveyId()).param("instrument", r.instrumentId())
        .param("county", r.county()).param("stratum", r.stratum()).param("started", ts(r.startedAt()))
        .param("submitted", ts(r.submittedAt())).param("received", ts(r.receivedAt()))
        .param("interviewer", r.interviewer()).param("answers", r.answersJson()).param("paradata", r.paradataJson())
        .param("case", r.caseId())
        .query(Long.class).optional();
  }

  /** The caller's work today and the survey's completes today, per survey. */
  record Today(long myAttempts, long myCompletes, long surveyCompletes) {}

  Map<Long, Today> today(String interviewer, Collection<Long> surveyIds, Instant dayStart) {
    Map<Long, Today> out = new HashMap<>();
    if (surveyIds.isEmpty()) {
      return out;
    }
    jdbc.sql("""
        select s.id,
               (select count(*) from cati_attempt a
                 where a.survey_id = s.id and a.interviewer = :me and a.ended_at >= :since),
               (select count(*) from response r
                 where r.survey_id = s.id and r.mode = 'phone' and r.status = 'complete' and r.interviewer = :me
                   and r.submitted_at >= :since),
               (select count(*) from response r
                 where r.survey_id = s.id and r.mode = 'phone' and r.status = 'complete' and r.submitted_at >= :since)
        from unnest(:ids) as s(id)""")
        .param("me", interviewer).param("since", ts(dayStart)).param("ids", surveyIds.toArray(Long[]::new))
        .query((rs, n) -> Map.entry(rs.getLong(1), new Today(rs.getLong(2), rs.getLong(3), rs.getLong(4))))
        .list().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** An area's name (the province named in the introduction). */
  Optional<String> areaName(String code) {
    return jdbc.sql("select name from org_node where code = :c").param("c", code).query(String.class).optional();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
