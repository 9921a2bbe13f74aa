package org.sanlv.fieldwork.capi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fieldwork set up by SQL for the sync's tests (the supervisor pages that make it belong to the assignments part):
 * the running mock survey of 上虞区, a household draw, two teams of 上虞区 (t-interviewer with t-capi-mate, and
 * t-capi-other alone) and assignments made on demand.
 */
public final class CapiFixtures {

  public static final String MATE = "t-capi-mate";
  public static final String OTHER = "t-capi-other";
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger BLOCKS = new AtomicInteger();

  public final long surveyId;
  public final long instrumentId;
  public final long drawId;
  public final long team;
  public final long otherTeam;
  private final JdbcClient jdbc;

  private CapiFixtures(JdbcClient jdbc, long surveyId, long instrumentId, long drawId, long team, long otherTeam) {
    this.jdbc = jdbc;
    this.surveyId = surveyId;
    this.instrumentId = instrumentId;
    this.drawId = drawId;
    this.team = team;
    this.otherTeam = otherTeam;
  }

  public static synchronized CapiFixtures ensure(JdbcClient jdbc, OrgService org, UserService users,
      SurveyService surveys, InstrumentService instruments) {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    for (String name : List.of(MATE, OTHER)) {
      if (users.scopeOf(name).isEmpty()) {
        users.create(TestAccounts.ROOT, new UserService.NewUser(name, name, Role.INTERVIEWER, TestAccounts.SHANGYU));
      }
    }
    var survey = surveys.bySlug("t-shangyu-mock").orElseThrow();
    long draw = jdbc.sql("select id from sample_draw where survey_id = ? and drawn_by = 'capi-test'")
        .param(survey.id()).query(Long.class).optional().orElseGet(() -> jdbc.sql("""
            insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
            values (?, 'household', 1, '{}'::jsonb, 0, 'capi-test') returning id""")
            .param(survey.id()).query(Long.class).single());
    long team = team(jdbc, survey.id(), "第一组（同步测试）", List.of("t-interviewer", MATE));
    long other = team(jdbc, survey.id(), "第二组（同步测试）", List.of(OTHER));
    return new CapiFixtures(jdbc, survey.id(), survey.instrumentId(), draw, team, other);
  }

  private static long team(JdbcClient jdbc, long survey, String name, List<String> members) {
    long id = jdbc.sql("select id from capi_team where survey_id = ? and name = ?").params(survey, name)
        .query(Long.class).optional().orElseGet(() -> jdbc.sql("""
            insert into capi_team (survey_id, area_code, name, supervisor, created_by)
            values (?, ?, ?, 't-supervisor', 'capi-test') returning id""")
            .params(survey, TestAccounts.SHANGYU, name).query(Long.class).single());
    for (String m : members) {
      jdbc.sql("insert into capi_team_member (team_id, interviewer) values (?, ?) on conflict do nothing")
          .params(id, m).update();
    }
    return id;
  }

  /** A household of a fresh block of 百官街道, assigned to {@code interviewer} of {@code team} at version 1. */
  public long household(long team, String interviewer) {
    String block = "T" + System.nanoTime() % 1_000_000_000L + "-" + BLOCKS.incrementAndGet();
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, block_id, block_name,
                                     household_no, pi, base_weight, team_id, interviewer, status, max_visits,
                                     assignment_version)
        values (?, ?, 'household', ?, ?, ?, ?, '百官一村', 3, 0.01, 100, ?, ?, 'assigned', 3, 1) returning id""")
        .params(surveyId, drawId, TestAccounts.BAIGUAN, TestAccounts.SHANGYU, TestAccounts.BAIGUAN, block, team,
            interviewer)
        .query(Long.class).single();
  }

  /** An intercept cell of {@code target} interviews at a market, assigned to {@code interviewer}. */
  public long intercept(long team, String interviewer, int target) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, location_type, day_type,
                                     time_of_day, site_id, site_name, target, team_id, interviewer, status,
                                     assignment_version)
        values (?, ?, 'intercept', ?, ?, ?, 'market', 'weekday', 'morning', ?, '百官农贸市场', ?, ?, ?, 'assigned', 1)
        returning id""")
        .params(surveyId, drawId, TestAccounts.BAIGUAN, TestAccounts.SHANGYU, TestAccounts.BAIGUAN,
            "S" + System.nanoTime() + "-" + BLOCKS.incrementAndGet(), target, team, interviewer)
        .query(Long.class).single();
  }

  /** A household interview visit as the app sends it. */
  public static Map<String, Object> interview(long assignmentId, String startedAt, String endedAt) {
    Map<String, Object> interview = new LinkedHashMap<>();
    interview.put("instrumentId", null);
    interview.put("answers", ZhejiangAnswers.complete(TestAccounts.SHANGYU));
    interview.put("startedAt", startedAt);
    interview.put("endedAt", endedAt);
    interview.put("durations", Map.of("age", 4200, "q1", 12000));
    interview.put("adults", 3);
    interview.put("selection", "next_birthday");
    Map<String, Object> visit = visit(assignmentId, "interview", startedAt);
    visit.put("interview", interview);
    visit.put("lat", 30.03);
    visit.put("lon", 120.87);
    visit.put("accuracy", 12.5);
    visit.put("address", "百官街道市民大道 1 号");
    return visit;
  }

  public static Map<String, Object> visit(long assignmentId, String outcome, String visitedAt) {
    Map<String, Object> visit = new LinkedHashMap<>();
    visit.put("key", UUID.randomUUID().toString());
    visit.put("assignmentId", assignmentId);
    visit.put("assignmentVersion", 1);
    visit.put("visitedAt", visitedAt);
    visit.put("outcome", outcome);
    visit.put("note", null);
    visit.put("nextVisitAt", null);
    visit.put("interview", null);
    return visit;
  }

  public static String batch(String sentAt, List<Map<String, Object>> visits) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deviceId", "device-test-0001");
    body.put("sentAt", sentAt);
    body.put("visits", visits);
    return JSON.writeValueAsString(body);
  }
}
