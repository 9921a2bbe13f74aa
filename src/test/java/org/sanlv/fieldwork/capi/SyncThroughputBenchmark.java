package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A quick local look at the sync's throughput (the lead runs the real benchmark): {@value #INTERVIEWERS}
 * interviewers of one team, each syncing {@value #EACH} offline household interviews in one batch, all at once
 * through the whole web stack (MockMvc: scope check, JSON, the service, PostgreSQL), then the same batches again
 * (every one a repeat). Run: {@code ./mvnw -o test -Dtest=SyncThroughputBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class SyncThroughputBenchmark {

  static final int INTERVIEWERS = 50;
  static final int EACH = 20;

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired TestClock clock;

  @Test
  void fiftyInterviewersSyncTwentyOfflineInterviewsEachAtOnce() throws Exception {
    CapiFixtures f = CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
    Instant now = clock.instant();
    // warm-up (JIT, the compiled questionnaire, the connection pool): one interviewer's batch, not counted
    long warm = f.household(f.team, "t-interviewer");
    mvc.perform(post("/api/v1/capi/sync").with(user("t-interviewer")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
        .content(CapiFixtures.batch(now.toString(), List.of(CapiFixtures.interview(warm,
            now.minus(Duration.ofMinutes(30)).toString(), now.minus(Duration.ofMinutes(10)).toString())))));
    List<String> bodies = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Long> assignments = new ArrayList<>();
    for (int i = 0; i < INTERVIEWERS; i++) {
      String name = String.format(Locale.ROOT, "t-capi-bench-%02d", i);
      if (users.scopeOf(name).isEmpty()) {
        users.create(TestAccounts.ROOT, new UserService.NewUser(name, name, Role.INTERVIEWER, TestAccounts.SHANGYU));
      }
      jdbc.sql("insert into capi_team_member (team_id, interviewer) values (?, ?) on conflict do nothing")
          .params(f.team, name).update();
      List<Map<String, Object>> visits = new ArrayList<>();
      for (int k = 0; k < EACH; k++) {
        long a = f.household(f.team, name);
        assignments.add(a);
        visits.add(CapiFixtures.interview(a, now.minus(Duration.ofMinutes(60 - k)).toString(),
            now.minus(Duration.ofMinutes(40 - k)).toString()));
      }
      names.add(name);
      bodies.add(CapiFixtures.batch(now.toString(), visits));
    }
    for (String pass : List.of("first", "repeat")) {
      long[] latencies = new long[INTERVIEWERS];
      ExecutorService pool = Executors.newFixedThreadPool(INTERVIEWERS);
      long start = System.nanoTime();
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < INTERVIEWERS; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          String body = mvc.perform(post("/api/v1/capi/sync").with(user(names.get(n))).with(csrf())
              .contentType(MediaType.APPLICATION_JSON).content(bodies.get(n))).andReturn().getResponse()
              .getContentAsString();
          latencies[n] = System.nanoTime() - t0;
          return body;
        }));
      }
      int stored = 0;
      int repeat = 0;
      for (Future<String> a : answers) {
        String body = a.get();
        stored += body.split("\"stored\"", -1).length - 1;
        repeat += body.split("\"repeat\"", -1).length - 1;
      }
      long elapsed = System.nanoTime() - start;
      pool.shutdown();
      Arrays.sort(latencies);
      double seconds = elapsed / 1e9;
      System.out.printf(Locale.ROOT, "RESULT sync %s pass: %d interviewers x %d interviews: stored=%d repeat=%d in %.2f s"
          + " = %.0f interviews/s; request p50=%d ms p99=%d ms max=%d ms%n", pass, INTERVIEWERS, EACH, stored, repeat,
          seconds, INTERVIEWERS * EACH / seconds, latencies[INTERVIEWERS / 2] / 1_000_000,
          latencies[(int) Math.ceil(INTERVIEWERS * 0.99) - 1] / 1_000_000, latencies[INTERVIEWERS - 1] / 1_000_000);
      if (pass.equals("first")) {
        assertThat(stored).isEqualTo(INTERVIEWERS * EACH);
      } else {
        assertThat(repeat).isEqualTo(INTERVIEWERS * EACH);
      }
    }
    long rows = jdbc.sql("select count(*) from response where assignment_id = any(?)")
        .param(assignments.toArray(Long[]::new)).query(Long.class).single();
    long distinct = jdbc.sql("select count(distinct assignment_id) from response where assignment_id = any(?)")
        .param(assignments.toArray(Long[]::new)).query(Long.class).single();
    assertThat(rows).as("no loss, no duplicate").isEqualTo(INTERVIEWERS * EACH).isEqualTo(distinct);
  }
}
