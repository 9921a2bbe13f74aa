package org.sanlv.quiz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completions per device and per network in fixed minutes, on this node (with N nodes a client gets up to N times
 * the limit, which still stops a script). Every attempt counts, refused ones included.
 */
@Component
class QuizLimits {

  private record Window(long minute, AtomicInteger count) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;

  QuizLimits(Clock clock) {
    this.clock = clock;
  }

  /** Counts one attempt of {@code key}; false when that exceeds {@code limit} in this minute (0 = no limit). */
  boolean tryAcquire(String key, int limit, Instant now) {
    if (limit <= 0 || key == null) {
      return true;
    }
    long minute = now.getEpochSecond() / 60;
    Window w = windows.compute(key, (k, old) -> old == null || old.minute() != minute
        ? new Window(minute, new AtomicInteger()) : old);
    return w.count().incrementAndGet() <= limit;
  }

  /** The {@code Retry-After} of a refusal: until the next minute starts. */
  static Duration untilNextMinute(Instant now) {
    return Duration.ofSeconds(60 - now.getEpochSecond() % 60);
  }

  @Scheduled(fixedDelay = 60_000)
  void forgetOld() {
    long minute = clock.instant().getEpochSecond() / 60;
    windows.values().removeIf(w -> w.minute() < minute - 1);
  }
}
