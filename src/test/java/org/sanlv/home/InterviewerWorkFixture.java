package org.sanlv.home;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.UUID;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An interviewer of 上虞区 with planted field work in the running mock survey, for the interviewer's home page: 3 open
 * assignments (one revisit planned today, one tomorrow), 1 completed, 2 interviews waiting for review, 1 escalated,
 * 1 approved, and 1 sent back with a comment. Or, with {@link #idle}, an interviewer with nothing.
 */
public final class InterviewerWorkFixture {

  private InterviewerWorkFixture() {}

  /** An interviewer account of 上虞区 that nothing has been given to (made on first use). */
  public static String idle(OrgService org, UserService users, String username) {
    TestAccounts.ensure(org, users);
    if (users.scopeOf(username).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(username, "空闲调查员", Role.INTERVIEWER,
          TestAccounts.SHANGYU));
    }
    return username;
  }

  /** Plants the work above for {@code username} (a fresh account each call), today being {@code now}'s China day. */
  public static String busy(JdbcClient jdbc, OrgService org, UserService users, SurveyService surveys,
      InstrumentService instruments, String username, Instant now) {
    idle(org, users, username);
    TestAccounts.ensureSurveys(surveys, instruments);
    Survey survey = surveys.bySlug("t-shangyu-mock").orElseThrow();
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    LocalDate today = LocalDate.ofInstant(now, Survey.CHINA);
    Instant todayAfternoon = today.atTime(LocalTime.of(15, 0)).atZone(Survey.CHINA).toInstant();
    Instant tomorrow = todayAfternoon.plusSeconds(86_400);
    String block = "H" + Math.abs(username.hashCode());
    assignment(jdbc, survey.id(), draw, block, 1, username, "assigned", null);
    assignment(jdbc, survey.id(), draw, block, 2, username, "visited", todayAfternoon);
    assignment(jdbc, survey.id(), draw, block, 3, username, "visited", tomorrow);
    long done = assignment(jdbc, survey.id(), draw, block, 4, username, "completed", null);
    String[] reviews = {"pending", "pending", "escalated", "approved", "rejected"};
    for (int i = 0; i < reviews.length; i++) {
      long id = ReviewFixtures.interview(jdbc, UUID.randomUUID(), survey.id(), survey.instrumentId(),
          TestAccounts.SHANGYU, done, username, null, Map.of("county", TestAccounts.SHANGYU),
          now.minusSeconds(7200 + 600L * i), now.minusSeconds(6000 + 600L * i), Map.of(), "{}");
      if (!"pending".equals(reviews[i])) {
        jdbc.sql("insert into capi_review (response_id, reviewer, decision, comment, decided_at) values (?, ?, ?, ?, ?)")
            .params(id, "t-supervisor", reviews[i], "rejected".equals(reviews[i]) ? "第 3 题的答案与备注不一致，请核实后重新提交。" : null,
                Timestamp.from(now.minusSeconds(600)))
            .update();
        jdbc.sql("update response set review_status = ? where id = ?").params(reviews[i], id).update();
      }
    }
    return username;
  }

  private static long assignment(JdbcClient jdbc, long surveyId, long draw, String block, int household,
      String interviewer, String status, Instant nextVisitAt) {
    return jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, block_id, block_name,
                                     household_no, pi, base_weight, interviewer, status, visits, next_visit_at)
        values (?, ?, 'household', ?, ?, ?, ?, '百官一村', ?, 0.01, 100, ?, ?, ?, ?) returning id""")
        .params(surveyId, draw, TestAccounts.BAIGUAN, TestAccounts.SHANGYU, TestAccounts.BAIGUAN, block, household,
            interviewer, status, "assigned".equals(status) ? 0 : 1,
            nextVisitAt == null ? null : Timestamp.from(nextVisitAt))
        .query(Long.class).single();
  }
}
