package org.sanlv.fieldwork.capi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserAccount;
import org.sanlv.org.UserService;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.sampling.Frames;
import org.sanlv.sampling.InterceptSite;
import org.sanlv.sampling.SiteFrame;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams and assignments of household and intercept fieldwork: the supervisor makes assignments from a survey's draw
 * and hands them to the interviewers of a team; the interviewer app reads them here.
 *
 * <p>Scope: a supervisor (county admin, province admin) works on the surveys it can see, but only on the part of
 * them under its own node: its teams have their area there, its assignments are those of the counties and towns
 * there, and the interviewers it adds are accounts of its subtree. Every (re)assignment raises the assignment's
 * version and is written to the audit log; the repository records who held each version (V16's holder history,
 * which the sync reads to accept work done before a reassignment).
 */
@Service
public class AssignmentService {

  /** Visits to a household before its non-response is final, unless the household mode's design says otherwise. */
  static final int DEFAULT_MAX_VISITS = 3;
  /** Rows shown on one assignments page (the filters narrow it down). */
  static final int PAGE_LIMIT = 500;

  private final AssignmentRepository repository;
  private final SurveyService surveys;
  private final UserService users;
  private final OrgService org;
  private final AuditLog audit;
  private final Clock clock;

  AssignmentService(AssignmentRepository repository, SurveyService surveys, UserService users, OrgService org,
      AuditLog audit, Clock clock) {
    this.repository = repository;
    this.surveys = surveys;
    this.users = users;
    this.org = org;
    this.audit = audit;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ the interviewer app's API

  /** The assignments in an interviewer's hands, of one survey or (surveyId null) of all surveys; closed ones left out. */
  public List<AssignmentView> assignmentsOf(String interviewer, Long surveyId) {
    return repository.assignmentsOf(interviewer, surveyId);
  }

  public Optional<AssignmentView> assignment(long id) {
    return repository.assignment(id);
  }

  // ------------------------------------------------------------------ records for the supervisor's pages

  public record Team(long id, long surveyId, String areaCode, String areaName, String name, String supervisor,
      int members) {}

  public record TeamDetail(Team team, List<AssignmentRepository.Workload> workload) {}

  /** What creating assignments from the draws did. */
  public record Created(int households, int intercepts, int closedFromOldDraws) implements java.io.Serializable {}

  public record Visit(java.time.Instant visitedAt, java.time.Instant receivedAt, String interviewer, String outcome,
      String note, java.time.Instant nextVisitAt, int assignmentVersion, Double latitude, Double longitude) {}

  // ------------------------------------------------------------------ teams

  public List<Team> teams(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    return repository.teams(survey.id(), workPath(scope, survey)).stream().map(AssignmentService::team).toList();
  }

  public TeamDetail team(Scope scope, long teamId) {
    AssignmentRepository.TeamRow row = teamInScope(scope, teamId);
    return new TeamDetail(team(row), repository.workload(teamId));
  }

  /**
   * Creates a team of a survey. Its area is {@code areaCode} (blank: the caller's node, or the survey's target when
   * the caller is above it), which must be inside both the caller's subtree and the survey's target area.
   */
  @Transactional
  public Team createTeam(Scope scope, long surveyId, String name, String areaCode) {
    Survey survey = supervisable(scope, surveyId);
    List<Problem> problems = new ArrayList<>();
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty()) {
      problems.add(Problem.at(0, "name", "import.error.required"));
    } else if (trimmed.length() > 100) {
      problems.add(Problem.at(0, "name", "import.error.tooLong", 100));
    } else if (repository.teamNameTaken(survey.id(), trimmed)) {
      problems.add(Problem.at(0, "name", "capi.error.teamNameTaken", trimmed));
    }
    String code = areaCode == null || areaCode.isBlank()
        ? (scope.covers(survey.targetPath()) ? survey.targetCode() : scope.nodeCode()) : areaCode.strip();
    OrgNode area = null;
    try {
      area = org.node(scope, code);
      if (area.isUnit() || !area.path().startsWith(survey.targetPath())) {
        problems.add(Problem.at(0, "nodeCode", "capi.error.teamArea", area.name()));
      }
    } catch (NotFound | OutOfScope e) {
      problems.add(Problem.at(0, "nodeCode", "user.error.unknownNode", code));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    long id = repository.insertTeam(survey.id(), area.code(), trimmed, scope.username(), clock.instant());
    audit.record(scope.username(), "capi.team.create", survey.slug(), Map.of("team", id, "name", trimmed,
        "area", area.code()));
    return team(repository.team(id).orElseThrow());
  }

  /** Adds an interviewer account of the caller's subtree to a team. */
  @Transactional
  public void addMember(Scope scope, long teamId, String username) {
    AssignmentRepository.TeamRow team = teamInScope(scope, teamId);
    String name = username == null ? "" : username.strip();
    if (name.isEmpty()) {
      throw new InputRejected(Problem.at(0, "username", "import.error.required"));
    }
    UserAccount account;
    try {
      account = users.get(scope, name); // an account outside the subtree is "not found", like no account
    } catch (NotFound e) {
      throw new InputRejected(Problem.at(0, "username", "capi.error.unknownInterviewer", name));
    }
    if (account.role() != Role.INTERVIEWER || !account.enabled()) {
      throw new InputRejected(Problem.at(0, "username", "capi.error.notInterviewer", name));
    }
    if (repository.addMember(team.id(), account.username(), clock.instant())) {
      audit.record(scope.username(), "capi.team.add", "team " + team.id(), Map.of("interviewer", account.username()));
    }
  }

  /**
   * Takes an interviewer out of a team. Assignments of the team they hold and have not visited yet go back to the
   * pool (version raised); those with visits stay with them until the supervisor reassigns them.
   */
  @Transactional
  public int removeMember(Scope scope, long teamId, String username) {
    AssignmentRepository.TeamRow team = teamInScope(scope, teamId);
    if (!repository.removeMember(team.id(), username)) {
      throw new NotFound("member " + username);
    }
    List<Long> back = repository.untouchedAssignments(team.id(), username);
    for (long id : back) {
      repository.setInterviewer(id, null, null, clock.instant());
    }
    audit.record(scope.username(), "capi.team.remove", "team " + team.id(),
        Map.of("interviewer", username, "unassigned", back));
    return back.size();
  }

  /** Interviewer accounts the caller may add to a team (its subtree's). */
  public List<Map.Entry<String, String>> interviewersToAdd(Scope scope) {
    require(scope);
    return repository.interviewersUnder(scope.path());
  }

  /** Members of the survey's teams in the caller's part, for the assign pickers. */
  public List<AssignmentRepository.Member> members(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    return repository.members(survey.id(), workPath(scope, survey));
  }

  // ------------------------------------------------------------------ assignments

  public List<AssignmentView> assignments(Scope scope, long surveyId, AssignmentRepository.Filter filter) {
    Survey survey = supervisable(scope, surveyId);
    return repository.assignments(survey.id(), workPath(scope, survey), filter, PAGE_LIMIT);
  }

  public int assignmentCount(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    return repository.countAssignments(survey.id(), workPath(scope, survey));
  }

  /**
   * Makes the assignments of the caller's part of the survey from its current household and intercept draws: one per
   * drawn household (its π and base weight 1/π, block, location), and per intercept quota cell one per site of the
   * cell's type in its county (the cell's target split evenly over the sites, larger shares to the first sites by
   * id; one assignment without a site when the frame has none). Idempotent: what exists is left as it is.
   *
   * <p>After a redraw, the assignments of the superseded draw are closed if nobody has worked on them; if any has a
   * visit or an interview, nothing is made and the supervisor is told (the old draw's work must be settled first).
   */
  @Transactional
  public Created createFromDraws(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    String path = workPath(scope, survey);
    int households = 0;
    int intercepts = 0;
    int closed = 0;
    boolean anyDraw = false;
    for (SurveyMode mode : List.of(SurveyMode.HOUSEHOLD, SurveyMode.INTERCEPT)) {
      Optional<AssignmentRepository.DrawRef> current = repository.draws(survey.id(), mode.dbValue()).stream()
          .filter(AssignmentRepository.DrawRef::current).reduce((a, b) -> b);
      if (current.isEmpty() || survey.mode(mode).isEmpty()) {
        continue;
      }
      anyDraw = true;
      long drawId = current.get().id();
      int worked = repository.assignmentsWithWork(survey.id(), mode.dbValue(), drawId, path);
      if (worked > 0) {
        throw new InputRejected(Problem.of("capi.error.oldDrawHasWork", worked));
      }
      closed += repository.closeOldDrawAssignments(survey.id(), mode.dbValue(), drawId, path, clock.instant());
      int maxVisits = maxVisits(survey, mode);
      if (mode == SurveyMode.HOUSEHOLD) {
        households = repository.insertHouseholdAssignments(survey.id(), drawId, path, maxVisits);
      } else {
        intercepts = insertIntercepts(survey.id(), current.get(), path, maxVisits);
      }
    }
    if (!anyDraw) {
      throw new InputRejected(Problem.of("capi.error.noDraw"));
    }
    audit.record(scope.username(), "capi.assignments.create", survey.slug(),
        Map.of("households", households, "intercepts", intercepts, "closed", closed, "area", scope.nodeCode()));
    return new Created(households, intercepts, closed);
  }

  private int insertIntercepts(long surveyId, AssignmentRepository.DrawRef draw, String path, int maxVisits) {
    Map<String, List<InterceptSite>> sites = new HashMap<>();
    if (draw.frameId() != null) {
      SiteFrame frame = Frames.sites(new String(repository.frameContent(draw.frameId()).orElseThrow(),
          StandardCharsets.UTF_8), a -> true);
      for (InterceptSite s : frame.sites()) { // sorted by id
        sites.computeIfAbsent(s.county() + "|" + s.type().name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(s);
      }
    }
    int made = 0;
    for (AssignmentRepository.Quota q : repository.quotas(draw.id(), path)) {
      String county = q.stratum().substring(0, Math.min(6, q.stratum().length()));
      String town = q.stratum().length() == 9 ? q.stratum() : null;
      List<InterceptSite> here = sites.getOrDefault(q.stratum() + "|" + q.locationType(), List.of());
      if (here.isEmpty()) {
        made += repository.insertInterceptAssignment(surveyId, draw.id(), new AssignmentRepository.NewIntercept(
            q.stratum(), county, town, q.locationType(), q.dayType(), q.timeOfDay(), null, null, q.target(), null,
            null), maxVisits);
        continue;
      }
      int k = here.size();
      for (int i = 0; i < k; i++) {
        int share = q.target() / k + (i < q.target() % k ? 1 : 0);
        if (share == 0) {
          continue; // fewer interviews than sites: the first sites by id take one each
        }
        InterceptSite s = here.get(i);
        made += repository.insertInterceptAssignment(surveyId, draw.id(), new AssignmentRepository.NewIntercept(
            q.stratum(), county, town, q.locationType(), q.dayType(), q.timeOfDay(), s.id(), s.name(), share,
            s.latitude(), s.longitude()), maxVisits);
      }
    }
    return made;
  }

  private static int maxVisits(Survey survey, SurveyMode mode) {
    Object value = survey.mode(mode).map(m -> m.design().get("maxVisits")).orElse(null);
    try {
      int v = value == null ? DEFAULT_MAX_VISITS : Integer.parseInt(String.valueOf(value).trim());
      return v > 0 && v <= 20 ? v : DEFAULT_MAX_VISITS;
    } catch (NumberFormatException e) {
      return DEFAULT_MAX_VISITS;
    }
  }

  /**
   * Gives one assignment to an interviewer of one of the caller's teams of the survey (a reassignment when somebody
   * else held it). {@code teamId} null: the interviewer's first team of the survey in the caller's part.
   */
  @Transactional
  public AssignmentView assign(Scope scope, long assignmentId, String interviewer, Long teamId) {
    AssignmentView a = lockedInScope(scope, assignmentId);
    Survey survey = supervisable(scope, a.surveyId());
    long team = teamFor(scope, survey, interviewer, teamId);
    requireAssignable(a);
    if (interviewer.equals(a.interviewer()) && Long.valueOf(team).equals(a.teamId())) {
      return a; // already theirs: nothing changes, the version stays
    }
    repository.setInterviewer(a.id(), interviewer, team, clock.instant());
    if (a.interviewer() == null) {
      audit.record(scope.username(), "capi.assign", "assignment " + a.id(), history(a, interviewer, team));
    } else {
      audit.record(scope.username(), "capi.reassign", "assignment " + a.id(), history(a, interviewer, team));
    }
    return repository.assignment(a.id()).orElseThrow();
  }

  /** Takes an assignment back from its interviewer (version raised); visits already made stay on record. */
  @Transactional
  public AssignmentView unassign(Scope scope, long assignmentId) {
    AssignmentView a = lockedInScope(scope, assignmentId);
    supervisable(scope, a.surveyId());
    if (a.interviewer() == null) {
      return a;
    }
    requireAssignable(a);
    repository.setInterviewer(a.id(), null, null, clock.instant());
    audit.record(scope.username(), "capi.unassign", "assignment " + a.id(), history(a, null, null));
    return repository.assignment(a.id()).orElseThrow();
  }

  /** Which open assignments a bulk assignment takes: all of a town, or all of one block; one of the two is given. */
  public record Bulk(String town, String blockId) {}

  /**
   * Hands all open (unassigned) assignments of a town or a block to one interviewer, or spreads them evenly over
   * the members of a team ({@code interviewer} blank, {@code teamId} given): the assignments in block order, cut
   * into consecutive runs of near-equal length, so that a block stays with as few interviewers as possible and the
   * least loaded members get the longer runs.
   *
   * @return how many assignments were given out
   */
  @Transactional
  public int assignBulk(Scope scope, long surveyId, Bulk bulk, String interviewer, Long teamId) {
    Survey survey = supervisable(scope, surveyId);
    String town = blankToNull(bulk.town());
    String block = blankToNull(bulk.blockId());
    if (town == null && block == null) {
      throw new InputRejected(Problem.at(0, "town", "capi.error.bulkNeedsArea"));
    }
    List<String> interviewers = new ArrayList<>();
    List<Long> teams = new ArrayList<>();
    if (blankToNull(interviewer) != null) {
      teams.add(teamFor(scope, survey, interviewer.strip(), teamId));
      interviewers.add(interviewer.strip());
    } else if (teamId != null) {
      AssignmentRepository.TeamRow team = teamInScope(scope, teamId);
      if (team.surveyId() != survey.id()) {
        throw new InputRejected(Problem.at(0, "teamId", "capi.error.teamOfOtherSurvey"));
      }
      List<AssignmentRepository.Workload> load = new ArrayList<>(repository.workload(team.id()));
      load.sort(Comparator.comparingInt(AssignmentRepository.Workload::open)
          .thenComparing(AssignmentRepository.Workload::interviewer));
      for (AssignmentRepository.Workload w : load) {
        interviewers.add(w.interviewer());
        teams.add(team.id());
      }
      if (interviewers.isEmpty()) {
        throw new InputRejected(Problem.at(0, "teamId", "capi.error.teamEmpty", team.name()));
      }
    } else {
      throw new InputRejected(Problem.at(0, "interviewer", "capi.error.bulkNeedsWho"));
    }
    List<AssignmentView> open = repository.assignments(survey.id(), workPath(scope, survey),
        new AssignmentRepository.Filter(town, block, null, null, null, true), Integer.MAX_VALUE);
    if (open.isEmpty()) {
      throw new InputRejected(Problem.of("capi.error.nothingOpen"));
    }
    int k = interviewers.size();
    int next = 0;
    int given = 0;
    Map<String, Integer> perInterviewer = new LinkedHashMap<>();
    for (int i = 0; i < k; i++) {
      int runLength = open.size() / k + (i < open.size() % k ? 1 : 0);
      int claimed = 0;
      for (int j = 0; j < runLength; j++) {
        AssignmentView a = open.get(next++);
        if (repository.claimOpen(a.id(), interviewers.get(i), teams.get(i), clock.instant())) {
          claimed++;
        }
      }
      perInterviewer.put(interviewers.get(i), claimed);
      given += claimed;
    }
    audit.record(scope.username(), "capi.assign.bulk", survey.slug(), Map.of("town", String.valueOf(town),
        "block", String.valueOf(block), "assigned", perInterviewer));
    return given;
  }

  /** An assignment's visits as the devices recorded them, for the supervisor. */
  public List<Visit> visits(Scope scope, long assignmentId) {
    AssignmentView a = inScope(scope, assignmentId);
    supervisable(scope, a.surveyId());
    return repository.visits(a.id()).stream().map(v -> new Visit(v.visitedAt(), v.receivedAt(), v.interviewer(),
        v.outcome(), v.note(), v.nextVisitAt(), v.assignmentVersion(), v.latitude(), v.longitude())).toList();
  }

  /** The assignment, if it lies in the caller's part; for the supervisor's read of it. */
  public AssignmentView assignment(Scope scope, long assignmentId) {
    AssignmentView a = inScope(scope, assignmentId);
    supervisable(scope, a.surveyId());
    return a;
  }

  // ------------------------------------------------------------------ for the scope check

  Optional<String> assignmentPath(String value) {
    try {
      return repository.assignmentPath(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Optional<String> teamPath(String value) {
    try {
      return repository.teamPath(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The survey, if the caller supervises fieldwork and can see it. */
  Survey supervisable(Scope scope, long surveyId) {
    require(scope);
    return surveys.get(scope, surveyId);
  }

  /** The part of a survey the caller works on: its own subtree, within the survey's target area. */
  static String workPath(Scope scope, Survey survey) {
    return scope.covers(survey.targetPath()) ? survey.targetPath() : scope.path();
  }

  private static void require(Scope scope) {
    if (!scope.may(Permission.FIELDWORK_SUPERVISE)) {
      throw new OutOfScope(Permission.FIELDWORK_SUPERVISE.name());
    }
  }

  private AssignmentRepository.TeamRow teamInScope(Scope scope, long teamId) {
    require(scope);
    AssignmentRepository.TeamRow team = repository.team(teamId).orElseThrow(() -> new NotFound("team " + teamId));
    if (!scope.covers(team.areaPath())) {
      throw new OutOfScope("team " + teamId);
    }
    return team;
  }

  private AssignmentView inScope(Scope scope, long id) {
    require(scope);
    String path = repository.assignmentPath(id).orElseThrow(() -> new NotFound("assignment " + id));
    if (!scope.covers(path)) {
      throw new OutOfScope("assignment " + id);
    }
    return repository.assignment(id).orElseThrow(() -> new NotFound("assignment " + id));
  }

  private AssignmentView lockedInScope(Scope scope, long id) {
    inScope(scope, id);
    return repository.lock(id).orElseThrow(() -> new NotFound("assignment " + id));
  }

  /** The team through which the caller gives work to this interviewer: one of the caller's teams they belong to. */
  private long teamFor(Scope scope, Survey survey, String interviewer, Long teamId) {
    if (interviewer == null || interviewer.isBlank()) {
      throw new InputRejected(Problem.at(0, "interviewer", "import.error.required"));
    }
    if (teamId != null) {
      AssignmentRepository.TeamRow team = teamInScope(scope, teamId);
      if (team.surveyId() != survey.id()) {
        throw new InputRejected(Problem.at(0, "teamId", "capi.error.teamOfOtherSurvey"));
      }
      if (!repository.isMember(team.id(), interviewer)) {
        throw new InputRejected(Problem.at(0, "interviewer", "capi.error.notMember", interviewer, team.name()));
      }
      return team.id();
    }
    for (long id : repository.teamsOf(survey.id(), interviewer)) {
      if (scope.covers(repository.teamPath(id).orElse(""))) {
        return id;
      }
    }
    throw new InputRejected(Problem.at(0, "interviewer", "capi.error.notInYourTeams", interviewer));
  }

  private static void requireAssignable(AssignmentView a) {
    if (!List.of("open", "assigned", "visited").contains(a.status())) {
      throw new InputRejected(Problem.of("capi.error.finished", a.id()));
    }
  }

  private static Map<String, Object> history(AssignmentView before, String interviewer, Long team) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from", before.interviewer() == null ? "" : before.interviewer());
    detail.put("fromTeam", before.teamId() == null ? "" : before.teamId());
    detail.put("to", interviewer == null ? "" : interviewer);
    detail.put("toTeam", team == null ? "" : team);
    detail.put("version", before.assignmentVersion() + 1);
    return detail;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Team team(AssignmentRepository.TeamRow r) {
    return new Team(r.id(), r.surveyId(), r.areaCode(), r.areaName(), r.name(), r.supervisor(), r.members());
  }
}
