package org.sanlv.fieldwork.cati;

import java.sql.Date;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the response rates: the cases of a phone survey counted by disposition and by a grouping. */
@Repository
class CatiRatesRepository {

  /**
   * Cases of one disposition in one group and one area: {@code area} is the case's county when the screening
   * assigned one, else the area of its number's prefix (the caller's subtree is filtered on it); {@code group} the
   * value rated by ({@code null}: the case was never attempted, for interviewer and day).
   */
  record Cell(String area, String group, String disposition, long cases) {}

  private final JdbcClient jdbc;

  CatiRatesRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Per county: the screened county, else the prefix's area (a county, or a city for mobile numbers). */
  List<Cell> casesByCounty(long surveyId) {
    return jdbc.sql("""
        select coalesce(c.county, c.area) as area, c.disposition, count(*) as cases
        from cati_case c
        where c.survey_id = ?
        group by 1, 2""")
        .param(surveyId)
        .query((rs, i) -> new Cell(rs.getString(1), rs.getString(1), rs.getString(2), rs.getLong(3)))
        .list();
  }

  /** Per interviewer of the case's last attempt (the one who set its disposition so far). */
  List<Cell> casesByLastInterviewer(long surveyId) {
    return jdbc.sql("""
        select coalesce(c.county, c.area) as area, last.interviewer, c.disposition, count(*) as cases
        from cati_case c
        left join lateral (
          select a.interviewer from cati_attempt a where a.case_id = c.id order by a.attempt_no desc limit 1
        ) last on true
        where c.survey_id = ?
        group by 1, 2, 3""")
        .param(surveyId)
        .query((rs, i) -> new Cell(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
        .list();
  }

  /** Per China date of the case's last attempt. */
  List<Cell> casesByLastDay(long surveyId) {
    return jdbc.sql("""
        select coalesce(c.county, c.area) as area, (c.last_attempt_at at time zone 'Asia/Shanghai')::date as day,
               c.disposition, count(*) as cases
        from cati_case c
        where c.survey_id = ?
        group by 1, 2, 3""")
        .param(surveyId)
        .query((rs, i) -> {
          Date day = rs.getDate(2);
          return new Cell(rs.getString(1), day == null ? null : day.toLocalDate().toString(), rs.getString(3),
              rs.getLong(4));
        })
        .list();
  }

  /** Names of areas by code (counties, cities, towns). */
  Map<String, String> areaNames(Collection<String> codes) {
    if (codes.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("select code, name from org_node where code in (:codes)")
        .param("codes", codes)
        .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Display names of accounts by username. */
  Map<String, String> displayNames(Collection<String> usernames) {
    if (usernames.isEmpty()) {
      return Map.of();
    }
    return jdbc.sql("select username, display_name from app_user where username in (:names)")
        .param("names", usernames)
        .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
