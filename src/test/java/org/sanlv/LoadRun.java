package org.sanlv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the load generators ({@code fieldwork.LoadCawi}, {@code quiz.LoadQuiz}) share, JDK only: the options
 * ({@code --name value}, loopback only), one HTTP/1.1 client, C client threads taking items 0…n−1 until done or the
 * deadline, the latencies of the items after the warm-up, a POST sent again with the same body after a lost
 * connection or a 5xx, and the {@code RESULT …} line the scripts read.
 */
public final class LoadRun {

  /** One item: the nanoseconds it took to be acknowledged, or a negative number when it was not. */
  @FunctionalInterface
  public interface Item {
    long send(long i);
  }

  /** The latencies (ns, sorted) of the items after the warm-up, over {@code seconds} from the first of them. */
  public record Latencies(long[] sorted, double seconds, double wallSeconds) {

    public long measured() {
      return sorted.length;
    }

    public double rate() {
      return sorted.length / seconds;
    }

    /** The {@code p} quantile in milliseconds (0 without latencies). */
    public double ms(double p) {
      return sorted.length == 0 ? 0
          : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    public double maxMs() {
      return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
    }
  }

  private final Map<String, String> args;
  private final String userAgent;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final long deadline;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  private LoadRun(Map<String, String> args, String userAgent) {
    this.args = args;
    this.userAgent = userAgent;
    this.deadline = System.nanoTime() + Long.parseLong(args.get("deadline")) * 1_000_000_000L;
  }

  /**
   * The options {@code argv} gives over {@code defaults} (which name {@code url}, {@code n}, {@code clients},
   * {@code warmup}, {@code deadline} in seconds and {@code seed}); the deadline runs from now.
   *
   * @throws IllegalArgumentException when the url is not a loopback address
   */
  public static LoadRun of(String[] argv, Map<String, String> defaults, String userAgent) {
    Map<String, String> args = new LinkedHashMap<>(defaults);
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    String host = URI.create(args.get("url")).getHost();
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw new IllegalArgumentException("loopback only: " + host);
    }
    return new LoadRun(args, userAgent);
  }

  public String option(String name) {
    return args.get(name);
  }

  public URI uri(String path) {
    return URI.create(args.get("url") + path);
  }

  public long n() {
    return Long.parseLong(args.get("n"));
  }

  public int clients() {
    return Integer.parseInt(args.get("clients"));
  }

  public long warmup() {
    return Long.parseLong(args.get("warmup"));
  }

  public long seed() {
    return Long.parseLong(args.get("seed"));
  }

  public long failedAttempts() {
    return failedAttempts.get();
  }

  public long refused() {
    return refused.get();
  }

  /**
   * Sends items 0…n−1 from {@link #clients()} threads until all are taken or the deadline passes; the time is
   * measured from the first item after the warm-up.
   */
  public Latencies run(Item item) throws InterruptedException {
    long n = n();
    int clients = clients();
    long warmup = warmup();
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
          long latency = item.send(i);
          if (latency >= 0 && i >= warmup && counts[client] < latencies[client].length) {
            latencies[client][counts[client]++] = latency;
          }
        }
      }, "client-" + c);
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long end = System.nanoTime();
    long elapsed = end - (measuredFrom.get() == Long.MAX_VALUE ? t0 : measuredFrom.get());
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
    return new Latencies(all, elapsed / 1e9, (end - t0) / 1e9);
  }

  public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).header("User-Agent", userAgent).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * POSTs the JSON {@code body} until answered 200: a lost connection, 503 or another 5xx is a failed attempt, sent
   * again after a backoff with the same body (so the same idempotency key).
   *
   * @return the 200 answer; null when refused for good (another 4xx: counted and printed) or out of time
   */
  public HttpResponse<String> postUntilAnswered(URI uri, String body) {
    int attempt = 0;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("User-Agent", userAgent)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r;
        }
        if (r.statusCode() != 503 && r.statusCode() < 500) {
          refused.incrementAndGet();
          System.err.println("refused: HTTP " + r.statusCode() + " " + r.body());
          return null;
        }
      } catch (IOException e) {
        // server down (kill -9), busy or connection reset: the same key again, later
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      failedAttempts.incrementAndGet();
      try {
        Thread.sleep(Math.min(2000, 100L << Math.min(attempt++, 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** The line the benchmark scripts parse; {@code wrong}: acknowledged with a wrong answer. */
  public void printResult(long acked, Latencies l, long wrong) {
    System.out.printf("RESULT acked=%d n=%d rate=%.0f p50=%.2f p99=%.2f wrong=%d refused=%d%n", acked, n(), l.rate(),
        l.ms(0.50), l.ms(0.99), wrong, refused());
  }
}
