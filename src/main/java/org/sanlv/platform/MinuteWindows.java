package org.sanlv.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts per key in fixed clock minutes, on this node: the per-minute limits of the public endpoints (with N nodes
 * behind a balancer a client gets up to N times the limit, which still stops a script). The owner calls
 * {@link #forgetOld} now and then so that keys seen once do not stay.
 */
public final class MinuteWindows {

  private record Window(long minute, AtomicInteger count) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** How long until the next minute starts: the {@code Retry-After} of a per-minute refusal. */
  public static Duration untilNextMinute(Instant now) {
    return Duration.ofSeconds(60 - now.getEpochSecond() % 60);
  }

  /** Counts one attempt of {@code key}; false when that exceeds {@code limit} in this minute (0 = no limit). */
  public boolean tryAcquire(String key, int limit, Instant now) {
    if (limit <= 0 || key == null) {
      return true;
    }
    long minute = now.getEpochSecond() / 60;
    Window w = windows.compute(key, (k, old) -> old == null || old.minute() != minute
        ? new Window(minute, new AtomicInteger()) : old);
    return w.count().incrementAndGet() <= limit;
  }

  /** Drops the windows older than the previous minute. */
  public void forgetOld(Instant now) {
    long minute = now.getEpochSecond() / 60;
    windows.values().removeIf(w -> w.minute() < minute - 1);
  }
}
