package org.sanlv.results;

import java.sql.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sanlv.survey.AreaFilter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a survey's complete responses from the shared response store in one query, only the answers the
 * indicators refer to, as plain arrays (ARCHITECTURE: estimation never queries per respondent).
 */
@Repository
class ResultsRepository {

  private final JdbcClient jdbc;

  ResultsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The columns of a survey's complete responses. */
  record Responses(String[] county, String[] mode, String[][] flags, Object[][] answers, List<String> questions) {
    int size() {
      return county.length;
    }
  }

  /** One stored response as the exports read it. */
  record StoredResponse(long id, String county, String answersJson) {}

  /**
   * Streams a survey's complete responses of the visible areas in id order (a server-side cursor, which needs a
   * transaction: memory stays bounded).
   */
  @Transactional(readOnly = true)
  void forEachComplete(long surveyId, AreaFilter visible, java.util.function.Consumer<StoredResponse> consumer) {
    jdbc.sql("""
        select id, county_code, answers::text from response
         where survey_id = ? and status = 'complete' and (? or county_code = any(?)) order by id""")
        .params(surveyId, visible.all(), visible.codes().toArray(String[]::new)).withFetchSize(2000)
        .query(rs -> {
          consumer.accept(new StoredResponse(rs.getLong(1), rs.getString(2), rs.getString(3)));
        });
  }

  Responses completeResponses(long surveyId, List<String> questions, Set<String> selectMultiple) {
    List<String> county = new ArrayList<>();
    List<String> mode = new ArrayList<>();
    List<String[]> flags = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    // Answers repeat (codes, code lists, counties): one shared object per distinct value keeps a million rows small.
    java.util.Map<Object, Object> shared = new java.util.HashMap<>();
    String[] noFlags = new String[0];
    jdbc.sql(completeResponsesSql(questions, selectMultiple)).param(surveyId).withFetchSize(5000).query(rs -> {
      county.add((String) shared.computeIfAbsent(rs.getString(1), k -> k));
      mode.add((String) shared.computeIfAbsent(rs.getString(2), k -> k));
      Array f = rs.getArray(3);
      String[] flagged = f == null ? noFlags : (String[]) f.getArray();
      flags.add(flagged.length == 0 ? noFlags : flagged);
      Object[] row = new Object[questions.size()];
      for (int i = 0; i < questions.size(); i++) {
        if (selectMultiple.contains(questions.get(i))) {
          Array a = rs.getArray(4 + i);
          List<String> codes = a == null ? List.of() : List.of((String[]) a.getArray());
          row[i] = shared.computeIfAbsent(codes, k -> k);
        } else {
          String value = rs.getString(4 + i);
          row[i] = value == null ? null : shared.computeIfAbsent(value, k -> k);
        }
      }
      rows.add(row);
    });
    return new Responses(county.toArray(String[]::new), mode.toArray(String[]::new), flags.toArray(String[][]::new),
        rows.toArray(Object[][]::new), questions);
  }

  /**
   * The one query that loads what the indicators need: stratum (the county, or the town of a county's mock survey),
   * mode, flags and the referenced answers.
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
    jdbc.sql("select mode, count(*) from response where survey_id = ? and status = 'complete' group by mode order by mode")
        .param(surveyId).query(rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        });
    return out;
  }

  /** One stored response as the response export reads it: design, context and answers. */
  record ExportedResponse(long id, String county, String mode, java.time.Instant submittedAt, String[] flags,
      String answersJson) {}

  /**
   * Streams a survey's complete responses of the visible areas in id order with their mode, submission time and
   * integrity flags (a server-side cursor, which needs a transaction: memory stays bounded).
   */
  @Transactional(readOnly = true)
  void forEachExported(long surveyId, AreaFilter visible, java.util.function.Consumer<ExportedResponse> consumer) {
    String[] none = new String[0];
    jdbc.sql("""
        select id, county_code, mode, submitted_at, flags, answers::text from response
         where survey_id = ? and status = 'complete' and (? or county_code = any(?)) order by id""")
        .params(surveyId, visible.all(), visible.codes().toArray(String[]::new)).withFetchSize(2000)
        .query(rs -> {
          java.sql.Timestamp at = rs.getTimestamp(4);
          Array f = rs.getArray(5);
          consumer.accept(new ExportedResponse(rs.getLong(1), rs.getString(2), rs.getString(3),
              at == null ? null : at.toInstant(), f == null ? none : (String[]) f.getArray(), rs.getString(6)));
        });
  }
}
