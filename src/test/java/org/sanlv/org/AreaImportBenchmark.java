package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 16's benchmark: a valid 100,000-row area import through {@link OrgService#importCsv} (decode, parse,
 * validate every row, write with COPY, commit: one transaction), against a plain COPY of the same rows into a
 * scratch table of the file's shape in the same run. Target: under 10 s (it took 423 s row by row).
 * Run: {@code ./mvnw -o test -Dtest=AreaImportBenchmark -Dtest.tags.excluded=none}.
 *
 * <p>Each run imports 100 new towns under 中原区 (河南) with 999 villages each, every row with population,
 * households and villages, every town with two phone blocks; the three runs use different codes.
 */
@IntegrationTest
@Tag("benchmark")
class AreaImportBenchmark {

  static final int TOWNS = 100;
  static final int VILLAGES_PER_TOWN = 999;

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  /** The file of run {@code run}: header plus 100,000 rows, towns first. */
  static String file(int run) {
    StringBuilder csv = new StringBuilder(8_000_000);
    csv.append("code,name,level,parent_code,population,households,villages,unit_type,phone_blocks\n");
    for (int t = 0; t < TOWNS; t++) {
      String town = String.format("4101029%d%03d", 7 + run, t);
      csv.append(town).append(",测试镇").append(t).append(",town,410102,").append(40_000 + t).append(',')
          .append(14_000 + t).append(',').append(VILLAGES_PER_TOWN).append(",,")
          .append(String.format("13%d%05d:移动 13%d%05d", 7 + run, t, 7 + run, 50_000 + t)).append('\n');
      for (int v = 0; v < VILLAGES_PER_TOWN; v++) {
        csv.append(town).append(String.format("%04d", v)).append(",\"第").append(v).append("村, 东片\",village,")
            .append(town).append(',').append(1_000 + v % 500).append(',').append(350 + v % 200).append(",,,\n");
      }
    }
    return csv.toString();
  }

  @Test
  void aHundredThousandRowsInOneTransaction() throws Exception {
    TestAccounts.ensure(org, users);
    List<Long> importMs = new ArrayList<>();
    List<Long> copyMs = new ArrayList<>();
    List<Long> shapedMs = new ArrayList<>();
    int rows = TOWNS * (1 + VILLAGES_PER_TOWN);
    for (int run = 0; run < 3; run++) {
      String text = file(run);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      System.gc();
      long start = System.nanoTime();
      OrgService.ImportResult result = org.importCsv(TestAccounts.ROOT, bytes, "bench-" + run + ".csv");
      importMs.add((System.nanoTime() - start) / 1_000_000);
      assertThat(result.created()).isEqualTo(rows);
      // Baseline 1: the file's rows as they are, COPYed into a logged table of the file's shape with a unique code.
      byte[] fileRows = text.substring(text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8);
      copyMs.add(copy("""
          create table bench_area_copy (code text primary key, name text not null, level text not null,
            parent_code text not null, population bigint, households bigint, villages integer, unit_type text,
            phone_blocks text)""", "copy bench_area_copy from stdin with (format csv)", fileRows));
      // Baseline 2: the nodes exactly as the import wrote them, COPYed into a table of org_node's shape (its checks,
      // its five indexes and the foreign key to the parent): what PostgreSQL itself needs to store these rows.
      ByteArrayOutputStream nodes = new ByteArrayOutputStream();
      try (Connection c = dataSource.getConnection()) {
        c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select * from org_node where code like '4101029"
            + (7 + run) + "%') to stdout with (format csv)", nodes);
      }
      shapedMs.add(copy("""
          create table bench_area_copy (like org_node including all);
          alter table bench_area_copy add foreign key (parent_id) references org_node (id)""",
          "copy bench_area_copy from stdin with (format csv)", nodes.toByteArray()));
    }
    jdbc.sql("drop table if exists bench_area_copy").update();
    long imp = median(importMs);
    long copy = median(copyMs);
    long shaped = median(shapedMs);
    System.out.printf(Locale.ROOT, """
        area import benchmark: %,d rows (%d towns with %d villages each), %,d bytes a file
          OrgService.importCsv (decode, parse, validate, COPY, commit): %s ms, median %d ms = %,.0f rows/s
          plain COPY of the file's rows into a scratch table:            %s ms, median %d ms = %,.0f rows/s
          plain COPY of the written nodes into a table like org_node:    %s ms, median %d ms = %,.0f rows/s
          ratio import ÷ plain COPY of the file's rows:                  %.1f
          ratio import ÷ plain COPY into a table like org_node:          %.1f
        """, rows, TOWNS, VILLAGES_PER_TOWN, file(0).getBytes(StandardCharsets.UTF_8).length, importMs, imp,
        rows * 1000.0 / imp, copyMs, copy, rows * 1000.0 / copy, shapedMs, shaped, rows * 1000.0 / shaped,
        (double) imp / copy, (double) imp / shaped);
    assertThat(imp).isLessThan(10_000);
  }

  /** Creates the scratch table, then times COPY of the rows and the commit. */
  private long copy(String create, String copy, byte[] rows) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (var st = c.createStatement()) {
        st.execute("drop table if exists bench_area_copy");
        st.execute(create);
      }
      c.commit();
      long start = System.nanoTime();
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(rows));
      c.commit();
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  private static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
