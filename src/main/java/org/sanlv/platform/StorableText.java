package org.sanlv.platform;

import java.util.OptionalInt;

/**
 * What PostgreSQL cannot store in a {@code text} or {@code jsonb} value: the character U+0000 (NUL), and half of a
 * surrogate pair, which the driver would silently turn into "?". Every path that takes text from users checks it
 * before it reaches a query, so such input is refused with its place named instead of failing deep in the database.
 */
public final class StorableText {

  private StorableText() {}

  /** The index of the first character that cannot be stored, if any. */
  public static OptionalInt firstBad(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return OptionalInt.of(i);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return OptionalInt.of(i);
      }
      if (Character.isLowSurrogate(c)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  public static boolean isStorable(CharSequence text) {
    return text == null || firstBad(text).isEmpty();
  }

  /** The problem to report for a field or column whose text cannot be stored: names the character by its code. */
  public static Problem problem(int line, String field, CharSequence text) {
    int at = firstBad(text).orElseThrow();
    return Problem.at(line, field, "input.error.unstorable", String.format("U+%04X", (int) text.charAt(at)), at + 1);
  }
}
