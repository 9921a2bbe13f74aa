package org.sanlv.org;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sanlv.platform.Problem;

/**
 * What a password someone chooses must be: at least {@value #SHORTEST} characters, at most {@value #LONGEST_BYTES}
 * bytes in UTF-8 (bcrypt reads no more: a longer one would be cut without a word), not one of the most common
 * passwords ({@code passwords/common-passwords.txt}, compared in lower case), not the account name and not
 * containing it (names of four or more characters; any case).
 * Generated passwords (new accounts, resets) need no check: they are random.
 */
final class PasswordRules {

  static final int SHORTEST = 10;
  static final int LONGEST_BYTES = 72;
  // A two- or three-letter name ("li", "wu") inside a password says little and would forbid too much.
  static final int SHORTEST_NAME_CONTAINED = 4;
  private static final String FIELD = "newPassword";

  private PasswordRules() {}

  /** The first rule the password breaks, if any. */
  static Optional<Problem> broken(String username, String password) {
    if (password == null || password.codePointCount(0, password.length()) < SHORTEST) {
      return Optional.of(Problem.at(0, FIELD, "account.error.shortPassword", SHORTEST));
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > LONGEST_BYTES) {
      return Optional.of(Problem.at(0, FIELD, "account.error.longPassword", LONGEST_BYTES));
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (Common.PASSWORDS.contains(lower)) {
      return Optional.of(Problem.at(0, FIELD, "account.error.commonPassword"));
    }
    String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
    if (!name.isEmpty() && (lower.equals(name) || name.length() >= SHORTEST_NAME_CONTAINED && lower.contains(name))) {
      return Optional.of(Problem.at(0, FIELD, "account.error.containsUsername"));
    }
    return Optional.empty();
  }

  /** Loaded on first use: a few thousand lines. */
  private static final class Common {
    static final Set<String> PASSWORDS = load("/passwords/common-passwords.txt");

    private static Set<String> load(String resource) {
      Set<String> set = new HashSet<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          PasswordRules.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank() && !line.startsWith("#")) {
            set.add(line.strip().toLowerCase(Locale.ROOT));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return Set.copyOf(set);
    }
  }
}
