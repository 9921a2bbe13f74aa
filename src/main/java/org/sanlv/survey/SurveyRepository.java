package org.sanlv.survey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL of the survey module. */
@Repository
class SurveyRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS = """
      s.id, s.slug, s.name, s.instrument_id, s.target_code, n.name as target_name, n.path as target_path,
      s.stratum_level, s.kind, s.status, s.created_by, s.created_at
      from survey s join org_node n on n.code = s.target_code
      """;
  private final JdbcClient jdbc;

  SurveyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  // The modes are read after the surveys' query has finished: reading them inside its row mapper would hold two
  // pooled connections per call and deadlock the pool under concurrent load.
  List<Survey> all() {
    return withModes(jdbc.sql("select " + COLUMNS + " order by s.created_at desc").query(SurveyRepository::survey).list());
  }

  Optional<Survey> byId(long id) {
    return withModes(jdbc.sql("select " + COLUMNS + " where s.id = ?").param(id).query(SurveyRepository::survey).list())
        .stream().findFirst();
  }

  Optional<Survey> bySlug(String slug) {
    return withModes(jdbc.sql("select " + COLUMNS + " where s.slug = ?").param(slug).query(SurveyRepository::survey).list())
        .stream().findFirst();
  }

  private List<Survey> withModes(List<Survey> surveys) {
    return surveys.stream().map(s -> new Survey(s.id(), s.slug(), s.name(), s.instrumentId(), s.targetCode(),
        s.targetName(), s.targetPath(), s.stratumLevel(), s.kind(), s.status(), s.createdBy(), s.createdAt(),
        modes(s.id()))).toList();
  }

  Optional<String> targetPath(long id) {
    return jdbc.sql("select n.path from survey s join org_node n on n.code = s.target_code where s.id = ?")
        .param(id).query(String.class).optional();
  }

  long insert(String slug, String name, long instrumentId, String targetCode, String stratumLevel, Survey.Kind kind,
      String createdBy) {
    return jdbc.sql("""
        insert into survey (slug, name, instrument_id, target_code, stratum_level, kind, created_by)
        values (?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(slug, name, instrumentId, targetCode, stratumLevel, kind.name().toLowerCase(Locale.ROOT), createdBy)
        .query(Long.class).single();
  }

  void upsertMode(long surveyId, Survey.Mode mode) {
    jdbc.sql("""
        insert into survey_mode (survey_id, mode, opens_at, closes_at, design) values (?, ?, ?, ?, ?::jsonb)
        on conflict (survey_id, mode) do update
           set opens_at = excluded.opens_at, closes_at = excluded.closes_at, design = excluded.design""")
        .params(surveyId, mode.mode().dbValue(), Timestamp.from(mode.opensAt()), Timestamp.from(mode.closesAt()),
            JSON.writeValueAsString(mode.design()))
        .update();
  }

  void deleteMode(long surveyId, SurveyMode mode) {
    jdbc.sql("delete from survey_mode where survey_id = ? and mode = ?").params(surveyId, mode.dbValue()).update();
  }

  void updateStatus(long id, Survey.Status status) {
    jdbc.sql("update survey set status = ? where id = ?").params(status.dbValue(), id).update();
  }

  boolean slugTaken(String slug) {
    return jdbc.sql("select exists (select 1 from survey where slug = ?)").param(slug).query(Boolean.class).single();
  }

  private List<Survey.Mode> modes(long surveyId) {
    return jdbc.sql("select mode, opens_at, closes_at, design::text from survey_mode where survey_id = ? order by mode")
        .param(surveyId)
        .query((rs, i) -> new Survey.Mode(SurveyMode.fromDb(rs.getString(1)), rs.getTimestamp(2).toInstant(),
            rs.getTimestamp(3).toInstant(), JSON.readValue(rs.getString(4), new TypeReference<Map<String, Object>>() {})))
        .list();
  }

  private static Survey survey(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    return new Survey(id, rs.getString("slug"), rs.getString("name"), rs.getLong("instrument_id"),
        rs.getString("target_code"), rs.getString("target_name"), rs.getString("target_path"),
        rs.getString("stratum_level"), Survey.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        Survey.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(), List.of());
  }
}
