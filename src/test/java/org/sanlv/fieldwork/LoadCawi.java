package org.sanlv.fieldwork;

import java.io.BufferedWriter;
import java.io.IOException;
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
 * Load generator for the public submit, JDK only (run with {@code java -cp target/test-classes}): N complete
 * zhejiang-2022 responses from C concurrent clients, each with its own idempotency key and device token; a
 * fraction of them is deliberately sent twice (the second must come back as the first result, {@code repeat}).
 * A submit that fails (connection refused while the server is down, 503) is retried with the same key until it is
 * acknowledged or the deadline passes, so a run survives a {@code kill -9} and restart of the server. Every
 * acknowledged key is appended to a file for the check afterwards. Loopback only; stops by itself ({@link LoadRun}).
 *
 * <pre>java -cp target/test-classes org.sanlv.fieldwork.LoadCawi --url http://127.0.0.1:18080 --slug t-load \
 *     --n 200000 --clients 64 --retries 0.05 --acked target/cawi-load/acked.txt --deadline 1800</pre>
 */
public final class LoadCawi {

  private static final Pattern SURVEY_ID = Pattern.compile("data-survey-id=\"(\\d+)\"");
  private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");
  private static final Pattern COUNTY = Pattern.compile("<option value=\"(\\d{6})\"");
  private static final Pattern RECEIPT = Pattern.compile("\"receipt\":\"([^\"]+)\"");

  private final LoadRun load;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong deliberateRetries = new AtomicLong();
  private final AtomicLong repeatsConfirmed = new AtomicLong();
  private final AtomicLong wrongRepeats = new AtomicLong();
  private BufferedWriter ackLog;

  private LoadCawi(LoadRun load) {
    this.load = load;
  }

  public static void main(String[] argv) throws Exception {
    System.exit(new LoadCawi(LoadRun.of(argv, Map.of("url", "http://127.0.0.1:8080", "slug", "t-load", "n", "200000",
        "clients", "64", "retries", "0.05", "acked", "target/cawi-load/acked.txt", "deadline", "1800", "warmup", "0",
        "seed", "1"), "LoadCawi/1 (java httpclient)")).run());
  }

  private record Page(long surveyId, String token, List<String> counties) {}

  private Page page() throws IOException, InterruptedException {
    HttpResponse<String> r = load.get(load.uri("/s/" + load.option("slug")));
    String html = r.body();
    Matcher id = SURVEY_ID.matcher(html);
    Matcher token = TOKEN.matcher(html);
    if (r.statusCode() != 200 || !id.find() || !token.find()) {
      throw new IllegalStateException("no open survey page at /s/" + load.option("slug") + ": HTTP " + r.statusCode());
    }
    List<String> counties = new ArrayList<>();
    Matcher c = COUNTY.matcher(html);
    while (c.find()) {
      counties.add(c.group(1));
    }
    return new Page(Long.parseLong(id.group(1)), token.group(1), counties);
  }

  private int run() throws Exception {
    long n = load.n();
    int clients = load.clients();
    double retries = Double.parseDouble(load.option("retries"));
    long warmup = load.warmup();
    long seed = load.seed();
    Path ackFile = Path.of(load.option("acked"));
    Files.createDirectories(ackFile.toAbsolutePath().getParent());
    ackLog = Files.newBufferedWriter(ackFile, StandardCharsets.UTF_8);
    Page page = page();
    URI submit = load.uri("/s/" + load.option("slug") + "/responses");
    long t0 = System.nanoTime();
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
            (System.nanoTime() - t0) / 1e9, a, (a - last) / 5, load.failedAttempts());
        last = a;
      }
    });
    progress.setDaemon(true);
    progress.start();
    LoadRun.Latencies l = load.run(i -> {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
      UUID key = new UUID(0x5A4E4C5600000000L | seed, i);
      String body = body(page, key, "load" + seed + "x" + i + "xxxxxxxxxxxx", random);
      long started = System.nanoTime();
      String receipt = submitUntilAcknowledged(submit, body);
      if (receipt == null) {
        return -1;
      }
      long latency = System.nanoTime() - started;
      acknowledge(key);
      if (random.nextDouble() < retries) {
        deliberateRetries.incrementAndGet();
        String again = submitUntilAcknowledged(submit, body);
        if (again != null && again.equals("repeat:" + receipt.substring(receipt.indexOf(':') + 1))) {
          repeatsConfirmed.incrementAndGet();
        } else {
          wrongRepeats.incrementAndGet();
          System.err.println("retry of " + key + " answered " + again + " after " + receipt);
        }
      }
      return latency;
    });
    progress.interrupt();
    ackLog.close();
    System.out.printf("survey %d, %d clients: %d of %d acknowledged in %.1f s; measured %d after %d warm-up: %.0f accepted/s;"
            + " latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        page.surveyId(), clients, acked.get(), n, l.wallSeconds(), l.measured(), warmup, l.rate(), l.ms(0.50),
        l.ms(0.99), l.maxMs());
    System.out.printf("deliberate retries %d (%.1f%%), answered as the first result %d, wrong %d; failed attempts retried %d;"
        + " refused %d%n", deliberateRetries.get(), 100.0 * deliberateRetries.get() / Math.max(1, acked.get()),
        repeatsConfirmed.get(), wrongRepeats.get(), load.failedAttempts(), load.refused());
    load.printResult(acked.get(), l, wrongRepeats.get());
    return acked.get() == n && wrongRepeats.get() == 0 && load.refused() == 0 ? 0 : 1;
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
  private String submitUntilAcknowledged(URI uri, String body) {
    HttpResponse<String> r = load.postUntilAnswered(uri, body);
    if (r == null) {
      return null;
    }
    Matcher m = RECEIPT.matcher(r.body());
    m.find();
    return (r.body().contains("\"repeat\":true") ? "repeat:" : "first:") + m.group(1);
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
