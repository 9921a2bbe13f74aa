package org.sanlv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sliding-window burst count shared by the online survey's burst flag and the quiz's. */
class BurstWindowsTest {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Instant START = Instant.parse("2026-04-07T02:00:00Z"); // the start of a 10-minute window

  @Test
  void countsEveryEventWithinOneWindowExactly() {
    BurstWindows w = new BurstWindows();
    for (int i = 1; i <= 40; i++) {
      assertThat(w.count("net-a", TEN_MINUTES, START.plusSeconds(3L * i))).isEqualTo(i);
    }
    assertThat(w.count("net-b", TEN_MINUTES, START.plusSeconds(200))).isEqualTo(1); // keys are apart
  }

  @Test
  void thePreviousWindowCountsByHowMuchOfItStillOverlaps() {
    BurstWindows w = new BurstWindows();
    for (int i = 0; i < 40; i++) {
      w.count("net", TEN_MINUTES, START.plusSeconds(i));
    }
    // 2 minutes into the next window: 8/10 of the previous 40 (32) + this one
    assertThat(w.count("net", TEN_MINUTES, START.plus(TEN_MINUTES).plusSeconds(120))).isEqualTo(33);
    // two windows later nothing is left of the 40
    assertThat(w.count("net", TEN_MINUTES, START.plus(TEN_MINUTES.multipliedBy(3)))).isEqualTo(1);
  }

  @Test
  void aNullKeyCountsNothingAndOldKeysAreForgotten() {
    BurstWindows w = new BurstWindows();
    assertThat(w.count(null, TEN_MINUTES, START)).isZero();
    w.count("net", TEN_MINUTES, START);
    w.forgetOld(START.plus(TEN_MINUTES.multipliedBy(3)));
    assertThat(w.count("net", TEN_MINUTES, START.plus(TEN_MINUTES.multipliedBy(3)))).isEqualTo(1);
  }
}
