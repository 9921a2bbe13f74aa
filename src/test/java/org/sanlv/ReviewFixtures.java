package org.sanlv;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Field interviews for the review and integrity tests, written by SQL as the sync stores them (a draw, a household
 * assignment, a {@code response} row with the contract's paradata and review status 'pending').
 */
public final class ReviewFixtures {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ReviewFixtures() {}

  /** One field interview of a survey in a county, the same one on every call (the scope matrix's). */
  public static synchronized long fieldInterview(JdbcClient jdbc, SurveyService surveys, InstrumentService instruments,
      String slug, String county) {
    Survey survey = surveys.bySlug(slug).orElseThrow();
    UUID key = UUID.nameUUIDFromBytes(("matrix-field-interview-" + slug + "-" + county).getBytes());
    var existing = jdbc.sql("select id from response where survey_id = ? and idempotency_key = ?")
        .params(survey.id(), key).query(Long.class).optional();
    if (existing.isPresent()) {
      return existing.get();
    }
    long draw = draw(jdbc, survey.id());
    long assignment = assignment(jdbc, survey.id(), draw, county, "M-" + county, 1, 30.0, 120.0, "t-interviewer", null);
    return interview(jdbc, key, survey.id(), survey.instrumentId(), county, assignment, "t-interviewer", null,
        Map.of("county", county), TestClock.DEFAULT_START.minusSeconds(900), TestClock.DEFAULT_START.minusSeconds(300),
        Map.of("visit", 1), "{}");
  }

  /**
   * A household survey of 上虞区 of its own (the built-in zhejiang-2022 questionnaire, the window around
   * {@code now}), so a test's queue or check holds exactly its own interviews.
   */
  public static Survey householdSurvey(SurveyService surveys, InstrumentService instruments, String slugPrefix,
      String name, Instant now) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = now.minus(java.time.Duration.ofDays(20));
    return surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        slugPrefix + UUID.randomUUID().toString().substring(0, 8), name, instrument, TestAccounts.SHANGYU,
        java.util.List.of(new Survey.Mode(org.sanlv.survey.SurveyMode.HOUSEHOLD, opens,
            opens.plus(java.time.Duration.ofDays(40)), Map.of()))));
  }

  public static long draw(JdbcClient jdbc, long surveyId) {
    return jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'household', 1, '{}'::jsonb, 0, 'test') returning id""")
        .params(surveyId).query(Long.class).single();
  }

  /** A household assignment (block, household number, the block's location) given to an interviewer. */
  public static long assignment(JdbcClient jdbc, long surveyId, long drawId, String county, String blockId,
      int householdNo, Double latitude, Double longitude, String interviewer, Long teamId) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, block_id, block_name, household_no, pi,
                                     base_weight, latitude, longitude, team_id, interviewer, status, visits)
        values (?, ?, 'household', ?, ?, ?, ?, ?, 0.01, 100, ?, ?, ?, ?, 'completed', 1) returning id""")
        .params(surveyId, drawId, county, county, blockId, "小区" + blockId, householdNo, latitude, longitude, teamId,
            interviewer)
        .query(Long.class).single();
  }

  /** An intercept assignment: {@code target} interviews in one quota cell at one site. */
  public static long interceptAssignment(JdbcClient jdbc, long surveyId, long drawId, String county, String siteName,
      String locationType, String dayType, String timeOfDay, String interviewer) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, location_type, day_type, time_of_day,
                                     site_id, site_name, target, latitude, longitude, interviewer, status)
        values (?, ?, 'intercept', ?, ?, ?, ?, ?, ?, ?, 10, 30.03, 120.87, ?, 'assigned') returning id""")
        .params(surveyId, drawId, county, county, locationType, dayType, timeOfDay, "S-" + UUID.randomUUID(), siteName,
            interviewer)
        .query(Long.class).single();
  }

  /** A synced interview (household or intercept, as its assignment) as the sync stores it: review status 'pending'. */
  public static long interview(JdbcClient jdbc, UUID key, long surveyId, long instrumentId, String county,
      long assignmentId, String interviewer, Long teamId, Map<String, ?> answers, Instant startedAt, Instant endedAt,
      Map<String, ?> paradata, String flags) {
    Map<String, Object> p = new java.util.LinkedHashMap<>(paradata);
    p.putIfAbsent("startedAt", startedAt.toString());
    p.putIfAbsent("endedAt", endedAt.toString());
    return jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              started_at, submitted_at, interviewer, assignment_id, interviewer_team, adults, selection,
                              review_status, flags, answers, paradata, received_at)
        values (?, ?, ?, ?, ?, (select kind from capi_assignment where id = ?), 'complete', ?, ?, ?, ?, ?, 2,
                'next_birthday', 'pending', ?::text[], ?::jsonb, ?::jsonb, ?)
        returning id""")
        .params(key, surveyId, instrumentId, county, county, assignmentId, Timestamp.from(startedAt), Timestamp.from(endedAt),
            interviewer, assignmentId, teamId, flags, JSON.writeValueAsString(answers), JSON.writeValueAsString(p),
            Timestamp.from(endedAt.plusSeconds(90)))
        .query(Long.class).single();
  }
}
