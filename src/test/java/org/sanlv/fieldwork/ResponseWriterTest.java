package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * Issue 16, item 2 (b): the group commit isolates a failing batch. Rows go straight to the writer, bypassing the
 * submit's validation, with values PostgreSQL itself refuses; every other row of the same batch is stored and
 * acknowledged exactly once.
 */
@IntegrationTest
class ResponseWriterTest {

  @Autowired ResponseWriter writer;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired TestClock clock;

  private ResponseWriter.Row row(Survey survey, UUID key, String device, String county, String answersJson) {
    return row(survey, key, device, county, answersJson, Receipts.next());
  }

  private ResponseWriter.Row row(Survey survey, UUID key, String device, String county, String answersJson,
      String receipt) {
    Instant now = clock.instant();
    return new ResponseWriter.Row(key, survey.id(), survey.instrumentId(), county, county, "online",
        ResponseStatus.COMPLETE, now.minusSeconds(300), now, device, "net-writer-test", null, List.of(), false,
        answersJson, "{}", receipt);
  }

  private ResponseWriter.Row honest(Survey survey) {
    return row(survey, UUID.randomUUID(), CawiFixtures.device(), "330604", "{\"q1_other\":\"电动车\"}");
  }

  private long stored(UUID key) {
    return jdbc.sql("select count(*) from response where idempotency_key = :k").param("k", key).query(Long.class).single();
  }

  @Test
  void aBatchThatPostgresqlRefusesIsSplitSoThatOnlyTheBadRowsFail() throws Exception {
    CawiFixtures.ensure(surveys, instruments, org, users);
    Survey survey = CawiFixtures.fresh(surveys, instruments, "t-writer", clock.instant());
    List<ResponseWriter.Row> honest = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      honest.add(honest(survey));
    }
    String sameDevice = CawiFixtures.device();
    ResponseWriter.Row firstOfDevice = row(survey, UUID.randomUUID(), sameDevice, "330604", "{}");
    ResponseWriter.Row secondOfDevice = row(survey, UUID.randomUUID(), sameDevice, "330602", "{}");
    String takenReceipt = writer.write(honest(survey)).get(30, TimeUnit.SECONDS).receipt();
    List<ResponseWriter.Row> poisoned = List.of(
        row(survey, UUID.randomUUID(), CawiFixtures.device(), "330604", "{\"q1_other\":\"a\\u0000b\"}"), // jsonb: 22P05
        row(survey, UUID.randomUUID(), CawiFixtures.device(), "3306\u000004", "{}"), // text: 22021
        row(survey, UUID.randomUUID(), CawiFixtures.device(), "330604", "{not json"), // 22P02
        new ResponseWriter.Row(UUID.randomUUID(), -1, survey.instrumentId(), "330604", "330604", "online",
            ResponseStatus.COMPLETE, null, null, CawiFixtures.device(), null, null, List.of(), false, "{}", "{}",
            Receipts.next()), // 23503
        row(survey, UUID.randomUUID(), CawiFixtures.device(), "330604", "{}", takenReceipt)); // 23505
    List<ResponseWriter.Row> all = new ArrayList<>(honest);
    all.addAll(5, poisoned.subList(0, 2));
    all.addAll(30, poisoned.subList(2, 5));
    all.add(17, firstOfDevice);
    all.add(secondOfDevice);
    all.add(11, honest.get(3)); // the same key twice: a retry that arrives while the first attempt is queued

    // Hold the writer: this connection inserts a key the writer is about to insert too and does not commit, so the
    // writer waits on the unique index while all the rows below are queued; they then make one batch.
    UUID gate = UUID.randomUUID();
    List<Future<CompletableFuture<ResponseWriter.Written>>> queued = new ArrayList<>();
    CompletableFuture<ResponseWriter.Written> gateWritten;
    try (Connection hold = dataSource.getConnection()) {
      WriterGate.hold(hold, survey, gate);
      gateWritten = writer.write(row(survey, gate, CawiFixtures.device(), "330604", "{}"));
      WriterGate.awaitWriterBlocked(jdbc);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      for (ResponseWriter.Row r : all) {
        queued.add(pool.submit(() -> {
          go.await();
          return writer.write(r);
        }));
      }
      go.countDown();
      for (Future<CompletableFuture<ResponseWriter.Written>> f : queued) {
        f.get(10, TimeUnit.SECONDS); // queued: write() returns once the row is in the queue
      }
      pool.shutdown();
      assertThat(gateWritten).isNotDone();
      hold.rollback();
    }
    assertThat(gateWritten.get(30, TimeUnit.SECONDS).id()).isPositive();

    Map<UUID, ResponseWriter.Written> written = new java.util.HashMap<>();
    List<ResponseWriter.Written> ofOneDevice = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ResponseWriter.Row r = all.get(i);
      CompletableFuture<ResponseWriter.Written> future = queued.get(i).get();
      if (poisoned.contains(r)) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(stored(r.key())).isZero();
        continue;
      }
      ResponseWriter.Written w = future.get(30, TimeUnit.SECONDS);
      if (r == firstOfDevice || r == secondOfDevice) {
        ofOneDevice.add(w);
        assertThat(stored(r.key())).isEqualTo(w.secondResponse() ? 0 : 1);
        continue;
      }
      assertThat(w.secondResponse()).isFalse();
      assertThat(w.id()).isPositive();
      if (written.containsKey(r.key())) {
        assertThat(w.id()).as("the retry is answered with the first result").isEqualTo(written.get(r.key()).id());
        assertThat(w.repeat() || written.get(r.key()).repeat()).isTrue();
      }
      written.put(r.key(), w);
      assertThat(stored(r.key())).as("stored exactly once").isEqualTo(1);
    }
    assertThat(written).hasSize(honest.size());
    // two responses of one device in the batch: whichever was queued first is stored, the other refused
    assertThat(ofOneDevice).extracting(ResponseWriter.Written::secondResponse).containsExactlyInAnyOrder(true, false);
  }
}
