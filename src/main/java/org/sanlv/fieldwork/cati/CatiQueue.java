package org.sanlv.fieldwork.cati;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The call queue of phone fieldwork: an interviewer presses "next" and gets one number that nobody else holds, in the
 * order due appointments, callbacks due, fresh numbers of released replicates, never outside the calling hours,
 * never over the attempt cap, never a number on the do-not-call list; the interviewer records each attempt's AAPOR
 * code and the {@link DispositionRules} decide what the number is now. Supervisors release replicates and add
 * numbers to the do-not-call list.
 *
 * <p>Interviewers of a survey are the accounts with {@link Permission#FIELDWORK_INTERVIEW} whose area contains the
 * survey's area or lies inside it; supervisors those with {@link Permission#FIELDWORK_SUPERVISE} whose area
 * contains the survey's. Every method may run inside a caller's transaction.
 */
@Service
public class CatiQueue {

  /** The session states of the supervisor's view. */
  public static final Set<String> STATES = Set.of("idle", "dialling", "interview", "wrap_up", "away");

  /**
   * What "next" answers: a case (with its number, for the interviewer who now holds it) or, when none is given,
   * why ({@code outside_hours}, {@code none_due}, {@code done}) and when to ask again.
   *
   * @param kind {@code appointment}, {@code callback} or {@code fresh}
   * @param attempt the number of this attempt (1 for a fresh number)
   */
  public record NextCall(Long caseId, UUID holdToken, String number, String area, int attempt, String kind,
      Instant appointmentAt, Instant heldUntil, List<AttemptView> history, String reason, Instant nextAt) {}

  /** An earlier attempt on the case, as the interviewer sees it. */
  public record AttemptView(int attemptNo, Instant endedAt, String code, String note, String interviewer) {}

  /**
   * The outcome of an attempt.
   *
   * @param key the client's uuid of this save: a retry with the same key stores nothing twice
   * @param callbackAt when to call again (a callback), or the appointment agreed when {@code appointment}
   * @param hardRefusal a refusal (2.11x) whose number must never be called again (do-not-call list)
   * @param stratum the stratum the screening question assigned, when it was asked
   * @param responseId the stored interview, with code 1.1
   */
  public record Outcome(UUID key, String code, String note, Instant callbackAt, boolean appointment,
      boolean hardRefusal, String stratum, Long responseId) {}

  /**
   * What was recorded.
   *
   * @param status {@code stored}, or {@code repeat} for a retried save
   * @param caseState the case's queue state now ({@code appointment}, {@code callback}, {@code final})
   * @param finalCode its final code when final
   * @param disposition the code the case counts as now (4.80 when the stratum's target was reached)
   */
  public record Recorded(String status, String caseState, String finalCode, String disposition) {}

  /** A stratum of the screening question with its target of completed phone interviews and those done. */
  public record Stratum(String code, String name, long target, long completes) {}

  /** An interviewer's code button: the code, its group, its label, whether it ends the number, whether it needs a time. */
  public record CodeOption(String code, String category, String messageKey, boolean fin, boolean needsTime) {}

  private static final long CACHE_NANOS = 2_000_000_000L;
  private static final int NOTE_LIMIT = 2000;

  private final CatiRepository repository;
  private final SurveyService surveys;
  private final SamplingService sampling;
  private final UserService users;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<Long, Cached<Survey>> surveyCache = new ConcurrentHashMap<>();
  private final Map<String, Cached<Scope>> scopeCache = new ConcurrentHashMap<>();
  private final Map<Long, Cached<List<Stratum>>> strataCache = new ConcurrentHashMap<>();

  private record Cached<T>(T value, long at) {
    boolean fresh() {
      return System.nanoTime() - at < CACHE_NANOS;
    }
  }

  CatiQueue(CatiRepository repository, SurveyService surveys, SamplingService sampling, UserService users,
      AuditLog audit, Clock clock) {
    this.repository = repository;
    this.surveys = surveys;
    this.sampling = sampling;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ interviewer

  /** The next number for {@code interviewer}, or why there is none now (see {@link NextCall}). */
  @Transactional
  public NextCall next(String interviewer, long surveyId) {
    Survey survey = interviewerSurvey(interviewer, surveyId);
    Survey.Mode phone = phoneMode(survey);
    CallingRules rules = CallingRules.of(phone.design());
    Instant now = clock.instant();
    if (!now.isBefore(phone.closesAt()) || survey.status() == Survey.Status.CLOSED) {
      return idle(surveyId, interviewer, "done", null, now);
    }
    if (survey.status() == Survey.Status.DRAFT) {
      return idle(surveyId, interviewer, "outside_hours", null, now); // not started: no calls, no date to give
    }
    if (now.isBefore(phone.opensAt())) {
      return idle(surveyId, interviewer, "outside_hours", rules.nextOpening(phone.opensAt()), now);
    }
    if (!rules.open(now)) {
      Instant opening = rules.nextOpening(now);
      // a held case is given back even outside the hours: its interview may be running
      Optional<CatiRepository.CaseRow> held = repository.next(surveyId, interviewer, now,
          now.plus(rules.holdMinutes(), ChronoUnit.MINUTES), -1, UUID.randomUUID());
      if (held.isPresent()) {
        return handedOut(held.get());
      }
      Optional<Instant> due = repository.nextDue(surveyId, rules.maxAttempts());
      if (due.isEmpty()) {
        return idle(surveyId, interviewer, "done", null, now);
      }
      Instant at = due.get().isAfter(opening) ? rules.nextOpening(due.get()) : opening;
      return idle(surveyId, interviewer, "outside_hours", at.isBefore(phone.closesAt()) ? at : null, now);
    }
    Optional<CatiRepository.CaseRow> picked = repository.next(surveyId, interviewer, now,
        now.plus(rules.holdMinutes(), ChronoUnit.MINUTES), rules.maxAttempts(), UUID.randomUUID());
    if (picked.isPresent()) {
      return handedOut(picked.get());
    }
    Optional<Instant> due = repository.nextDue(surveyId, rules.maxAttempts());
    if (due.isEmpty()) {
      return idle(surveyId, interviewer, "done", null, now);
    }
    Instant at = rules.nextOpening(due.get().isAfter(now) ? due.get() : now.plusSeconds(1));
    return idle(surveyId, interviewer, "none_due", at, now);
  }

  private NextCall idle(long surveyId, String interviewer, String reason, Instant nextAt, Instant now) {
    repository.session(surveyId, interviewer, "idle", null, now);
    return new NextCall(null, null, null, null, 0, null, null, null, List.of(), reason, nextAt);
  }

  private NextCall handedOut(CatiRepository.CaseRow c) {
    List<AttemptView> history = new ArrayList<>();
    Instant appointmentAt = null;
    if (c.attempts() > 0) {
      for (CatiRepository.AttemptRow a : repository.attempts(c.id())) {
        history.add(new AttemptView(a.attemptNo(), a.endedAt(), a.code(), a.note(), a.interviewer()));
        appointmentAt = a.appointment() ? a.callbackAt() : null;
      }
    }
    String kind = switch (c.state()) {
      case "appointment" -> "appointment";
      case "callback" -> "callback";
      default -> "fresh";
    };
    return new NextCall(c.id(), c.holdToken(), c.number(), c.area(), c.attempts() + 1, kind,
        "appointment".equals(kind) ? appointmentAt : null, c.heldUntil(), List.copyOf(history), null, null);
  }

  /**
   * Records an attempt on a case the interviewer holds. A retried save (same key) answers {@code repeat} with the
   * case as it is. A hold that ran out but that nobody has taken since is still the caller's (the token proves it).
   *
   * @throws InputRejected unknown code, a code an interviewer may not record, a time in the past, outside the
   *     calling hours or after the phone window, a missing time for an appointment, a stratum outside the survey
   * @throws InputConflict the case is not held by the caller with this token, or the key was used on another case
   */
  @Transactional
  public Recorded record(String interviewer, long caseId, UUID holdToken, Outcome o) {
    if (o == null || o.key() == null) {
      throw new InputRejected(Problem.at(0, "key", "import.error.required"));
    }
    AaporCode code = AaporCode.parse(o.code()).orElseThrow(() -> new InputRejected(
        Problem.at(0, "code", "cati.error.unknownCode", o.code() == null ? "" : o.code())));
    if (!DispositionRules.recordable(code)) {
      throw new InputRejected(Problem.at(0, "code", "cati.error.notRecordable", code.code()));
    }
    if (code == AaporCode.COMPLETE && o.responseId() == null) {
      throw new InputRejected(Problem.at(0, "code", "cati.error.completeNeedsInterview"));
    }
    if (o.hardRefusal() && !DispositionRules.isRefusal(code)) {
      throw new InputRejected(Problem.at(0, "hardRefusal", "cati.error.hardRefusalCode", code.code()));
    }
    if (o.note() != null && o.note().length() > NOTE_LIMIT) {
      throw new InputRejected(Problem.at(0, "note", "cati.error.noteTooLong", NOTE_LIMIT));
    }
    CatiRepository.CaseRow c = repository.lockCase(caseId).orElseThrow(() -> new NotFound("case " + caseId));
    Optional<Long> keyCase = repository.caseOfKey(o.key());
    if (keyCase.isPresent()) {
      if (keyCase.get() != caseId) {
        throw new InputConflict(Problem.at(0, "key", "cati.error.keyUsed"));
      }
      return new Recorded("repeat", c.state(), c.finalCode(), c.disposition());
    }
    if (!interviewer.equals(c.heldBy()) || holdToken == null || !holdToken.equals(c.holdToken())) {
      throw new InputConflict(Problem.of("cati.error.notHeld"));
    }
    Survey survey = interviewerSurvey(interviewer, c.surveyId());
    Survey.Mode phone = phoneMode(survey);
    CallingRules rules = CallingRules.of(phone.design());
    Instant now = clock.instant();
    Instant callbackAt = o.callbackAt();
    boolean appointment = o.appointment() || DispositionRules.needsTime(code);
    if (appointment && callbackAt == null && !DispositionRules.finalAtOnce(code)) {
      throw new InputRejected(Problem.at(0, "callbackAt", "cati.error.appointmentNeedsTime"));
    }
    if (callbackAt != null) {
      if (appointment) {
        callbackAt = callbackAt.truncatedTo(ChronoUnit.MINUTES); // an appointment is served within its minute
      }
      if (!callbackAt.isAfter(now)) {
        throw new InputRejected(Problem.at(0, "callbackAt", "cati.error.timeInPast"));
      }
      if (!rules.allows(callbackAt)) {
        throw new InputRejected(Problem.at(0, "callbackAt", "cati.error.timeOutsideHours", rules.hoursText()));
      }
      if (!callbackAt.isBefore(phone.closesAt())) {
        throw new InputRejected(Problem.at(0, "callbackAt", "cati.error.timeAfterWindow"));
      }
    }
    String stratum = o.stratum() == null || o.stratum().isBlank() ? null : o.stratum().strip();
    Stratum screened = null;
    if (stratum != null) {
      final String s = stratum;
      screened = strata(c.surveyId()).stream().filter(x -> x.code().equals(s)).findFirst()
          .orElseThrow(() -> new InputRejected(Problem.at(0, "stratum", "cati.error.unknownStratum", s)));
    }
    // a screened-in eligible case of a stratum that has its completes is finished as quota filled, never interviewed
    AaporCode recorded = code;
    if (screened != null && code != AaporCode.COMPLETE && !o.hardRefusal() && DispositionRules.eligible(code)
        && repository.completesOf(c.surveyId(), stratum) >= screened.target()) {
      recorded = AaporCode.QUOTA_FILLED;
      appointment = false;
      callbackAt = null;
    }
    List<DispositionRules.Attempt> attempts = new ArrayList<>();
    if (c.attempts() > 0) {
      for (CatiRepository.AttemptRow a : repository.attempts(caseId)) {
        attempts.add(new DispositionRules.Attempt(a.code(), a.appointment(), false));
      }
    }
    attempts.add(new DispositionRules.Attempt(recorded.code(), appointment, o.hardRefusal()));
    DispositionRules.Disposition d = DispositionRules.of(attempts, rules.maxAttempts());
    try {
      repository.insertAttempt(caseId, c.surveyId(), interviewer, c.attempts() + 1,
          c.heldSince() == null ? now : c.heldSince(), now, recorded.code(), blank(o.note()), callbackAt, appointment,
          stratum, o.responseId(), o.key());
    } catch (DuplicateKeyException e) {
      throw new InputConflict(Problem.at(0, "key", "cati.error.keyUsed")); // the same key on two cases at once
    }
    boolean dnc = false;
    if (o.hardRefusal()) {
      repository.addDnc(c.surveyId(), c.number(), "hard_refusal", interviewer, now);
      dnc = true;
    } else if (!d.fin()) {
      dnc = c.onDnc(); // put on the list by a supervisor while it was held
    }
    String state;
    int priority;
    Instant nextCallAt;
    String appointmentBy = null;
    if (d.fin() || dnc) {
      state = "final";
      priority = c.priority();
      nextCallAt = null;
    } else if (appointment) {
      state = "appointment";
      priority = 0;
      nextCallAt = callbackAt; // agreed with the respondent: kept even within the minimum gap
      appointmentBy = interviewer;
    } else {
      state = "callback";
      priority = 1;
      Instant gap = now.plus(rules.minGapMinutes(), ChronoUnit.MINUTES);
      nextCallAt = callbackAt != null && callbackAt.isAfter(gap) ? callbackAt : gap;
    }
    String finalCode = "final".equals(state) ? d.code() : null;
    String county = stratum == null ? null : "county".equals(survey.stratumLevel()) ? stratum : survey.targetCode();
    repository.updateAfterAttempt(caseId, c.surveyId(), interviewer, now, recorded.code(), d.code(), finalCode, state,
        priority, nextCallAt, appointmentBy, stratum, county, o.responseId());
    return new Recorded("stored", state, finalCode, d.code());
  }

  /** Sets the interviewer's live state; {@code interview} keeps the hold of their case alive. */
  @Transactional
  public void state(String interviewer, long surveyId, String state) {
    if (state == null || !STATES.contains(state)) {
      throw new InputRejected(Problem.at(0, "state", "cati.error.unknownState", state == null ? "" : state));
    }
    Survey survey = interviewerSurvey(interviewer, surveyId);
    CallingRules rules = CallingRules.of(phoneMode(survey).design());
    Instant now = clock.instant();
    if ("interview".equals(state) || "dialling".equals(state)) {
      repository.extendHold(surveyId, interviewer, now.plus(rules.holdMinutes(), ChronoUnit.MINUTES), now);
    }
    repository.session(surveyId, interviewer, state, null, now);
  }

  /** The codes an interviewer may record, in catalog order. */
  public List<CodeOption> codes() {
    List<CodeOption> list = new ArrayList<>();
    for (AaporCode c : AaporCode.values()) {
      if (DispositionRules.listed(c)) {
        list.add(new CodeOption(c.code(), c.category().name(), c.messageKey(), DispositionRules.finalAtOnce(c),
            DispositionRules.needsTime(c)));
      }
    }
    return list;
  }

  /**
   * The strata of the screening question (the counties of a province survey, the towns of a county mock survey)
   * with their targets: the phone mode's {@code targetPerStratum} when set, else the phone share of the stratum's
   * household sample size, as the sampling plan computes it.
   */
  public List<Stratum> strata(long surveyId) {
    Cached<List<Stratum>> cached = strataCache.get(surveyId);
    List<Stratum> plan;
    if (cached != null && cached.fresh()) {
      plan = cached.value();
    } else {
      Survey survey = surveys.byId(surveyId).orElseThrow(() -> new NotFound("survey " + surveyId));
      CallingRules rules = CallingRules.of(phoneMode(survey).design());
      Scope system = new Scope("cati-queue", Role.PROVINCE_ADMIN, survey.targetCode(), survey.targetPath());
      plan = sampling.plan(system, surveyId, null, null, null).strata().stream()
          .map(s -> new Stratum(s.code(), s.name(), rules.targetPerStratum().isPresent()
              ? rules.targetPerStratum().getAsInt() : s.phoneN(), 0)).toList();
      strataCache.put(surveyId, new Cached<>(plan, System.nanoTime()));
    }
    Map<String, Long> done = repository.completesByStratum(surveyId);
    return plan.stream().map(s -> new Stratum(s.code(), s.name(), s.target(), done.getOrDefault(s.code(), 0L)))
        .toList();
  }

  // ------------------------------------------------------------------ supervisor

  /**
   * Releases the next replicate of the survey's current phone draw: one case per number not on the do-not-call
   * list. Returns the cases made (0 when every replicate is out). Two releases at once run one after the other.
   */
  @Transactional
  public int releaseNext(String user, long surveyId) {
    supervisorSurvey(user, surveyId);
    long draw = repository.lockCurrentPhoneDraw(surveyId)
        .orElseThrow(() -> new InputRejected(Problem.of("cati.error.noPhoneDraw")));
    Optional<Integer> replicate = repository.nextReplicate(draw);
    if (replicate.isEmpty()) {
      return 0;
    }
    int made = repository.release(surveyId, draw, replicate.get(), clock.instant());
    audit.record(user, "cati.release", "survey " + surveyId, Map.of("draw", draw, "replicate", replicate.get(),
        "cases", made));
    return made;
  }

  /**
   * Puts a number on the survey's do-not-call list (reason {@code supervisor}); its open case, unless an interviewer
   * holds it now, ends at once with the disposition its attempts give (3.11 when never called). A held case ends
   * when its attempt is recorded.
   */
  @Transactional
  public void addDnc(String user, long surveyId, String number) {
    Survey survey = supervisorSurvey(user, surveyId);
    String n = CatiNumbers.normalize(number);
    if (n == null) {
      throw new InputRejected(Problem.at(0, "number", "cati.error.badNumber", number == null ? "" : number));
    }
    Instant now = clock.instant();
    if (repository.addDnc(surveyId, n, "supervisor", user, now)) {
      audit.record(user, "cati.dnc", "survey " + surveyId, Map.of("number", CatiNumbers.mask(n)));
    }
    CallingRules rules = CallingRules.of(phoneMode(survey).design());
    repository.openCaseOfNumber(surveyId, n).ifPresent(id -> {
      List<DispositionRules.Attempt> attempts = repository.attempts(id).stream()
          .map(a -> new DispositionRules.Attempt(a.code(), a.appointment(), false)).toList();
      repository.finishUnheld(id, DispositionRules.of(attempts, rules.maxAttempts()).code(), now);
    });
  }

  /** Where a case sits in the tree: its survey's target area (for the scope check of {@code caseId}). */
  public Optional<String> casePath(long caseId) {
    return repository.surveyOfCase(caseId).flatMap(surveys::pathOf);
  }

  // ------------------------------------------------------------------ who

  /** A call centre works its survey's whole area: a phone interviewer sits at that area or above it. */
  private Survey interviewerSurvey(String interviewer, long surveyId) {
    Survey survey = survey(surveyId);
    Scope scope = scope(interviewer);
    if (!scope.may(Permission.FIELDWORK_INTERVIEW)
        || !scope.covers(survey.targetPath())) {
      throw new OutOfScope("survey " + surveyId);
    }
    return survey;
  }

  private Survey supervisorSurvey(String user, long surveyId) {
    Survey survey = survey(surveyId);
    Scope scope = scope(user);
    if (!scope.may(Permission.FIELDWORK_SUPERVISE) || !scope.covers(survey.targetPath())) {
      throw new OutOfScope("survey " + surveyId);
    }
    return survey;
  }

  private Survey survey(long surveyId) {
    Cached<Survey> cached = surveyCache.get(surveyId);
    if (cached != null && cached.fresh()) {
      return cached.value();
    }
    Survey survey = surveys.byId(surveyId).orElseThrow(() -> new NotFound("survey " + surveyId));
    surveyCache.put(surveyId, new Cached<>(survey, System.nanoTime()));
    return survey;
  }

  private Scope scope(String user) {
    Cached<Scope> cached = scopeCache.get(user);
    if (cached != null && cached.fresh()) {
      return cached.value();
    }
    Scope scope = users.scopeOf(user).orElseThrow(() -> new OutOfScope("account " + user));
    scopeCache.put(user, new Cached<>(scope, System.nanoTime()));
    return scope;
  }

  private static Survey.Mode phoneMode(Survey survey) {
    return survey.mode(SurveyMode.PHONE)
        .orElseThrow(() -> new InputRejected(Problem.of("cati.error.noPhoneMode")));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Forgets cached surveys and strata (tests that change a survey's design). */
  void forget() {
    surveyCache.clear();
    strataCache.clear();
    scopeCache.clear();
  }
}
