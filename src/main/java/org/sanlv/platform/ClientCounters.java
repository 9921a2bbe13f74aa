package org.sanlv.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a public endpoint counts per client on this node: attempts per key in fixed minutes (the limits that answer
 * "too many, try again in a minute") and events per key over a sliding window (the bursts that only flag). With N
 * nodes behind a balancer a client gets up to N times a limit, which still stops a script. Keys not seen for a
 * while are dropped by the first call of each new minute, so no scheduled job is needed.
 */
public final class ClientCounters {

  private final MinuteWindows minutes = new MinuteWindows();
  private final BurstWindows bursts = new BurstWindows();
  private final AtomicLong sweptMinute = new AtomicLong();

  /** Counts one attempt of {@code key}; false when that exceeds {@code limit} in this minute (0 = no limit). */
  public boolean tryAcquire(String key, int limit, Instant now) {
    sweep(now);
    return minutes.tryAcquire(key, limit, now);
  }

  /** Counts one event of {@code key}; the events over about the last {@code window}, this one included. */
  public long countBurst(String key, Duration window, Instant now) {
    sweep(now);
    return bursts.count(key, window, now);
  }

  private void sweep(Instant now) {
    long minute = now.getEpochSecond() / 60;
    long last = sweptMinute.get();
    if (minute > last && sweptMinute.compareAndSet(last, minute)) {
      minutes.forgetOld(now);
      bursts.forgetOld(now);
    }
  }
}
