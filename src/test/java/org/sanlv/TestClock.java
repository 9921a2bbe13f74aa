package org.sanlv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of the integration tests: it starts at a fixed instant (not today's date) and moves forward with
 * the monotonic timer, so the tests mean the same on any day. A test that must not cross a minute or hour
 * boundary sets it to an instant of its own with {@link #set} and puts it back with {@link #reset}.
 *
 * <p>Start another day with {@code -Dsanlv.test.clock=2027-12-31T15:59:50Z} (the suite must pass at any instant).
 */
public final class TestClock extends Clock {

  /** Where the tests' time starts: a Wednesday in the middle of a survey season, 10:30:30 in Beijing. */
  public static final Instant DEFAULT_START = Instant.parse(System.getProperty("sanlv.test.clock", "2026-11-18T02:30:30Z"));

  private volatile Instant base = DEFAULT_START;
  private volatile long baseNanos = System.nanoTime();

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }

  @Override
  public Instant instant() {
    return base.plusNanos(System.nanoTime() - baseNanos);
  }

  /** From now on, time goes on from this instant. */
  public synchronized void set(Instant instant) {
    base = instant;
    baseNanos = System.nanoTime();
  }

  /** Moves time forward (or back, with a negative duration). */
  public synchronized void advance(Duration duration) {
    set(instant().plus(duration));
  }

  /** Back to the default start (plus nothing: tests that need elapsed time measure it themselves). */
  public void reset() {
    set(DEFAULT_START);
  }
}
