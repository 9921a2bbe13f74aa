package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quiz completions per second at {@value #CLIENTS} connections, as a ratio to the online survey's submit measured in
 * the same run on the same PostgreSQL (issue 23; target ≥ 1.0: the quiz is lighter). Real HTTP on loopback (JDK
 * HttpClient, HTTP/1.1), durable PostgreSQL (fsync and synchronous_commit on). Per round: {@value #N} valid online
 * submissions of the built-in zhejiang-2022 questionnaire from {@value #CLIENTS} client threads, then {@value #N}
 * quiz completions (every question answered, a fresh device each, links of 上虞区's towns) from as many. Round 0 warms
 * up; medians of rounds 1–{@value #ROUNDS}. Fails only on loss or duplication, never on speed. Run alone:
 * {@code ./mvnw -o test -Dtest=QuizCompletionBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
@TestPropertySource(properties = {
    "sanlv.fieldwork.network-per-minute=0", // every client comes from 127.0.0.1
    "sanlv.quiz.network-per-minute=0",
    "sanlv.db.embedded-durable=true"})
class QuizCompletionBenchmark {

  static final int N = Integer.getInteger("quiz.bench.n", 10_000);
  static final int CLIENTS = 64;
  static final int ROUNDS = 3;
  static final Duration LIMIT = Duration.ofMinutes(15);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SURVEY_ID = Pattern.compile("data-survey-id=\"(\\d+)\"");
  private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired TestClock clock;
  @Autowired QuizService quiz;

  private final HttpClient[] http = new HttpClient[8];
  private long deadline;

  record Call(int status, long startNanos, long endNanos, String body) {}

  record Rate(String what, long accepted, long failed, double seconds, double perSecond, double p50, double p99) {}

  @Test
  void quizCompletionsAgainstTheOnlineSubmitAtSixtyFourConnections() throws Exception {
    deadline = System.nanoTime() + LIMIT.toNanos();
    for (int i = 0; i < http.length; i++) {
      http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }
    System.out.println("RESULT machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", load " + load()
        + ", PostgreSQL fsync=" + jdbc.sql("show fsync").query(String.class).single() + " synchronous_commit="
        + jdbc.sql("show synchronous_commit").query(String.class).single());
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    String slug = onlineSurvey();
    List<String> towns = jdbc.sql("""
        select n.code from org_node n join org_node p on p.id = n.parent_id where p.code = ? and n.level = 'town'
        """).param(TestAccounts.SHANGYU).query(String.class).list();
    List<double[]> measured = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) {
      String label = round == 0 ? "round 0 (warm-up, not counted)" : "round " + round;
      Rate online = online(slug, round);
      List<String> keys = new ArrayList<>();
      Rate completions = completions(towns, round, keys);
      long stored = jdbc.sql("select count(*) from quiz_completion where idempotency_key = any (?::uuid[])")
          .param(keys.toArray(String[]::new)).query(Long.class).single();
      print(label, online);
      print(label, completions);
      System.out.printf(Locale.ROOT, "RESULT %s ratio quiz/online = %.0f / %.0f = %.2f (target >= 1.0); quiz rows "
          + "stored %d of %d acknowledged%n", label, completions.perSecond(), online.perSecond(),
          completions.perSecond() / online.perSecond(), stored, completions.accepted());
      assertThat(stored).as("every acknowledged completion stored, once").isEqualTo(completions.accepted());
      if (round > 0) {
        measured.add(new double[] {online.perSecond(), completions.perSecond(), completions.perSecond() / online.perSecond(),
            online.p99(), completions.p99()});
      }
    }
    System.out.printf(Locale.ROOT, "RESULT median of rounds 1-%d: online %.0f/s (p99 %.1f ms), quiz %.0f/s (p99 %.1f ms), "
        + "ratio %.2f; load %s%n", ROUNDS, median(measured, 0), median(measured, 3), median(measured, 1),
        median(measured, 4), median(measured, 2), load());
  }

  private String onlineSurvey() {
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    String slug = "t-quiz-bench-" + UUID.randomUUID().toString().substring(0, 8);
    Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, slug, zhejiang, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)),
            Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
    return slug;
  }

  private Rate online(String slug, int round) throws Exception {
    HttpResponse<String> page = http[0].send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/s/" + slug))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    Matcher id = SURVEY_ID.matcher(page.body());
    Matcher token = TOKEN.matcher(page.body());
    assertThat(page.statusCode() == 200 && id.find() && token.find()).as("the survey page").isTrue();
    String[] bodies = new String[N];
    for (int i = 0; i < N; i++) {
      bodies[i] = onlineBody(Long.parseLong(id.group(1)), token.group(1), UUID.randomUUID(),
          "qbench" + round + "x" + i + "xxxxxxxxxxxx", new SplittableRandom(round * 1_000_003L + i));
    }
    return run("online submit", URI.create("http://127.0.0.1:" + port + "/s/" + slug + "/responses"), bodies,
        body -> body.contains("\"receipt\""));
  }

  private Rate completions(List<String> towns, int round, List<String> keys) throws Exception {
    QuizContent content = quiz.live().content();
    String[] bodies = new String[N];
    for (int i = 0; i < N; i++) {
      SplittableRandom r = new SplittableRandom(round * 7_000_003L + i);
      Map<String, List<String>> answers = new java.util.LinkedHashMap<>();
      for (QuizContent.Question q : content.questions()) {
        List<String> options = q.options().stream().map(QuizContent.Option::id).toList();
        answers.put(q.id(), r.nextInt(4) == 0 ? List.of(options.get(r.nextInt(options.size()))) : q.correctOptions());
      }
      String key = UUID.randomUUID().toString();
      keys.add(key);
      bodies[i] = JSON.writeValueAsString(Map.of("idempotencyKey", key,
          "deviceToken", "qbench-" + UUID.randomUUID().toString().replace("-", ""),
          "area", towns.get(r.nextInt(towns.size())), "answers", answers));
    }
    return run("quiz completions", URI.create("http://127.0.0.1:" + port + "/api/v1/quiz/completions"), bodies,
        body -> body.contains("\"counted\":true"));
  }

  /** The bodies POSTed from {@value #CLIENTS} threads released together; accepted/s from release to the last answer. */
  private Rate run(String what, URI url, String[] bodies, java.util.function.Predicate<String> accepted) throws Exception {
    AtomicLong next = new AtomicLong();
    List<Call> calls = Collections.synchronizedList(new ArrayList<>(bodies.length));
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch ready = new CountDownLatch(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      HttpClient client = http[c % http.length];
      workers.add(pool.submit((Callable<Void>) () -> {
        ready.countDown();
        go.await();
        for (long i = next.getAndIncrement(); i < bodies.length && System.nanoTime() < deadline; i = next.getAndIncrement()) {
          calls.add(send(client, HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies[(int) i])).build()));
        }
        return null;
      }));
    }
    ready.await(60, TimeUnit.SECONDS);
    long start = System.nanoTime();
    go.countDown();
    try {
      for (Future<?> w : workers) {
        w.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long ok = 0;
    long failed = 0;
    long end = start;
    List<Long> latencies = new ArrayList<>();
    synchronized (calls) {
      for (Call c : calls) {
        end = Math.max(end, c.endNanos());
        if (c.status() == 200 && accepted.test(c.body())) {
          ok++;
          latencies.add(c.endNanos() - c.startNanos());
        } else {
          failed++;
          if (failed <= 3) {
            System.out.println("RESULT " + what + " refused: " + c.status() + " " + c.body());
          }
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double seconds = (end - start) / 1e9;
    return new Rate(what, ok, failed, seconds, ok / seconds, pct(sorted, 0.5), pct(sorted, 0.99));
  }

  private static Call send(HttpClient client, HttpRequest request) {
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

  /** A complete, valid zhejiang-2022 answer set (as {@code CapiSyncBenchmark} and {@code LoadCawi} send). */
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

  private static void print(String label, Rate r) {
    System.out.printf(Locale.ROOT, "RESULT %s %s: %d accepted, %d failed, %.2f s, %.0f/s; latency p50 %.1f ms p99 %.1f ms%n",
        label, r.what(), r.accepted(), r.failed(), r.seconds(), r.perSecond(), r.p50(), r.p99());
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
