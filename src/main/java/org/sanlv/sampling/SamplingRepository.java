package org.sanlv.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.sanlv.survey.AreaFilter;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the sampling module; samples are written with COPY, streamed, inside the draw's transaction. */
@Repository
class SamplingRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;
  private final DataSource dataSource;

  SamplingRepository(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  /** A stored frame without its content. */
  record FrameInfo(long id, String kind, String fingerprint, int rowCount, String importedBy, java.time.Instant importedAt) {}

  /** A draw as the overview lists it. */
  record DrawInfo(long id, String mode, long seed, Long frameId, String frameFingerprint, String designJson,
      int unitCount, Long supersededBy, String drawnBy, java.time.Instant drawnAt) {}

  long insertFrame(long surveyId, String kind, String fingerprint, int rows, byte[] content, String by) {
    return jdbc.sql("""
        insert into sampling_frame (survey_id, kind, fingerprint, row_count, content, imported_by)
        values (?, ?, ?, ?, ?, ?) returning id""")
        .params(surveyId, kind, fingerprint, rows, content, by).query(Long.class).single();
  }

  Optional<FrameInfo> latestFrame(long surveyId, String kind) {
    return jdbc.sql("""
        select id, kind, fingerprint, row_count, imported_by, imported_at from sampling_frame
         where survey_id = ? and kind = ? order by id desc limit 1""")
        .params(surveyId, kind)
        .query((rs, i) -> new FrameInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
            rs.getTimestamp(6).toInstant()))
        .optional();
  }

  byte[] frameContent(long frameId) {
    return jdbc.sql("select content from sampling_frame where id = ?").param(frameId).query(byte[].class).single();
  }

  long insertDraw(long surveyId, String mode, long seed, Long frameId, String fingerprint, Map<String, Object> design,
      int units, String by) {
    return jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, frame_id, frame_fingerprint, design, unit_count, drawn_by)
        values (?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning id""")
        .params(surveyId, mode, seed, frameId, fingerprint, JSON.writeValueAsString(design), units, by)
        .query(Long.class).single();
  }

  void supersede(long surveyId, String mode, long newDrawId) {
    jdbc.sql("update sample_draw set superseded_by = ? where survey_id = ? and mode = ? and id <> ? and superseded_by is null")
        .params(newDrawId, surveyId, mode, newDrawId).update();
  }

  Optional<DrawInfo> currentDraw(long surveyId, String mode) {
    return jdbc.sql("""
        select id, mode, seed, frame_id, frame_fingerprint, design::text, unit_count, superseded_by, drawn_by, drawn_at
          from sample_draw where survey_id = ? and mode = ? and superseded_by is null order by id desc limit 1""")
        .params(surveyId, mode).query(SamplingRepository::draw).optional();
  }

  List<DrawInfo> draws(long surveyId) {
    return jdbc.sql("""
        select id, mode, seed, frame_id, frame_fingerprint, design::text, unit_count, superseded_by, drawn_by, drawn_at
          from sample_draw where survey_id = ? order by id desc""")
        .param(surveyId).query(SamplingRepository::draw).list();
  }

  /** Households (or numbers, or quota targets) per stratum of a draw, for the overview. */
  Map<String, Integer> householdsByStratum(long drawId) {
    return counts("select stratum, count(*) from sample_household where draw_id = ? group by stratum order by stratum", drawId);
  }

  Map<String, Integer> blocksByStratum(long drawId) {
    return counts("select stratum, count(distinct block_id) from sample_household where draw_id = ? group by stratum order by stratum", drawId);
  }

  Map<String, Integer> numbersByArea(long drawId) {
    return counts("select area, count(*) from sample_number where draw_id = ? group by area order by area", drawId);
  }

  Map<String, Integer> quotaByCounty(long drawId) {
    return counts("select county, sum(target)::int from sample_quota where draw_id = ? group by county order by county", drawId);
  }

  private Map<String, Integer> counts(String sql, long drawId) {
    Map<String, Integer> result = new java.util.LinkedHashMap<>();
    jdbc.sql(sql).param(drawId).query((rs, i) -> result.put(rs.getString(1), rs.getInt(2))).list();
    return result;
  }

  /** Streams rows written by {@code writer} (CSV with a header line) into {@code table} with COPY. */
  long copy(String table, String columns, long drawId, Consumer<Appendable> writer) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("copy " + table + " (draw_id, " + columns + ") from stdin with (format csv, header true)");
      try (CopyStream out = new CopyStream(copy, drawId + ",")) {
        writer.accept(out);
      }
      return copy.endCopy();
    } catch (SQLException e) {
      throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /** Rows of a draw for export, in a stable order. */
  @Transactional(readOnly = true) // a cursor
  void households(long drawId, AreaFilter visible, Consumer<List<Object>> row) {
    jdbc.sql("""
        select stratum, county, town, block_id, block_households, certainty, household_no, pi_block, pi_household, pi, weight
          from sample_household where draw_id = ? and (? or county = any(?) or town = any(?))
         order by stratum, block_id, household_no""")
        .params(drawId, visible.all(), codes(visible), codes(visible)).withFetchSize(5000).query(rs -> {
          row.accept(List.of(rs.getString(1), rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3),
              rs.getString(4), rs.getInt(5), rs.getBoolean(6), rs.getInt(7), rs.getDouble(8), rs.getDouble(9),
              rs.getDouble(10), rs.getDouble(11)));
        });
  }

  @Transactional(readOnly = true) // a cursor
  void numbers(long drawId, AreaFilter visible, Consumer<List<Object>> row) {
    jdbc.sql("""
        select release_order, replicate, number, prefix, kind, coalesce(carrier, ''), area from sample_number
         where draw_id = ? and (? or area = any(?)) order by release_order""")
        .params(drawId, visible.all(), codes(visible)).withFetchSize(5000).query(rs -> {
          row.accept(List.of(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7)));
        });
  }

  @Transactional(readOnly = true) // a cursor
  void quotas(long drawId, AreaFilter visible, Consumer<List<Object>> row) {
    jdbc.sql("""
        select county, location_type, day_type, time_of_day, target from sample_quota
         where draw_id = ? and (? or county = any(?)) order by 1, 2, 3, 4""")
        .params(drawId, visible.all(), codes(visible)).query(rs -> {
          row.accept(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
        });
  }

  private static String[] codes(AreaFilter visible) {
    return visible.codes().toArray(String[]::new);
  }

  private static DrawInfo draw(java.sql.ResultSet rs, int i) throws SQLException {
    return new DrawInfo(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, Long.class), rs.getString(5),
        rs.getString(6), rs.getInt(7), rs.getObject(8, Long.class), rs.getString(9), rs.getTimestamp(10).toInstant());
  }

  /**
   * An {@link Appendable} feeding COPY in 256 KB chunks, with {@code prefix} (the draw id) put before every data
   * line; the header line passes unchanged.
   */
  private static final class CopyStream implements Appendable, AutoCloseable {
    private final CopyIn copy;
    private final String prefix;
    private final StringBuilder buffer = new StringBuilder(1 << 18);
    private boolean atLineStart = true;
    private boolean header = true;

    CopyStream(CopyIn copy, String prefix) {
      this.copy = copy;
      this.prefix = prefix;
    }

    @Override
    public Appendable append(CharSequence text) {
      return append(text, 0, text.length());
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) {
      int i = start;
      while (i < end) {
        if (atLineStart) {
          buffer.append(header ? "draw_id," : prefix);
          atLineStart = false;
        }
        int newline = i;
        while (newline < end && text.charAt(newline) != '\n') {
          newline++;
        }
        if (newline == end) {
          buffer.append(text, i, end);
          break;
        }
        buffer.append(text, i, newline + 1);
        i = newline + 1;
        atLineStart = true;
        header = false;
        if (buffer.length() > (1 << 18) - 512) {
          flush();
        }
      }
      return this;
    }

    @Override
    public Appendable append(char c) {
      return append(String.valueOf(c), 0, 1);
    }

    private void flush() {
      try {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
      } catch (SQLException e) {
        throw new UncheckedIOException(new IOException(e));
      }
    }

    @Override
    public void close() {
      if (!buffer.isEmpty()) {
        flush();
      }
    }
  }
}
