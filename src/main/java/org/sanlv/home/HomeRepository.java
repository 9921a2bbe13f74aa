package org.sanlv.home;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.sanlv.survey.AreaFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The home page's figures: counts over the response store, one survey at a time and limited to the areas the caller
 * may see (a response is visible when its county or stratum is, as on the results page).
 */
@Repository
class HomeRepository {

  private final JdbcClient jdbc;

  HomeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Complete responses of one mode: in total, since {@code dayStart}, and those carrying integrity flags. */
  record ModeCounts(String mode, long total, long today, long flagged) {}

  List<ModeCounts> completeByMode(long surveyId, AreaFilter visible, Instant dayStart) {
    String[] codes = visible.codes().toArray(String[]::new);
    return jdbc.sql("""
        select mode, count(*),
               count(*) filter (where submitted_at >= ?),
               count(*) filter (where flags <> '{}')
          from response
         where survey_id = ? and status = 'complete' and (? or county_code = any(?) or stratum_code = any(?))
         group by mode order by mode""")
        .params(java.sql.Timestamp.from(dayStart), surveyId, visible.all(), codes, codes)
        .query((rs, n) -> new ModeCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
  }

  record DayCount(LocalDate day, long complete) {}

  /** Complete responses per China calendar day from {@code from} on. */
  List<DayCount> completeByDay(long surveyId, AreaFilter visible, Instant from) {
    String[] codes = visible.codes().toArray(String[]::new);
    return jdbc.sql("""
        select (submitted_at at time zone 'Asia/Shanghai')::date as day, count(*)
          from response
         where survey_id = ? and status = 'complete' and submitted_at >= ?
           and (? or county_code = any(?) or stratum_code = any(?))
         group by 1 order by 1""")
        .params(surveyId, java.sql.Timestamp.from(from), visible.all(), codes, codes)
        .query((rs, n) -> new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2))).list();
  }
}
