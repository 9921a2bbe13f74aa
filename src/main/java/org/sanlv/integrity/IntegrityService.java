package org.sanlv.integrity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Integrity flags v1: computed for each response as it is submitted, and re-computable over a whole survey
 * (after a threshold changes, or to settle duplicates that raced each other on submit). Flags never delete data.
 */
@Service
public class IntegrityService {

  private final InstrumentService instruments;
  private final IntegrityRepository repository;
  private final IntegritySettings settings;
  private final Map<Long, IntegrityRules> rules = new ConcurrentHashMap<>();

  IntegrityService(InstrumentService instruments, IntegrityRepository repository, IntegritySettings settings) {
    this.instruments = instruments;
    this.repository = repository;
    this.settings = settings;
  }

  /** The rules of one questionnaire (its rating battery and speeder threshold). */
  public IntegrityRules rules(long instrumentId) {
    return rules.computeIfAbsent(instrumentId, id -> IntegrityRules.of(instruments.flow(id), settings));
  }

  /** The flags of one response as it is submitted. */
  public Set<Flag> flagsOnSubmit(long instrumentId, ResponseFacts facts) {
    return rules(instrumentId).flags(facts);
  }

  /** The window over which bursts from one network are counted. */
  public Duration burstWindow() {
    return settings.burstWindow();
  }

  /**
   * Recomputes the flags of every response of a survey in submission order.
   *
   * @return how many responses' flags changed
   */
  @Transactional
  public int recompute(long surveyId) {
    List<IntegrityRepository.Row> rows = repository.responsesInOrder(surveyId);
    Set<String> devices = new HashSet<>();
    Set<String> phones = new HashSet<>();
    Map<String, ArrayDeque<Instant>> networks = new HashMap<>();
    Map<Long, Set<Flag>> changed = new HashMap<>();
    for (IntegrityRepository.Row row : rows) {
      boolean earlierDevice = row.deviceHash() != null && !devices.add(row.deviceHash());
      boolean earlierPhone = row.phoneHash() != null && !phones.add(row.phoneHash());
      long fromNetwork = 0;
      if (row.networkHash() != null && row.submittedAt() != null) {
        ArrayDeque<Instant> recent = networks.computeIfAbsent(row.networkHash(), k -> new ArrayDeque<>());
        Instant from = row.submittedAt().minus(settings.burstWindow());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(from)) {
          recent.pollFirst();
        }
        recent.addLast(row.submittedAt());
        fromNetwork = recent.size();
      }
      Duration duration = row.startedAt() == null || row.submittedAt() == null ? null
          : Duration.between(row.startedAt(), row.submittedAt());
      Set<Flag> flags = rules(row.instrumentId()).flags(new ResponseFacts(row.answers(), duration, row.questionMillis(),
          row.late(), earlierDevice, earlierPhone, fromNetwork));
      if (!flags.equals(row.flags())) {
        changed.put(row.id(), flags);
      }
    }
    repository.updateFlags(changed);
    return changed.size() + checkFieldwork(surveyId);
  }

  /**
   * Recomputes the fieldwork (CAPI) flags of a survey's household and intercept interviews (see
   * {@link FieldworkRules}): call it after a sync batch or before a review round. The rules compare interviews with
   * each other, so they run over the whole survey. Flags the rules do not compute (the sync's
   * {@code capi_reassigned}, or any flag set by hand) are kept; the rules' own are replaced.
   *
   * @return how many interviews' flags changed
   */
  @Transactional
  public int checkFieldwork(long surveyId) {
    List<IntegrityRepository.FieldRow> rows = repository.fieldInterviews(surveyId);
    if (rows.isEmpty()) {
      return 0;
    }
    // question types per questionnaire version (a survey's interviews use one or a few)
    Map<Long, Map<String, QuestionType>> typesByInstrument = new HashMap<>();
    Set<String> singleChoice = new HashSet<>();
    List<FieldInterview> interviews = new java.util.ArrayList<>();
    for (IntegrityRepository.FieldRow row : rows) {
      Map<String, QuestionType> types = typesByInstrument.computeIfAbsent(row.instrumentId(), id -> {
        InterviewFlow flow = instruments.flow(id);
        Map<String, QuestionType> t = new HashMap<>();
        flow.rows().forEach(q -> t.put(q.name(), q.type()));
        flow.rows().stream().filter(q -> q.type() == QuestionType.SELECT_ONE).map(Question::name)
            .forEach(singleChoice::add);
        return t;
      });
      interviews.add(new FieldInterview(row.id(), row.interviewer(), row.county(), closed(row.answers(), types),
          row.answers().size(), row.startedAt(), row.endedAt(), row.latitude(), row.longitude(), row.accuracy(),
          row.siteLatitude(), row.siteLongitude(), row.clockSkewSeconds()));
    }
    Map<Long, Set<Flag>> computed = new FieldworkRules(settings.capi()).flags(interviews, singleChoice);
    Set<String> ruleNames = new HashSet<>();
    for (Flag f : RULE_FLAGS) {
      ruleNames.add(f.dbValue());
    }
    Map<Long, Set<String>> changed = new HashMap<>();
    for (IntegrityRepository.FieldRow row : rows) {
      Set<String> next = new java.util.TreeSet<>();
      row.flags().stream().filter(f -> !ruleNames.contains(f)).forEach(next::add);
      computed.get(row.id()).forEach(f -> next.add(f.dbValue()));
      if (!next.equals(new java.util.TreeSet<>(row.flags()))) {
        changed.put(row.id(), next);
      }
    }
    repository.updateFlagNames(changed);
    return changed.size();
  }

  /** The flags {@link #checkFieldwork} computes (and so replaces); the others on a field interview are kept. */
  private static final Set<Flag> RULE_FLAGS = java.util.EnumSet.of(Flag.CAPI_DUPLICATE_ANSWERS, Flag.CAPI_FAST,
      Flag.CAPI_SAME_MINUTE, Flag.CAPI_GPS_FAR, Flag.CAPI_INTERVIEWER_OUTLIER);

  /**
   * Whether a device clock this far off at sync is flagged {@code capi_clock_skew} (the sync sets it; the rules
   * add it too when the paradata's {@code clockSkewSeconds} says so).
   */
  public boolean clockSkewed(long skewSeconds) {
    return Math.abs(skewSeconds) > settings.capi().clockSkew().toSeconds();
  }

  /** Great-circle distance in kilometres between two positions (degrees), as the GPS rule measures it. */
  public static double kilometres(double lat1, double lon1, double lat2, double lon2) {
    return FieldworkRules.kilometres(lat1, lon1, lat2, lon2);
  }

  /** Closed answers as the rules compare them: a choice code, or the sorted codes of a multiple choice. */
  private static Map<String, String> closed(Map<String, Object> answers, Map<String, QuestionType> types) {
    Map<String, String> closed = new HashMap<>();
    answers.forEach((name, value) -> {
      QuestionType type = types.get(name);
      if (value == null || type == null) {
        return;
      }
      if (type == QuestionType.SELECT_ONE) {
        closed.put(name, String.valueOf(value));
      } else if (type == QuestionType.SELECT_MULTIPLE) {
        List<String> codes = new java.util.ArrayList<>();
        if (value instanceof java.util.Collection<?> c) {
          c.forEach(v -> codes.add(String.valueOf(v)));
        } else {
          codes.addAll(List.of(String.valueOf(value).split("\\s+")));
        }
        codes.sort(null);
        closed.put(name, String.join(" ", codes));
      }
    });
    return closed;
  }
}
