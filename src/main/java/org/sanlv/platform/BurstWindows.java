package org.sanlv.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts per key over a sliding window, on this node: the burst counts that only flag (many online answers or quiz
 * completions from one network in a short time), never refuse. The owner calls {@link #forgetOld} now and then so
 * that keys seen once do not stay.
 */
public final class BurstWindows {

  private record Window(long start, AtomicInteger count) {}

  private record Pair(long size, Window previous, Window current) {}

  private final Map<String, Pair> windows = new ConcurrentHashMap<>();

  /**
   * Counts one event of {@code key} and returns the events over about the last {@code window}, this one included:
   * this window's count plus the previous window's, weighted by how much of it still overlaps (a sliding-window
   * estimate). A null key counts nothing and returns 0.
   */
  public long count(String key, Duration window, Instant now) {
    if (key == null) {
      return 0;
    }
    long size = Math.max(1, window.toMillis());
    long index = now.toEpochMilli() / size;
    double overlap = 1.0 - (now.toEpochMilli() % size) / (double) size;
    Pair pair = windows.compute(key, (k, old) -> {
      if (old == null || old.size() != size || old.current().start() < index - 1) {
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

  /** Drops the keys whose newest window is older than the previous one. */
  public void forgetOld(Instant now) {
    long nowMillis = now.toEpochMilli();
    windows.values().removeIf(p -> p.current().start() < nowMillis / p.size() - 1);
  }
}
