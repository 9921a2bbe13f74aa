package org.sanlv.fieldwork.capi;

import java.util.List;
import java.util.Map;
import org.sanlv.org.Scope;
import org.sanlv.survey.Survey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The fieldwork progress dashboard of a survey's household and intercept work, for the caller's part of it: per
 * county (or per town when the part is one county): assignments made, given out, visited, interviews completed and
 * approved, and the households whose last visit ended without an interview, by reason; per interviewer: completed
 * interviews, the median interview duration (device start to end), the rejection rate of the reviewed ones, and how
 * many carry integrity flags.
 */
@Service
public class ProgressService {

  /** Non-interview outcomes of a visit (capi_visit.outcome), in the order the dashboard shows them. */
  public static final List<String> REASONS = List.of("nobody_home", "refused", "ineligible", "vacant", "language",
      "appointment");

  private final JdbcClient jdbc;
  private final AssignmentService assignments;

  ProgressService(JdbcClient jdbc, AssignmentService assignments) {
    this.jdbc = jdbc;
    this.assignments = assignments;
  }

  public record AreaProgress(String code, String name, int assignments, int target, int assigned, int visited,
      int completed, int approved, Map<String, Integer> nonResponse) {

    /** The chart's stacked parts: visited but no interview yet, given out but not visited, not given out. */
    public int visitedOnly() {
      return Math.max(0, visited - completedAssignments());
    }

    public int assignedOnly() {
      return Math.max(0, assigned - visited);
    }

    public int openOnly() {
      return Math.max(0, assignments - assigned);
    }

    /** Completed interviews, capped at the number of assignments (an intercept assignment holds several). */
    public int completedAssignments() {
      return Math.min(completed, visited);
    }

    public int nonResponseTotal() {
      return nonResponse.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  public record InterviewerProgress(String interviewer, String displayName, int assigned, int completed,
      Double medianMinutes, int reviewed, int rejected, int flagged) {

    /** Rejected of the reviewed (approved or rejected) interviews, or null before any review. */
    public Double rejectionRate() {
      return reviewed == 0 ? null : (double) rejected / reviewed;
    }
  }

  public record Progress(Survey survey, boolean byTown, List<AreaProgress> areas, List<InterviewerProgress> interviewers) {

    public AreaProgress total() {
      int[] sums = new int[7];
      java.util.Map<String, Integer> reasons = new java.util.LinkedHashMap<>();
      REASONS.forEach(r -> reasons.put(r, 0));
      for (AreaProgress a : areas) {
        sums[0] += a.assignments();
        sums[1] += a.target();
        sums[2] += a.assigned();
        sums[3] += a.visited();
        sums[4] += a.completed();
        sums[5] += a.approved();
        a.nonResponse().forEach((k, v) -> reasons.merge(k, v, Integer::sum));
      }
      return new AreaProgress("", "", sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], reasons);
    }
  }

  public Progress progress(Scope scope, long surveyId) {
    Survey survey = assignments.supervisable(scope, surveyId);
    String path = AssignmentService.workPath(scope, survey);
    // one county in view (a county supervisor, a county's mock survey): its towns are the rows
    int counties = jdbc.sql("""
        select count(distinct a.county) from capi_assignment a join org_node n on n.code = coalesce(a.town, a.county)
         where a.survey_id = :survey and a.status <> 'closed' and n.path like :path || '%'""")
        .param("survey", surveyId).param("path", path).query(Integer.class).single();
    boolean byTown = counties <= 1;
    String key = byTown ? "coalesce(a.town, a.county)" : "a.county";
    List<AreaProgress> areas = jdbc.sql("""
        with a as (
          select a.* from capi_assignment a join org_node n on n.code = coalesce(a.town, a.county)
           where a.survey_id = :survey and a.status <> 'closed' and n.path like :path || '%'),
        last_visit as (
          select distinct on (v.assignment_id) v.assignment_id, v.outcome
            from capi_visit v join a on a.id = v.assignment_id
           order by v.assignment_id, v.visited_at desc, v.id desc),
        done as (
          select r.assignment_id, count(*) as completed, count(*) filter (where r.review_status = 'approved') as approved
            from response r join a on a.id = r.assignment_id
           where r.status = 'complete' group by r.assignment_id)
        select KEY as code, coalesce(max(o.name), KEY) as name, count(*) as assignments, sum(a.target) as target,
               count(*) filter (where a.interviewer is not null) as assigned,
               count(*) filter (where a.visits > 0 or lv.assignment_id is not null) as visited,
               coalesce(sum(d.completed), 0) as completed, coalesce(sum(d.approved), 0) as approved,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'nobody_home') as nobody_home,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'refused') as refused,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'ineligible') as ineligible,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'vacant') as vacant,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'language') as language,
               count(*) filter (where d.assignment_id is null and lv.outcome = 'appointment') as appointment
          from a
          left join last_visit lv on lv.assignment_id = a.id
          left join done d on d.assignment_id = a.id
          left join org_node o on o.code = KEY
         group by KEY
         order by KEY""".replace("KEY", key)).param("survey", surveyId).param("path", path)
        .query((rs, i) -> {
          Map<String, Integer> reasons = new java.util.LinkedHashMap<>();
          for (String r : REASONS) {
            reasons.put(r, rs.getInt(r));
          }
          return new AreaProgress(rs.getString("code"), rs.getString("name"), rs.getInt("assignments"),
              rs.getInt("target"), rs.getInt("assigned"), rs.getInt("visited"), rs.getInt("completed"),
              rs.getInt("approved"), reasons);
        }).list();
    List<InterviewerProgress> interviewers = jdbc.sql("""
        with a as (
          select a.* from capi_assignment a join org_node n on n.code = coalesce(a.town, a.county)
           where a.survey_id = :survey and a.status <> 'closed' and n.path like :path || '%'),
        who as (
          select interviewer from a where interviewer is not null
          union
          select r.interviewer from response r join a on a.id = r.assignment_id where r.interviewer is not null),
        r as (
          -- a rejected review may also mark the response itself rejected: both count for the rejection rate
          select r.* from response r join a on a.id = r.assignment_id where r.status in ('complete', 'rejected'))
        select w.interviewer, coalesce(u.display_name, w.interviewer) as display_name,
               (select count(*) from a where a.interviewer = w.interviewer) as assigned,
               (select count(*) from r where r.interviewer = w.interviewer and r.status = 'complete') as completed,
               (select percentile_cont(0.5) within group (order by extract(epoch from r.submitted_at - r.started_at))
                  from r where r.interviewer = w.interviewer and r.started_at is not null
                   and r.submitted_at >= r.started_at) / 60.0 as median_minutes,
               (select count(*) from r where r.interviewer = w.interviewer
                   and r.review_status in ('approved', 'rejected')) as reviewed,
               (select count(*) from r where r.interviewer = w.interviewer and r.review_status = 'rejected') as rejected,
               (select count(*) from r where r.interviewer = w.interviewer and cardinality(r.flags) > 0) as flagged
          from who w left join app_user u on u.username = w.interviewer
         order by w.interviewer""").param("survey", surveyId).param("path", path)
        .query((rs, i) -> new InterviewerProgress(rs.getString("interviewer"), rs.getString("display_name"),
            rs.getInt("assigned"), rs.getInt("completed"), AssignmentRepository.doubleOrNull(rs, "median_minutes"),
            rs.getInt("reviewed"), rs.getInt("rejected"), rs.getInt("flagged"))).list();
    return new Progress(survey, byTown, areas, interviewers);
  }
}
