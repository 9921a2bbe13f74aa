package org.sanlv.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The rules' versions (V23 {@code scoring_rules}): appended, never changed. */
@Repository
class ScoringRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String COLUMNS =
      "id, area_code, year, version, rules::text, source_text, note, created_by, created_at";

  private final JdbcClient jdbc;

  ScoringRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The newest version of an area's rules for a year. */
  /** The latest version of a year's rules of the first of {@code areaCodes} (nearest first) that has any. */
  Optional<RulesVersion> latest(List<String> areaCodes, int year) {
    String[] codes = areaCodes.toArray(String[]::new);
    return jdbc.sql("select " + COLUMNS + " from scoring_rules where area_code = any(?) and year = ?"
            + " order by array_position(?, area_code), version desc limit 1")
        .params(codes, year, codes)
        .query(ScoringRepository::version)
        .optional();
  }

  Optional<RulesVersion> byId(long id) {
    return jdbc.sql("select " + COLUMNS + " from scoring_rules where id = ?").param(id)
        .query(ScoringRepository::version).optional();
  }

  List<RulesVersion> versions(String areaCode, int year) {
    return jdbc.sql("select " + COLUMNS + " from scoring_rules where area_code = ? and year = ? order by version desc")
        .params(areaCode, year)
        .query(ScoringRepository::version)
        .list();
  }

  /**
   * Appends the next version. Two saves at once: the second's insert hits the unique (area, year, version) and
   * the caller's transaction fails rather than overwriting; the version numbers stay a sequence.
   */
  RulesVersion append(String areaCode, int year, Rules rules, String sourceText, String note, String createdBy,
      Instant at) {
    return jdbc.sql("""
            insert into scoring_rules (area_code, year, version, rules, source_text, note, created_by, created_at)
            values (:area, :year,
                    (select coalesce(max(version), 0) + 1 from scoring_rules where area_code = :area and year = :year),
                    :rules::jsonb, :text, :note, :by, :at)
            returning """ + " " + COLUMNS)
        .param("area", areaCode)
        .param("year", year)
        .param("rules", JSON.writeValueAsString(rules))
        .param("text", sourceText)
        .param("note", note)
        .param("by", createdBy)
        .param("at", Timestamp.from(at))
        .query(ScoringRepository::version)
        .single();
  }

  private static RulesVersion version(ResultSet rs, int row) throws SQLException {
    Rules rules = JSON.readValue(rs.getString(5), Rules.class);
    return new RulesVersion(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rules, rs.getString(6),
        rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant());
  }
}
