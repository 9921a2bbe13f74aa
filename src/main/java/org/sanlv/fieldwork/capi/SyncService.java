package org.sanlv.fieldwork.capi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.sanlv.fieldwork.FieldworkService;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.instrument.Completion;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.integrity.FieldworkChecks;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.StorableText;
import org.sanlv.survey.Survey;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The interviewer app's sync: a device sends the visits and interviews it recorded (offline or not), each under the
 * device's own key, and every visit is stored or refused on its own.
 *
 * <p>A batch is one transaction with a savepoint per visit: a visit that fails (bad input, or a row PostgreSQL
 * refuses) is rolled back to its savepoint and refused with the reason, the others commit together (one fsync per
 * batch). A visit's key makes a repeated sync store nothing: its visit and its response are found again and
 * answered {@code repeat}.
 *
 * <p>Conflict rules (the README's "CAPI sync"):
 * <ul>
 *   <li>Who: the assignment's interviewer, or a member of the assignment's team now, or an interviewer who held the
 *       assignment at the version the device sent ({@code assignmentVersion}; the holder history of V16, written by
 *       every assignment, reassignment, unassignment, bulk assignment and removal from a team). Anyone else (another
 *       team's interviewer who never held it, an admin, a former holder sending a version he did not hold) is refused
 *       and nothing is stored; the device keeps the visit and shows why.</li>
 *   <li>Reassigned while offline (the device's assignment version is older and the assignment now names someone
 *       else, in the same team or another one, or nobody): the interview is kept, flagged {@code capi_reassigned},
 *       and counted for the interviewer who did it ({@code response.interviewer} is the caller; a former holder's
 *       interview keeps the team he held it in, so his supervisor reviews it).</li>
 *   <li>Questionnaire changed while offline: the interview is validated and kept under the instrument it was taken
 *       with, if that instrument is a version of the survey's form; another form is refused.</li>
 *   <li>Assignment deleted or unknown: refused with a problem, nothing stored; the device keeps the visit and shows
 *       it.</li>
 *   <li>Device clock off by more than {@link #CLOCK_SKEW_FLAG} (the device's {@code sentAt} against the server's
 *       clock): stored with the device's times, flagged {@code capi_clock_skew}, {@code received_at} the server's,
 *       {@code paradata.clockSkewSeconds} the difference.</li>
 *   <li>A duplicated batch, or a key twice in one batch: each key is stored once, the others answer {@code repeat}.</li>
 *   <li>A refused or rejected interview that the interviewer corrects is a new interview with a new key (the app
 *       makes a new key when a returned or refused record is reopened), so the first one stays as it was.</li>
 * </ul>
 *
 * <p>Visits and their effect on the assignment: an interview completes a household assignment (an intercept cell when
 * its target is reached); {@code vacant} and {@code ineligible} close a household at once ({@code non_response}, the
 * final outcome kept); any other outcome leaves it {@code visited} with the next visit planned, until the visits are
 * used up ({@code max_visits}): then it is {@code non_response} with that outcome as the final one.
 *
 * <p>After the commit of a batch that stored interviews, the survey's falsification rules are asked to run soon
 * ({@link FieldworkChecks#checkSoon}: asynchronous, coalesced per survey); the sync never waits for them and never
 * fails because of them.
 */
@Service
public class SyncService {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SyncService.class);

  /** The most visits one sync request may carry. */
  public static final int MOST_VISITS = 200;
  /** A device clock further off than this (either way) flags its interviews {@code capi_clock_skew}. */
  public static final Duration CLOCK_SKEW_FLAG = Duration.ofMinutes(30);

  static final Set<String> OUTCOMES =
      Set.of("interview", "nobody_home", "refused", "ineligible", "vacant", "language", "appointment");
  static final Set<String> SELECTIONS = Set.of("next_birthday", "kish", "only_adult");
  /**
   * What an approach at a street site can end in: nobody is "not at home" there, no site is "vacant", and a
   * passer-by gets no appointment.
   */
  static final Set<String> INTERCEPT_OUTCOMES = Set.of("interview", "refused", "ineligible", "language");
  /** Outcomes after which a household is not visited again. */
  private static final Set<String> FINAL_AT_ONCE = Set.of("vacant", "ineligible");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SyncRepository repository;
  private final FieldworkService fieldwork;
  private final InstrumentService instruments;
  private final MessageSource messages;
  private final TransactionTemplate transactions;
  private final FieldworkChecks checks;
  private final Clock clock;

  SyncService(SyncRepository repository, FieldworkService fieldwork, InstrumentService instruments,
      MessageSource messages, PlatformTransactionManager transactions, FieldworkChecks checks, Clock clock) {
    this.checks = checks;
    this.repository = repository;
    this.fieldwork = fieldwork;
    this.instruments = instruments;
    this.messages = messages;
    this.transactions = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** What became of one visit: {@code stored}, {@code repeat} (stored before) or {@code refused} (with why). */
  public record Result(String key, String status, Long responseId, List<String> flags, String problem) {}

  /** A visit refused for what it holds; rolled back to its savepoint. */
  private static final class Refused extends RuntimeException {
    private final Problem problem;

    Refused(String key, Object... args) {
      super(key, null, false, false);
      this.problem = Problem.of(key, args);
    }
  }

  /**
   * Stores a device's batch for {@code interviewer}. The body is the sync request's JSON (see the README): each
   * visit is read on its own, so one malformed visit is refused alone.
   *
   * @throws InputRejected the body itself is not a sync request (no device id, no list of visits, too many)
   */
  public List<Result> sync(String interviewer, Map<String, Object> body, Locale locale) {
    String deviceId = text(body.get("deviceId"));
    if (deviceId == null || deviceId.isBlank() || deviceId.length() > 100 || !StorableText.isStorable(deviceId)) {
      throw new InputRejected(Problem.of("capi.sync.noDevice"));
    }
    if (!(body.get("visits") instanceof List<?> visits)) {
      throw new InputRejected(Problem.of("capi.sync.noVisits"));
    }
    if (visits.size() > MOST_VISITS) {
      throw new InputRejected(Problem.of("capi.sync.tooMany", MOST_VISITS));
    }
    Instant now = clock.instant();
    Long skew = null;
    try {
      Instant sentAt = instant(body.get("sentAt"));
      skew = sentAt == null ? null : Math.round(Duration.between(now, sentAt).toMillis() / 1000.0);
    } catch (Refused ignored) {
      // an unreadable device time: no skew known, nothing flagged for it
    }
    String deviceHash = fieldwork.deviceHash(deviceId);
    Long clockSkew = skew;
    Set<Long> surveys = new HashSet<>();
    List<Result> results;
    try {
      results = transactions.execute(tx -> run(tx, interviewer, visits, deviceHash, clockSkew, now, locale, true,
          surveys));
    } catch (RuntimeException e) {
      // PostgreSQL refused the batch's interviews stored together (every value is checked before, so this is rare):
      // the batch again, each interview inside its own visit's savepoint, so that only the one at fault is refused
      log.warn("capi sync: a batch of {} from {} stored visit by visit: {}", visits.size(), interviewer, e.toString());
      results = transactions.execute(tx -> run(tx, interviewer, visits, deviceHash, clockSkew, now, locale, false,
          surveys));
    }
    // committed: the falsification rules look at the new interviews soon, not at the next scheduled run
    for (long survey : surveys) {
      try {
        checks.checkSoon(survey);
      } catch (RuntimeException e) {
        log.warn("capi sync: no early check of survey {}: {}", survey, e.toString()); // the schedule does it
      }
    }
    return results;
  }

  /**
   * One batch in one transaction. With {@code together}, the interviews' responses are inserted after the visits,
   * in one statement: the response store's statement trigger (V12) then runs once per batch instead of once per
   * interview, and its row lock is held only from there to the commit.
   */
  private List<Result> run(TransactionStatus tx, String interviewer, List<?> visits, String deviceHash,
      Long clockSkew, Instant now, Locale locale, boolean together, Set<Long> surveysWithInterviews) {
    surveysWithInterviews.clear(); // a second attempt counts afresh
    List<SyncRepository.NewResponse> deferred = together ? new ArrayList<>() : null;
    List<Result> results = new ArrayList<>();
    for (Object visit : visits) {
      results.add(syncOne(tx, interviewer, visit, deviceHash, clockSkew, now, locale, deferred,
          surveysWithInterviews));
    }
    if (deferred == null || deferred.isEmpty()) {
      return results;
    }
    Map<UUID, Long> ids = repository.insertResponses(deferred);
    List<Result> withIds = new ArrayList<>(results.size());
    for (Result r : results) {
      Long id = r.responseId() == null && !"refused".equals(r.status()) && r.key() != null
          ? ids.get(UUID.fromString(r.key())) : null;
      withIds.add(id == null ? r : new Result(r.key(), r.status(), id, r.flags(), r.problem()));
    }
    return withIds;
  }

  private Result syncOne(TransactionStatus tx, String interviewer, Object raw, String deviceHash, Long clockSkew,
      Instant now, Locale locale, List<SyncRepository.NewResponse> deferred, Set<Long> surveysWithInterviews) {
    Map<?, ?> visit = raw instanceof Map<?, ?> m ? m : Map.of();
    String keyText = text(visit.get("key"));
    int deferredBefore = deferred == null ? 0 : deferred.size();
    Object savepoint = tx.createSavepoint();
    try {
      Result result = store(interviewer, visit, deviceHash, clockSkew, now, deferred, surveysWithInterviews);
      tx.releaseSavepoint(savepoint);
      return result;
    } catch (Refused e) {
      tx.rollbackToSavepoint(savepoint);
      forget(deferred, deferredBefore);
      return new Result(keyText, "refused", null, List.of(), render(e.problem, locale));
    } catch (RuntimeException e) {
      // a row PostgreSQL refused (a value out of range…): this visit alone is refused, the batch goes on
      tx.rollbackToSavepoint(savepoint);
      forget(deferred, deferredBefore);
      return new Result(keyText, "refused", null, List.of(), render(Problem.of("capi.sync.notStored"), locale));
    }
  }

  /** A refused visit's interview leaves the responses still to insert. */
  private static void forget(List<SyncRepository.NewResponse> deferred, int size) {
    while (deferred != null && deferred.size() > size) {
      deferred.remove(deferred.size() - 1);
    }
  }

  private Result store(String interviewer, Map<?, ?> visit, String deviceHash, Long clockSkew, Instant now,
      List<SyncRepository.NewResponse> deferred, Set<Long> surveysWithInterviews) {
    UUID key = uuid(visit.get("key"));
    long assignmentId = number(visit.get("assignmentId"), "assignmentId");
    SyncRepository.LockedAssignment a = repository.lockAssignment(assignmentId)
        .orElseThrow(() -> new Refused("capi.sync.unknownAssignment", assignmentId));
    boolean mine = interviewer.equals(a.interviewer());
    Long team = a.teamId();
    boolean formerHolder = false;
    if (!mine && (a.teamId() == null || !repository.isTeamMember(a.teamId(), interviewer))) {
      // not theirs now: kept only if they held it at the version the device worked under (done before it moved)
      Optional<SyncRepository.Held> held = visit.get("assignmentVersion") == null ? Optional.empty()
          : repository.heldAt(assignmentId, interviewer, version(visit));
      if (held.isEmpty()) {
        throw new Refused("capi.sync.notYours", assignmentId);
      }
      formerHolder = true;
      team = held.get().teamId();
    }
    if (repository.visitByKey(assignmentId, key).isPresent()) {
      return new Result(key.toString(), "repeat", repository.responseByKey(a.surveyId(), key).orElse(null), List.of(),
          null);
    }
    String outcome = text(visit.get("outcome"));
    if (outcome == null || !OUTCOMES.contains(outcome)) {
      throw new Refused("capi.sync.outcome", String.valueOf(outcome));
    }
    if ("intercept".equals(a.kind()) && !INTERCEPT_OUTCOMES.contains(outcome)) {
      throw new Refused("capi.sync.outcomeAtSite");
    }
    Instant visitedAt = instant(visit.get("visitedAt"));
    if (visitedAt == null) {
      throw new Refused("capi.sync.noTime", "visitedAt");
    }
    int version = version(visit);
    String note = limited(visit.get("note"), 2000, "note");
    String address = limited(visit.get("address"), 300, "address");
    Instant nextVisitAt = instant(visit.get("nextVisitAt"));
    Double lat = coordinate(visit.get("lat"), 90, "lat");
    Double lon = coordinate(visit.get("lon"), 180, "lon");
    Double accuracy = coordinate(visit.get("accuracy"), 1_000_000, "accuracy");
    if (lat == null != (lon == null)) {
      throw new Refused("capi.sync.gps");
    }
    Object interview = visit.get("interview");
    if ("interview".equals(outcome) != (interview instanceof Map<?, ?>)) {
      throw new Refused("interview".equals(outcome) ? "capi.sync.noInterview" : "capi.sync.interviewWithOutcome");
    }
    List<String> flags = new ArrayList<>();
    // reassigned while the device was offline: kept, counted for whoever did it, and shown to the supervisor
    if (formerHolder || (version < a.assignmentVersion() && !mine)) {
      flags.add("capi_reassigned");
    }
    if (clockSkew != null && Math.abs(clockSkew) > CLOCK_SKEW_FLAG.getSeconds()) {
      flags.add("capi_clock_skew");
    }
    Long responseId = null;
    if (interview instanceof Map<?, ?> iv) {
      responseId = storeInterview(interviewer, a, team, key, iv, visit, lat, lon, accuracy, deviceHash, clockSkew,
          flags, now, deferred);
    }
    if (repository.insertVisit(new SyncRepository.NewVisit(key, assignmentId, interviewer, version, visitedAt, now,
        outcome, note, nextVisitAt, lat, lon, deviceHash)).isEmpty()) {
      throw new IllegalStateException("visit " + key + " stored meanwhile"); // the lock makes this unreachable
    }
    int visits = a.visits() + 1;
    String status;
    String finalOutcome = null;
    Instant next = nextVisitAt;
    if ("interview".equals(outcome)) {
      boolean done = !"intercept".equals(a.kind()) || repository.interviewsOf(assignmentId) >= a.target();
      status = done ? "completed" : "visited";
      next = done ? null : nextVisitAt;
    } else if ("completed".equals(a.status())) {
      status = a.status(); // a late non-interview visit never undoes an interview
      next = null;
    } else if ("household".equals(a.kind()) && (FINAL_AT_ONCE.contains(outcome) || visits >= a.maxVisits())) {
      status = "non_response";
      finalOutcome = outcome;
      next = null;
    } else {
      status = "visited";
    }
    repository.updateAssignment(assignmentId, visits, status, finalOutcome, next, blankToNull(address), now);
    if (interview != null) {
      surveysWithInterviews.add(a.surveyId());
    }
    return new Result(key.toString(), "stored", responseId, List.copyOf(flags), null);
  }

  /** Checks and builds the interview's response; inserts it now, or adds it to {@code deferred} (then null). */
  private Long storeInterview(String interviewer, SyncRepository.LockedAssignment a, Long team, UUID key,
      Map<?, ?> iv, Map<?, ?> visit, Double lat, Double lon, Double accuracy, String deviceHash, Long clockSkew,
      List<String> flags, Instant now, List<SyncRepository.NewResponse> deferred) {
    long instrumentId = iv.get("instrumentId") == null ? a.surveyInstrumentId() : number(iv.get("instrumentId"), "instrumentId");
    // a questionnaire changed while offline: the interview stays under the version it was taken with
    if (instrumentId != a.surveyInstrumentId() && !repository.instrumentBelongsToSurvey(instrumentId, a.surveyInstrumentId())) {
      throw new Refused("capi.sync.instrument", instrumentId);
    }
    Instant startedAt = instant(iv.get("startedAt"));
    Instant endedAt = instant(iv.get("endedAt"));
    if (startedAt == null || endedAt == null) {
      throw new Refused("capi.sync.noTime", startedAt == null ? "startedAt" : "endedAt");
    }
    if (endedAt.isBefore(startedAt)) {
      throw new Refused("capi.sync.endsBeforeStart");
    }
    Integer adults = iv.get("adults") == null ? null : (int) number(iv.get("adults"), "adults");
    String selection = text(iv.get("selection"));
    if ("household".equals(a.kind())) {
      if (adults == null || adults < 1 || adults > 50) {
        throw new Refused("capi.sync.adults");
      }
      if (selection == null || !SELECTIONS.contains(selection) || ("only_adult".equals(selection) != (adults == 1))) {
        throw new Refused("capi.sync.selection");
      }
    } else if ((adults != null && (adults < 1 || adults > 50)) || (selection != null && !SELECTIONS.contains(selection))) {
      throw new Refused("capi.sync.selection");
    }
    if (!(iv.get("answers") instanceof Map<?, ?> given)) {
      throw new Refused("capi.sync.noAnswers");
    }
    InterviewFlow flow;
    try {
      flow = instruments.flow(instrumentId).withToday(LocalDate.ofInstant(startedAt, Survey.CHINA));
    } catch (RuntimeException e) {
      throw new Refused("capi.sync.instrument", instrumentId);
    }
    Map<String, Object> answers = new LinkedHashMap<>();
    given.forEach((k, v) -> answers.put(String.valueOf(k), v));
    List<Problem> unstorable = new ArrayList<>();
    checkStorable("answers", answers, unstorable);
    if (!unstorable.isEmpty()) {
      throw new Refused("capi.sync.unstorable");
    }
    // the county is the assignment's: its screening question is answered by the assignment, never by the device
    String countyQuestion = FieldworkService.countyQuestionOf(flow);
    if (countyQuestion != null) {
      answers.put(countyQuestion, a.county());
    }
    Completion completion = flow.complete(answers);
    if (completion.outcome() == Completion.Outcome.INVALID) {
      AnswerProblem p = completion.problems().get(0);
      throw new Refused("capi.sync.answers", p.question(), p);
    }
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("durations", org.sanlv.fieldwork.Paradata.durations(iv.get("durations")));
    paradata.put("startedAt", startedAt.toString());
    paradata.put("endedAt", endedAt.toString());
    if (lat != null) {
      Map<String, Object> gps = new LinkedHashMap<>();
      gps.put("lat", lat);
      gps.put("lon", lon);
      if (accuracy != null) {
        gps.put("accuracy", accuracy);
      }
      paradata.put("gps", gps);
    }
    paradata.put("device", deviceHash);
    paradata.put("visit", a.visits() + 1);
    if (clockSkew != null) {
      paradata.put("clockSkewSeconds", clockSkew);
    }
    paradata.put("assignmentVersion", version(visit));
    paradata.put("offline", Boolean.TRUE.equals(visit.get("offline")));
    String status = completion.outcome() == Completion.Outcome.COMPLETE ? "complete" : "ineligible";
    SyncRepository.NewResponse response = new SyncRepository.NewResponse(key, a.surveyId(), instrumentId, a.county(),
        a.stratum(), a.kind(), status, startedAt, endedAt, now, interviewer, deviceHash, List.copyOf(flags),
        JSON.writeValueAsString(completion.answers()), JSON.writeValueAsString(paradata), a.id(), team, adults,
        selection);
    if (deferred != null) {
      deferred.add(response);
      return null;
    }
    return repository.insertResponse(response);
  }

  private static void checkStorable(String field, Object value, List<Problem> problems) {
    if (value instanceof String s && !StorableText.isStorable(s)) {
      problems.add(Problem.at(0, field, "capi.sync.unstorable"));
    } else if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (!StorableText.isStorable(String.valueOf(k))) {
          problems.add(Problem.at(0, field, "capi.sync.unstorable"));
        }
        checkStorable(field, v, problems);
      });
    } else if (value instanceof List<?> l) {
      l.forEach(v -> checkStorable(field, v, problems));
    }
  }

  private String render(Problem p, Locale locale) {
    Object[] args = p.args().stream().map(arg -> arg instanceof AnswerProblem ap ? answerText(ap, locale) : arg).toArray();
    return messages.getMessage(p.messageKey(), args, p.messageKey(), locale);
  }

  private String answerText(AnswerProblem p, Locale locale) {
    String own = p.formMessage(locale.getLanguage());
    return own != null && !own.isBlank() ? own
        : messages.getMessage(p.code(), p.args().toArray(), p.code(), locale);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String limited(Object o, int most, String field) {
    if (o == null) {
      return null;
    }
    if (!(o instanceof String s) || s.length() > most || !StorableText.isStorable(s)) {
      throw new Refused("capi.sync.text", field, most);
    }
    return s;
  }

  private static UUID uuid(Object o) {
    String s = text(o);
    try {
      if (s == null || s.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new Refused("capi.sync.key");
    }
  }

  private static long number(Object o, String field) {
    if (o instanceof Long || o instanceof Integer || o instanceof Short) {
      return ((Number) o).longValue();
    }
    if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue();
    }
    throw new Refused("capi.sync.number", field);
  }

  private static int version(Map<?, ?> visit) {
    Object v = visit.get("assignmentVersion");
    return v == null ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(v, "assignmentVersion")));
  }

  private static Double coordinate(Object o, double most, String field) {
    if (o == null) {
      return null;
    }
    if (o instanceof Number n && Double.isFinite(n.doubleValue()) && Math.abs(n.doubleValue()) <= most) {
      return n.doubleValue();
    }
    throw new Refused("capi.sync.gps");
  }

  private static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    try {
      Instant i = Instant.parse(String.valueOf(o));
      // a device time before 2000 or after 2100 is no time at all (a dead clock battery)
      if (i.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || i.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
        throw new Refused("capi.sync.time", String.valueOf(o));
      }
      return i;
    } catch (DateTimeParseException e) {
      throw new Refused("capi.sync.time", String.valueOf(o));
    }
  }
}
