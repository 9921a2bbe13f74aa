package org.sanlv.fieldwork.capi;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The supervisor's pages: a survey's teams, a team with its members' workload, the assignments with the assign
 * forms, one assignment with its visits, and the progress dashboard. Writes take the survey as a form field (not
 * in the path), so a county supervisor can work its part of a province's survey.
 */
@Controller
@Requires(Permission.FIELDWORK_SUPERVISE)
class AssignmentPageController {

  private final AssignmentService assignments;
  private final ProgressService progress;
  private final OrgService org;

  AssignmentPageController(AssignmentService assignments, ProgressService progress, OrgService org) {
    this.assignments = assignments;
    this.progress = progress;
    this.org = org;
  }

  // ------------------------------------------------------------------ teams

  @GetMapping("/surveys/{surveyId}/capi/teams")
  String teams(Scope scope, @PathVariable long surveyId, Model model) {
    fillTeams(scope, surveyId, model);
    return "capi/teams";
  }

  @PostMapping("/capi/teams")
  String createTeam(Scope scope, @RequestParam long surveyId, @RequestParam(defaultValue = "") String name,
      @RequestParam(required = false) String nodeCode, Model model, HttpServletResponse response) {
    try {
      return "redirect:/capi/teams/" + assignments.createTeam(scope, surveyId, name, nodeCode).id();
    } catch (InputRejected e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problems", e.problems());
      model.addAttribute("name", name);
      fillTeams(scope, surveyId, model);
      return "capi/teams";
    }
  }

  @GetMapping("/capi/teams/{teamId}")
  String team(Scope scope, @PathVariable long teamId, Model model) {
    fillTeam(scope, teamId, model);
    return "capi/team";
  }

  @PostMapping("/capi/teams/{teamId}/members")
  String addMember(Scope scope, @PathVariable long teamId, @RequestParam(defaultValue = "") String username,
      Model model, HttpServletResponse response) {
    try {
      assignments.addMember(scope, teamId, username);
      return "redirect:/capi/teams/" + teamId;
    } catch (InputRejected e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problems", e.problems());
      fillTeam(scope, teamId, model);
      return "capi/team";
    }
  }

  @PostMapping("/capi/teams/{teamId}/members/{username}/remove")
  String removeMember(Scope scope, @PathVariable long teamId, @PathVariable String username,
      RedirectAttributes redirect) {
    redirect.addFlashAttribute("unassigned", assignments.removeMember(scope, teamId, username));
    return "redirect:/capi/teams/" + teamId;
  }

  private void fillTeams(Scope scope, long surveyId, Model model) {
    Survey survey = assignments.supervisable(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("teams", assignments.teams(scope, surveyId));
    // areas a team may have: the caller's part of the survey, and its counties (above a county) or towns
    org.sanlv.org.OrgNode top = org.node(scope, scope.covers(survey.targetPath()) ? survey.targetCode() : scope.nodeCode());
    List<org.sanlv.org.OrgNode> areas = new java.util.ArrayList<>();
    areas.add(top);
    boolean aboveCounty = top.level() == OrgLevel.PROVINCE || top.level() == OrgLevel.CITY;
    org.areasUnder(top.code(), aboveCounty ? OrgLevel.COUNTY : OrgLevel.TOWN).stream()
        .filter(n -> !n.code().equals(top.code())).forEach(areas::add);
    model.addAttribute("areas", areas);
  }

  private void fillTeam(Scope scope, long teamId, Model model) {
    AssignmentService.TeamDetail detail = assignments.team(scope, teamId);
    model.addAttribute("detail", detail);
    model.addAttribute("survey", assignments.supervisable(scope, detail.team().surveyId()));
    java.util.Set<String> members = new java.util.HashSet<>();
    detail.workload().forEach(w -> members.add(w.interviewer()));
    model.addAttribute("candidates", assignments.interviewersToAdd(scope).stream()
        .filter(e -> !members.contains(e.getKey())).toList());
  }

  // ------------------------------------------------------------------ assignments

  @GetMapping("/surveys/{surveyId}/capi/assignments")
  String assignments(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String town,
      @RequestParam(required = false) String blockId, @RequestParam(required = false) String status,
      @RequestParam(required = false) String interviewer, Model model) {
    fillAssignments(scope, surveyId, town, blockId, status, interviewer, model);
    return "capi/assignments";
  }

  @PostMapping("/capi/assignments")
  String create(Scope scope, @RequestParam long surveyId, Model model, HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      redirect.addFlashAttribute("created", assignments.createFromDraws(scope, surveyId));
      return "redirect:/surveys/" + surveyId + "/capi/assignments";
    } catch (InputRejected e) {
      return rejected(scope, surveyId, e, model, response);
    }
  }

  @PostMapping("/capi/assignments/bulk")
  String bulk(Scope scope, @RequestParam long surveyId, @RequestParam(required = false) String town,
      @RequestParam(required = false) String blockId, @RequestParam(required = false) String interviewer,
      @RequestParam(required = false) String teamId, Model model, HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      // the team field is for spreading; one interviewer is given the work through their own team
      boolean one = interviewer != null && !interviewer.isBlank();
      int given = assignments.assignBulk(scope, surveyId, new AssignmentService.Bulk(town, blockId), interviewer,
          one ? null : team(teamId));
      redirect.addFlashAttribute("assigned", given);
      return "redirect:/surveys/" + surveyId + "/capi/assignments";
    } catch (InputRejected e) {
      return rejected(scope, surveyId, e, model, response);
    }
  }

  @GetMapping("/capi/assignments/{assignmentId}")
  String assignment(Scope scope, @PathVariable long assignmentId, Model model) {
    AssignmentView a = assignments.assignment(scope, assignmentId);
    model.addAttribute("a", a);
    Survey survey = assignments.supervisable(scope, a.surveyId());
    model.addAttribute("survey", survey);
    model.addAttribute("areaNames", areaNames(scope, survey));
    model.addAttribute("visits", assignments.visits(scope, assignmentId));
    model.addAttribute("members", assignments.members(scope, a.surveyId()));
    return "capi/assignment";
  }

  /** Assign, reassign ({@code interviewer} given) or unassign ({@code interviewer} blank). */
  @PostMapping("/capi/assignments/{assignmentId}/assign")
  String assign(Scope scope, @PathVariable long assignmentId, @RequestParam(required = false) String interviewer,
      @RequestParam(required = false) String teamId, @RequestParam(required = false) String back, Model model,
      HttpServletResponse response) {
    AssignmentView a = assignments.assignment(scope, assignmentId);
    try {
      if (interviewer == null || interviewer.isBlank()) {
        assignments.unassign(scope, assignmentId);
      } else {
        assignments.assign(scope, assignmentId, interviewer.strip(), team(teamId));
      }
    } catch (InputRejected e) {
      return rejected(scope, a.surveyId(), e, model, response);
    }
    return "list".equals(back) ? "redirect:/surveys/" + a.surveyId() + "/capi/assignments"
        : "redirect:/capi/assignments/" + assignmentId;
  }

  private String rejected(Scope scope, long surveyId, InputRejected e, Model model, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("problems", e.problems());
    fillAssignments(scope, surveyId, null, null, null, null, model);
    return "capi/assignments";
  }

  private void fillAssignments(Scope scope, long surveyId, String town, String blockId, String status,
      String interviewer, Model model) {
    Survey survey = assignments.supervisable(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("town", town);
    model.addAttribute("blockId", blockId);
    model.addAttribute("status", status);
    model.addAttribute("interviewer", interviewer);
    model.addAttribute("rows", assignments.assignments(scope, surveyId, new AssignmentRepository.Filter(
        blank(town), blank(blockId), blank(status), blank(interviewer), null, false)));
    model.addAttribute("total", assignments.assignmentCount(scope, surveyId));
    model.addAttribute("limit", AssignmentService.PAGE_LIMIT);
    model.addAttribute("members", assignments.members(scope, surveyId));
    model.addAttribute("teams", assignments.teams(scope, surveyId));
    String top = scope.covers(survey.targetPath()) ? survey.targetCode() : scope.nodeCode();
    List<org.sanlv.org.OrgNode> towns = org.areasUnder(top, OrgLevel.TOWN);
    model.addAttribute("towns", towns);
    model.addAttribute("areaNames", areaNames(scope, survey));
  }

  /** Names of the counties and towns of the caller's part of the survey, for the tables (which hold codes). */
  private java.util.Map<String, String> areaNames(Scope scope, Survey survey) {
    String top = scope.covers(survey.targetPath()) ? survey.targetCode() : scope.nodeCode();
    java.util.Map<String, String> names = new java.util.HashMap<>();
    for (OrgLevel level : List.of(OrgLevel.COUNTY, OrgLevel.TOWN)) {
      org.areasUnder(top, level).forEach(n -> names.put(n.code(), n.name()));
    }
    return names;
  }

  // ------------------------------------------------------------------ progress

  @GetMapping("/surveys/{surveyId}/capi/progress")
  String progress(Scope scope, @PathVariable long surveyId, Model model) {
    ProgressService.Progress p = progress.progress(scope, surveyId);
    model.addAttribute("survey", p.survey());
    model.addAttribute("progress", p);
    model.addAttribute("reasons", ProgressService.REASONS);
    return "capi/progress";
  }

  /** A team id from a form field: blank is none; anything else not a number is an error on the form. */
  private static Long team(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InputRejected(Problem.at(0, "teamId", "input.error.badValue", value));
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
