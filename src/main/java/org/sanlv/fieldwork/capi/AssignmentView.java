package org.sanlv.fieldwork.capi;

import java.time.Instant;

/**
 * One unit of field work as the interviewer and the supervisor see it: a drawn household (kind "household": block,
 * household number, its inclusion probability and base weight) or {@code target} interviews in an intercept quota cell
 * at one site (kind "intercept"). {@code assignmentVersion} rises on every (re)assignment.
 */
public record AssignmentView(long id, long surveyId, String kind, String stratum, String county, String town,
    String blockId, String blockName, Integer householdNo, String address, String locationType, String dayType,
    String timeOfDay, String siteId, String siteName, int target, Double latitude, Double longitude, Long teamId,
    String interviewer, String status, int visits, int maxVisits, Instant nextVisitAt, int assignmentVersion,
    Double pi, Double baseWeight) {

  public boolean household() {
    return "household".equals(kind);
  }
}
