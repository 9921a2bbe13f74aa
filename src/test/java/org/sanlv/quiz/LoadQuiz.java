package org.sanlv.quiz;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sanlv.LoadRun;

/**
 * Load generator for the quiz's completions, JDK only (run with {@code java -cp target/test-classes}), the
 * counterpart of {@code fieldwork.LoadCawi} for the benchmark of issue 23: N completions from C concurrent clients,
 * each with a fresh idempotency key and device token (so every one is counted), an area from {@code --areas}, and
 * an answer to every question of the quiz (the questions and options read from the YAML file of the live content,
 * {@code --content}; half of the answers right). A completion answered 503 (no commit in time, safe to retry) or a
 * lost connection is sent again with the same key; any other refusal is counted and fails the run. Loopback only.
 *
 * <pre>java -cp target/test-classes org.sanlv.quiz.LoadQuiz --url http://127.0.0.1:18091 --n 20000 --clients 64 \
 *     --content src/main/resources/quiz/anti-fraud.yaml --areas 330604001,330604002</pre>
 *
 * Prints {@code RESULT acked=… n=… rate=… p50=… p99=… wrong=0 refused=…} like LoadCawi ({@link LoadRun}), so one
 * script reads both.
 */
public final class LoadQuiz {

  private final LoadRun load;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong notCounted = new AtomicLong();

  private LoadQuiz(LoadRun load) {
    this.load = load;
  }

  /** A question's id and its options' ids, the correct ones marked. */
  record Question(String id, List<String> options, List<String> correct) {}

  public static void main(String[] argv) throws Exception {
    System.exit(new LoadQuiz(LoadRun.of(argv, Map.of("url", "http://127.0.0.1:8080", "n", "20000", "clients", "64",
        "content", "src/main/resources/quiz/anti-fraud.yaml", "areas", "", "deadline", "1800", "warmup", "0",
        "seed", "1"), "LoadQuiz/1 (java httpclient)")).run());
  }

  private static final Pattern QUESTION = Pattern.compile("^  - id: \"?([a-z0-9-]+)\"?\\s*$");
  private static final Pattern OPTION = Pattern.compile("^\\s+- \\{?\\s*id: \"?([a-z0-9-]+)\"?");
  private static final Pattern CORRECT = Pattern.compile("correct: (true|false)");

  /**
   * The questions of a quiz YAML file in the shipped layout (a question's {@code - id:} at two spaces, its options
   * deeper, each option's {@code correct:} on its line or the lines after it). Not a YAML parser: the application's
   * own reader checks the content; this only needs the ids to answer with.
   */
  static List<Question> questions(String yaml) {
    List<Question> questions = new ArrayList<>();
    String id = null;
    List<String> options = new ArrayList<>();
    List<String> correct = new ArrayList<>();
    String option = null;
    for (String line : yaml.lines().toList()) {
      if (line.stripLeading().startsWith("#")) {
        continue;
      }
      Matcher q = QUESTION.matcher(line);
      if (q.matches()) {
        if (id != null) {
          questions.add(new Question(id, List.copyOf(options), List.copyOf(correct)));
        }
        id = q.group(1);
        options.clear();
        correct.clear();
        option = null;
        continue;
      }
      Matcher o = OPTION.matcher(line);
      if (id != null && o.find() && line.indexOf("- ") > 4) {
        option = o.group(1);
        options.add(option);
      }
      Matcher c = CORRECT.matcher(line);
      if (option != null && c.find() && c.group(1).equals("true")) {
        correct.add(option);
      }
    }
    if (id != null) {
      questions.add(new Question(id, List.copyOf(options), List.copyOf(correct)));
    }
    return questions;
  }

  private int run() throws Exception {
    long n = load.n();
    int clients = load.clients();
    long warmup = load.warmup();
    long seed = load.seed();
    List<Question> questions = questions(Files.readString(Path.of(load.option("content")), StandardCharsets.UTF_8));
    if (questions.isEmpty() || questions.stream().anyMatch(q -> q.options().size() < 2 || q.correct().isEmpty())) {
      throw new IllegalStateException("no questions read from " + load.option("content") + ": " + questions);
    }
    List<String> areas = load.option("areas").isBlank() ? List.of() : List.of(load.option("areas").split(","));
    URI submit = load.uri("/api/v1/quiz/completions");
    LoadRun.Latencies l = load.run(i -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
      UUID key = new UUID(0x51554A5A00000000L | seed, i);
      String device = "quizload" + seed + "x" + i + "x" + Long.toHexString(random.nextLong());
      String body = body(questions, areas, key, device, random);
      long started = System.nanoTime();
      if (!submitUntilCounted(submit, body)) {
        return -1;
      }
      long latency = System.nanoTime() - started;
      acked.incrementAndGet();
      return latency;
    });
    System.out.printf("quiz, %d questions, %d clients: %d of %d counted in %.1f s; measured %d after %d warm-up: %.0f"
            + " counted/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; failed attempts retried %d, refused %d,"
            + " answered but not counted %d%n",
        questions.size(), clients, acked.get(), n, l.wallSeconds(), l.measured(), warmup, l.rate(), l.ms(0.50),
        l.ms(0.99), l.maxMs(), load.failedAttempts(), load.refused(), notCounted.get());
    load.printResult(acked.get(), l, notCounted.get());
    return acked.get() == n && load.refused() == 0 && notCounted.get() == 0 ? 0 : 1;
  }

  /** True once answered (an answer that was not counted is counted as wrong); false when refused or out of time. */
  private boolean submitUntilCounted(URI uri, String body) {
    HttpResponse<String> r = load.postUntilAnswered(uri, body);
    if (r == null) {
      return false;
    }
    if (!r.body().contains("\"counted\":true")) {
      notCounted.incrementAndGet();
      System.err.println("answered but not counted: " + r.body());
    }
    return true;
  }

  /** Every question answered: the correct options half of the time, else a wrong single option. */
  static String body(List<Question> questions, List<String> areas, UUID key, String device, SplittableRandom r) {
    StringBuilder b = new StringBuilder("{\"idempotencyKey\":\"").append(key).append("\",\"deviceToken\":\"")
        .append(device).append('"');
    if (!areas.isEmpty()) {
      b.append(",\"area\":\"").append(areas.get(r.nextInt(areas.size()))).append('"');
    }
    b.append(",\"answers\":{");
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      List<String> chosen = r.nextBoolean() ? q.correct() : List.of(q.options().get(r.nextInt(q.options().size())));
      b.append(i == 0 ? "" : ",").append('"').append(q.id()).append("\":[");
      for (int j = 0; j < chosen.size(); j++) {
        b.append(j == 0 ? "" : ",").append('"').append(chosen.get(j)).append('"');
      }
      b.append(']');
    }
    return b.append("}}").toString();
  }
}
