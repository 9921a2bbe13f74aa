package org.sanlv.fieldwork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sanlv.platform.BurstWindows;
import org.sanlv.platform.MinuteWindows;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts submits per device and per network in fixed windows, on this node (like the sign-in slow-down: with
 * N nodes behind a balancer a client gets up to N times the limit, which still stops a script). Two uses: the
 * per-minute limits that answer "too many, try again in a minute", and the burst count over the integrity
 * rule's window, which only flags.
 */
@Component
class RateLimits {

  private final MinuteWindows minute = new MinuteWindows();
  private final BurstWindows burst = new BurstWindows();
  private final Clock clock;

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  /** Counts one submit of {@code key} in the current minute; false when that exceeds {@code limit} (0 = none). */
  boolean tryAcquire(String key, int limit, Instant now) {
    return minute.tryAcquire(key, limit, now);
  }

  /**
   * Counts one submit from a network and returns the submits over about the last {@code window} (a sliding-window
   * estimate, see {@link BurstWindows#count}).
   */
  long countBurst(String network, Duration window, Instant now) {
    return burst.count(network, window, now);
  }

  @Scheduled(fixedDelay = 60_000)
  void forgetOld() {
    Instant now = clock.instant();
    minute.forgetOld(now);
    burst.forgetOld(now);
  }
}
