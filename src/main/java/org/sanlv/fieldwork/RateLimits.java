package org.sanlv.fieldwork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

  private record Window(long start, AtomicInteger count) {}

  private final MinuteWindows minute = new MinuteWindows();
  private final Map<String, Pair> burst = new ConcurrentHashMap<>();
  private final Clock clock;

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  /** Counts one submit of {@code key} in the current minute; false when that exceeds {@code limit} (0 = none). */
  boolean tryAcquire(String key, int limit, Instant now) {
    return minute.tryAcquire(key, limit, now);
  }

  /**
   * Counts one submit from a network and returns the submits over about the last {@code window} (this window's
   * count plus the previous window's, weighted by how much of it still overlaps: a sliding-window estimate).
   */
  long countBurst(String network, Duration window, Instant now) {
    if (network == null) {
      return 0;
    }
    long size = Math.max(1, window.toMillis());
    long index = now.toEpochMilli() / size;
    double overlap = 1.0 - (now.toEpochMilli() % size) / (double) size;
    Pair pair = burst.compute(network, (k, old) -> {
      if (old == null || old.current().start() < index - 1) {
        return new Pair(size, new Window(index - 1, new AtomicInteger()), new Window(index, new AtomicInteger()));
      }
      if (old.current().start() == index - 1) {
        return new Pair(size, old.current(), new Window(index, new AtomicInteger()));
      }
      return old;
    });
    int current = pair.current().count().incrementAndGet();
    return current + Math.round(pair.previous().count().get() * overlap);
  }

  private record Pair(long size, Window previous, Window current) {}

  @Scheduled(fixedDelay = 60_000)
  void forgetOld() {
    Instant now = clock.instant();
    minute.forgetOld(now);
    long nowMillis = now.toEpochMilli();
    burst.values().removeIf(p -> p.current().start() < nowMillis / p.size() - 1);
  }
}
