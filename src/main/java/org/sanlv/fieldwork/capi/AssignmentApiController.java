package org.sanlv.fieldwork.capi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The supervisor's REST API of household and intercept fieldwork: teams, assignments, visits, progress. */
@RestController
@RequestMapping("/api/v1/capi")
@Requires(Permission.FIELDWORK_SUPERVISE)
@Tag(name = "capi-supervision", description = "Teams of interviewers, assignments from the draws, progress")
class AssignmentApiController {

  private final AssignmentService assignments;
  private final ProgressService progress;

  AssignmentApiController(AssignmentService assignments, ProgressService progress) {
    this.assignments = assignments;
    this.progress = progress;
  }

  record NewTeam(Long surveyId, String name, String nodeCode) {}

  record NewMember(String username) {}

  record ForSurvey(Long surveyId) {}

  record BulkAssignment(Long surveyId, String town, String blockId, String interviewer, Long teamId) {}

  record Assignment(String interviewer, Long teamId) {}

  @GetMapping("/teams")
  @Operation(summary = "Teams of a survey in the caller's part of it")
  List<AssignmentService.Team> teams(Scope scope, @RequestParam long surveyId) {
    return assignments.teams(scope, surveyId);
  }

  @PostMapping("/teams")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a team; its area (nodeCode, blank = the caller's node) inside the caller's subtree")
  AssignmentService.Team createTeam(Scope scope, @RequestBody NewTeam team) {
    return assignments.createTeam(scope, required(team.surveyId(), "surveyId"), team.name(), team.nodeCode());
  }

  @GetMapping("/teams/{teamId}")
  @Operation(summary = "A team with each member's workload (assigned, open, completed)")
  AssignmentService.TeamDetail team(Scope scope, @PathVariable long teamId) {
    return assignments.team(scope, teamId);
  }

  @PostMapping("/teams/{teamId}/members")
  @Operation(summary = "Add an interviewer account of the caller's subtree to the team")
  AssignmentService.TeamDetail addMember(Scope scope, @PathVariable long teamId, @RequestBody NewMember member) {
    assignments.addMember(scope, teamId, member.username());
    return assignments.team(scope, teamId);
  }

  @DeleteMapping("/teams/{teamId}/members/{username}")
  @Operation(summary = "Take an interviewer out of the team; their unvisited assignments of the team go back to the pool")
  Map<String, Integer> removeMember(Scope scope, @PathVariable long teamId, @PathVariable String username) {
    return Map.of("unassigned", assignments.removeMember(scope, teamId, username));
  }

  @GetMapping("/assignments")
  @Operation(summary = "Assignments of a survey in the caller's part, filtered (at most 500)")
  List<AssignmentView> assignments(Scope scope, @RequestParam long surveyId,
      @RequestParam(required = false) String town, @RequestParam(required = false) String blockId,
      @RequestParam(required = false) String status, @RequestParam(required = false) String interviewer) {
    return assignments.assignments(scope, surveyId, new AssignmentRepository.Filter(blank(town), blank(blockId),
        blank(status), blank(interviewer), null, false));
  }

  @PostMapping("/assignments")
  @Operation(summary = "Make the assignments of the caller's part from the current household and intercept draws (idempotent)")
  AssignmentService.Created create(Scope scope, @RequestBody ForSurvey request) {
    return assignments.createFromDraws(scope, required(request.surveyId(), "surveyId"));
  }

  @PostMapping("/assignments/bulk")
  @Operation(summary = "Give all open assignments of a town or block to one interviewer, or spread them over a team")
  Map<String, Integer> bulk(Scope scope, @RequestBody BulkAssignment request) {
    return Map.of("assigned", assignments.assignBulk(scope, required(request.surveyId(), "surveyId"),
        new AssignmentService.Bulk(request.town(), request.blockId()), request.interviewer(), request.teamId()));
  }

  @GetMapping("/assignments/{assignmentId}")
  @Operation(summary = "One assignment")
  AssignmentView assignment(Scope scope, @PathVariable long assignmentId) {
    return assignments.assignment(scope, assignmentId);
  }

  @PostMapping("/assignments/{assignmentId}/assign")
  @Operation(summary = "Assign or reassign to an interviewer of the caller's teams (raises assignmentVersion)")
  AssignmentView assign(Scope scope, @PathVariable long assignmentId, @RequestBody Assignment request) {
    return assignments.assign(scope, assignmentId, request.interviewer(), request.teamId());
  }

  @PostMapping("/assignments/{assignmentId}/unassign")
  @Operation(summary = "Take the assignment back (raises assignmentVersion)")
  AssignmentView unassign(Scope scope, @PathVariable long assignmentId) {
    return assignments.unassign(scope, assignmentId);
  }

  @GetMapping("/assignments/{assignmentId}/visits")
  @Operation(summary = "The visits recorded for an assignment: outcome, time, note, next visit planned")
  List<AssignmentService.Visit> visits(Scope scope, @PathVariable long assignmentId) {
    return assignments.visits(scope, assignmentId);
  }

  @GetMapping("/progress")
  @Operation(summary = "Progress per county/town and per interviewer")
  ProgressService.Progress progress(Scope scope, @RequestParam long surveyId) {
    return progress.progress(scope, surveyId);
  }

  private static long required(Long value, String field) {
    if (value == null) {
      throw new org.sanlv.platform.InputRejected(org.sanlv.platform.Problem.at(0, field, "import.error.required"));
    }
    return value;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
