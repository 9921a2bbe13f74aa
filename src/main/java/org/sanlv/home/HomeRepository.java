package org.sanlv.home;

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

  /** Complete responses of one mode on one China calendar day, and how many of them carry flags. */
  record DayCounts(String mode, LocalDate day, long complete, long flagged) {}

  /**
   * A survey's complete responses by mode and China calendar day: one pass over the survey's rows gives the
   * totals, today's count, the flags and the chart (a few hundred rows at most). A survey stratified by county keeps
   * its stratum in {@code county_code}, so a county's rows come through the (survey, county) index; a survey by
   * town (a county's mock survey, small) is also matched on the town.
   */
  List<DayCounts> completeByModeAndDay(long surveyId, AreaFilter visible, boolean byTown) {
    String[] codes = visible.codes().toArray(String[]::new);
    String areas = visible.all() ? "" : byTown ? "and (county_code = any(:codes) or stratum_code = any(:codes))"
        : "and county_code = any(:codes)";
    return jdbc.sql("""
        select mode, (submitted_at at time zone 'Asia/Shanghai')::date, count(*), count(*) filter (where flags <> '{}')
          from response
         where survey_id = :survey and status = 'complete' and submitted_at is not null %s
         group by 1, 2""".formatted(areas))
        .param("survey", surveyId).param("codes", codes)
        .query((rs, n) -> new DayCounts(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getLong(4)))
        .list();
  }
}
