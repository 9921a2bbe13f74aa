package org.sanlv.publication;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of publications: rows are only ever inserted (V23's trigger refuses UPDATE and DELETE). */
@Repository
class PublicationRepository {

  private final JdbcClient jdbc;

  PublicationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored row: the snapshot as the JSON text PostgreSQL gives back. */
  record Row(long id, long surveyId, String areaCode, String areaPath, String level, String title, Long rulesId,
      String snapshotJson, String sha256, String publishedBy, Instant publishedAt) {}

  private static final String SELECT = """
      select p.id, p.survey_id, p.area_code, n.path, p.level, p.title, p.rules_id, p.snapshot::text, p.snapshot_sha256,
             p.published_by, p.published_at
        from publication p join org_node n on n.code = p.area_code
      """;

  long insert(long surveyId, String areaCode, String level, String title, Long rulesId, String snapshotJson,
      String sha256, String publishedBy, Instant publishedAt) {
    return jdbc.sql("""
        insert into publication (survey_id, area_code, level, title, rules_id, snapshot, snapshot_sha256, published_by,
                                 published_at)
        values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) returning id""")
        .params(surveyId, areaCode, level, title, rulesId, snapshotJson, sha256, publishedBy,
            Timestamp.from(publishedAt))
        .query(Long.class).single();
  }

  Optional<Row> byId(long id) {
    return jdbc.sql(SELECT + " where p.id = ?").param(id).query(PublicationRepository::row).optional();
  }

  /** Where a publication sits in the tree: its area's path. */
  Optional<String> areaPath(long id) {
    return jdbc.sql("select n.path from publication p join org_node n on n.code = p.area_code where p.id = ?")
        .param(id).query(String.class).optional();
  }

  /** A line of the list: what the list shows, without the snapshot. */
  record Summary(long id, long surveyId, String surveyName, String kind, Integer year, String areaCode,
      String areaName, String areaPath, String level, String title, String publishedBy, Instant publishedAt) {}

  /** Every publication, newest first (a few a year per area: the caller filters them to its scope). */
  List<Summary> all() {
    return jdbc.sql("""
        select p.id, p.survey_id, p.snapshot #>> '{survey,name}', p.snapshot #>> '{survey,kind}',
               (p.snapshot #>> '{survey,year}')::int, p.area_code, n.name, n.path, p.level, p.title, p.published_by,
               p.published_at
          from publication p join org_node n on n.code = p.area_code
         order by p.published_at desc, p.id desc""")
        .query((rs, i) -> new Summary(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
            (Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
            rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant()))
        .list();
  }

  /** Publications of one area and level published up to a time, oldest first: the trend's rounds. */
  List<Row> sameAreaUpTo(String areaCode, String level, Instant upTo) {
    return jdbc.sql(SELECT + " where p.area_code = ? and p.level = ? and p.published_at <= ?"
            + " order by p.published_at, p.id")
        .params(areaCode, level, Timestamp.from(upTo)).query(PublicationRepository::row).list();
  }

  /** When the last complete response of the survey was submitted: the publication's 数据截至. */
  Optional<Instant> lastResponseAt(long surveyId) {
    return jdbc.sql("select max(submitted_at) from response where survey_id = ? and status = 'complete'")
        .param(surveyId).query((rs, i) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
        .optional();
  }

  private static Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    long rules = rs.getLong(7);
    return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.wasNull() ? null : rules, rs.getString(8), rs.getString(9), rs.getString(10),
        rs.getTimestamp(11).toInstant());
  }
}
