package org.sanlv.fieldwork.capi;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the interviewer app and its sync: an interviewer's assignments, visits, field interviews. */
@Repository
class SyncRepository {

  private final JdbcClient jdbc;

  SyncRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What the sync needs of an assignment, read under a row lock so two syncs of one assignment go one at a time. */
  record LockedAssignment(long id, long surveyId, String kind, String stratum, String county, Long teamId,
      String interviewer, String status, int visits, int maxVisits, int target, int assignmentVersion,
      String address, long surveyInstrumentId) {}

  Optional<LockedAssignment> lockAssignment(long id) {
    return jdbc.sql("""
        select a.id, a.survey_id, a.kind, a.stratum, a.county, a.team_id, a.interviewer, a.status, a.visits,
               a.max_visits, a.target, a.assignment_version, a.address, s.instrument_id
        from capi_assignment a join survey s on s.id = a.survey_id
        where a.id = :id
        for update of a""")
        .param("id", id)
        .query((rs, n) -> new LockedAssignment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            rs.getString(5), (Long) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
            rs.getInt(11), rs.getInt(12), rs.getString(13), rs.getLong(14)))
        .optional();
  }

  /** Whether {@code interviewer} is in the team now. */
  boolean isTeamMember(long teamId, String interviewer) {
    return jdbc.sql("select exists (select 1 from capi_team_member where team_id = :team and interviewer = :who)")
        .param("team", teamId).param("who", interviewer).query(Boolean.class).single();
  }

  /** The team under which an interviewer held an assignment at one version (V16's holder history). */
  record Held(Long teamId) {}

  /**
   * Whether {@code interviewer} held the assignment at {@code version}, and in which team: work the device did under
   * that version was theirs to do, even if the assignment has since gone to someone else.
   */
  Optional<Held> heldAt(long assignmentId, String interviewer, int version) {
    return jdbc.sql("""
        select team_id from capi_assignment_holder
         where assignment_id = :a and assignment_version = :v and interviewer = :who""")
        .param("a", assignmentId).param("v", version).param("who", interviewer)
        .query((rs, n) -> new Held((Long) rs.getObject(1))).optional();
  }

  /**
   * Whether an instrument may hold an interview of this survey: the survey's questionnaire, or another version of
   * the same form (a questionnaire changed while the device was offline).
   */
  boolean instrumentBelongsToSurvey(long instrumentId, long surveyInstrumentId) {
    return jdbc.sql("""
        select exists (select 1 from instrument i join instrument s on s.id = :survey
                       where i.id = :instrument and i.form_id = s.form_id)""")
        .param("instrument", instrumentId).param("survey", surveyInstrumentId).query(Boolean.class).single();
  }

  /** The visit already stored under this key for this assignment, if any (a repeated sync). */
  Optional<Long> visitByKey(long assignmentId, UUID key) {
    return jdbc.sql("select id from capi_visit where assignment_id = :a and idempotency_key = :k")
        .param("a", assignmentId).param("k", key).query(Long.class).optional();
  }

  record NewVisit(UUID key, long assignmentId, String interviewer, int assignmentVersion, Instant visitedAt,
      Instant receivedAt, String outcome, String note, Instant nextVisitAt, Double latitude, Double longitude,
      String deviceHash) {}

  /** Stores a visit; empty when its key was there already. */
  Optional<Long> insertVisit(NewVisit v) {
    return jdbc.sql("""
        insert into capi_visit (idempotency_key, assignment_id, interviewer, assignment_version, visited_at,
                                received_at, outcome, note, next_visit_at, latitude, longitude, device_hash)
        values (:key, :assignment, :interviewer, :version, :visited, :received, :outcome, :note, :next, :lat, :lon,
                :device)
        on conflict (assignment_id, idempotency_key) do nothing
        returning id""")
        .param("key", v.key()).param("assignment", v.assignmentId()).param("interviewer", v.interviewer())
        .param("version", v.assignmentVersion()).param("visited", ts(v.visitedAt()))
        .param("received", ts(v.receivedAt())).param("outcome", v.outcome()).param("note", v.note())
        .param("next", ts(v.nextVisitAt())).param("lat", v.latitude()).param("lon", v.longitude())
        .param("device", v.deviceHash())
        .query(Long.class).optional();
  }

  /** The number of interviews stored for an assignment (an intercept cell is done at its target). */
  int interviewsOf(long assignmentId) {
    return jdbc.sql("select count(*) from capi_visit where assignment_id = :a and outcome = 'interview'")
        .param("a", assignmentId).query(Integer.class).single();
  }

  void updateAssignment(long id, int visits, String status, String finalOutcome, Instant nextVisitAt, String address,
      Instant now) {
    jdbc.sql("""
        update capi_assignment set visits = :visits, status = :status,
               final_outcome = coalesce(:final, final_outcome), next_visit_at = :next,
               address = coalesce(address, :address), updated_at = :now
        where id = :id""")
        .param("visits", visits).param("status", status).param("final", finalOutcome).param("next", ts(nextVisitAt))
        .param("address", address).param("now", ts(now)).param("id", id)
        .update();
  }

  record NewResponse(UUID key, long surveyId, long instrumentId, String county, String stratum, String mode,
      String status, Instant startedAt, Instant submittedAt, Instant receivedAt, String interviewer,
      String deviceHash, List<String> flags, String answersJson, String paradataJson, long assignmentId, Long teamId,
      Integer adults, String selection) {}

  /** Stores a field interview, or finds the one stored before under the same key; returns its id. */
  long insertResponse(NewResponse r) {
    Optional<Long> id = jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              started_at, submitted_at, received_at, interviewer, device_hash, flags, answers,
                              paradata, assignment_id, interviewer_team, adults, selection, review_status)
        values (:key, :survey, :instrument, :county, :stratum, :mode, :status, :started, :submitted, :received,
                :interviewer, :device, string_to_array(:flags, ',')::text[], :answers::jsonb, :paradata::jsonb,
                :assignment, :team, :adults, :selection, 'pending')
        on conflict (survey_id, idempotency_key) do nothing
        returning id""")
        .param("key", r.key()).param("survey", r.surveyId()).param("instrument", r.instrumentId())
        .param("county", r.county()).param("stratum", r.stratum()).param("mode", r.mode()).param("status", r.status())
        .param("started", ts(r.startedAt())).param("submitted", ts(r.submittedAt()))
        .param("received", ts(r.receivedAt())).param("interviewer", r.interviewer()).param("device", r.deviceHash())
        .param("flags", String.join(",", r.flags())).param("answers", r.answersJson())
        .param("paradata", r.paradataJson()).param("assignment", r.assignmentId()).param("team", r.teamId())
        .param("adults", r.adults()).param("selection", r.selection())
        .query(Long.class).optional();
    return id.orElseGet(() -> responseByKey(r.surveyId(), r.key()).orElseThrow());
  }

  /**
   * Stores a batch's field interviews in one statement (keys already stored are left as they are); returns key → id
   * of every one of them, the earlier ones included.
   */
  Map<UUID, Long> insertResponses(List<NewResponse> rows) {
    int n = rows.size();
    Object[][] columns = new Object[19][n];
    for (int i = 0; i < n; i++) {
      NewResponse r = rows.get(i);
      Object[] values = {r.key(), r.surveyId(), r.instrumentId(), r.county(), r.stratum(), r.mode(), r.status(),
          text(r.startedAt()), text(r.submittedAt()), text(r.receivedAt()), r.interviewer(), r.deviceHash(),
          String.join(",", r.flags()), r.answersJson(), r.paradataJson(), r.assignmentId(), r.teamId(), r.adults(),
          r.selection()};
      for (int c = 0; c < values.length; c++) {
        columns[c][i] = values[c];
      }
    }
    Map<UUID, Long> ids = new java.util.HashMap<>();
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              started_at, submitted_at, received_at, interviewer, device_hash, flags, answers,
                              paradata, assignment_id, interviewer_team, adults, selection, review_status)
        select t.k, t.survey, t.instrument, t.county, t.stratum, t.mode, t.status, t.started, t.submitted, t.received,
               t.interviewer, t.device, coalesce(string_to_array(nullif(t.flags, ''), ','), '{}'), t.answers::jsonb,
               t.paradata::jsonb, t.assignment, t.team, t.adults, t.selection, 'pending'
        from unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::text[])
             as t(k, survey, instrument, county, stratum, mode, status, started, submitted, received, interviewer,
                  device, flags, answers, paradata, assignment, team, adults, selection)
        on conflict (survey_id, idempotency_key) do nothing
        returning idempotency_key, id""")
        .params(array(columns[0], UUID[]::new), array(columns[1], Long[]::new), array(columns[2], Long[]::new),
            array(columns[3], String[]::new), array(columns[4], String[]::new), array(columns[5], String[]::new),
            array(columns[6], String[]::new), array(columns[7], String[]::new), array(columns[8], String[]::new),
            array(columns[9], String[]::new), array(columns[10], String[]::new), array(columns[11], String[]::new),
            array(columns[12], String[]::new), array(columns[13], String[]::new), array(columns[14], String[]::new),
            array(columns[15], Long[]::new), array(columns[16], Long[]::new), array(columns[17], Integer[]::new),
            array(columns[18], String[]::new))
        .query((rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2))).list()
        .forEach(e -> ids.put(e.getKey(), e.getValue()));
    for (NewResponse r : rows) {
      if (!ids.containsKey(r.key())) {
        responseByKey(r.surveyId(), r.key()).ifPresent(id -> ids.put(r.key(), id));
      }
    }
    return ids;
  }

  private static <T> T[] array(Object[] values, java.util.function.IntFunction<T[]> make) {
    T[] typed = make.apply(values.length);
    System.arraycopy(values, 0, typed, 0, values.length);
    return typed;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  Optional<Long> responseByKey(long surveyId, UUID key) {
    return jdbc.sql("select id from response where survey_id = :s and idempotency_key = :k")
        .param("s", surveyId).param("k", key).query(Long.class).optional();
  }

  record SurveyRow(long id, String name, long instrumentId) {}

  /** Of these surveys, those in fieldwork (调查中), with their questionnaire. */
  java.util.Map<Long, SurveyRow> runningSurveys(java.util.Collection<Long> ids) {
    java.util.Map<Long, SurveyRow> found = new java.util.LinkedHashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    jdbc.sql("select id, name, instrument_id from survey where id = any(:ids) and status = 'fielding' order by id")
        .param("ids", ids.toArray(Long[]::new))
        .query((rs, n) -> new SurveyRow(rs.getLong(1), rs.getString(2), rs.getLong(3)))
        .list().forEach(s -> found.put(s.id(), s));
    return found;
  }

  /** Area code → name. */
  java.util.Map<String, String> areaNames(java.util.Collection<String> codes) {
    java.util.Map<String, String> names = new java.util.HashMap<>();
    if (!codes.isEmpty()) {
      jdbc.sql("select code, name from org_node where code = any(:codes)").param("codes", codes.toArray(String[]::new))
          .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
          .forEach(e -> names.put(e.getKey(), e.getValue()));
    }
    return names;
  }

  /** Assignment id → interviews stored for it. */
  java.util.Map<Long, Integer> interviewsByAssignment(List<Long> ids) {
    java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      jdbc.sql("""
          select assignment_id, count(*) from capi_visit where assignment_id = any(:ids) and outcome = 'interview'
          group by assignment_id""").param("ids", ids.toArray(Long[]::new))
          .query((rs, n) -> Map.entry(rs.getLong(1), rs.getInt(2))).list()
          .forEach(e -> counts.put(e.getKey(), e.getValue()));
    }
    return counts;
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
