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
    return changed.size();
  }
}
