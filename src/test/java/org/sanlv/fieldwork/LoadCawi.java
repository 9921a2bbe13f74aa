package org.sanlv.fieldwork;

import java.io.BufferedWriter;
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
 * Load generator for the public submit, JDK only (run with {@code java -cp target/test-classes}): N complete
 * zhejiang-2022 responses from C concurrent clients, each with its own idempotency key and device token; a
 * fraction of them is deliberately sent twice (the second must come back as the first result, {@code repeat}).
 * A submit that fails (connection refused while the server is down, 503) is retried with the same key until it is
 * acknowledged or the deadline passes, so a run survives a {@code kill -9} and restart of the server. Every
 * acknowledged key is appended to a file for the check afterwards. Loopback only; stops by itself.
 *
 * <pre>java -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:18080 --slug t-load \
 *     --n 200000 --clients 64 --retries 0.05 --acked target/cawi-load/acked.txt --deadline 1800</pre>
 */
public final class LoadCawi {

  private static final Pattern SURVEY_ID = Pattern.compile("data-survey-id=\"(\\d+)\"");
  private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");
  private static final Pattern COUNTY = Pattern.compile("<option value=\"(\\d{6})\"");
  private static final Pattern RECEIPT = Pattern.compile("\"receipt\":\"([^\"]+)\"");

  private final Map<String, String> args;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong deliberateRetries = new AtomicLong();
  private final AtomicLong repeatsConfirmed = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong wrongRepeats = new AtomicLong();
  private BufferedWriter ackLog;

  private LoadCawi(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>(Map.of("url", "http://127.0.0.1:8080", "slug", "t-load", "n", "200000",
        "clients", "64", "retries", "0.05", "acked", "target/cawi-load/acked.txt", "deadline", "1800", "warmup", "0",
        "seed", "1"));
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    String host = URI.create(args.get("url")).getHost();
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      throw new IllegalArgumentException("loopback only: " + host);
    }
    System.exit(new LoadCawi(args).run());
  }

  private record Page(long surveyId, String token, List<String> counties) {}

  private Page page() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(args.get("url") + "/s/" + args.get("slug")))
        .header("User-Agent", "LoadCawi/1 (java httpclient)").GET().build(), HttpResponse.BodyHandlers.ofString());
    String html = r.body();
    Matcher id = SURVEY_ID.matcher(html);
    Matcher token = TOKEN.matcher(html);
    if (r.statusCode() != 200 || !id.find() || !token.find()) {
      throw new IllegalStateException("no open survey page at /s/" + args.get("slug") + ": HTTP " + r.statusCode());
    }
    List<String> counties = new ArrayList<>();
    Matcher c = COUNTY.matcher(html);
    while (c.find()) {
      counties.add(c.group(1));
    }
    return new Page(Long.parseLong(id.group(1)), token.group(1), counties);
  }

  private int run() throws Exception {
    long n = Long.parseLong(args.get("n"));
    int clients = Integer.parseInt(args.get("clients"));
    double retries = Double.parseDouble(args.get("retries"));
    long warmup = Long.parseLong(args.get("warmup"));
    long deadline = System.nanoTime() + Long.parseLong(args.get("deadline")) * 1_000_000_000L;
    long seed = Long.parseLong(args.get("seed"));
    Path ackFile = Path.of(args.get("acked"));
    Files.createDirectories(ackFile.toAbsolutePath().getParent());
    ackLog = Files.newBufferedWriter(ackFile, StandardCharsets.UTF_8);
    Page page = page();
    URI submit = URI.create(args.get("url") + "/s/" + args.get("slug") + "/responses");
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    Thread[] threads = new Thread[clients];
    long[] measuredStart = {0};
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
          UUID key = new UUID(0x5A4E4C5600000000L | seed, i);
          String body = body(page, key, "load" + seed + "x" + i + "xxxxxxxxxxxx", random);
          long started = System.nanoTime();
          String receipt = submitUntilAcknowledged(submit, body, deadline);
          if (receipt == null) {
            continue;
          }
          long latency = System.nanoTime() - started;
          if (i >= warmup && counts[client] < latencies[client].length) {
            latencies[client][counts[client]++] = latency;
          }
          acknowledge(key);
          if (random.nextDouble() < retries) {
            deliberateRetries.incrementAndGet();
            String again = submitUntilAcknowledged(submit, body, deadline);
            if (again != null && again.equals("repeat:" + receipt.substring(receipt.indexOf(':') + 1))) {
              repeatsConfirmed.incrementAndGet();
            } else {
              wrongRepeats.incrementAndGet();
              System.err.println("retry of " + key + " answered " + again + " after " + receipt);
            }
          }
        }
      }, "client-" + c);
      threads[c].start();
    }
    Thread progress = new Thread(() -> {
      long last = 0;
      while (true) {
        try {
          Thread.sleep(5000);
        } catch (InterruptedException e) {
          return;
        }
        long a = acked.get();
        System.out.printf("  %5.0f s: %d acknowledged (+%d/s), %d failed attempts retried%n",
            (System.nanoTime() - t0) / 1e9, a, (a - last) / 5, failedAttempts.get());
        last = a;
      }
    });
    progress.setDaemon(true);
    progress.start();
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - Math.min(System.nanoTime(), measuredFrom.get() == Long.MAX_VALUE ? t0 : measuredFrom.get());
    progress.interrupt();
    ackLog.close();
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
    System.out.printf("survey %d, %d clients: %d of %d acknowledged in %.1f s; measured %d after %d warm-up: %.0f accepted/s;"
            + " latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        page.surveyId(), clients, acked.get(), n, (System.nanoTime() - t0) / 1e9, total, warmup, total / seconds,
        pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    System.out.printf("deliberate retries %d (%.1f%%), answered as the first result %d, wrong %d; failed attempts retried %d;"
        + " refused %d%n", deliberateRetries.get(), 100.0 * deliberateRetries.get() / Math.max(1, acked.get()),
        repeatsConfirmed.get(), wrongRepeats.get(), failedAttempts.get(), refused.get());
    System.out.printf("RESULT acked=%d n=%d rate=%.0f p50=%.2f p99=%.2f wrong=%d refused=%d%n", acked.get(), n, total / seconds,
        pct(all, 0.50), pct(all, 0.99), wrongRepeats.get(), refused.get());
    return acked.get() == n && wrongRepeats.get() == 0 && refused.get() == 0 ? 0 : 1;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private synchronized void acknowledge(UUID key) {
    acked.incrementAndGet();
    try {
      ackLog.write(key.toString());
      ackLog.newLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "first:RECEIPT" or "repeat:RECEIPT" once acknowledged; null when refused for good or out of time. */
  private String submitUntilAcknowledged(URI uri, String body, long deadline) {
    int attempt = 0;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").header("User-Agent", "LoadCawi/1 (java httpclient)")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          Matcher m = RECEIPT.matcher(r.body());
          m.find();
          return (r.body().contains("\"repeat\":true") ? "repeat:" : "first:") + m.group(1);
        }
        if (r.statusCode() != 503 && r.statusCode() < 500) {
          refused.incrementAndGet();
          System.err.println("refused: HTTP " + r.statusCode() + " " + r.body());
          return null;
        }
      } catch (IOException e) {
        // server down (kill -9) or connection reset: the same key again, later
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

  /** A complete, valid zhejiang-2022 answer set with varied county, age and ratings. */
  private static String body(Page page, UUID key, String device, SplittableRandom r) {
    String county = page.counties().isEmpty() ? "330604" : page.counties().get(r.nextInt(page.counties().size()));
    String[] ratings = new String[6];
    for (int i = 0; i < ratings.length; i++) {
      ratings[i] = String.valueOf(1 + r.nextInt(4));
    }
    return "{\"surveyId\":" + page.surveyId() + ",\"pageToken\":\"" + page.token() + "\",\"idempotencyKey\":\"" + key
        + "\",\"deviceToken\":\"" + device + "\",\"website\":\"\",\"answers\":{\"county\":\"" + county + "\",\"age\":"
        + (16 + r.nextInt(70)) + ",\"hukou\":\"" + (1 + r.nextInt(2)) + "\",\"q1\":[\"5\",\"7\"],\"q1_other\":\"冒充客服\","
        + "\"q2\":\"" + ratings[0] + "\",\"q3\":[\"1\"],\"q4\":\"" + ratings[1] + "\",\"q5\":[\"1\"],\"q6\":\"" + ratings[2]
        + "\",\"q7\":[\"2\",\"3\"],\"q8\":\"" + ratings[3] + "\",\"q9\":\"" + ratings[4]
        + "\",\"q10\":[\"1\",\"5\",\"7\"],\"q11\":[\"1\",\"2\",\"3\"],\"q12\":[\"1\",\"5\"],\"q13\":\"" + ratings[5] + "\"},"
        + "\"paradata\":{\"times\":{\"q2\":" + (1000 + r.nextInt(9000)) + ",\"q4\":" + (1000 + r.nextInt(9000))
        + "},\"visibility\":0}}";
  }
}
