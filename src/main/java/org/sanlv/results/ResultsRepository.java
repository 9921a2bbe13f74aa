package org.sanlv.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sanlv.survey.AreaFilter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads a survey's complete responses from the shared response store: grouped for the results (from the cells
 * kept at write time, {@link #groups}), streamed one by one for the exports.
 */
@Repository
class ResultsRepository {

  private final JdbcClient jdbc;
  private final javax.sql.DataSource dataSource;
  private final org.springframework.transaction.support.TransactionTemplate readOnly;
  private final org.springframework.transaction.support.TransactionTemplate readWrite;
  private final long parallelMinPages;
  private final long buildWaitMillis;
  /** One split computation at a time on this node, so that they never wait on each other for pooled connections. */
  private final java.util.concurrent.Semaphore splitting = new java.util.concurrent.Semaphore(1);

  ResultsRepository(JdbcClient jdbc, javax.sql.DataSource dataSource,
      org.springframework.transaction.PlatformTransactionManager transactions,
      @org.springframework.beans.factory.annotation.Value("${sanlv.results.parallel-min-pages:12800}")
      long parallelMinPages,
      @org.springframework.beans.factory.annotation.Value("${sanlv.results.build-wait-ms:20000}")
      long buildWaitMillis) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.readWrite = new org.springframework.transaction.support.TransactionTemplate(transactions);
    this.parallelMinPages = parallelMinPages;
    this.buildWaitMillis = buildWaitMillis;
  }

  /**
   * The counters the results are kept by: the one every committed change of the survey's responses raises (V12),
   * and the one every change of what else the results read raises (V24).
   */
  long[] versions(long surveyId) {
    return jdbc.sql("""
        select (select coalesce(sum(version), 0) from response_version where survey_id = ?),
               (select version from results_input_version where id = 1)""")
        .param(surveyId).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
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
   * The counted complete responses grouped on the design keys and on the answers of each set of questions the
   * indicators refer to: thousands of groups, not millions of responses, in a canonical order (the same groups
   * give the same sums on every node).
   *
   * <p>Read from the cells kept at write time (V18): the first look at a survey with these indicators and figures
   * builds its cells from the responses ({@link #build}); from then on V18's trigger adds every response written to
   * the deltas, and a look folds them into the cells and reads the cells. Inside a caller's transaction (which may
   * hold rows a build on another connection could not see) the responses are grouped directly.
   */
  List<Grouping> groups(long surveyId, List<String> columns, List<List<String>> sets, Set<String> selectMultiple,
      Keys keys) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return groupedDirectly(surveyId, columns, sets, selectMultiple, keys);
    }
    CellSpec spec = CellSpec.of(surveyId, sets, selectMultiple, keys);
    Long id = jdbc.sql("select id from result_cell_spec where survey_id = ? and fingerprint = ?")
        .params(surveyId, spec.fingerprint()).query(Long.class).optional().orElse(null);
    if (id == null) {
      Built built = build(spec);
      if (built == null) {
        return groupedDirectly(surveyId, columns, sets, selectMultiple, keys);
      }
      if (built.groups() != null) {
        return groupings(columns, sets, selectMultiple, built.groups());
      }
      id = built.id();
    }
    fold(id, spec.setsSql());
    List<List<RawGroup>> raw = new ArrayList<>();
    sets.forEach(s -> raw.add(new ArrayList<>()));
    jdbc.sql("""
        select set_no, d, vals, sum(n) from (
          select set_no, d, vals, n from result_cell where spec_id = :id
          union all
          select s.set_no, m.d, s.sub, m.n from result_cell_delta m cross join lateral %s where m.spec_id = :id) x
         group by set_no, d, vals having sum(n) <> 0""".formatted(spec.setsSql()))
        .param("id", id).query(rs -> {
          raw.get(rs.getInt(1)).add(new RawGroup(rs.getString(2), (String[]) rs.getArray(3).getArray(),
              rs.getLong(4)));
        });
    return groupings(columns, sets, selectMultiple, raw);
  }

  /** The same groups as {@link #groups}, counted from the responses themselves (no cells read or made). */
  List<Grouping> groupedDirectly(long surveyId, List<String> columns, List<List<String>> sets,
      Set<String> selectMultiple, Keys keys) {
    return groupings(columns, sets, selectMultiple, grouped(surveyId, sets, selectMultiple, keys, null));
  }

  /** One group as stored: design key, the set's answers (text, in the set's order), count. */
  private record RawGroup(String d, String[] vals, long n) {}

  /** What the results of a survey group on, as the SQL that keeps its cells (the fingerprint names it). */
  private record CellSpec(long surveyId, List<List<String>> sets, Set<String> selectMultiple, Keys keys,
      String deltaSql, String setsSql, String fingerprint) {

    static CellSpec of(long surveyId, List<List<String>> sets, Set<String> selectMultiple, Keys keys) {
      List<String> used = new ArrayList<>(sets.stream().flatMap(List::stream)
          .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)));
      StringBuilder delta = new StringBuilder("insert into result_cell_delta (spec_id, d, vals, n) select $1, d, ")
          .append(textArray(used.size(), "c")).append(", $2 * count(*) from (")
          .append(rowsSql(used, selectMultiple, keys, "__rows__ response", surveyId)).append(") t group by d");
      for (int i = 0; i < used.size(); i++) {
        delta.append(", c").append(i);
      }
      StringBuilder projection = new StringBuilder("(values ");
      for (int k = 0; k < sets.size(); k++) {
        projection.append(k == 0 ? "(" : ", (").append(k).append(", array[");
        List<String> set = sets.get(k);
        for (int j = 0; j < set.size(); j++) {
          projection.append(j == 0 ? "" : ", ").append("m.vals[").append(used.indexOf(set.get(j)) + 1).append(']');
        }
        projection.append("]::text[])");
      }
      String setsSql = projection.append(") s(set_no, sub)").toString();
      String fingerprint = sha256(CELLS_FORMAT + "\n" + delta + "\n" + setsSql);
      return new CellSpec(surveyId, sets, selectMultiple, keys, delta.toString(), setsSql, fingerprint);
    }

    private static String textArray(int n, String prefix) {
      StringBuilder s = new StringBuilder("array[");
      for (int i = 0; i < n; i++) {
        s.append(i == 0 ? "" : ", ").append(prefix).append(i).append("::text");
      }
      return s.append("]::text[]").toString();
    }
  }

  /** Raised when the way cells are made changes: older specs then no longer match and are rebuilt. */
  private static final String CELLS_FORMAT = "cells 1";

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A build: the new spec's id and the groups it stored, or only the id of a spec another look built meanwhile. */
  private record Built(long id, List<List<RawGroup>> groups) {}

  /** The build's lock on a survey (V18's trigger takes it shared); the fold's lock on a spec. */
  private static final int BUILD_LOCK = 7218;
  private static final int FOLD_LOCK = 7219;

  /**
   * Makes a spec and its cells: under the survey's exclusive lock (which waits for the writers that saw no spec to
   * commit, and makes later writers wait for the spec), the responses are grouped in a snapshot taken after the
   * lock and the groups stored as cells, in one transaction. Null when the lock is not had within
   * {@code sanlv.results.build-wait-ms} (then the caller groups directly this time).
   */
  private Built build(CellSpec spec) {
    List<java.sql.Connection> connections = new ArrayList<>();
    boolean splitHeld = splitting.tryAcquire();
    try {
      // every connection the build needs is taken before the lock: writers waiting on it hold pooled connections
      int parts = splitHeld ? splitParts() : 1;
      for (int i = 0; i < (parts > 1 ? parts + 1 : 1); i++) {
        connections.add(dataSource.getConnection());
      }
      java.sql.Connection c = connections.get(0);
      c.setAutoCommit(false);
      try (var st = c.createStatement()) {
        st.execute("set local lock_timeout = '" + buildWaitMillis + "ms'");
      }
      try (var ps = c.prepareStatement("select pg_advisory_xact_lock(?, ?::int)")) {
        ps.setInt(1, BUILD_LOCK);
        ps.setLong(2, spec.surveyId());
        ps.execute();
      } catch (java.sql.SQLException e) {
        if ("55P03".equals(e.getSQLState())) {
          c.rollback();
          return null;
        }
        throw e;
      }
      Long id = null;
      try (var ps = c.prepareStatement("""
          insert into result_cell_spec (survey_id, fingerprint, delta_sql, sets_sql) values (?, ?, ?, ?)
          on conflict (survey_id, fingerprint) do nothing returning id""")) {
        ps.setLong(1, spec.surveyId());
        ps.setString(2, spec.fingerprint());
        ps.setString(3, spec.deltaSql());
        ps.setString(4, spec.setsSql());
        try (var rs = ps.executeQuery()) {
          if (rs.next()) {
            id = rs.getLong(1);
          }
        }
      }
      if (id == null) {
        c.rollback();
        return new Built(jdbc.sql("select id from result_cell_spec where survey_id = ? and fingerprint = ?")
            .params(spec.surveyId(), spec.fingerprint()).query(Long.class).single(), null);
      }
      List<List<RawGroup>> groups = grouped(spec.surveyId(), spec.sets(), spec.selectMultiple(), spec.keys(),
          connections);
      try (var ps = c.prepareStatement(
          "insert into result_cell (spec_id, set_no, d, vals, n) values (?, ?, ?, ?, ?)")) {
        int pending = 0;
        for (int k = 0; k < groups.size(); k++) {
          for (RawGroup g : groups.get(k)) {
            ps.setLong(1, id);
            ps.setInt(2, k);
            ps.setString(3, g.d());
            ps.setArray(4, c.createArrayOf("text", g.vals()));
            ps.setLong(5, g.n());
            ps.addBatch();
            if (++pending == 1000) {
              ps.executeBatch();
              pending = 0;
            }
          }
        }
        ps.executeBatch();
      }
      // a survey keeps the specs of its last few looks (other indicators, other figures); older ones cost writes
      try (var ps = c.prepareStatement(FORGET_SPECS.formatted("""
          survey_id = ? and id <> ? and id not in (
            select id from result_cell_spec where survey_id = ? and id <> ? order by used_at desc, id desc limit 3)"""))) {
        ps.setLong(1, spec.surveyId());
        ps.setLong(2, id);
        ps.setLong(3, spec.surveyId());
        ps.setLong(4, id);
        ps.executeUpdate();
      }
      c.commit();
      return new Built(id, groups);
    } catch (java.sql.SQLException e) {
      throw new org.springframework.jdbc.UncategorizedSQLException("results cells", spec.deltaSql(), e);
    } finally {
      if (splitHeld) {
        splitting.release();
      }
      close(connections);
    }
  }

  /**
   * Moves a spec's deltas into its cells (one fold at a time per spec; a look that finds one running reads the
   * deltas with the cells instead). Every statement here reads one snapshot, so no delta is moved twice or lost.
   */
  private void fold(long id, String setsSql) {
    readWrite.executeWithoutResult(status -> {
      if (!jdbc.sql("select pg_try_advisory_xact_lock(?, ?::int)").params(FOLD_LOCK, id).query(Boolean.class)
          .single()) {
        return;
      }
      int moved = jdbc.sql("""
          with moved as (delete from result_cell_delta where spec_id = :id returning d, vals, n)
          insert into result_cell (spec_id, set_no, d, vals, n)
          select :id, s.set_no, m.d, s.sub, sum(m.n) from moved m cross join lateral %s
           group by s.set_no, m.d, s.sub order by 2, 3, 4
          on conflict (spec_id, set_no, d, vals) do update set n = result_cell.n + excluded.n""".formatted(setsSql))
          .param("id", id).update();
      if (moved > 0) {
        jdbc.sql("delete from result_cell where spec_id = ? and n = 0").param(id).update();
      }
      jdbc.sql("update result_cell_spec set used_at = now() where id = ? and used_at < now() - interval '1 hour'")
          .param(id).update();
    });
  }

  /**
   * Folds the deltas of every spec that has some (the results service runs it every few seconds, so that a look
   * after a busy day reads cells), and forgets specs no look has used for two weeks (their upkeep costs writes).
   */
  void foldAll() {
    jdbc.sql("""
        select id, sets_sql from result_cell_spec s
         where exists (select 1 from result_cell_delta d where d.spec_id = s.id)""")
        .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
        .forEach(e -> fold(e.getKey(), e.getValue()));
    jdbc.sql(FORGET_SPECS.formatted("used_at < now() - interval '14 days'")).update();
    // deltas a writer added for a spec forgotten at that moment
    jdbc.sql("delete from result_cell_delta d where not exists (select 1 from result_cell_spec s where s.id = d.spec_id)")
        .update();
  }

  /** Deletes the specs that match a condition, with their cells and deltas. */
  private static final String FORGET_SPECS = """
      with gone as (delete from result_cell_spec where %s returning id),
           cells as (delete from result_cell where spec_id in (select id from gone))
      delete from result_cell_delta where spec_id in (select id from gone)""";

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
   * (An assignment's kind, draw, block, base weight and cell never change once made, so cells stay right.)
   */
  static final String FIELD_DESIGN = """
      case when assignment_id is not null then (select case a.kind
        when 'household' then 'h' || chr(30) || a.draw_id || '/' || a.block_id || chr(30)
          || coalesce(a.base_weight, 1 / a.pi)::text || chr(30) || coalesce(response.adults, 1)
        else 'i' || chr(30) || a.location_type || chr(30) || a.day_type || chr(30) || a.time_of_day end
        from capi_assignment a where a.id = response.assignment_id) end""";

  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
      .build();

  /**
   * A row per counted complete response of {@code from} (aliased {@code response}): {@code d}, its design keys as
   * one text (stratum, mode, flags, age key, sex code, field design, separated by U+001F, U+0001 for null: each
   * grouping hashes two columns, not six, a third less time), and {@code c0…} the answers of {@code used}
   * (select_multiple ones as JSON). {@code surveyId} null: a {@code ?} parameter.
   */
  private static String rowsSql(List<String> used, Set<String> selectMultiple, Keys keys, String from,
      Long surveyId) {
    StringBuilder inner = new StringBuilder("select ").append(keys.townStrata() ? "stratum_code" : "county_code")
        .append(" s, mode m, flags f, ");
    boolean banded = keys.ageQuestion() != null && keys.ageInteger() && keys.ageBounds().length > 0;
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
    // a part's page range goes after the conditions (a TID range scan); nothing when the query reads the whole table
    // offset 0: not merged into the query around it, so that each answer is extracted once per row
    inner.append(" from ").append(from).append(" where survey_id = ").append(surveyId == null ? "?" : surveyId)
        .append(" and status = 'complete' and ").append(COUNTED).append(PART).append(" offset 0");
    String bounds = java.util.Arrays.stream(keys.ageBounds()).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(",", "'{", "}'::int[]"));
    String age = banded ? "width_bucket(case when a ~ '^[0-9]{1,3}$' then a::int end, " + bounds + ")::text" : "a";
    StringBuilder sql = new StringBuilder("select s || chr(31) || m || chr(31) || f::text || chr(31) || coalesce(")
        .append(age).append(", chr(1)) || chr(31) || coalesce(x, chr(1)) || chr(31) || coalesce(k, chr(1)) d");
    for (int i = 0; i < used.size(); i++) {
      sql.append(", c").append(i);
    }
    return sql.append(" from (").append(inner).append(") t0").toString();
  }

  /**
   * Groups the responses of a survey where they are, per set (one scan per batch of sets, {@code GROUPING SETS}:
   * one set of design keys + answers per set; PostgreSQL's grouping() takes 31 columns at most, so sets beyond
   * that go in further queries). {@code build}: the build's connections (its first holds the survey's lock), or
   * null to use pooled ones.
   *
   * <p>PostgreSQL runs a query with grouping sets in one process. On a large response table (at least
   * {@code sanlv.results.parallel-min-pages} pages, 12,800 = 100 MB by default) the table is cut into as many
   * page ranges as PostgreSQL would give one query processes ({@code max_parallel_workers_per_gather} + 1), each
   * grouped on its own connection in the same snapshot ({@code pg_export_snapshot}), and the counts of equal groups
   * added up: the same groups and counts as one query, on all cores.
   */
  private List<List<RawGroup>> grouped(long surveyId, List<List<String>> sets, Set<String> selectMultiple, Keys keys,
      List<java.sql.Connection> build) {
    List<List<RawGroup>> out = new ArrayList<>();
    List<List<String>> batch = new ArrayList<>();
    Set<String> batchColumns = new java.util.LinkedHashSet<>();
    for (List<String> set : sets) {
      Set<String> union = new java.util.LinkedHashSet<>(batchColumns);
      union.addAll(set);
      if (union.size() > 31 && !batch.isEmpty()) {
        out.addAll(groupBatch(surveyId, new ArrayList<>(batchColumns), batch, selectMultiple, keys, build));
        batch = new ArrayList<>();
        union = new java.util.LinkedHashSet<>(set);
      }
      batch.add(set);
      batchColumns = union;
    }
    if (!batch.isEmpty()) {
      out.addAll(groupBatch(surveyId, new ArrayList<>(batchColumns), batch, selectMultiple, keys, build));
    }
    return out;
  }

  private List<List<RawGroup>> groupBatch(long surveyId, List<String> used, List<List<String>> sets,
      Set<String> selectMultiple, Keys keys, List<java.sql.Connection> build) {
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
    sql.append(", count(*) from (").append(rowsSql(used, selectMultiple, keys, "response", null))
        .append(") t group by grouping sets (");
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
    // each raw row: grouping() mask, design key, the batch's answer columns, count; equal rows of parts are added
    Map<List<Object>, long[]> merged = new java.util.LinkedHashMap<>();
    for (List<Object[]> part : run(sql.toString(), surveyId, used.size(), build)) {
      for (Object[] raw : part) {
        List<Object> key = java.util.Arrays.asList(java.util.Arrays.copyOf(raw, raw.length - 1));
        merged.computeIfAbsent(key, x -> new long[1])[0] += (Long) raw[raw.length - 1];
      }
    }
    List<List<RawGroup>> out = new ArrayList<>();
    sets.forEach(s -> out.add(new ArrayList<>()));
    for (Map.Entry<List<Object>, long[]> e : merged.entrySet()) {
      List<Object> r = e.getKey();
      int k = setOfMask.get((Integer) r.get(0));
      List<String> set = sets.get(k);
      String[] vals = new String[set.size()];
      for (int j = 0; j < vals.length; j++) {
        vals[j] = (String) r.get(2 + used.indexOf(set.get(j)));
      }
      out.get(k).add(new RawGroup((String) r.get(1), vals, e.getValue()[0]));
    }
    return out;
  }

  /**
   * The groups of every set as the results read them, in a canonical order (by design key, then answers), with
   * the design key split into its parts and equal texts shared.
   */
  private static List<Grouping> groupings(List<String> columns, List<List<String>> sets, Set<String> selectMultiple,
      List<List<RawGroup>> raw) {
    Map<Object, Object> shared = new java.util.HashMap<>();
    java.util.Comparator<String> text = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
    java.util.Comparator<RawGroup> order = java.util.Comparator.comparing(RawGroup::d)
        .thenComparing(RawGroup::vals, (a, b) -> java.util.Arrays.compare(a, b, text));
    List<Grouping> out = new ArrayList<>();
    for (int k = 0; k < sets.size(); k++) {
      List<RawGroup> list = new ArrayList<>(raw.get(k));
      list.sort(order);
      List<String> set = sets.get(k);
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
        RawGroup r = list.get(i);
        String[] design = r.d().split("\u001f", 6);
        String[] v = new String[6];
        for (int c = 0; c < 6; c++) {
          v[c] = design[c].equals("\u0001") ? null : (String) shared.computeIfAbsent(design[c], y -> y);
        }
        s[i] = v[0];
        m[i] = v[1];
        // flags as PostgreSQL writes a text[] of plain words: {} or {speeder,burst}
        String flags = design[2].substring(1, design[2].length() - 1);
        f[i] = (String[]) shared.computeIfAbsent("\u0002" + flags,
            y -> flags.isEmpty() ? new String[0] : flags.split(","));
        a[i] = v[3];
        x[i] = v[4];
        field[i] = v[5];
        Object[] row = new Object[columns.size()];
        for (int j = 0; j < set.size(); j++) {
          String value = r.vals()[j];
          row[columns.indexOf(set.get(j))] = selectMultiple.contains(set.get(j))
              ? shared.computeIfAbsent("\u0000" + value, y -> codes(value))
              : value == null ? null : shared.computeIfAbsent(value, y -> y);
        }
        answers[i] = row;
        count[i] = r.n();
      }
      out.add(new Grouping(set, s, m, f, a, x, field, answers, count));
    }
    return out;
  }

  /** Where a part's page range goes in a grouping query. */
  private static final String PART = " /*part*/";

  /** Processes the table would be cut into ({@link #grouped}), 1 when it is too small to cut. */
  private int splitParts() {
    long[] plan = jdbc.sql("""
        select relpages, current_setting('max_parallel_workers_per_gather')::int + 1
          from pg_class where oid = 'response'::regclass""")
        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    int parts = (int) Math.min(plan[1], 8);
    return plan[0] < parallelMinPages || parts < 2 ? 1 : parts;
  }

  /**
   * Runs a grouping query (its rows: grouping() mask, design key, the answer columns, count) on the whole table in
   * one connection, or split into page ranges run at the same time in one snapshot (see {@link #grouped}). With a
   * build's connections: the whole query on the first, or the parts on the others in the first one's snapshot.
   */
  private List<List<Object[]>> run(String sql, long surveyId, int answers, List<java.sql.Connection> build) {
    try {
      if (build != null) {
        return build.size() == 1 ? List.of(query(build.get(0), sql.replace(PART, ""), surveyId, answers))
            : split(sql, surveyId, answers, build.get(0), build.subList(1, build.size()));
      }
      if (!splitting.tryAcquire()) {
        return List.of(whole(sql, surveyId, answers));
      }
      try {
        int parts = splitParts();
        if (parts < 2) {
          return List.of(whole(sql, surveyId, answers));
        }
        List<java.sql.Connection> connections = new ArrayList<>();
        try {
          for (int i = 0; i < parts; i++) {
            java.sql.Connection c = dataSource.getConnection();
            connections.add(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
          }
          return split(sql, surveyId, answers, connections.get(0), connections);
        } finally {
          close(connections);
        }
      } finally {
        splitting.release();
      }
    } catch (java.sql.SQLException e) {
      throw new org.springframework.jdbc.UncategorizedSQLException("results", sql, e);
    }
  }

  private List<Object[]> whole(String sql, long surveyId, int answers) {
    return readOnly.execute(status -> {
      java.sql.Connection c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
      try {
        return query(c, sql.replace(PART, ""), surveyId, answers);
      } catch (java.sql.SQLException e) {
        throw new org.springframework.jdbc.UncategorizedSQLException("results", sql, e);
      } finally {
        org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(c, dataSource);
      }
    });
  }

  /**
   * The query in page ranges, one per connection of {@code parts}, all in the snapshot {@code exporter} exports
   * (it may be one of the parts).
   */
  private List<List<Object[]>> split(String sql, long surveyId, int answers, java.sql.Connection exporter,
      List<java.sql.Connection> parts) throws java.sql.SQLException {
    String snapshot;
    long pages;
    try (var st = exporter.createStatement()) {
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
    for (java.sql.Connection c : parts) {
      if (c != exporter) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (var st = c.createStatement()) {
          st.execute("set transaction snapshot '" + snapshot + "'");
        }
      }
    }
    int n = parts.size();
    long step = (pages + n - 1) / n;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      List<java.util.concurrent.Future<List<Object[]>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // the last part has no upper bound: it also reads pages added since the size was read (none are visible)
        String range = " and ctid >= '(" + i * step + ",0)'::tid"
            + (i == n - 1 ? "" : " and ctid < '(" + (i + 1) * step + ",0)'::tid");
        java.sql.Connection c = parts.get(i);
        futures.add(pool.submit(() -> query(c, sql.replace(PART, range), surveyId, answers)));
      }
      List<List<Object[]>> out = new ArrayList<>();
      for (var f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.sql.SQLException s) {
        throw s;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rolls back (a build that got here did not commit; the rest only read) and returns connections to the pool. */
  private static void close(List<java.sql.Connection> connections) {
    for (java.sql.Connection c : connections) {
      try {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
        c.close();
      } catch (java.sql.SQLException e) {
        // the pool discards a broken connection
      }
    }
  }

  /** One grouping query on a connection in a transaction (work_mem raised for it, see {@link #grouped}). */
  private static List<Object[]> query(java.sql.Connection c, String sql, long surveyId, int answers)
      throws java.sql.SQLException {
    // The planner cannot estimate how few distinct values the answers have and, with the default work_mem, sorts
    // the rows once per grouping set (65 s for a million responses on a loaded machine); with room to hash, every
    // set is hashed in one pass (27 s there, the actual tables being a few MB). Beyond the room it spills to disk.
    try (var st = c.createStatement()) {
      st.execute("set local work_mem = '256MB'");
    }
    List<Object[]> rows = new ArrayList<>();
    try (var ps = c.prepareStatement(sql)) {
      ps.setLong(1, surveyId);
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
