package org.sanlv.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How long the fieldwork rules take over one large county: 20,000 household interviews by 400 interviewers (read
 * from the database, ruled, flags written), twice. Run:
 * {@code ./mvnw -o test -Dtest=FieldworkChecksBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class FieldworkChecksBenchmark {

  @Autowired IntegrityService integrity;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired JdbcTemplate template;

  @Test
  void twentyThousandInterviewsOfOneCounty() {
    TestAccounts.ensure(org, users);
    Survey survey = ReviewFixtures.householdSurvey(surveys, instruments, "t-capi-bench-", "核查计时",
        TestClock.DEFAULT_START);
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    long assignment = ReviewFixtures.assignment(jdbc, survey.id(), draw, TestAccounts.SHANGYU, "BENCH", 1, 30.0, 120.0,
        "bench", null);
    Random random = new Random(1);
    int n = 20_000;
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant start = Instant.parse("2026-11-02T01:00:00Z").plusSeconds(600L * i);
      String answers = "{\"county\":\"330604\",\"age\":40,\"hukou\":\"1\",\"q1\":[\"1\"],\"q3\":[\"1\"],\"q5\":[\"1\"],"
          + "\"q7\":[\"2\"],\"q10\":[\"1\"],\"q11\":[\"1\"],\"q12\":[\"1\"],\"q13\":\"1\"";
      for (String q : List.of("q2", "q4", "q6", "q8", "q9")) {
        answers += ",\"" + q + "\":\"" + (1 + random.nextInt(4)) + "\"";
      }
      String paradata = "{\"startedAt\":\"" + start + "\",\"endedAt\":\"" + start.plusSeconds(300)
          + "\",\"gps\":{\"lat\":30.0,\"lon\":120.0,\"accuracy\":10}}";
      rows.add(new Object[] {UUID.randomUUID(), survey.id(), survey.instrumentId(), "bench-" + (i % 400), assignment, answers + "}",
          paradata});
    }
    template.batchUpdate("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              interviewer, assignment_id, review_status, answers, paradata)
        values (?, ?, ?, '330604', '330604', 'household', 'complete', ?, ?, 'pending', ?::jsonb, ?::jsonb)""", rows);
    for (int run = 1; run <= 2; run++) {
      long t0 = System.nanoTime();
      int changed = integrity.checkFieldwork(survey.id());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("fieldwork checks, run %d: %,d interviews of one county, 400 interviewers: %,d ms (%d changed)%n",
          run, n, ms, changed);
      assertThat(ms).isLessThan(60_000);
    }
  }
}
