package org.sanlv.fieldwork;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

  private final Map<String, Window> minute = new ConcurrentHashMap<>();
  private final Map<String, Pair> burst = new ConcurrentHashMap<>();
  private final Clock clock;

  RateLimits(Clock clock) {
    this.clock = clock;
  }

  /** How long until the per-minute windows start again: the {@code Retry-After} of a per-minute refusal. */
  static Duration untilNextMinute(Instant now) {
    return Duration.ofSeconds(60 - now.getEpochSecond() % 60);
  }

  /** Counts one submit of {@code key} in the current minute; false when that exceeds {@code limit} (0 = none). */
  boolean tryAcquire(String key, int limit, Instant now) {
    if (limit <= 0 || key == null) {
      return true;
    }
    long start = now.getEpochSecond() / 60;
    Window w = minute.compute(key, (k, old) -> old == null || old.start() != start ? new Window(start, new AtomicInteger()) : old);
    return w.count().incrementAndGet() <= limit;
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
    long nowSeconds = now.getEpochSecond();
    minute.values().removeIf(w -> w.start() < nowSeconds / 60 - 1);
    long nowMillis = now.toEpochMilli();
    burst.values().removeIf(p -> p.current().start() < nowMillis / p.size() - 1);
  }
}
