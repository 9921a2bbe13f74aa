package org.sanlv.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Surveys within a caller's scope. A survey of a province is an official assessment stratified by county; a
 * survey of a county is a mock survey (模拟测评) stratified by town, which a county admin may run on their own.
 */
@Service
public class SurveyService {

  private final SurveyRepository repository;
  private final OrgService org;
  private final InstrumentService instruments;
  private final AuditLog audit;

  SurveyService(SurveyRepository repository, OrgService org, InstrumentService instruments, AuditLog audit) {
    this.repository = repository;
    this.org = org;
    this.instruments = instruments;
    this.audit = audit;
  }

  /** A new survey as a form or an API client sends it. */
  public record NewSurvey(String slug, String name, Long instrumentId, String targetCode, List<Survey.Mode> modes) {}

  /** Surveys of the caller's subtree, and those of the areas above it (their results concern the caller). */
  public List<Survey> list(Scope scope) {
    return repository.all().stream().filter(s -> scope.covers(s.targetPath()) || scope.isBelow(s.targetPath())).toList();
  }

  public Survey get(Scope scope, long id) {
    Survey survey = repository.byId(id).orElseThrow(() -> new NotFound("survey " + id));
    if (!scope.covers(survey.targetPath()) && !scope.isBelow(survey.targetPath())) {
      throw new OutOfScope("survey " + id);
    }
    return survey;
  }

  /** A survey by its public link name, for the online survey page (no caller). */
  public Optional<Survey> bySlug(String slug) {
    return repository.bySlug(slug);
  }

  /** For the modules that work on a survey without a caller (fieldwork, estimation). */
  public Optional<Survey> byId(long id) {
    return repository.byId(id);
  }

  @Transactional
  public Survey create(Scope scope, NewSurvey request) {
    List<Problem> problems = check(scope, request);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    String slug = request.slug().trim();
    String name = request.name().trim();
    OrgNode target = org.node(scope, request.targetCode().trim());
    boolean official = target.level() == OrgLevel.PROVINCE;
    long id = repository.insert(slug, name, request.instrumentId(), target.code(), official ? "county" : "town",
        official ? Survey.Kind.OFFICIAL : Survey.Kind.MOCK, scope.username());
    for (Survey.Mode mode : request.modes()) {
      repository.upsertMode(id, mode);
    }
    audit.record(scope.username(), "survey.create", slug, Map.of("id", id, "target", target.code()));
    return repository.byId(id).orElseThrow();
  }

  /** Everything wrong with a new survey, saving nothing (the setup page adds what its own fields found). */
  List<Problem> check(Scope scope, NewSurvey request) {
    requireManage(scope);
    List<Problem> problems = new ArrayList<>();
    String slug = request.slug() == null ? "" : request.slug().trim();
    if (!slug.matches("[a-z0-9][a-z0-9-]{2,59}")) {
      problems.add(Problem.at(0, "slug", "survey.error.badSlug"));
    } else if (repository.slugTaken(slug)) {
      problems.add(Problem.at(0, "slug", "survey.error.slugTaken", slug));
    }
    String name = request.name() == null ? "" : request.name().trim();
    if (name.isEmpty()) {
      problems.add(Problem.at(0, "name", "import.error.required"));
    } else if (name.length() > 200) {
      problems.add(Problem.at(0, "name", "import.error.tooLong", 200));
    }
    OrgNode target = null;
    try {
      target = org.node(scope, request.targetCode() == null ? "" : request.targetCode().trim());
    } catch (NotFound e) {
      problems.add(Problem.at(0, "targetCode", "user.error.unknownNode", request.targetCode()));
    }
    if (target != null && target.level() != OrgLevel.PROVINCE && target.level() != OrgLevel.COUNTY) {
      problems.add(Problem.at(0, "targetCode", "survey.error.targetLevel"));
    }
    if (request.instrumentId() == null) {
      problems.add(Problem.at(0, "instrumentId", "import.error.required"));
    } else {
      try {
        instruments.get(scope, request.instrumentId());
      } catch (NotFound | OutOfScope e) {
        problems.add(Problem.at(0, "instrumentId", "survey.error.unknownInstrument"));
      }
    }
    problems.addAll(checkModes(request.modes()));
    return problems;
  }

  /** Sets a mode's window and design (adds the mode if the survey does not have it yet). */
  @Transactional
  public Survey saveMode(Scope scope, long id, Survey.Mode mode) {
    requireManage(scope);
    Survey survey = requireInScope(scope, id);
    List<Problem> problems = checkModes(List.of(mode));
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    refuseChangesAfterStart(survey, mode);
    repository.upsertMode(survey.id(), mode);
    audit.record(scope.username(), "survey.mode", survey.slug(), Map.of("mode", mode.mode().dbValue()));
    return repository.byId(id).orElseThrow();
  }

  /**
   * Once fieldwork has started, a mode's sample design and opening are what the samples were drawn and the
   * respondents invited by: only its closing time may move (a window extended or shortened), and a mode may be
   * added. A closed survey changes no more.
   */
  private static void refuseChangesAfterStart(Survey survey, Survey.Mode mode) {
    if (survey.status() == Survey.Status.CLOSED) {
      throw new InputRejected(Problem.of("survey.error.modesClosed"));
    }
    if (survey.status() == Survey.Status.FIELDING) {
      survey.mode(mode.mode()).ifPresent(current -> {
        if (!current.opensAt().equals(mode.opensAt()) || !current.design().equals(mode.design())) {
          throw new InputRejected(Problem.of("survey.error.modesFielding"));
        }
      });
    }
  }

  @Transactional
  public Survey setStatus(Scope scope, long id, Survey.Status status) {
    requireManage(scope);
    Survey survey = requireInScope(scope, id);
    boolean forward = status.ordinal() == survey.status().ordinal() + 1;
    if (!forward) {
      throw new InputRejected(Problem.of("survey.error.statusOrder", survey.status().dbValue(), status.dbValue()));
    }
    repository.updateStatus(id, status);
    audit.record(scope.username(), "survey.status", survey.slug(), Map.of("status", status.dbValue()));
    return repository.byId(id).orElseThrow();
  }

  /** Whether the caller may change this survey (and its samples, indicators…): the permission and its area. */
  public boolean mayManage(Scope scope, Survey survey) {
    return scope.may(Permission.SURVEYS_MANAGE) && scope.covers(survey.targetPath());
  }

  /**
   * The rows of a survey the caller may see one by one: all of them when the caller's scope covers the survey's
   * target area, else only those of the counties and towns of the caller's own subtree (a county admin reading the
   * province's survey sees its own county's rows, never its neighbours').
   */
  public AreaFilter visibleAreas(Scope scope, Survey survey) {
    if (scope.covers(survey.targetPath())) {
      return AreaFilter.ALL;
    }
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (OrgLevel level : List.of(OrgLevel.COUNTY, OrgLevel.TOWN)) {
      org.areasUnder(scope.nodeCode(), level).forEach(n -> codes.add(n.code()));
    }
    return new AreaFilter(false, java.util.Set.copyOf(codes));
  }

  /** The survey, if the caller may change it; {@link OutOfScope} otherwise. */
  public Survey manageable(Scope scope, long id) {
    requireManage(scope);
    return requireInScope(scope, id);
  }

  /** Where a survey sits in the tree: its target area. */
  public Optional<String> pathOf(long id) {
    return repository.targetPath(id);
  }

  private Survey requireInScope(Scope scope, long id) {
    Survey survey = repository.byId(id).orElseThrow(() -> new NotFound("survey " + id));
    if (!scope.covers(survey.targetPath())) {
      throw new OutOfScope("survey " + id);
    }
    return survey;
  }

  private static void requireManage(Scope scope) {
    if (!scope.may(Permission.SURVEYS_MANAGE)) {
      throw new OutOfScope(Permission.SURVEYS_MANAGE.name());
    }
  }

  /** Every mode once, each with a window inside 2000–2099 that closes after it opens and usable design values. */
  private static List<Problem> checkModes(List<Survey.Mode> modes) {
    List<Problem> problems = new ArrayList<>();
    if (modes == null || modes.isEmpty()) {
      problems.add(Problem.at(0, "modes", "survey.error.noMode"));
      return problems;
    }
    java.util.Set<SurveyMode> seen = java.util.EnumSet.noneOf(SurveyMode.class);
    for (Survey.Mode m : modes) {
      if (m == null || m.mode() == null || m.opensAt() == null || m.closesAt() == null) {
        problems.add(Problem.at(0, m == null || m.mode() == null ? "modes" : m.mode().dbValue(), "survey.error.window"));
      } else if (!seen.add(m.mode())) {
        problems.add(Problem.at(0, m.mode().dbValue(), "survey.error.duplicateMode"));
      } else {
        problems.addAll(SurveyDesigns.check(m));
      }
    }
    return problems;
  }

}
