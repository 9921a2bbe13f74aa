package org.sanlv.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The editor's reading of the saved editions (quiz-core writes them): who saved which, when, with what note. */
@Repository
class QuizEditionRepository {

  /** One saved edition; the newest is the live one. */
  record Edition(long id, String note, String createdBy, String createdByName, Instant createdAt) {}

  private final JdbcClient jdbc;

  QuizEditionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The newest {@code limit} editions, newest first. */
  List<Edition> newestEditions(int limit) {
    return jdbc.sql("""
        select e.id, e.note, e.created_by, coalesce(u.display_name, e.created_by) as created_by_name, e.created_at
        from quiz_edition e left join app_user u on u.username = e.created_by
        order by e.id desc limit ?""")
        .param(limit)
        .query((rs, n) -> new Edition(rs.getLong("id"), rs.getString("note"), rs.getString("created_by"),
            rs.getString("created_by_name"), rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  long editionCount() {
    return jdbc.sql("select count(*) from quiz_edition").query(Long.class).single();
  }

  /** The newest edition's id and text: the live one, read from the database rather than a node's cache. */
  Optional<Map.Entry<Long, String>> newestEdition() {
    return jdbc.sql("select id, content from quiz_edition order by id desc limit 1")
        .query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("content"))).optional();
  }

  /** The YAML text of an edition as it was saved. */
  Optional<String> editionText(long id) {
    return jdbc.sql("select content from quiz_edition where id = ?").param(id).query(String.class).optional();
  }
}
