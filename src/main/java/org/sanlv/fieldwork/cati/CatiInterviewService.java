package org.sanlv.fieldwork.cati;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sanlv.fieldwork.FieldworkService;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.instrument.Completion;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.integrity.FieldworkChecks;
import org.sanlv.org.NotFound;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.StorableText;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A complete phone interview, sent by the interviewer's screen at the end of the call: checked by the instrument
 * engine on the server (as the field interviews of {@code fieldwork/capi} are), stored as a {@code response} row of
 * mode {@code phone}, and recorded on its case as AAPOR {@code 1.1} by {@link CatiQueue#record}, in one transaction:
 * either both or neither.
 *
 * <p>Rules: only the interviewer holding the case, with the hold's token, may send it (409 otherwise; a hold that ran
 * out but that nobody has taken since is still the caller's, as the queue has it); the stratum must be one of the
 * survey's screening list; the answers must complete the questionnaire (a version of the survey's form). A retried
 * key answers {@code repeat} with the response stored the first time, and stores nothing. An interview finished in
 * a stratum that reached its target meanwhile (two interviewers in the same stratum at once) is stored: it was
 * taken, and the target stops only new screenings.
 */
@Service
public class CatiInterviewService {

  /** AAPOR 1.1: complete interview. */
  static final String COMPLETE = "1.1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CatiScreenRepository repository;
  private final CatiQueue queue;
  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final FieldworkChecks checks;
  private final TransactionTemplate transactions;
  private final Clock clock;

  CatiInterviewService(CatiScreenRepository repository, CatiQueue queue, SurveyService surveys,
      InstrumentService instruments, FieldworkChecks checks, PlatformTransactionManager transactions, Clock clock) {
    this.repository = repository;
    this.queue = queue;
    this.surveys = surveys;
    this.instruments = instruments;
    this.checks = checks;
    this.transactions = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** What became of a submission: {@code stored} now or {@code repeat} (stored before under the same key). */
  public record Result(String status, long responseId) {}

  /**
   * Stores the interview the caller took on {@code caseId}. The body is the screen's JSON: {@code holdToken},
   * {@code key}, {@code instrumentId}, {@code answers}, {@code stratum}, {@code startedAt}, {@code endedAt},
   * {@code durations}.
   *
   * @throws InputRejected bad input, answers the engine refuses (each problem at its question), a stratum not on the list
   * @throws InputConflict the case is not held by the caller with this token, or the key was used for another case
   * @throws NotFound no such case
   */
  public Result submit(String interviewer, long caseId, Map<String, Object> body) {
    UUID key = uuid(body.get("key"), "cati.interview.error.key");
    UUID holdToken = uuid(body.get("holdToken"), "cati.interview.error.holdToken");
    Result result = transactions.execute(tx -> store(interviewer, caseId, key, holdToken, body));
    if ("stored".equals(result.status())) {
      long survey = repository.surveyOfCase(caseId).orElseThrow();
      try {
        checks.checkSoon(survey); // the falsification rules look at the new interview soon; never fails the call
      } catch (RuntimeException ignored) {
        // the schedule runs them anyway
      }
    }
    return result;
  }

  private Result store(String interviewer, long caseId, UUID key, UUID holdToken, Map<String, Object> body) {
    CatiScreenRepository.LockedCase c = repository.lockCase(caseId)
        .orElseThrow(() -> new NotFound("case " + caseId));
    Optional<CatiScreenRepository.Stored> earlier = repository.responseByKey(c.surveyId(), key);
    if (earlier.isPresent()) {
      CatiScreenRepository.Stored s = earlier.get();
      if (Long.valueOf(caseId).equals(s.caseId()) && interviewer.equals(s.interviewer())) {
        return new Result("repeat", s.id());
      }
      throw conflict("cati.interview.error.keyUsed");
    }
    Instant now = clock.instant();
    // the queue checks the hold again when it records 1.1 (as it does: a hold that ran out but that nobody has taken
    // since is still the caller's, the token proves it); checked here first so a stranger's answers are not judged
    if (!interviewer.equals(c.heldBy())) {
      throw conflict("cati.interview.error.notHeld", caseId);
    }
    if (!holdToken.equals(c.holdToken())) {
      throw conflict("cati.interview.error.token");
    }
    Survey survey = surveys.byId(c.surveyId()).orElseThrow(() -> new NotFound("survey " + c.surveyId()));
    long instrumentId = body.get("instrumentId") == null ? survey.instrumentId() : number(body.get("instrumentId"));
    if (instrumentId != survey.instrumentId() && !repository.instrumentBelongsToSurvey(instrumentId, survey.instrumentId())) {
      throw refused("cati.interview.error.instrument", instrumentId);
    }
    String stratum = body.get("stratum") instanceof String s ? s.strip() : null;
    if (stratum == null || stratum.isEmpty()) {
      throw refused("cati.interview.error.noStratum");
    }
    if (queue.strata(survey.id()).stream().noneMatch(st -> st.code().equals(stratum))) {
      throw refused("cati.interview.error.stratum", stratum);
    }
    // a province survey screens for the county; a county's mock survey screens for the town, in its own county
    String county = "town".equals(survey.stratumLevel()) ? survey.targetCode() : stratum;
    Instant startedAt = instant(body.get("startedAt"), "cati.interview.error.startedAt");
    Instant endedAt = instant(body.get("endedAt"), "cati.interview.error.endedAt");
    if (endedAt.isBefore(startedAt)) {
      throw refused("cati.interview.error.endsBeforeStart");
    }
    if (!(body.get("answers") instanceof Map<?, ?> given)) {
      throw refused("cati.interview.error.noAnswers");
    }
    Map<String, Object> answers = new LinkedHashMap<>();
    given.forEach((k, v) -> answers.put(String.valueOf(k), v));
    if (!storable(answers)) {
      throw refused("cati.interview.error.unstorable");
    }
    InterviewFlow flow;
    try {
      flow = instruments.flow(instrumentId).withToday(LocalDate.ofInstant(startedAt, Survey.CHINA));
    } catch (RuntimeException e) {
      throw refused("cati.interview.error.instrument", instrumentId); // a stored form that no longer compiles
    }
    // the county screening question of the form is answered by the screening, never by the screen's answers
    String countyQuestion = FieldworkService.countyQuestionOf(flow);
    if (countyQuestion != null) {
      answers.put(countyQuestion, county);
    }
    Completion completion = flow.complete(answers);
    if (completion.outcome() == Completion.Outcome.INVALID) {
      throw invalid(completion.problems());
    }
    if (completion.outcome() == Completion.Outcome.INELIGIBLE) {
      throw refused("cati.interview.error.ineligible");
    }
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("durations", org.sanlv.fieldwork.Paradata.durations(body.get("durations")));
    paradata.put("startedAt", startedAt.toString());
    paradata.put("endedAt", endedAt.toString());
    paradata.put("caseId", caseId);
    paradata.put("attempt", c.attempts() + 1);
    // the call happens online: it ends now by the server's clock and lasted what the screen measured (a wrong clock
    // on the interviewer's computer moves nothing); the screen's own times stay in the paradata
    Instant submittedAt = now;
    Instant begunAt = now.minus(java.time.Duration.between(startedAt, endedAt));
    long responseId = repository.insertPhoneResponse(new CatiScreenRepository.NewPhoneResponse(key, survey.id(),
            instrumentId, county, stratum, begunAt, submittedAt, now, interviewer, caseId,
            JSON.writeValueAsString(completion.answers()), JSON.writeValueAsString(paradata)))
        .orElseThrow(() -> conflict("cati.interview.error.keyUsed"));
    queue.record(interviewer, caseId, holdToken,
        new CatiQueue.Outcome(key, COMPLETE, null, null, false, false, stratum, responseId));
    return new Result("stored", responseId);
  }

  private static boolean storable(Object value) {
    if (value instanceof String s) {
      return StorableText.isStorable(s);
    }
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream().allMatch(e -> StorableText.isStorable(String.valueOf(e.getKey()))
          && storable(e.getValue()));
    }
    if (value instanceof List<?> l) {
      return l.stream().allMatch(CatiInterviewService::storable);
    }
    return true;
  }

  /**
   * Every problem the engine found, each at its question, in the form's own words where the form has them (its
   * constraint message, in the reader's language), else in the engine's.
   */
  private static InputRejected invalid(List<AnswerProblem> problems) {
    return new InputRejected(problems.stream().map(p -> p.formMessage() != null && !p.formMessage().isEmpty()
        ? Problem.at(0, p.question(), "cati.interview.error.answer", p.formMessage())
        : Problem.at(0, p.question(), p.code(), p.args().toArray())).toList());
  }

  private static InputConflict conflict(String key, Object... args) {
    return new InputConflict(Problem.of(key, args));
  }

  private static InputRejected refused(String key, Object... args) {
    return new InputRejected(Problem.of(key, args));
  }

  private static UUID uuid(Object o, String problem) {
    try {
      if (!(o instanceof String s) || s.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw refused(problem);
    }
  }

  private static long number(Object o) {
    if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue();
    }
    throw refused("cati.interview.error.instrumentId");
  }

  private static Instant instant(Object o, String problem) {
    try {
      if (!(o instanceof String s)) {
        throw new DateTimeParseException("no time", String.valueOf(o), 0);
      }
      Instant i = Instant.parse(s);
      if (i.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || i.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
        throw new DateTimeParseException("out of range", s, 0);
      }
      return i;
    } catch (DateTimeParseException e) {
      throw refused(problem, String.valueOf(o));
    }
  }
}
