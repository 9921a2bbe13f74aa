package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle on its own, with a clock that does not move unless told. */
class LoginThrottleTest {

  private static final WebSettings SETTINGS =
      new WebSettings(Duration.ofSeconds(1), 3, Duration.ofSeconds(30), 30, false);
  private static final Instant START = Instant.parse("2026-11-18T02:30:30Z");

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static void fail(LoginThrottle throttle, String name, String address) {
    throttle.end(throttle.begin(name, address), false);
  }

  @Test
  void aFloodOfInventedNamesFromEverywhereIsRememberedWithinTheBound() {
    LoginThrottle throttle = new LoginThrottle(SETTINGS, at(START));
    for (int i = 0; i < 200_000; i++) {
      // every name once, from 200,000 networks: nothing is refused, nothing grows past the bound
      fail(throttle, "invented-" + i + "-" + "x".repeat(200), (i >>> 16) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff) + ".1");
    }
    assertThat(throttle.remembered()).isEqualTo(2 * LoginThrottle.REMEMBERED);
  }

  @Test
  void aNameBeingCheckedCountsAsAFailureUntilItEnds() {
    LoginThrottle throttle = new LoginThrottle(SETTINGS, at(START));
    LoginThrottle.Attempt[] running = new LoginThrottle.Attempt[3];
    for (int i = 0; i < running.length; i++) {
      running[i] = throttle.begin("ghost-user", "192.0.2." + i);
    }
    assertThatThrownBy(() -> throttle.begin("GHOST-USER", "198.51.100.1")).isInstanceOf(TooManySignIns.class);
    throttle.end(running[0], true);
    // a success clears the name: the others still running keep their place
    assertThat(throttle.begin("ghost-user", "198.51.100.1")).isNotNull();
  }

  @Test
  void countsStartAfreshAfterTheWindow() {
    LoginThrottle throttle = new LoginThrottle(SETTINGS, at(START));
    for (int i = 0; i < 3; i++) {
      fail(throttle, "t-window", "192.0.2.1");
    }
    assertThatThrownBy(() -> throttle.begin("t-window", "192.0.2.1")).isInstanceOf(TooManySignIns.class)
        .extracting(e -> ((TooManySignIns) e).retryAfterSeconds()).isEqualTo(1L);
    LoginThrottle later = new LoginThrottle(SETTINGS, at(START.plus(LoginThrottle.WINDOW)));
    assertThat(later.begin("t-window", "192.0.2.1")).isNotNull();
  }

  @Test
  void networksAreSlash24AndSlash48() {
    assertThat(LoginThrottle.network("10.75.0.1")).isEqualTo(LoginThrottle.network("10.75.0.254"))
        .isNotEqualTo(LoginThrottle.network("10.75.1.1"));
    assertThat(LoginThrottle.network("::ffff:10.75.0.9")).isEqualTo(LoginThrottle.network("10.75.0.1"));
    assertThat(LoginThrottle.network("2001:db8:76:1::1")).isEqualTo(LoginThrottle.network("2001:db8:76:ffff::9"))
        .isEqualTo("20010db80076/48").isNotEqualTo(LoginThrottle.network("2001:db8:77::1"));
    assertThat(LoginThrottle.network("not-an-address.example")).isEqualTo("?");
    assertThat(LoginThrottle.nameKey(" T-User ")).isEqualTo("t-user");
    assertThat(LoginThrottle.nameKey("x".repeat(10_000))).hasSize(64);
  }
}
