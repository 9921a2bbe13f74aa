package org.sanlv.fieldwork.capi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of teams and assignments (capi_team, capi_team_member, capi_assignment; V13). */
@Repository
class AssignmentRepository {

  static final String VIEW_COLUMNS = """
      a.id, a.survey_id, a.kind, a.stratum, a.county, a.town, a.block_id, a.block_name, a.household_no, a.address,
      a.location_type, a.day_type, a.time_of_day, a.site_id, a.site_name, a.target, a.latitude, a.longitude,
      a.team_id, a.interviewer, a.status, a.visits, a.max_visits, a.next_visit_at, a.assignment_version, a.pi,
      a.base_weight""";

  private final JdbcClient jdbc;

  AssignmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<AssignmentView> assignmentsOf(String interviewer, Long surveyId) {
    return jdbc.sql("select " + VIEW_COLUMNS + """
         from capi_assignment a
        where a.interviewer = :interviewer and (cast(:survey as bigint) is null or a.survey_id = :survey)
        order by a.survey_id, a.county, a.town nulls first, a.block_id nulls first, a.household_no nulls first,
                 a.location_type, a.day_type, a.time_of_day, a.site_id, a.id
        """).param("interviewer", interviewer).param("survey", surveyId).query(AssignmentRepository::view).list();
  }

  Optional<AssignmentView> assignment(long id) {
    return jdbc.sql("select " + VIEW_COLUMNS + " from capi_assignment a where a.id = :id")
        .param("id", id).query(AssignmentRepository::view).optional();
  }

  static AssignmentView view(ResultSet rs, int n) throws SQLException {
    Timestamp next = rs.getTimestamp("next_visit_at");
    return new AssignmentView(rs.getLong("id"), rs.getLong("survey_id"), rs.getString("kind"),
        rs.getString("stratum"), rs.getString("county"), rs.getString("town"), rs.getString("block_id"),
        rs.getString("block_name"), (Integer) rs.getObject("household_no"), rs.getString("address"),
        rs.getString("location_type"), rs.getString("day_type"), rs.getString("time_of_day"),
        rs.getString("site_id"), rs.getString("site_name"), rs.getInt("target"), doubleOrNull(rs, "latitude"),
        doubleOrNull(rs, "longitude"), (Long) rs.getObject("team_id"), rs.getString("interviewer"),
        rs.getString("status"), rs.getInt("visits"), rs.getInt("max_visits"),
        next == null ? null : next.toInstant(), rs.getInt("assignment_version"), doubleOrNull(rs, "pi"),
        doubleOrNull(rs, "base_weight"));
  }

  private static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
