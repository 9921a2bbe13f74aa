package org.sanlv.integrity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reads responses for the rules and writes their flags (the response table belongs to fieldwork; its flags column to us). */
@Repository
class IntegrityRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;

  IntegrityRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Row(long id, long instrumentId, Map<String, Object> answers, Map<String, Long> questionMillis, Instant startedAt,
      Instant submittedAt, boolean late, String deviceHash, String phoneHash, String networkHash, Set<Flag> flags) {}

  List<Row> responsesInOrder(long surveyId) {
    return jdbc.sql("""
        select id, instrument_id, answers::text as answers, paradata -> 'times' as times, started_at, submitted_at, late,
               device_hash, phone_hash, network_hash, flags
        from response
        where survey_id = :survey and status in ('complete', 'ineligible')
          and not (mode in ('household', 'intercept') and interviewer is not null)
        order by submitted_at, id
        """).param("survey", surveyId).query(IntegrityRepository::row).list();
  }

  @SuppressWarnings("unchecked")
  private static Row row(ResultSet rs, int n) throws SQLException {
    Map<String, Object> answers = JSON.readValue(rs.getString("answers"), Map.class);
    Map<String, Long> times = new HashMap<>();
    String timesJson = rs.getString("times");
    if (timesJson != null) {
      Map<String, Object> raw = JSON.readValue(timesJson, Map.class);
      raw.forEach((k, v) -> {
        if (v instanceof Number num) {
          times.put(k, num.longValue());
        }
      });
    }
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    Array array = rs.getArray("flags");
    if (array != null) {
      for (Object f : (Object[]) array.getArray()) {
        try {
          flags.add(Flag.fromDb((String) f));
        } catch (IllegalArgumentException e) {
          // a flag of a later rule version: recomputing replaces it
        }
      }
    }
    return new Row(rs.getLong("id"), rs.getLong("instrument_id"), answers, times, instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("submitted_at")), rs.getBoolean("late"), rs.getString("device_hash"),
        rs.getString("phone_hash"), rs.getString("network_hash"), flags);
  }

  /** A field interview with its paradata and the location of its block or site, and the flags it carries now. */
  record FieldRow(long id, long instrumentId, String interviewer, String county, Map<String, Object> answers,
      Instant startedAt, Instant endedAt, Double latitude, Double longitude, Double accuracy, Double siteLatitude,
      Double siteLongitude, Long clockSkewSeconds, Set<String> flags) {}

  /** The complete household and intercept interviews of a survey (the CAPI rules' input). */
  List<FieldRow> fieldInterviews(long surveyId) {
    return jdbc.sql("""
        select r.id, r.instrument_id, r.interviewer, r.county_code, r.answers::text as answers, r.flags,
               coalesce(r.paradata ->> 'startedAt', to_char(r.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) as started,
               coalesce(r.paradata ->> 'endedAt', to_char(r.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) as ended,
               (r.paradata -> 'gps' ->> 'lat')::double precision as lat,
               (r.paradata -> 'gps' ->> 'lon')::double precision as lon,
               (r.paradata -> 'gps' ->> 'accuracy')::double precision as accuracy,
               (r.paradata ->> 'clockSkewSeconds')::bigint as skew,
               a.latitude as site_lat, a.longitude as site_lon
        from response r
        left join capi_assignment a on a.id = r.assignment_id
        where r.survey_id = :survey and r.status = 'complete' and r.mode in ('household', 'intercept')
          and r.interviewer is not null
        order by r.id
        """).param("survey", surveyId).query((rs, n) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> answers = JSON.readValue(rs.getString("answers"), Map.class);
          Set<String> flags = new java.util.LinkedHashSet<>();
          Array array = rs.getArray("flags");
          if (array != null) {
            for (Object f : (Object[]) array.getArray()) {
              flags.add((String) f);
            }
          }
          return new FieldRow(rs.getLong("id"), rs.getLong("instrument_id"), rs.getString("interviewer"),
              rs.getString("county_code"), answers, parseInstant(rs.getString("started")),
              parseInstant(rs.getString("ended")), (Double) rs.getObject("lat"), (Double) rs.getObject("lon"),
              (Double) rs.getObject("accuracy"), (Double) rs.getObject("site_lat"), (Double) rs.getObject("site_lon"),
              (Long) rs.getObject("skew"), flags);
        }).list();
  }

  /** A device's ISO instant, or null when absent or unreadable (a bad clock string never stops the rules). */
  private static Instant parseInstant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Writes flags given as their stored strings (field interviews: the sync's own flags kept beside the rules'). */
  void updateFlagNames(Map<Long, Set<String>> flags) {
    if (flags.isEmpty()) {
      return;
    }
    Map<Long, String> literal = new java.util.HashMap<>();
    flags.forEach((id, set) -> literal.put(id, "{" + String.join(",", set) + "}"));
    writeFlags(literal);
  }

  /**
   * One statement for all the rows: the results' cell trigger (V18) then runs once, not once per response.
   * Flags are plain words, so their array literal needs no quoting.
   */
  private void writeFlags(Map<Long, String> literal) {
    Long[] ids = literal.keySet().toArray(Long[]::new);
    String[] values = java.util.Arrays.stream(ids).map(literal::get).toArray(String[]::new);
    jdbc.sql("""
        update response r set flags = v.flags::text[] from unnest(?::bigint[], ?::text[]) v(id, flags)
         where r.id = v.id""").params(ids, values).update();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  void updateFlags(Map<Long, Set<Flag>> flags) {
    if (flags.isEmpty()) {
      return;
    }
    Map<Long, String> literal = new java.util.HashMap<>();
    flags.forEach((id, set) -> literal.put(id, "{" + String.join(",", set.stream().map(Flag::dbValue).toList()) + "}"));
    writeFlags(literal);
  }
}
