package org.sanlv.fieldwork;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 16, item 2: what isolating a refused batch costs. One full batch (256 rows, the default batch size) with
 * 0, 1, 8 or 32 rows PostgreSQL refuses, held together as one batch, timed from its release until every row's
 * future completed; median of 7 runs each. Run:
 * {@code ./mvnw -o test -Dtest=ResponseWriterBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class ResponseWriterBenchmark {

  @Autowired ResponseWriter writer;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired TestClock clock;

  @Test
  void aBatchOf256WithRefusedRows() throws Exception {
    CawiFixtures.ensure(surveys, instruments, org, users);
    Survey survey = CawiFixtures.fresh(surveys, instruments, "t-writer-bench", clock.instant());
    String answers = CawiFixtures.json(CawiFixtures.answers("330604"));
    for (int poisoned : new int[] {0, 1, 8, 32}) {
      long[] millis = new long[7];
      for (int run = 0; run < millis.length; run++) {
        millis[run] = oneBatch(survey, answers, 256, poisoned);
      }
      Arrays.sort(millis);
      System.out.printf(Locale.ROOT, "RESULT batch=256 refused=%d median=%d ms min=%d ms max=%d ms%n", poisoned,
          millis[millis.length / 2], millis[0], millis[millis.length - 1]);
    }
  }

  private long oneBatch(Survey survey, String answers, int size, int poisoned) throws Exception {
    List<ResponseWriter.Row> rows = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < size; i++) {
      boolean bad = poisoned > 0 && i % (size / poisoned) == size / poisoned / 2;
      rows.add(new ResponseWriter.Row(UUID.randomUUID(), survey.id(), survey.instrumentId(), "330604", "330604",
          "online", ResponseStatus.COMPLETE, now.minusSeconds(300), now, CawiFixtures.device(), "net-bench", null,
          List.of(), false, bad ? answers.replace("冒充客服", "冒充\\u0000客服") : answers, "{}", Receipts.next()));
    }
    UUID gate = UUID.randomUUID();
    List<CompletableFuture<ResponseWriter.Written>> futures = new ArrayList<>();
    CompletableFuture<ResponseWriter.Written> held;
    long released;
    try (Connection hold = dataSource.getConnection()) {
      WriterGate.hold(hold, survey, gate);
      held = writer.write(new ResponseWriter.Row(gate, survey.id(), survey.instrumentId(), "330604", "330604", "online",
          ResponseStatus.COMPLETE, now, now, CawiFixtures.device(), null, null, List.of(), false, "{}", "{}",
          Receipts.next()));
      WriterGate.awaitWriterBlocked(jdbc);
      for (ResponseWriter.Row r : rows) {
        futures.add(writer.write(r));
      }
      hold.rollback();
      released = System.nanoTime();
    }
    held.get(30, TimeUnit.SECONDS);
    long gateDone = System.nanoTime();
    for (CompletableFuture<ResponseWriter.Written> f : futures) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException expected) {
        // the refused rows
      }
    }
    // the held row's own commit is not the batch's: counted from when it was done
    return (System.nanoTime() - Math.max(released, gateDone)) / 1_000_000;
  }
}
