package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync of offline interviews under load (issue 19), over real HTTP on the test's port (loopback, JDK HttpClient,
 * HTTP/1.1): 500 interviewers, signed in through the login form, each syncing {@value #EACH}
 * offline household interviews in one request, all at once (a start barrier); then every one the same batch again
 * (all {@code repeat}). Its rate is compared with the online submit's measured in the same run on the same
 * PostgreSQL: 10,000 valid submissions of the same questionnaire from {@value #ONLINE_CLIENTS} client
 * threads (as {@code scripts/bench-cawi.sh}), and again from 500.
 *
 * <p>Round 0 warms the JIT and is not counted; rounds 1–{@value #ROUNDS} are measured with fresh assignments and keys
 * and their medians quoted. Durable PostgreSQL (fsync and synchronous_commit on, as in production). The test fails
 * only on loss or duplication, never on speed. Run alone (its own application context):
 * {@code ./mvnw -o test -Dtest=CapiSyncBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
@TestPropertySource(properties = {
    "sanlv.fieldwork.network-per-minute=0", // every client comes from 127.0.0.1
    "sanlv.db.embedded-durable=true"})
class CapiSyncBenchmark {

  /** 500; smaller for a quick look: {@code -Dcapi.bench.interviewers=40} (a multiple of 20). */
  static final int INTERVIEWERS = Integer.getInteger("capi.bench.interviewers", 500);
  static final int EACH = 20;
  static final int PER_TEAM = 20;
  /** 10,000; {@code -Dcapi.bench.online=…} for a quick look. */
  static final int ONLINE = Integer.getInteger("capi.bench.online", 10_000);
  static final int ONLINE_CLIENTS = 64;
  static final int ROUNDS = 3;
  /** The whole run, setup included, ends by then whatever happens. */
  static final Duration LIMIT = Duration.ofMinutes(20);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
  static final String PASSWORD = "bench-Interviewer-pw-19";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern SURVEY_ID = Pattern.compile("data-survey-id=\"(\\d+)\"");
  private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");
  private static final String[] QUESTIONS =
      {"age", "hukou", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12", "q13"};

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired PasswordEncoder encoder;
  @Autowired TestClock clock;
  @Autowired DataSource dataSource;
  @Autowired Environment env;

  /** A few clients share the connections (one selector thread each), as devices share nothing but the server. */
  private final HttpClient[] http = new HttpClient[8];
  private long deadline;

  /** A signed-in device: its cookies and the CSRF header its sync sends. */
  record Device(String name, String cookies, String csrfHeader, String csrfToken, HttpClient http) {}

  /** One request's answer as the client saw it. */
  record Call(int status, long startNanos, long endNanos, String body) {
    long latency() {
      return endNanos - startNanos;
    }
  }

  record Rate(String what, int requests, long accepted, long failed, double seconds, double perSecond, double p50,
      double p99, double max) {}

  @Test
  void fiveHundredInterviewersSyncTwentyOfflineInterviewsEachAtOnce() throws Exception {
    assertThat(INTERVIEWERS % PER_TEAM).as("interviewers fill whole teams").isZero();
    deadline = System.nanoTime() + LIMIT.toNanos();
    for (int i = 0; i < http.length; i++) {
      http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER).build();
    }
    System.out.println("RESULT machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", load " + load()
        + ", PostgreSQL fsync=" + jdbc.sql("show fsync").query(String.class).single() + " synchronous_commit="
        + jdbc.sql("show synchronous_commit").query(String.class).single() + "; Tomcat threads: "
        + (Runtime.version().feature() >= 21 ? "virtual" : "200 platform (default)") + ", connection pool " + ((HikariDataSource) dataSource).getMaximumPoolSize());

    // ---- setup, not timed
    long t = System.nanoTime();
    CapiFixtures f = CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
    Survey online = onlineSurvey();
    List<String> names = interviewers(f);
    Map<String, List<List<Long>>> work = assignments(f, names);
    List<Device> devices = signIn(names);
    System.out.printf(Locale.ROOT, "RESULT setup: %d interviewers in %d teams, %d assignments, all signed in, in %.1f s%n",
        names.size(), names.size() / PER_TEAM, names.size() * EACH * (ROUNDS + 1), (System.nanoTime() - t) / 1e9);

    List<double[]> measured = new ArrayList<>(); // online64 rate, online500 rate, sync rate, sync p50, p99, online p99
    for (int round = 0; round <= ROUNDS; round++) {
      String label = round == 0 ? "round 0 (warm-up, not counted)" : "round " + round;
      Rate online64 = online(online.slug(), ONLINE, ONLINE_CLIENTS, round, "a");
      Rate online500 = online(online.slug(), ONLINE, INTERVIEWERS, round, "b");
      List<String> bodies = new ArrayList<>();
      List<List<String>> keys = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        List<String> mine = new ArrayList<>();
        bodies.add(batch(i, work.get(names.get(i)).get(round), round, mine));
        keys.add(mine);
      }
      Map<String, Integer> first = new ConcurrentHashMap<>();
      Sampler sampler = new Sampler();
      Rate sync = sync(devices, bodies, first, "sync", round);
      String waits = sampler.stop();
      Map<String, Integer> again = new ConcurrentHashMap<>();
      Rate repeat = sync(devices, bodies, again, "repeat", round);
      Check check = check(f, work, round, keys, first, again);
      print(label, online64);
      print(label, online500);
      print(label, sync);
      print(label, repeat);
      System.out.printf(Locale.ROOT, "RESULT %s ratio sync/online64 = %.0f / %.0f = %.2f (target >= 0.8); "
          + "sync/online" + INTERVIEWERS + " = %.2f; p99 sync %.0f ms vs online64 %.1f ms%n", label, sync.perSecond(),
          online64.perSecond(), sync.perSecond() / online64.perSecond(), sync.perSecond() / online500.perSecond(),
          sync.p99(), online64.p99());
      System.out.println("RESULT " + label + " during the sync pass: " + waits);
      System.out.printf(Locale.ROOT, "RESULT %s check: first pass stored=%d repeat=%d refused=%d; second pass "
          + "repeat=%d stored=%d refused=%d; rows=%d distinct keys=%d distinct assignments=%d visits=%d; "
          + "acknowledged=%d missing=%d; online stored=%d of %d accepted%n", label, first.getOrDefault("stored", 0),
          first.getOrDefault("repeat", 0), first.getOrDefault("refused", 0), again.getOrDefault("repeat", 0),
          again.getOrDefault("stored", 0), again.getOrDefault("refused", 0), check.rows, check.distinctKeys,
          check.distinctAssignments, check.visits, check.acknowledged, check.missing, check.onlineRows,
          online64.accepted() + online500.accepted());
      // the only failures: loss or duplication, never speed (a request that timed out is neither: its device keeps
      // the interviews and sends them again, as the second pass does)
      assertThat(check.missing).as("acknowledged keys missing from the store").isZero();
      assertThat(check.rows).as("one response and one visit per interview, no duplicate")
          .isEqualTo(check.distinctKeys).isEqualTo(check.distinctAssignments).isEqualTo(check.visits)
          .isLessThanOrEqualTo((long) INTERVIEWERS * EACH);
      if (first.getOrDefault("stored", 0) == INTERVIEWERS * EACH) {
        assertThat(check.rows).as("every interview stored once").isEqualTo((long) INTERVIEWERS * EACH);
        assertThat(again.getOrDefault("stored", 0)).as("the repeated sync stores nothing new").isZero();
      } else {
        System.out.println("RESULT " + label + " WARNING: not every interview was acknowledged in the first pass");
      }
      assertThat(check.onlineRows).as("online: every accepted submission stored, once")
          .isGreaterThanOrEqualTo(online64.accepted() + online500.accepted())
          .isLessThanOrEqualTo(2L * ONLINE);
      if (round > 0) {
        measured.add(new double[] {online64.perSecond(), online500.perSecond(), sync.perSecond(), sync.p50(),
            sync.p99(), online64.p99(), online64.p50(), sync.perSecond() / online64.perSecond(), repeat.perSecond(),
            repeat.p99(), online500.p99()});
      }
    }
    System.out.printf(Locale.ROOT, "RESULT median of rounds 1-%d: online (64 clients) %.0f accepted/s p50 %.1f ms "
            + "p99 %.1f ms; online (" + INTERVIEWERS + " clients) %.0f accepted/s p99 %.1f ms; sync (" + INTERVIEWERS
            + " x " + EACH + ") %.0f interviews/s "
            + "p50 %.0f ms p99 %.0f ms; ratio %.2f (target >= 0.8); repeat pass %.0f interviews/s p99 %.0f ms; "
            + "ratio of the medians %.2f; load %s%n", ROUNDS, median(measured, 0), median(measured, 6), median(measured, 5), median(measured, 1),
        median(measured, 10), median(measured, 2), median(measured, 3), median(measured, 4), median(measured, 7),
        median(measured, 8), median(measured, 9), median(measured, 2) / median(measured, 0), load());
  }

  // ---- setup

  /** The online baseline's survey: province-wide, the same built-in Zhejiang questionnaire, running. */
  private Survey onlineSurvey() {
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    String slug = "t-capi-bench-" + UUID.randomUUID().toString().substring(0, 8);
    Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, slug, zhejiang, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)),
            Map.of()))));
    return surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
  }

  /** 500 interviewers of 上虞区 by SQL, one bcrypt hash for all, no forced change; 25 teams of 20. */
  private List<String> interviewers(CapiFixtures f) {
    String hash = encoder.encode(PASSWORD);
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < INTERVIEWERS; i++) {
      names.add(String.format(Locale.ROOT, "t-bench-%s-%03d", run, i));
    }
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, role, org_node_id, must_change_password,
                              password_changed_at)
        select u, '访员' || right(u, 3), :hash, 'interviewer', (select id from org_node where code = :county), false,
               now()
          from unnest(:names::text[]) as u""")
        .param("hash", hash).param("county", TestAccounts.SHANGYU).param("names", names.toArray(String[]::new))
        .update();
    for (int team = 0; team < INTERVIEWERS / PER_TEAM; team++) {
      long id = jdbc.sql("""
          insert into capi_team (survey_id, area_code, name, supervisor, created_by)
          values (:survey, :area, :name, 't-supervisor', 'capi-bench') returning id""")
          .param("survey", f.surveyId).param("area", TestAccounts.SHANGYU)
          .param("name", "基准测试第" + (team + 1) + "组-" + run).query(Long.class).single();
      jdbc.sql("insert into capi_team_member (team_id, interviewer) select :team, unnest(:names::text[])")
          .param("team", id).param("names", names.subList(team * PER_TEAM, (team + 1) * PER_TEAM).toArray(String[]::new))
          .update();
    }
    return names;
  }

  /**
   * Per interviewer and round, {@value #EACH} household assignments of 百官街道 (two blocks of ten households), as
   * {@code AssignmentService} leaves them once handed out: team, interviewer, {@code assigned}, version 1.
   */
  private Map<String, List<List<Long>>> assignments(CapiFixtures f, List<String> names) {
    String run = names.get(0).substring(8, 14);
    jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, block_id, block_name,
                                     household_no, pi, base_weight, team_id, interviewer, status, max_visits,
                                     assignment_version)
        select :survey, :draw, 'household', :town, :county, :town,
               'B' || :run || '-' || r || '-' || i || '-' || (k / 10), '百官' || (i % 40 + 1) || '村', k % 10 + 1,
               0.004, 250, m.team_id, u, 'assigned', 3, 1
          from unnest(:names::text[]) with ordinality as n(u, i)
          join capi_team_member m on m.interviewer = n.u
          cross join generate_series(0, :rounds) r
          cross join generate_series(0, :each - 1) k
         order by r, i, k""")
        .param("survey", f.surveyId).param("draw", f.drawId).param("town", TestAccounts.BAIGUAN)
        .param("county", TestAccounts.SHANGYU).param("run", run).param("names", names.toArray(String[]::new))
        .param("rounds", ROUNDS).param("each", EACH).update();
    Map<String, List<List<Long>>> work = new LinkedHashMap<>();
    jdbc.sql("""
        select interviewer, split_part(block_id, '-', 2)::int as round, array_agg(id order by id)
          from capi_assignment where block_id like :prefix group by 1, 2 order by 1, 2""")
        .param("prefix", "B" + run + "-%")
        .query((rs, n) -> {
          String who = rs.getString(1);
          Long[] ids = (Long[]) rs.getArray(3).getArray();
          work.computeIfAbsent(who, k -> new ArrayList<>()).add(List.of(ids));
          return null;
        }).list();
    assertThat(work).hasSize(INTERVIEWERS);
    work.values().forEach(rounds -> assertThat(rounds).hasSize(ROUNDS + 1).allSatisfy(r -> assertThat(r).hasSize(EACH)));
    return work;
  }

  /** Each interviewer signs in through the form and reads its work (and CSRF token), 8 at a time. */
  private List<Device> signIn(List<String> names) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Device>> futures = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        HttpClient client = http[i % http.length];
        futures.add(pool.submit(() -> signIn(name, client)));
      }
      List<Device> devices = new ArrayList<>();
      for (Future<Device> d : futures) {
        devices.add(d.get(remaining(), TimeUnit.NANOSECONDS));
      }
      return devices;
    } finally {
      pool.shutdownNow();
    }
  }

  private Device signIn(String name, HttpClient client) throws IOException, InterruptedException {
    Map<String, String> cookies = new LinkedHashMap<>();
    HttpResponse<String> page = client.send(request("/login", cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
    keep(page, cookies);
    Matcher token = FORM_CSRF.matcher(page.body());
    assertThat(token.find()).as("the login form's CSRF field").isTrue();
    String form = "username=" + enc(name) + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(token.group(1));
    HttpResponse<String> in = client.send(request("/login", cookies)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    keep(in, cookies);
    assertThat(in.statusCode()).as("sign-in of " + name).isEqualTo(302);
    assertThat(in.headers().firstValue("Location").orElse("")).as("signed in, not sent back").doesNotContain("login")
        .doesNotContain("password");
    HttpResponse<String> me = client.send(request("/api/v1/capi/me/assignments", cookies)
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    keep(me, cookies);
    assertThat(me.statusCode()).as("my assignments, " + name).isEqualTo(200);
    JsonNode work = JSON.readTree(me.body());
    assertThat(work.get("assignments").size()).as("the device keeps its work").isEqualTo(EACH * (ROUNDS + 1));
    return new Device(name, cookieHeader(cookies), work.get("csrf").get("header").asString(),
        work.get("csrf").get("token").asString(), client);
  }

  // ---- the online baseline

  /** {@code n} valid online submissions from {@code clients} threads; accepted/s from the first send to the last answer. */
  private Rate online(String slug, int n, int clients, int round, String pass) throws Exception {
    HttpResponse<String> page = http[0].send(request("/s/" + slug, Map.of()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher id = SURVEY_ID.matcher(page.body());
    Matcher token = TOKEN.matcher(page.body());
    assertThat(page.statusCode() == 200 && id.find() && token.find()).as("the survey page").isTrue();
    long surveyId = Long.parseLong(id.group(1));
    URI submit = URI.create("http://127.0.0.1:" + port + "/s/" + slug + "/responses");
    String[] bodies = new String[n];
    for (int i = 0; i < n; i++) {
      bodies[i] = onlineBody(surveyId, token.group(1), new UUID(0x5A4E4C5600000000L | (round * 2L + pass.charAt(0)), i),
          "bench" + round + pass + "x" + i + "xxxxxxxxxxxx", new SplittableRandom(round * 1_000_003L + i));
    }
    AtomicLong next = new AtomicLong();
    List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>(n));
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      HttpClient client = http[c % http.length];
      workers.add(pool.submit((Callable<Void>) () -> {
        ready.countDown();
        go.await();
        for (long i = next.getAndIncrement(); i < n && System.nanoTime() < deadline; i = next.getAndIncrement()) {
          calls.add(send(client, HttpRequest.newBuilder(submit).timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json").header("User-Agent", "CapiSyncBenchmark/1")
              .POST(HttpRequest.BodyPublishers.ofString(bodies[(int) i])).build()));
        }
        return null;
      }));
    }
    long start = releaseAndWait(ready, go, workers, pool);
    return rate("online " + clients + " clients", start, calls, 1, body -> body != null && body.contains("\"receipt\""));
  }

  /** Releases the workers together once all are ready, waits for them (bounded) and returns the release time. */
  private long releaseAndWait(CountDownLatch ready, CountDownLatch go, List<Future<?>> workers, ExecutorService pool)
      throws Exception {
    ready.await(remaining(), TimeUnit.NANOSECONDS);
    long start = System.nanoTime();
    go.countDown();
    try {
      for (Future<?> w : workers) {
        w.get(remaining(), TimeUnit.NANOSECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return start;
  }

  /** A complete, valid zhejiang-2022 answer set with varied county, age and ratings (as {@code LoadCawi}). */
  private static String onlineBody(long surveyId, String token, UUID key, String device, SplittableRandom r) {
    String[] counties = {"330102", "330604", "330782", "331002", "330106", "330481"};
    String[] ratings = new String[6];
    for (int i = 0; i < ratings.length; i++) {
      ratings[i] = String.valueOf(1 + r.nextInt(4));
    }
    return "{\"surveyId\":" + surveyId + ",\"pageToken\":\"" + token + "\",\"idempotencyKey\":\"" + key
        + "\",\"deviceToken\":\"" + device + "\",\"website\":\"\",\"answers\":{\"county\":\""
        + counties[r.nextInt(counties.length)] + "\",\"age\":" + (18 + r.nextInt(68)) + ",\"hukou\":\""
        + (1 + r.nextInt(2)) + "\",\"q1\":[\"5\",\"7\"],\"q1_other\":\"冒充客服\","
        + "\"q2\":\"" + ratings[0] + "\",\"q3\":[\"1\"],\"q4\":\"" + ratings[1] + "\",\"q5\":[\"1\"],\"q6\":\"" + ratings[2]
        + "\",\"q7\":[\"2\",\"3\"],\"q8\":\"" + ratings[3] + "\",\"q9\":\"" + ratings[4]
        + "\",\"q10\":[\"1\",\"5\",\"7\"],\"q11\":[\"1\",\"2\",\"3\"],\"q12\":[\"1\",\"5\"],\"q13\":\"" + ratings[5] + "\"},"
        + "\"paradata\":{\"times\":{\"q2\":" + (1000 + r.nextInt(9000)) + ",\"q4\":" + (1000 + r.nextInt(9000))
        + "},\"visibility\":0}}";
  }

  // ---- the sync

  /**
   * One sync request per device, all released at once; interviews per second = interviews answered stored (or
   * repeat) / the time from the barrier to the last answer.
   */
  private Rate sync(List<Device> devices, List<String> bodies, Map<String, Integer> statuses, String what, int round)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/capi/sync");
    int n = devices.size();
    Call[] calls = new Call[n];
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int d = i;
      Device device = devices.get(i);
      HttpRequest request = request("/api/v1/capi/sync", Map.of()).uri(uri).header("Cookie", device.cookies())
          .header(device.csrfHeader(), device.csrfToken()).header("Content-Type", "application/json")
          .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies.get(d))).build();
      workers.add(pool.submit((Callable<Void>) () -> {
        ready.countDown();
        go.await();
        calls[d] = send(device.http(), request);
        return null;
      }));
    }
    long start = releaseAndWait(ready, go, workers, pool);
    int shown = 0;
    for (Call c : calls) {
      if (c == null || c.status() != 200) {
        if (shown++ < 3) {
          System.out.println("  " + what + " round " + round + ": HTTP " + (c == null ? "none" : c.status() + " "
              + abbreviate(c.body())));
        }
        continue;
      }
      for (JsonNode r : JSON.readTree(c.body()).get("results")) {
        String status = r.get("status").asString();
        statuses.merge(status, 1, Integer::sum);
        if (status.equals("stored") || status.equals("repeat")) {
          statuses.merge("key:" + r.get("key").asString(), 1, Integer::sum);
        } else if (shown++ < 3) {
          System.out.println("  " + what + " round " + round + ": " + r);
        }
      }
    }
    return rate(what + " " + n + " x " + EACH, start, Arrays.asList(calls), EACH, body -> body != null
        && body.contains("\"results\""));
  }

  /** One device's batch: {@value #EACH} offline household interviews with their paradata, fresh keys. */
  private String batch(int device, List<Long> assignments, int round, List<String> keys) {
    SplittableRandom r = new SplittableRandom(round * 7_919L + device);
    Instant now = clock.instant();
    Instant at = now.minus(Duration.ofHours(30)).plus(Duration.ofMinutes(r.nextInt(120)));
    List<Map<String, Object>> visits = new ArrayList<>();
    for (long a : assignments) {
      Map<String, Object> durations = new LinkedHashMap<>();
      long total = 0;
      for (String q : QUESTIONS) {
        long ms = 3_000 + r.nextInt(60_000);
        durations.put(q, ms);
        total += ms;
      }
      Instant started = at;
      Instant ended = started.plusMillis(total + 60_000 + r.nextInt(240_000)); // greetings, the household roster
      Map<String, Object> answers = new LinkedHashMap<>();
      answers.put("county", TestAccounts.SHANGYU);
      answers.put("age", 18 + r.nextInt(68));
      answers.put("hukou", String.valueOf(1 + r.nextInt(2)));
      answers.put("q1", List.of("5", "7"));
      answers.put("q1_other", "冒充客服");
      for (String q : List.of("q2", "q4", "q6", "q8", "q9", "q13")) {
        answers.put(q, String.valueOf(1 + r.nextInt(4)));
      }
      answers.put("q3", List.of("1"));
      answers.put("q5", List.of("1"));
      answers.put("q7", List.of("2", "3"));
      answers.put("q10", List.of("1", "5", "7"));
      answers.put("q11", List.of("1", "2", "3"));
      answers.put("q12", List.of("1", "5"));
      int adults = 1 + r.nextInt(5);
      Map<String, Object> interview = new LinkedHashMap<>();
      interview.put("instrumentId", null);
      interview.put("answers", answers);
      interview.put("startedAt", started.toString());
      interview.put("endedAt", ended.toString());
      interview.put("durations", durations);
      interview.put("adults", adults);
      interview.put("selection", adults == 1 ? "only_adult" : r.nextBoolean() ? "next_birthday" : "kish");
      String key = UUID.randomUUID().toString();
      keys.add(key);
      Map<String, Object> visit = new LinkedHashMap<>();
      visit.put("key", key);
      visit.put("assignmentId", a);
      visit.put("assignmentVersion", 1);
      visit.put("visitedAt", started.toString());
      visit.put("outcome", "interview");
      visit.put("note", r.nextInt(5) == 0 ? "受访者在家，晚饭后完成访问" : null);
      visit.put("nextVisitAt", null);
      visit.put("offline", true);
      visit.put("lat", 30.03 + (r.nextDouble() - 0.5) * 0.01);
      visit.put("lon", 120.87 + (r.nextDouble() - 0.5) * 0.01);
      visit.put("accuracy", 5 + r.nextInt(30) + 0.5);
      visit.put("address", "百官街道市民大道 " + (1 + r.nextInt(300)) + " 号");
      visit.put("interview", interview);
      visits.add(visit);
      at = ended.plus(Duration.ofMinutes(5 + r.nextInt(20)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deviceId", "bench-device-" + device);
    body.put("sentAt", now.toString());
    body.put("visits", visits);
    return JSON.writeValueAsString(body);
  }

  // ---- the checks in the store

  record Check(long rows, long distinctKeys, long distinctAssignments, long visits, long acknowledged, long missing,
      long onlineRows) {}

  private Check check(CapiFixtures f, Map<String, List<List<Long>>> work, int round, List<List<String>> keys,
      Map<String, Integer> first, Map<String, Integer> again) {
    Long[] ids = work.values().stream().flatMap(rounds -> rounds.get(round).stream()).toArray(Long[]::new);
    List<Long> counts = jdbc.sql("""
        select count(*), count(distinct idempotency_key), count(distinct assignment_id)
          from response where assignment_id = any(:ids)""").param("ids", ids)
        .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    long visits = jdbc.sql("select count(*) from capi_visit where assignment_id = any(:ids)").param("ids", ids)
        .query(Long.class).single();
    // every key acknowledged (stored in the first pass, or repeat in either) must be in the store
    List<String> acknowledged = new ArrayList<>();
    for (List<String> mine : keys) {
      for (String k : mine) {
        if (first.containsKey("key:" + k) || again.containsKey("key:" + k)) {
          acknowledged.add(k);
        }
      }
    }
    long present = jdbc.sql("""
        select count(*) from response where survey_id = :s and idempotency_key = any(:keys::uuid[])
           and assignment_id = any(:ids)""")
        .param("s", f.surveyId).param("keys", acknowledged.toArray(String[]::new)).param("ids", ids)
        .query(Long.class).single();
    long online = jdbc.sql("""
        select count(*) from response where idempotency_key::text like :prefix""")
        .param("prefix", String.format(Locale.ROOT, "5a4e4c56-0000-00%02x-%%", round * 2 + 'a') + "")
        .query(Long.class).single()
        + jdbc.sql("select count(*) from response where idempotency_key::text like :prefix")
        .param("prefix", String.format(Locale.ROOT, "5a4e4c56-0000-00%02x-%%", round * 2 + 'b') + "")
        .query(Long.class).single();
    return new Check(counts.get(0), counts.get(1), counts.get(2), visits, acknowledged.size(),
        acknowledged.size() - present, online);
  }

  /**
   * What the server does while the sync runs, sampled every 20 ms on a connection of its own (outside the pool):
   * the PostgreSQL backends' wait events (none = on CPU), and the requests waiting for a pooled connection.
   */
  private final class Sampler {
    private final Map<String, Long> waits = new java.util.TreeMap<>();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong awaiting = new AtomicLong();
    private final AtomicLong activeInPool = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    Sampler() {
      thread = new Thread(this::run, "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      var pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();
      try (Connection c = DriverManager.getConnection(env.getProperty("spring.datasource.url"), "postgres", "");
          Statement st = c.createStatement()) {
        while (running) {
          try (ResultSet rs = st.executeQuery("""
              select coalesce(wait_event_type || ':' || wait_event, 'on CPU'), count(*) from pg_stat_activity
               where state like 'active%' and backend_type = 'client backend' and pid <> pg_backend_pid()
               group by 1""")) {
            synchronized (waits) {
              while (rs.next()) {
                waits.merge(rs.getString(1), rs.getLong(2), Long::sum);
              }
            }
          }
          awaiting.addAndGet(pool.getThreadsAwaitingConnection());
          activeInPool.addAndGet(pool.getActiveConnections());
          samples.incrementAndGet();
          Thread.sleep(20);
        }
      } catch (Exception e) {
        System.out.println("  sampler stopped: " + e);
      }
    }

    String stop() throws InterruptedException {
      running = false;
      thread.join(5000);
      long n = Math.max(1, samples.get());
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d samples; pool: %.1f connections busy, "
          + "%.1f requests waiting for one (means); PostgreSQL backends busy (mean):", n, activeInPool.get() / (double) n,
          awaiting.get() / (double) n));
      synchronized (waits) {
        waits.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
            .forEach(e -> b.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue() / (double) n)));
      }
      return b.substring(0, b.length() - 1);
    }
  }

  // ---- plumbing

  private Call send(HttpClient client, HttpRequest request) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Call(r.statusCode(), t0, System.nanoTime(), r.body());
    } catch (IOException e) {
      return new Call(-1, t0, System.nanoTime(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Call(-2, t0, System.nanoTime(), "interrupted");
    }
  }

  private Rate rate(String what, long start, List<Call> calls, int perCall,
      java.util.function.Predicate<String> accepted) {
    long ok = 0;
    long failed = 0;
    long end = start;
    List<Long> latencies = new ArrayList<>();
    for (Call c : calls) {
      if (c == null) {
        failed++;
        continue;
      }
      end = Math.max(end, c.endNanos());
      if (c.status() == 200 && accepted.test(c.body())) {
        ok += perCall;
        latencies.add(c.latency());
      } else {
        failed++;
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double seconds = (end - start) / 1e9;
    return new Rate(what, calls.size(), ok, failed, seconds, ok / seconds, pct(sorted, 0.50), pct(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static void print(String label, Rate r) {
    System.out.printf(Locale.ROOT, "RESULT %s %s: %d requests, %d accepted, %d failed, %.2f s, %.0f/s; "
        + "latency p50 %.1f ms p99 %.1f ms max %.1f ms%n", label, r.what(), r.requests(), r.accepted(), r.failed(),
        r.seconds(), r.perSecond(), r.p50(), r.p99(), r.max());
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private HttpRequest.Builder request(String path, Map<String, String> cookies) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(REQUEST_TIMEOUT);
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookieHeader(cookies));
    }
    return b;
  }

  private static void keep(HttpResponse<?> r, Map<String, String> cookies) {
    for (String c : r.headers().allValues("set-cookie")) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
  }

  private static String cookieHeader(Map<String, String> cookies) {
    StringBuilder b = new StringBuilder();
    cookies.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v));
    return b.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  private long remaining() {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new IllegalStateException("the benchmark ran out of its " + LIMIT.toMinutes() + " minutes");
    }
    return left;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
