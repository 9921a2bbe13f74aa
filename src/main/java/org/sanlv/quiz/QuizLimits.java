package org.sanlv.quiz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sanlv.platform.BurstWindows;
import org.sanlv.platform.MinuteWindows;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completions per device and per network in fixed minutes, on this node (with N nodes a client gets up to N times
 * the limit, which still stops a script). Every attempt counts, refused ones included. Also the burst count per
 * network over a sliding window, which only flags.
 */
@Component
class QuizLimits {

  private final MinuteWindows windows = new MinuteWindows();
  private final BurstWindows bursts = new BurstWindows();
  private final Clock clock;

  QuizLimits(Clock clock) {
    this.clock = clock;
  }

  /** Counts one attempt of {@code key}; false when that exceeds {@code limit} in this minute (0 = no limit). */
  boolean tryAcquire(String key, int limit, Instant now) {
    return windows.tryAcquire(key, limit, now);
  }

  /** Counts one completion of a network; the completions over about the last {@code window}, this one included. */
  long countBurst(String network, Duration window, Instant now) {
    return bursts.count(network, window, now);
  }

  @Scheduled(fixedDelay = 60_000)
  void forgetOld() {
    Instant now = clock.instant();
    windows.forgetOld(now);
    bursts.forgetOld(now);
  }
}
