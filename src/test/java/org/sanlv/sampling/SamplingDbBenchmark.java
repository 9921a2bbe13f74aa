package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.sanlv.IntegrationTest;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 4's benchmark: a province-wide draw for Zhejiang's 90 counties from a frame of 200,000 blocks /
 * 20 million households (household design, 5‰, m = 10) plus 150,000 RDD numbers, end to end including
 * writing the sample to PostgreSQL with COPY, against a plain COPY of the same rows in the same run.
 * Run: {@code ./mvnw -o test -Dtest=SamplingDbBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class SamplingDbBenchmark {

  @Autowired SamplingRepository repository;
  @Autowired OrgService org;
  @Autowired TransactionTemplate transaction;
  @Autowired DataSource dataSource;

  @Test
  void provinceWideDrawIntoPostgres() throws Exception {
    List<OrgNode> counties = org.areasUnder("33", OrgLevel.COUNTY);
    assertThat(counties).hasSize(90);
    Xoshiro256StarStar rng = Xoshiro256StarStar.seeded(2024);
    List<Block> blocks = new ArrayList<>(200_000);
    Map<String, Long> population = new TreeMap<>();
    for (int i = 0; i < 200_000; i++) {
      String county = counties.get(i % 90).code();
      long size = 20 + rng.nextLong(161); // 20..180 households, mean 100: 20 million in all
      blocks.add(new Block(String.format("B%07d", i), county, "", size, 0));
      population.merge(county, size * 13 / 4, Long::sum);
    }
    List<NumberPrefix> prefixes = new ArrayList<>();
    Map<String, Long> cityPopulation = new TreeMap<>();
    List<OrgNode> cities = org.areasUnder("33", OrgLevel.CITY);
    for (int c = 0; c < cities.size(); c++) {
      cityPopulation.put(cities.get(c).code(), 3_000_000L + 1_000_000L * c);
      for (int p = 0; p < 200; p++) {
        prefixes.add(new NumberPrefix(String.format("13%d%04d", c % 10, c * 200 + p), NumberPrefix.Kind.MOBILE, "移动",
            cities.get(c).code()));
      }
    }
    long surveyId = surveyForBenchmark();
    List<Long> drawMs = new ArrayList<>();
    List<Long> copyMs = new ArrayList<>();
    List<Long> peaks = new ArrayList<>();
    int rows = 0;
    for (int run = 0; run < 3; run++) {
      System.gc();
      SamplingBenchmark.resetPeaks();
      long start = System.nanoTime();
      long[] ids = new long[1];
      int[] units = new int[2];
      long[] t = new long[6];
      transaction.executeWithoutResult(s -> {
        t[0] = System.nanoTime();
        BlockFrame frame = BlockFrame.of(blocks);
        t[1] = System.nanoTime();
        Map<String, Integer> targets = Draws.householdTargets(frame, HouseholdDesign.StratumLevel.COUNTY,
            SampleSizeRule.shareOfPopulation("0.005").withMin(300), AreaPopulations.of(population));
        HouseholdSample households = Draws.household(frame, HouseholdDesign.of(HouseholdDesign.StratumLevel.COUNTY, 10),
            targets, 42 + 0L);
        RddSample numbers = Draws.rdd(PrefixFrame.of(prefixes), AreaPopulations.of(cityPopulation), DoNotCallList.empty(),
            new RddDesign(150_000, 1000), 42);
        t[2] = System.nanoTime();
        ids[0] = repository.insertDraw(surveyId, "household", 42, null, frame.fingerprint(), Map.of(), households.householdCount(), "bench");
        units[0] = (int) repository.copy("sample_household", HouseholdSample.CSV_HEADER, ids[0], households::writeCsv);
        t[3] = System.nanoTime();
        long phone = repository.insertDraw(surveyId, "phone", 42, null, null, Map.of(), numbers.size(), "bench");
        units[1] = (int) repository.copy("sample_number", "release_order, replicate, number, prefix, kind, carrier, area",
            phone, numbers::writeCsv);
        t[4] = System.nanoTime();
      });
      long drawn = System.nanoTime();
      System.out.printf("stages ms: frame %d, draws %d, copy households %d, copy numbers %d, commit %d%n",
          (t[1] - t[0]) / 1_000_000, (t[2] - t[1]) / 1_000_000, (t[3] - t[2]) / 1_000_000, (t[4] - t[3]) / 1_000_000,
          (drawn - t[4]) / 1_000_000);
      peaks.add(SamplingBenchmark.peakHeap() >> 20);
      rows = units[0] + units[1];
      // Baseline: the same rows, already serialised, COPYed into tables of the same shape.
      byte[][] data = sameRows(ids[0]);
      long copyStart = System.nanoTime();
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
          // same shape, same primary keys, logged like the real tables (a temp table would skip the WAL)
          st.execute("drop table if exists bench_h, bench_n");
          st.execute("create table bench_h (like sample_household including all)");
          st.execute("create table bench_n (like sample_number including all)");
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        copy.copyIn("copy bench_h from stdin with (format csv)", new java.io.ByteArrayInputStream(data[0]));
        copy.copyIn("copy bench_n from stdin with (format csv)", new java.io.ByteArrayInputStream(data[1]));
        c.commit();
      }
      long copied = System.nanoTime();
      drawMs.add((drawn - start) / 1_000_000);
      copyMs.add((copied - copyStart) / 1_000_000);
    }
    long draw = median(drawMs);
    long copy = median(copyMs);
    System.out.printf(Locale.ROOT, """
        sampling DB benchmark: 200,000 blocks / %,d households in 90 counties + 150,000 RDD numbers -> %,d rows
          end to end (frame, sizes, draws, COPY, commit): %s ms, median %d ms = %,.0f rows/s
          plain COPY of the same rows:                     %s ms, median %d ms = %,.0f rows/s
          ratio (end-to-end rows/s ÷ plain COPY rows/s):   %.2f
          peak heap (sum of pool peaks) per run: %s MB
        """, blocks.stream().mapToLong(Block::households).sum(), rows, drawMs, draw, rows * 1000.0 / draw, copyMs, copy,
        rows * 1000.0 / copy, (double) copy / draw, peaks);
    assertThat(draw).isLessThan(5000);
  }

  private long surveyForBenchmark() {
    return transaction.execute(s -> {
      var jdbc = JdbcClient.create(dataSource);
      long instrument = jdbc.sql("select min(id) from instrument").query(Long.class).single();
      return jdbc.sql("""
          insert into survey (slug, name, instrument_id, target_code, stratum_level, kind, created_by)
          values ('bench-' || floor(random() * 1e9)::text, 'benchmark', ?, '33', 'county', 'official', 'bench')
          returning id""").param(instrument).query(Long.class).single();
    });
  }

  /** The rows just written, read back as CSV bytes in the table's column order. */
  private byte[][] sameRows(long householdDraw) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      java.io.ByteArrayOutputStream h = new java.io.ByteArrayOutputStream();
      copy.copyOut("copy (select * from sample_household where draw_id = " + householdDraw + ") to stdout with (format csv)", h);
      java.io.ByteArrayOutputStream n = new java.io.ByteArrayOutputStream();
      copy.copyOut("copy (select * from sample_number where draw_id = " + (householdDraw + 1) + ") to stdout with (format csv)", n);
      return new byte[][] {h.toByteArray(), n.toByteArray()};
    }
  }

  private static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
