package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The group commit: a batch with a row PostgreSQL refuses stores the others; the refused one fails alone. */
@IntegrationTest
class CompletionWriterTest {

  @Autowired CompletionWriter writer;
  @Autowired JdbcClient jdbc;

  private static CompletionWriter.Row row(String area) {
    return row(area, false);
  }

  private static CompletionWriter.Row row(String area, boolean burst) {
    return new CompletionWriter.Row(UUID.randomUUID(), 2026, "writer-test-" + UUID.randomUUID(), null, area, null, 16, 9,
        Instant.parse("2026-11-18T02:30:30Z"), burst);
  }

  @Test
  void oneBadRowFailsAloneAndTheOthersAreCommitted() throws Exception {
    List<CompletionWriter.Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // an area that is no node (only a race with a deleted area could bring one here): the foreign key refuses it
      rows.add(row(i == 17 ? "no-such-area-17" : TestAccounts.BAIGUAN, i % 3 == 0));
    }
    List<CompletableFuture<CompletionWriter.Written>> futures = rows.stream().map(writer::write).toList();
    for (int i = 0; i < rows.size(); i++) {
      if (i == 17) {
        assertThat(futures.get(i)).failsWithin(java.time.Duration.ofSeconds(10))
            .withThrowableOfType(ExecutionException.class);
      } else {
        assertThat(futures.get(i).get().outcome()).isEqualTo(CompletionWriter.Outcome.STORED);
      }
    }
    List<UUID> keys = rows.stream().map(CompletionWriter.Row::key).toList();
    assertThat(jdbc.sql("select count(*) from quiz_completion where idempotency_key = any (?::uuid[])")
        .param(keys.stream().map(UUID::toString).toArray(String[]::new)).query(Long.class).single()).isEqualTo(39);
    // the burst mark is stored with each row of the batch (0, 3, …, 39: 14 of them)
    assertThat(jdbc.sql("select count(*) from quiz_completion where idempotency_key = any (?::uuid[]) and burst")
        .param(keys.stream().map(UUID::toString).toArray(String[]::new)).query(Long.class).single()).isEqualTo(14);
  }

  @Test
  void theSameDeviceTwiceInOneBatchIsCountedOnce() throws Exception {
    CompletionWriter.Row first = row(null);
    CompletionWriter.Row second = new CompletionWriter.Row(UUID.randomUUID(), first.year(), first.deviceHash(), null, null,
        null, 16, 3, first.completedAt(), false);
    CompletionWriter.Row retry = first;
    var a = writer.write(first);
    var b = writer.write(second);
    var c = writer.write(retry);
    assertThat(a.get().outcome()).isEqualTo(CompletionWriter.Outcome.STORED);
    assertThat(b.get().outcome()).isEqualTo(CompletionWriter.Outcome.ALREADY_COUNTED);
    assertThat(c.get().outcome()).isEqualTo(CompletionWriter.Outcome.REPEAT);
    assertThat(c.get().correct()).isEqualTo(9);
  }
}
