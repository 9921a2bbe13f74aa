package org.sanlv.fieldwork.cati;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The phone supervisor's view of a survey (issue 20): who is calling and in which state, the numbers left per
 * area and state, completes against each stratum's target, attempts per hour today, replicates released and left,
 * today's appointments and the do-not-call list; and the supervisor's two writes, releasing the next replicate and
 * adding a number to the do-not-call list. Numbers are always masked here: only the interviewer holding a case
 * sees it whole.
 */
@Service
public class CatiSupervision {

  /** A session without a sign of life for this long is shown as away (the browser was closed, the phone died). */
  static final Duration STALE = Duration.ofMinutes(10);

  private final CatiSupervisionRepository repository;
  private final CatiQueue queue;
  private final SurveyService surveys;
  private final OrgService org;
  private final Clock clock;

  CatiSupervision(CatiSupervisionRepository repository, CatiQueue queue, SurveyService surveys, OrgService org,
      Clock clock) {
    this.repository = repository;
    this.queue = queue;
    this.surveys = surveys;
    this.org = org;
    this.clock = clock;
  }

  /** An interviewer's live state; {@code state} is {@code away} when the session is stale. */
  public record InterviewerState(String interviewer, String displayName, String state, Instant since,
      Instant lastSeen, boolean stale) {}

  /** Cases of an area by queue state: fresh, callback, appointment, final. */
  public record AreaLeft(String code, String name, long fresh, long callback, long appointment, long finals) {
    public long open() {
      return fresh + callback + appointment;
    }
  }

  /** A stratum's screened-in completes against its target (null: no target set). */
  public record StratumProgress(String code, String name, Long target, long completes) {
    public boolean reached() {
      return target != null && completes >= target;
    }
  }

  /** Attempts and completes recorded in one hour (China time) today. */
  public record HourCount(int hour, long attempts, long completes) {}

  /** The current phone draw's replicates; {@code drawId} null when the survey has no phone draw yet. */
  public record Replicates(Long drawId, int released, int total, long numbersReleased, long numbersLeft) {
    public int left() {
      return total - released;
    }
  }

  /** An appointment due today; the number masked. */
  public record Appointment(long caseId, String number, String area, Instant at, String by) {}

  /** A do-not-call entry; the number masked. */
  public record DncEntry(String number, String reason, String addedBy, Instant addedAt) {}

  /** Everything the supervisor's page shows, as of {@code at}. */
  public record Supervision(long surveyId, String surveyName, boolean phone, Instant at,
      List<InterviewerState> interviewers, List<AreaLeft> areas, AreaLeft total, List<StratumProgress> strata,
      List<HourCount> attemptsToday, Replicates replicates, List<Appointment> appointmentsToday, List<DncEntry> dnc,
      long dncTotal, boolean mayRelease) {}

  /** The result of a release: the replicate's cases made (0 when all its numbers were on the do-not-call list). */
  public record Released(int cases, Replicates replicates) {}

  /** The survey if the caller may supervise its fieldwork. */
  public Survey supervisable(Scope scope, long surveyId) {
    if (!scope.may(Permission.FIELDWORK_SUPERVISE)) {
      throw new OutOfScope(Permission.FIELDWORK_SUPERVISE.name());
    }
    return surveys.get(scope, surveyId);
  }

  public Supervision supervision(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    Instant now = clock.instant();
    String within = scope.covers(survey.targetPath()) ? null : scope.path();
    List<InterviewerState> interviewers = new ArrayList<>();
    for (CatiSupervisionRepository.SessionRow s : repository.sessions(surveyId, within)) {
      boolean stale = s.lastSeen().isBefore(now.minus(STALE));
      interviewers.add(new InterviewerState(s.interviewer(), s.displayName(), stale ? "away" : s.state(),
          stale ? s.lastSeen() : s.since(), s.lastSeen(), stale));
    }
    List<AreaLeft> areas = repository.casesByArea(surveyId, within).stream()
        .map(a -> new AreaLeft(a.code(), a.name(), a.fresh(), a.callback(), a.appointment(), a.finals())).toList();
    AreaLeft total = new AreaLeft("", "", areas.stream().mapToLong(AreaLeft::fresh).sum(),
        areas.stream().mapToLong(AreaLeft::callback).sum(), areas.stream().mapToLong(AreaLeft::appointment).sum(),
        areas.stream().mapToLong(AreaLeft::finals).sum());
    LocalDate today = LocalDate.ofInstant(now, Survey.CHINA);
    Instant from = today.atStartOfDay(Survey.CHINA).toInstant();
    Instant to = today.plusDays(1).atStartOfDay(Survey.CHINA).toInstant();
    long[][] byHour = repository.attemptsByHour(surveyId, within, from, to);
    List<HourCount> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(new HourCount(h, byHour[h][0], byHour[h][1]));
    }
    List<Appointment> appointments = repository.appointments(surveyId, within, from, to).stream()
        .map(a -> new Appointment(a.caseId(), mask(a.number()), a.areaName(), a.at(), a.by())).toList();
    List<DncEntry> dnc = repository.dnc(surveyId).stream()
        .map(d -> new DncEntry(mask(d.number()), d.reason(), d.addedBy(), d.addedAt())).toList();
    return new Supervision(surveyId, survey.name(), survey.mode(SurveyMode.PHONE).isPresent(), now, interviewers,
        areas, total, strata(survey, within), hours, replicates(surveyId), appointments, dnc,
        repository.dncCount(surveyId), scope.covers(survey.targetPath()));
  }

  /**
   * The screening strata (counties of a survey above a county, towns of a county survey) in the caller's part,
   * with the queue's targets ({@link CatiQueue#strata}) and screened-in completes.
   */
  private List<StratumProgress> strata(Survey survey, String within) {
    java.util.Set<String> mine = new java.util.HashSet<>();
    for (OrgNode n : org.areasUnder(survey.targetCode(), OrgLevel.fromDb(survey.stratumLevel()))) {
      if (within == null || n.path().startsWith(within)) {
        mine.add(n.code());
      }
    }
    return queue.strata(survey.id()).stream().filter(t -> mine.contains(t.code()))
        .map(t -> new StratumProgress(t.code(), t.name(), t.target(), t.completes())).toList();
  }

  private Replicates replicates(long surveyId) {
    return repository.currentPhoneDraw(surveyId).map(repository::replicates)
        .map(r -> new Replicates(r.drawId(), r.released(), r.total(), r.numbersReleased(), r.numbersLeft()))
        .orElse(new Replicates(null, 0, 0, 0, 0));
  }

  /**
   * Releases the next replicate of the survey's current phone draw. Only a caller who covers the survey's whole
   * area may: a replicate spans every area of the draw.
   */
  @Transactional
  public Released release(Scope scope, long surveyId) {
    Survey survey = supervisable(scope, surveyId);
    if (!scope.covers(survey.targetPath())) {
      throw new OutOfScope("survey " + surveyId);
    }
    if (survey.mode(SurveyMode.PHONE).isEmpty()) {
      throw new InputRejected(Problem.of("cati.super.error.noPhone"));
    }
    long draw = repository.currentPhoneDraw(surveyId)
        .orElseThrow(() -> new InputRejected(Problem.of("cati.super.error.noDraw")));
    CatiSupervisionRepository.ReplicateRow before = repository.replicates(draw);
    if (before.released() >= before.total()) {
      throw new InputRejected(Problem.of("cati.super.error.allReleased"));
    }
    int cases = queue.releaseNext(scope.username(), surveyId);
    return new Released(cases, replicates(surveyId));
  }

  /** The do-not-call list of the survey, numbers masked. */
  public List<DncEntry> dnc(Scope scope, long surveyId) {
    supervisable(scope, surveyId);
    return repository.dnc(surveyId).stream()
        .map(d -> new DncEntry(mask(d.number()), d.reason(), d.addedBy(), d.addedAt())).toList();
  }

  /** Adds a number to the survey's do-not-call list; false when it was on it already. */
  @Transactional
  public boolean addDnc(Scope scope, long surveyId, String number) {
    Survey survey = supervisable(scope, surveyId);
    if (survey.mode(SurveyMode.PHONE).isEmpty()) {
      throw new InputRejected(Problem.of("cati.super.error.noPhone"));
    }
    if (!scope.covers(survey.targetPath())) {
      throw new OutOfScope("survey " + surveyId);
    }
    String digits = normalise(number);
    boolean known = repository.onDnc(surveyId, digits);
    queue.addDnc(scope.username(), surveyId, digits);
    return !known;
  }

  /**
   * A number as the draws write it: digits only, a mobile of 11 digits starting with 1, or a landline with its
   * area code (a leading 0, 10 to 12 digits). Spaces, hyphens and a leading +86 or 86 are dropped.
   */
  static String normalise(String number) {
    String s = number == null ? "" : number.strip().replaceAll("[\\s\\-()]", "");
    if (s.startsWith("+86")) {
      s = s.substring(3);
    } else if (s.startsWith("86") && s.length() == 13) {
      s = s.substring(2);
    }
    boolean mobile = s.matches("1[0-9]{10}");
    boolean landline = s.matches("0[1-9][0-9]{8,10}");
    if (!mobile && !landline) {
      throw new InputRejected(Problem.at(0, "dncNumber", "cati.super.error.badNumber", number == null ? "" : number));
    }
    return s;
  }

  static String mask(String number) {
    return CatiNumbers.mask(number);
  }
}
