package org.sanlv.quiz;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The quiz's SQL: editions of the content, the areas of links, and completions counted per area. */
@Repository
class QuizRepository {

  record EditionRow(long id, String content, String note, String createdBy, Instant createdAt) {}

  record Area(String code, String name, String level, String path) {}

  /** The advisory lock that serialises saves of editions: "quiz-ed" in ASCII. */
  private static final long SAVE_LOCK = 0x7175697a2d6564L;

  private final JdbcClient jdbc;

  QuizRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<EditionRow> newestEdition() {
    return jdbc.sql("select id, content, note, created_by, created_at from quiz_edition order by id desc limit 1")
        .query(EditionRow.class).optional();
  }

  long insertEdition(String content, String note, String createdBy, Instant at) {
    return jdbc.sql("""
        insert into quiz_edition (content, note, created_by, created_at) values (:content, :note, :by, :at) returning id
        """).param("content", content).param("note", note).param("by", createdBy)
        .param("at", java.sql.Timestamp.from(at)).query(Long.class).single();
  }

  /**
   * Inserts an edition only while {@code basedOn} is still the newest one ({@code null}: none yet, the shipped
   * content is live); empty when another edition came first. Saves are serialised by a transaction lock, so the
   * check, made after the lock in a fresh snapshot, cannot miss a save that committed meanwhile.
   */
  @Transactional
  Optional<Long> insertEditionOver(Long basedOn, String content, String note, String createdBy, Instant at) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(SAVE_LOCK).query().listOfRows();
    Long newest = jdbc.sql("select max(id) from quiz_edition").query(Long.class).optional().orElse(null);
    if (!java.util.Objects.equals(newest, basedOn)) {
      return Optional.empty();
    }
    return Optional.of(insertEdition(content, note, createdBy, at));
  }

  /** The newest {@code limit} editions, newest first, without their text; who saved them by name. */
  List<QuizService.Edition> editions(int limit) {
    return jdbc.sql("""
        select e.id, e.note, e.created_by, coalesce(u.display_name, e.created_by) as created_by_name, e.created_at
          from quiz_edition e left join app_user u on u.username = e.created_by
         order by e.id desc limit :limit""")
        .param("limit", limit).query(QuizService.Edition.class).list();
  }

  long editionCount() {
    return jdbc.sql("select count(*) from quiz_edition").query(Long.class).single();
  }

  /** The YAML text of an edition as it was saved. */
  Optional<String> editionText(long id) {
    return jdbc.sql("select content from quiz_edition where id = :id").param("id", id).query(String.class).optional();
  }

  /** A county or town a link may name. */
  Optional<Area> linkArea(String code) {
    return jdbc.sql("select code, name, level, path from org_node where code = :code and level in ('county', 'town')")
        .param("code", code).query(Area.class).optional();
  }

  Optional<Area> area(String code) {
    return jdbc.sql("select code, name, level, path from org_node where code = :code and level <> 'unit'")
        .param("code", code).query(Area.class).optional();
  }

  /**
   * Completions per area one level down ({@code rowLevel}: the counties of a province or city, the towns of a
   * county, the villages of a town), each counting the completions of links to it or below it, plus the area's own
   * row for links to the area itself; between two instants (to exclusive), in one statement.
   */
  List<QuizStatistics.AreaCount> completionsBelow(String areaCode, Instant from, Instant to) {
    return jdbc.sql("""
        with a as (select code, name, path, level from org_node where code = :area),
        rows as (
          select a.code, a.name, a.path, true as own from a
          union all
          select n.code, n.name, n.path, false from org_node n, a
           where starts_with(n.path, a.path) and n.path <> a.path
             and n.level = case a.level when 'county' then 'town' when 'town' then 'village' else 'county' end),
        done as (
          select an.path, c.area_code, count(*) as n, count(*) filter (where c.burst) as b
            from quiz_completion c join org_node an on an.code = c.area_code, a
           where starts_with(an.path, a.path) and c.completed_at >= :from and c.completed_at < :to
           group by an.path, c.area_code)
        select r.code, r.name, coalesce(sum(d.n), 0) as completions, coalesce(sum(d.b), 0) as bursts
          from rows r left join done d on (r.own and d.area_code = r.code) or (not r.own and starts_with(d.path, r.path))
         group by r.code, r.name, r.own, r.path
         order by r.own desc, r.path
        """).param("area", areaCode).param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
        .query(QuizStatistics.AreaCount.class).list();
  }
}
