package org.sanlv.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing without ever holding a server thread. Failed sign-ins are counted per account name (any
 * case) and per network (IPv4 /24, IPv6 /48). After {@code login-free-failures} failures of a name (or
 * {@code login-network-free-failures} of a network) the next attempt is accepted only {@code login-delay} after the
 * last failure, twice as long after each further one, at most {@code login-max-delay}; an attempt that comes earlier
 * is refused at once ({@link TooManySignIns}, HTTP 429 with Retry-After) without its password being checked. Attempts
 * being checked count as failures until they end, so a burst of parallel attempts gets no more than the free ones.
 *
 * <p>It slows rather than locks: once the wait has passed the right password works. Counts start afresh
 * {@link #WINDOW} after a name's or network's first failure. Memory is bounded: at most {@link #REMEMBERED} names
 * (cut to 64 characters) and as many networks are kept, the least recently seen forgotten first; measured at about
 * 160 bytes an entry, a flood of invented names from everywhere costs at most ~6.5 MB. Forgetting a name early
 * needs 20,000 other admitted attempts in between, each a bcrypt check, and each network gets only its allowance.
 * Kept per node; with several nodes a guesser gains at most a factor of the node count.
 */
@Component
class LoginThrottle {

  static final Duration WINDOW = Duration.ofMinutes(15);
  static final int REMEMBERED = 20_000;
  // Valid names have at most 40 characters; longer ones are all wrong anyway and need not be told apart.
  private static final int LONGEST_NAME = 64;
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

  private final WebSettings settings;
  private final Clock clock;
  private final Map<String, Tally> names = leastRecentlySeenFirstOut();
  private final Map<String, Tally> networks = leastRecentlySeenFirstOut();

  /** One name's or network's failures in its window, the attempts being checked, and the earliest next attempt. */
  private static final class Tally {
    Instant windowStart;
    int failures;
    int checking;
    Instant notBefore;

    Tally(Instant now) {
      windowStart = now;
      notBefore = now;
    }
  }

  /** An attempt under way: report its outcome with {@link #end}. */
  record Attempt(String name, String network) {}

  LoginThrottle(WebSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Admits an attempt to have its password checked, or refuses it with the number of seconds to wait. */
  synchronized Attempt begin(String username, String remoteAddress) {
    Instant now = clock.instant();
    Attempt attempt = new Attempt(nameKey(username), network(remoteAddress));
    Tally name = names.computeIfAbsent(attempt.name(), k -> new Tally(now));
    Tally network = networks.computeIfAbsent(attempt.network(), k -> new Tally(now));
    Duration wait = max(waitFor(name, settings.loginFreeFailures(), now),
        waitFor(network, settings.loginNetworkFreeFailures(), now));
    if (!wait.isZero()) {
      throw new TooManySignIns(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
    name.checking++;
    network.checking++;
    return attempt;
  }

  /** Records how an admitted attempt ended. A success clears its name, never its network. */
  synchronized void end(Attempt attempt, boolean succeeded) {
    Instant now = clock.instant();
    Tally name = names.get(attempt.name());
    if (name != null) {
      name.checking = Math.max(0, name.checking - 1);
      if (succeeded && name.checking == 0) {
        names.remove(attempt.name());
      } else if (succeeded) {
        name.failures = 0;
        name.notBefore = now;
      }
    }
    if (!succeeded) {
      failed(name != null ? name : names.computeIfAbsent(attempt.name(), k -> new Tally(now)),
          settings.loginFreeFailures(), now);
    }
    Tally network = networks.get(attempt.network());
    if (network != null) {
      network.checking = Math.max(0, network.checking - 1);
    }
    if (!succeeded) {
      failed(network != null ? network : networks.computeIfAbsent(attempt.network(), k -> new Tally(now)),
          settings.loginNetworkFreeFailures(), now);
    }
  }

  /** How many names and networks are remembered now (for the memory bound's test). */
  synchronized int remembered() {
    return names.size() + networks.size();
  }

  private void failed(Tally tally, int free, Instant now) {
    tally.failures++;
    tally.notBefore = now.plus(delayAfter(tally.failures, free));
  }

  private Duration waitFor(Tally tally, int free, Instant now) {
    if (tally.checking == 0 && !now.isBefore(tally.windowStart.plus(WINDOW))) {
      tally.windowStart = now;
      tally.failures = 0;
    }
    if (tally.failures + tally.checking < free) {
      return Duration.ZERO;
    }
    if (tally.checking > 0) {
      // attempts are being checked: if they fail, this is how long the next one will wait
      return max(Duration.ofSeconds(1), delayAfter(tally.failures + tally.checking, free));
    }
    return now.isBefore(tally.notBefore) ? Duration.between(now, tally.notBefore) : Duration.ZERO;
  }

  /** The wait after this many failures: none while they are free, then the delay doubling up to the maximum. */
  private Duration delayAfter(int failures, int free) {
    if (failures < free) {
      return Duration.ZERO;
    }
    Duration delay = settings.loginDelay().multipliedBy(1L << Math.min(failures - free, 20));
    return delay.compareTo(settings.loginMaxDelay()) > 0 ? settings.loginMaxDelay() : delay;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String nameKey(String username) {
    String key = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    return key.length() > LONGEST_NAME ? key.substring(0, LONGEST_NAME) : key;
  }

  /** The network an address belongs to: IPv4 /24, IPv6 /48 (an IPv4-mapped IPv6 address counts as IPv4). */
  static String network(String address) {
    if (address == null) {
      return "?";
    }
    Matcher v4 = IPV4.matcher(address);
    if (v4.matches()) {
      return Integer.parseInt(v4.group(1)) + "." + Integer.parseInt(v4.group(2)) + "." + Integer.parseInt(v4.group(3))
          + "/24";
    }
    if (IPV6.matcher(address).matches()) {
      try {
        // an IPv6 literal (it has a colon and starts with a hex digit or one): parsed, never looked up in DNS
        byte[] bytes = InetAddress.getByName(address).getAddress();
        if (bytes.length == 4) {
          return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "/24";
        }
        return HexFormat.of().formatHex(bytes, 0, 6) + "/48";
      } catch (UnknownHostException e) {
        return "?";
      }
    }
    return "?"; // not an IP address: such requests share one count
  }

  private static Map<String, Tally> leastRecentlySeenFirstOut() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Tally> eldest) {
        return size() > REMEMBERED;
      }
    };
  }
}
