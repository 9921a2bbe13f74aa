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

  /** An interviewer's field work; see {@link HomeService.InterviewerWork}. */
  record FieldWork(long open, long plannedToday, long inReview, long returned) {}

  /**
   * An interviewer's assignments and interviews in the surveys in fieldwork, as the interviewer app and the returned
   * work page count them: open is assigned or visited (not completed, closed or a final non-response), planned today
   * is an open one whose next visit falls on {@code today} in China, in review is pending or escalated, returned is
   * rejected (the latest decision; a corrected interview is a new one).
   */
  FieldWork fieldWork(String interviewer, LocalDate today) {
    return jdbc.sql("""
        with running as (select id from survey where status = 'fielding'),
        mine as (
          select a.next_visit_at from capi_assignment a
           where a.interviewer = :me and a.status in ('assigned', 'visited')
             and a.survey_id in (select id from running)),
        interviews as (
          select r.review_status from response r
           where r.survey_id = any (array(select id from running)) and r.interviewer = :me
             and r.assignment_id is not null and r.review_status is not null)
        select (select count(*) from mine),
               (select count(*) from mine where (next_visit_at at time zone 'Asia/Shanghai')::date = :today),
               (select count(*) from interviews where review_status in ('pending', 'escalated')),
               (select count(*) from interviews where review_status = 'rejected')""")
        .param("me", interviewer).param("today", today)
        .query((rs, n) -> new FieldWork(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).single();
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
