package org.sanlv.quiz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Prints {@code RESULT acked=… n=… rate=… p50=… p99=… wrong=0 refused=…} like LoadCawi, so one script reads both.
 */
public final class LoadQuiz {

  private final Map<String, String> args;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong notCounted = new AtomicLong();

  private LoadQuiz(Map<String, String> args) {
    this.args = args;
  }

  /** A question's id and its options' ids, the correct ones marked. */
  record Question(String id, List<String> options, List<String> correct) {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:8080", "n", "20000", "clients", "64",
        "content", "src/main/resources/quiz/anti-fraud.yaml", "areas", "", "deadline", "1800", "warmup", "0",
        "seed", "1"));
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    String host = URI.create(args.get("url")).getHost();
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw new IllegalArgumentException("loopback only: " + host);
    }
    System.exit(new LoadQuiz(args).run());
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
    long n = Long.parseLong(args.get("n"));
    int clients = Integer.parseInt(args.get("clients"));
    long warmup = Long.parseLong(args.get("warmup"));
    long deadline = System.nanoTime() + Long.parseLong(args.get("deadline")) * 1_000_000_000L;
    long seed = Long.parseLong(args.get("seed"));
    List<Question> questions = questions(Files.readString(Path.of(args.get("content")), StandardCharsets.UTF_8));
    if (questions.isEmpty() || questions.stream().anyMatch(q -> q.options().size() < 2 || q.correct().isEmpty())) {
      throw new IllegalStateException("no questions read from " + args.get("content") + ": " + questions);
    }
    List<String> areas = args.get("areas").isBlank() ? List.of() : List.of(args.get("areas").split(","));
    URI submit = URI.create(args.get("url") + "/api/v1/quiz/completions");
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    Thread[] threads = new Thread[clients];
    AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      latencies[c] = new long[(int) Math.min(n, 2 * (n / clients) + 1024)];
      threads[c] = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          long i = next.getAndIncrement();
          if (i >= n) {
            return;
          }
          if (i == warmup) {
            measuredFrom.set(System.nanoTime());
          }
          SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
          UUID key = new UUID(0x51554A5A00000000L | seed, i);
          String device = "quizload" + seed + "x" + i + "x" + Long.toHexString(random.nextLong());
          String body = body(questions, areas, key, device, random);
          long started = System.nanoTime();
          if (!submitUntilCounted(submit, body, deadline)) {
            continue;
          }
          long latency = System.nanoTime() - started;
          acked.incrementAndGet();
          if (i >= warmup && counts[client] < latencies[client].length) {
            latencies[client][counts[client]++] = latency;
          }
        }
      }, "client-" + c);
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - (measuredFrom.get() == Long.MAX_VALUE ? t0 : measuredFrom.get());
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[(int) total];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, k, counts[c]);
      k += counts[c];
    }
    Arrays.sort(all);
    double seconds = elapsed / 1e9;
    System.out.printf("quiz, %d questions, %d clients: %d of %d counted in %.1f s; measured %d after %d warm-up: %.0f"
            + " counted/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; failed attempts retried %d, refused %d,"
            + " answered but not counted %d%n",
        questions.size(), clients, acked.get(), n, (System.nanoTime() - t0) / 1e9, total, warmup, total / seconds,
        pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6, failedAttempts.get(),
        refused.get(), notCounted.get());
    System.out.printf("RESULT acked=%d n=%d rate=%.0f p50=%.2f p99=%.2f wrong=%d refused=%d%n", acked.get(), n,
        total / seconds, pct(all, 0.50), pct(all, 0.99), notCounted.get(), refused.get());
    return acked.get() == n && refused.get() == 0 && notCounted.get() == 0 ? 0 : 1;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** True once counted; false when refused for good or out of time. */
  private boolean submitUntilCounted(URI uri, String body, long deadline) {
    int attempt = 0;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("User-Agent", "LoadQuiz/1 (java httpclient)")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          if (!r.body().contains("\"counted\":true")) {
            notCounted.incrementAndGet();
            System.err.println("answered but not counted: " + r.body());
          }
          return true;
        }
        if (r.statusCode() != 503 && r.statusCode() < 500) {
          refused.incrementAndGet();
          System.err.println("refused: HTTP " + r.statusCode() + " " + r.body());
          return false;
        }
      } catch (IOException e) {
        // connection reset or server busy: the same key again, later
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      failedAttempts.incrementAndGet();
      try {
        Thread.sleep(Math.min(2000, 100L << Math.min(attempt++, 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
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
