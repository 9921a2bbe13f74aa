package org.sanlv.web;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing: after a few failed sign-ins for one account name, each further attempt waits, twice as
 * long each time, up to a maximum. It slows rather than locks, so a guesser cannot lock a real user out.
 * Kept per node; with several nodes a guesser gains at most a factor of the node count.
 */
@Component
class LoginThrottle {

  private static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
  private final WebSettings settings;

  private record Failures(int count, long lastNanos) {}

  LoginThrottle(WebSettings settings) {
    this.settings = settings;
  }

  /** The wait before the next attempt for this account name may be checked. */
  Duration delayFor(String username) {
    Failures f = failures.get(key(username));
    if (f == null || System.nanoTime() - f.lastNanos() > FORGET_AFTER.toNanos()) {
      return Duration.ZERO;
    }
    int beyond = f.count() - settings.loginFreeFailures();
    if (beyond < 0) {
      return Duration.ZERO;
    }
    Duration delay = settings.loginDelay().multipliedBy(1L << Math.min(beyond, 20));
    return delay.compareTo(settings.loginMaxDelay()) > 0 ? settings.loginMaxDelay() : delay;
  }

  void pause(String username) {
    Duration delay = delayFor(username);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void failed(String username) {
    failures.merge(key(username), new Failures(1, System.nanoTime()),
        (old, one) -> new Failures(old.count() + 1, System.nanoTime()));
    if (failures.size() > 100_000) {
      long cutoff = System.nanoTime() - FORGET_AFTER.toNanos();
      failures.values().removeIf(f -> f.lastNanos() < cutoff);
    }
  }

  void succeeded(String username) {
    failures.remove(key(username));
  }

  private static String key(String username) {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }
}
