package org.sanlv.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sanlv.survey.AreaFilter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a survey's complete responses from the shared response store: grouped where they are for the results
 * (one query, {@link #groups}), streamed one by one for the exports.
 */
@Repository
class ResultsRepository {

  private final JdbcClient jdbc;
  private final javax.sql.DataSource dataSource;
  private final org.springframework.transaction.support.TransactionTemplate readOnly;
  private final long parallelMinPages;
  /** One split computation at a time on this node, so that they never wait on each other for pooled connections. */
  private final java.util.concurrent.Semaphore splitting = new java.util.concurrent.Semaphore(1);

  ResultsRepository(JdbcClient jdbc, javax.sql.DataSource dataSource,
      org.springframework.transaction.PlatformTransactionManager transactions,
      @org.springframework.beans.factory.annotation.Value("${sanlv.results.parallel-min-pages:12800}")
      long parallelMinPages) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.parallelMinPages = parallelMinPages;
  }

  /** The counter every committed change of a survey's responses raises (V12's trigger): the results cache key. */
  long version(long surveyId) {
    return jdbc.sql("select coalesce(sum(version), 0) from response_version where survey_id = ?")
        .param(surveyId).query(Long.class).single();
  }

  /**
   * How to read the design keys of a response: its stratum ({@code stratum_code} for surveys by town, else
   * {@code county_code}), its age (an integer answer put into the bands whose first ages are {@code ageBounds},
   * or a select_one code) and its sex (a select_one code).
   */
  record Keys(boolean townStrata, String ageQuestion, boolean ageInteger, int[] ageBounds, String sexQuestion) {}

  /**
   * Complete responses grouped on the design keys and the answers of one set of questions: per group its
   * stratum, mode, flags, age key (band number or code), sex code, the set's answers (in the order of the
   * {@code columns} of the query, null elsewhere) and its count.
   */
  record Grouping(List<String> set, String[] stratum, String[] mode, String[][] flags, String[] age, String[] sex,
      String[] field, Object[][] answers, long[] count) {
    int size() {
      return count.length;
    }
  }

  /**
   * Groups a survey's complete responses where they are (one scan, {@code GROUPING SETS}: one set of design keys +
   * answers per distinct set of questions the indicators refer to), so that Java gets thousands of rows, not
   * millions. PostgreSQL's grouping() takes 31 columns at most: sets beyond that go in further queries.
   *
   * <p>PostgreSQL runs a query with grouping sets in one process. On a large response table (at least
   * {@code sanlv.results.parallel-min-pages} pages, 12,800 = 100 MB by default) the table is cut into as many
   * page ranges as PostgreSQL would give one query processes ({@code max_parallel_workers_per_gather} + 1), each
   * grouped on its own connection in the same snapshot ({@code pg_export_snapshot}), and the counts of equal groups
   * added up: the same groups and counts as one query, on all cores.
   */
  List<Grouping> groups(long surveyId, List<String> columns, List<List<String>> sets, Set<String> selectMultiple,
      Keys keys) {
    List<Grouping> out = new ArrayList<>();
    List<List<String>> batch = new ArrayList<>();
    Set<String> batchColumns = new java.util.LinkedHashSet<>();
    for (List<String> set : sets) {
      Set<String> union = new java.util.LinkedHashSet<>(batchColumns);
      union.addAll(set);
      if (union.size() > 31 && !batch.isEmpty()) {
        out.addAll(groupBatch(surveyId, columns, new ArrayList<>(batchColumns), batch, selectMultiple, keys));
        batch = new ArrayList<>();
        union = new java.util.LinkedHashSet<>(set);
      }
      batch.add(set);
      batchColumns = union;
    }
    if (!batch.isEmpty()) {
      out.addAll(groupBatch(surveyId, columns, new ArrayList<>(batchColumns), batch, selectMultiple, keys));
    }
    return out;
  }

  /**
   * Which complete responses the results count (issue 19): every response outside fieldwork review, and a field
   * interview while its review is pending or approved; a rejected or escalated one does not count.
   */
  static final String COUNTED = "(review_status is null or review_status in ('pending', 'approved'))";

  /**
   * A field interview's design, read from its assignment (issue 19); null for responses without one. Household:
   * {@code h␞draw/block␞base weight␞adults}, the block the PSU, the base weight 1/π from the draw and the adults
   * in the household (1 when not recorded); intercept: {@code i␞location type␞day type␞time of day}, its quota cell.
   * The subquery runs only for rows with an assignment (an index look-up each), so online responses cost nothing.
   */
  static final String FIELD_DESIGN = """
      case when assignment_id is not null then (select case a.kind
        when 'household' then 'h' || chr(30) || a.draw_id || '/' || a.block_id || chr(30)
          || coalesce(a.base_weight, 1 / a.pi)::text || chr(30) || coalesce(response.adults, 1)
        else 'i' || chr(30) || a.location_type || chr(30) || a.day_type || chr(30) || a.time_of_day end
        from capi_assignment a where a.id = response.assignment_id) end""";

  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
      .build();

  private List<Grouping> groupBatch(long surveyId, List<String> columns, List<String> used, List<List<String>> sets,
      Set<String> selectMultiple, Keys keys) {
    StringBuilder inner = new StringBuilder("select ").append(keys.townStrata() ? "stratum_code" : "county_code")
        .append(" s, mode m, flags f, ");
    if (keys.ageQuestion() == null || keys.ageInteger() && keys.ageBounds().length == 0) {
      inner.append("null::text a, ");
    } else {
      // the answer as it is, extracted once; an integer age is put into its band by the query around this one
      inner.append("answers->>'").append(keys.ageQuestion().replace("'", "''")).append("' a, ");
    }
    inner.append(keys.sexQuestion() == null ? "null::text x" : "answers->>'" + keys.sexQuestion().replace("'", "''")
        + "' x");
    inner.append(", ").append(FIELD_DESIGN).append(" k");
    for (int i = 0; i < used.size(); i++) {
      String key = used.get(i).replace("'", "''");
      // select_multiple answers stay jsonb (hashable, no unnesting per row); Java reads the few distinct ones
      inner.append(selectMultiple.contains(used.get(i)) ? ", answers->'" + key + "'" : ", answers->>'" + key + "'")
          .append(" c").append(i);
    }
    // a part's page range goes here (a TID range scan); nothing when the query reads the whole table
    // offset 0: not merged into the query around it, so that each answer is extracted once per row
    inner.append(" from response where survey_id = ? and status = 'complete' and " + COUNTED + PART + " offset 0");
    StringBuilder sql = new StringBuilder("select ");
    if (used.isEmpty()) {
      sql.append("0");
    } else {
      sql.append("grouping(");
      for (int i = 0; i < used.size(); i++) {
        sql.append(i == 0 ? "c" : ", c").append(i);
      }
      sql.append(")");
    }
    sql.append(", d");
    for (int i = 0; i < used.size(); i++) {
      sql.append(", c").append(i);
    }
    // the design keys as one column: each grouping set hashes two columns, not six (a third less time)
    boolean banded = keys.ageQuestion() != null && keys.ageInteger() && keys.ageBounds().length > 0;
    String age = banded ? "width_bucket(case when a ~ '^[0-9]{1,3}$' then a::int end, ?::int[])::text" : "a";
    sql.append(", count(*) from (select s || chr(31) || m || chr(31) || f::text || chr(31) || coalesce(")
        .append(age).append(", chr(1))")
        .append(" || chr(31) || coalesce(x, chr(1)) || chr(31) || coalesce(k, chr(1)) d");
    for (int i = 0; i < used.size(); i++) {
      sql.append(", c").append(i);
    }
    sql.append(" from (").append(inner).append(") t0) t group by grouping sets (");
    for (int k = 0; k < sets.size(); k++) {
      sql.append(k == 0 ? "(d" : ", (d");
      for (String q : sets.get(k)) {
        sql.append(", c").append(used.indexOf(q));
      }
      sql.append(")");
    }
    sql.append(")");
    // grouping() has a bit per column, 1 where the row does not group on it (most significant = first column)
    Map<Integer, Integer> setOfMask = new java.util.HashMap<>();
    for (int k = 0; k < sets.size(); k++) {
      int mask = 0;
      for (int i = 0; i < used.size(); i++) {
        if (!sets.get(k).contains(used.get(i))) {
          mask |= 1 << (used.size() - 1 - i);
        }
      }
      setOfMask.put(mask, k);
    }
    List<Object> params = new ArrayList<>();
    if (banded) {
      params.add(java.util.Arrays.stream(keys.ageBounds()).boxed().toArray(Integer[]::new));
    }
    params.add(surveyId);
    // each raw row: grouping() mask, design key, the batch's answer columns, count; equal rows of parts are added
    Map<List<Object>, long[]> merged = new java.util.LinkedHashMap<>();
    for (List<Object[]> part : run(sql.toString(), params, used.size())) {
      for (Object[] raw : part) {
        List<Object> key = java.util.Arrays.asList(java.util.Arrays.copyOf(raw, raw.length - 1));
        merged.computeIfAbsent(key, x -> new long[1])[0] += (Long) raw[raw.length - 1];
      }
    }
    List<List<Object[]>> rows = new ArrayList<>();
    for (int k = 0; k < sets.size(); k++) {
      rows.add(new ArrayList<>());
    }
    Map<Object, Object> shared = new java.util.HashMap<>();
    for (Map.Entry<List<Object>, long[]> e : merged.entrySet()) {
      List<Object> r0 = e.getKey();
      int k = setOfMask.get((Integer) r0.get(0));
      Object[] row = new Object[7 + columns.size()];
      String[] design = ((String) r0.get(1)).split("\u001f", 6);
      for (int c = 0; c < 6; c++) {
        if (c == 2) {
          // flags as PostgreSQL writes a text[] of plain words: {} or {speeder,burst}
          String f = design[2].substring(1, design[2].length() - 1);
          row[2] = shared.computeIfAbsent("\u0002" + f, x -> f.isEmpty() ? new String[0] : f.split(","));
        } else {
          String v = design[c].equals("\u0001") ? null : design[c];
          row[c] = v == null ? null : shared.computeIfAbsent(v, x -> x);
        }
      }
      for (String q : sets.get(k)) {
        String v = (String) r0.get(2 + used.indexOf(q));
        Object value;
        if (selectMultiple.contains(q)) {
          value = shared.computeIfAbsent("\u0000" + v, x -> codes(v));
        } else {
          value = v == null ? null : shared.computeIfAbsent(v, x -> x);
        }
        row[7 + columns.indexOf(q)] = value;
      }
      row[6] = e.getValue()[0];
      rows.get(k).add(row);
    }
    List<Grouping> out = new ArrayList<>();
    for (int k = 0; k < sets.size(); k++) {
      List<Object[]> list = rows.get(k);
      int g = list.size();
      String[] s = new String[g];
      String[] m = new String[g];
      String[][] f = new String[g][];
      String[] a = new String[g];
      String[] x = new String[g];
      String[] field = new String[g];
      Object[][] answers = new Object[g][];
      long[] count = new long[g];
      for (int i = 0; i < g; i++) {
        Object[] r = list.get(i);
        s[i] = (String) r[0];
        m[i] = (String) r[1];
        f[i] = (String[]) r[2];
        a[i] = (String) r[3];
        x[i] = (String) r[4];
        field[i] = (String) r[5];
        count[i] = (Long) r[6];
        answers[i] = java.util.Arrays.copyOfRange(r, 7, r.length);
      }
      out.add(new Grouping(sets.get(k), s, m, f, a, x, field, answers, count));
    }
    return out;
  }

  /** Where a part's page range goes in a grouping query. */
  private static final String PART = " /*part*/";

  /**
   * Runs a grouping query (its rows: grouping() mask, design key, the answer columns, count) on the whole table in
   * one connection, or split into page ranges run at the same time in one snapshot (see {@link #groups}).
   */
  private List<List<Object[]>> run(String sql, List<Object> params, int answers) {
    if (org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()
        || !splitting.tryAcquire()) {
      return List.of(whole(sql, params, answers));
    }
    try {
      long[] plan = jdbc.sql("""
          select relpages, current_setting('max_parallel_workers_per_gather')::int + 1
            from pg_class where oid = 'response'::regclass""")
          .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
      int parts = (int) Math.min(plan[1], 8);
      if (plan[0] < parallelMinPages || parts < 2) {
        return List.of(whole(sql, params, answers));
      }
      return split(sql, params, answers, parts);
    } finally {
      splitting.release();
    }
  }

  private List<Object[]> whole(String sql, List<Object> params, int answers) {
    return readOnly.execute(status -> {
      java.sql.Connection c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
      try {
        return grouped(c, sql.replace(PART, ""), params, answers);
      } catch (java.sql.SQLException e) {
        throw new org.springframework.jdbc.UncategorizedSQLException("results", sql, e);
      } finally {
        org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(c, dataSource);
      }
    });
  }

  private List<List<Object[]>> split(String sql, List<Object> params, int answers, int parts) {
    List<java.sql.Connection> connections = new ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parts);
    try {
      for (int i = 0; i < parts; i++) {
        java.sql.Connection c = dataSource.getConnection();
        connections.add(c);
        c.setAutoCommit(false);
        c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
      }
      String snapshot;
      long pages;
      try (var st = connections.get(0).createStatement()) {
        try (var rs = st.executeQuery("select pg_export_snapshot()")) {
          rs.next();
          snapshot = rs.getString(1);
        }
        try (var rs = st.executeQuery(
            "select pg_relation_size('response') / current_setting('block_size')::bigint")) {
          rs.next();
          pages = rs.getLong(1);
        }
      }
      if (!snapshot.matches("[0-9A-Fa-f-]+")) {
        throw new IllegalStateException("unexpected snapshot name " + snapshot);
      }
      for (java.sql.Connection c : connections.subList(1, parts)) {
        try (var st = c.createStatement()) {
          st.execute("set transaction snapshot '" + snapshot + "'");
        }
      }
      long step = (pages + parts - 1) / parts;
      List<java.util.concurrent.Future<List<Object[]>>> futures = new ArrayList<>();
      for (int i = 0; i < parts; i++) {
        // the last part has no upper bound: it also reads pages added since the size was read (none are visible)
        String range = " and ctid >= '(" + i * step + ",0)'::tid"
            + (i == parts - 1 ? "" : " and ctid < '(" + (i + 1) * step + ",0)'::tid");
        java.sql.Connection c = connections.get(i);
        futures.add(pool.submit(() -> grouped(c, sql.replace(PART, range), params, answers)));
      }
      List<List<Object[]>> out = new ArrayList<>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new org.springframework.jdbc.UncategorizedSQLException("results", sql, e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.sql.SQLException s) {
        throw new org.springframework.jdbc.UncategorizedSQLException("results", sql, s);
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
      for (java.sql.Connection c : connections) {
        try {
          c.rollback(); // read only: nothing to keep
          c.close();
        } catch (java.sql.SQLException e) {
          // the pool discards a broken connection
        }
      }
    }
  }

  /** One grouping query on a connection in a transaction (work_mem raised for it, see {@link #groups}). */
  private static List<Object[]> grouped(java.sql.Connection c, String sql, List<Object> params, int answers)
      throws java.sql.SQLException {
    // The planner cannot estimate how few distinct values the answers have and, with the default work_mem, sorts
    // the rows once per grouping set (65 s for a million responses on a loaded machine); with room to hash, every
    // set is hashed in one pass (27 s there, the actual tables being a few MB). Beyond the room it spills to disk.
    try (var st = c.createStatement()) {
      st.execute("set local work_mem = '256MB'");
    }
    List<Object[]> rows = new ArrayList<>();
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Integer[] a) {
          ps.setArray(i + 1, c.createArrayOf("integer", a));
        } else {
          ps.setObject(i + 1, p);
        }
      }
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[3 + answers];
          row[0] = rs.getInt(1);
          for (int i = 0; i <= answers; i++) {
            row[1 + i] = rs.getString(2 + i);
          }
          row[2 + answers] = rs.getLong(3 + answers);
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** A select_multiple answer as the arrays path reads it: its codes, none when it is not an array. */
  private static List<String> codes(String json) {
    if (json == null) {
      return List.of();
    }
    var node = JSON.readTree(json);
    if (!node.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    node.forEach(e -> out.add(e.isString() ? e.stringValue() : e.toString()));
    return List.copyOf(out);
  }

  /**
   * The one query the arrays path loaded what the indicators need with (county, mode, flags and the referenced
   * answers, a row per response): kept as the baseline of ResultsDbBenchmark's COPY.
   */
  static String completeResponsesSql(List<String> questions, Set<String> selectMultiple) {
    StringBuilder sql = new StringBuilder("select stratum_code, mode, flags");
    for (String q : questions) {
      String key = q.replace("'", "''");
      sql.append(selectMultiple.contains(q)
          ? ", array(select jsonb_array_elements_text(case jsonb_typeof(answers->'" + key + "') when 'array' then answers->'"
              + key + "' else '[]'::jsonb end))"
          : ", answers->>'" + key + "'");
    }
    return sql.append(" from response where survey_id = ? and status = 'complete' order by stratum_code").toString();
  }

  // ---- issue 18, results page and response export (cipage) ----

  /** Complete responses per mode ({@code online} → 34): which tabs of the results page have anything to show. */
  Map<String, Long> completeByMode(long surveyId) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    jdbc.sql("select mode, count(*) from response where survey_id = ? and status = 'complete' and " + COUNTED
        + " group by mode order by mode")
        .param(surveyId).query(rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        });
    return out;
  }

  /** One stored response as the response export reads it: design, context and answers. */
  record ExportedResponse(long id, String county, String stratum, String mode, java.time.Instant submittedAt,
      String[] flags, String answersJson, String field) {}

  /**
   * Streams a survey's complete responses of the visible areas in id order with their mode, submission time and
   * integrity flags (a server-side cursor, which needs a transaction: memory stays bounded).
   */
  @Transactional(readOnly = true)
  void forEachExported(long surveyId, AreaFilter visible, java.util.function.Consumer<ExportedResponse> consumer) {
    String[] none = new String[0];
    jdbc.sql("""
        select id, county_code, stratum_code, mode, submitted_at, flags, answers::text, %s from response
         where survey_id = ? and status = 'complete' and (? or county_code = any(?)) order by id""".formatted(FIELD_DESIGN))
        .params(surveyId, visible.all(), visible.codes().toArray(String[]::new)).withFetchSize(2000)
        .query(rs -> {
          java.sql.Timestamp at = rs.getTimestamp(5);
          java.sql.Array f = rs.getArray(6);
          consumer.accept(new ExportedResponse(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              at == null ? null : at.toInstant(), f == null ? none : (String[]) f.getArray(), rs.getString(7),
              rs.getString(8)));
        });
  }
}
