package org.sanlv.platform;

import java.util.List;

/**
 * One thing wrong with a user's input, in the user's terms: where (line and column of a file, or a field)
 * and what, as a message key with arguments that the web layer translates.
 *
 * @param line 1-based line of the file, or 0 when the problem is not about a line
 * @param column the column (header name) or field, or null
 * @param messageKey key in the message bundles, e.g. {@code import.error.notPositive}
 * @param args arguments of the message
 */
public record Problem(int line, String column, String messageKey, List<Object> args) {

  public Problem {
    // a missing value is shown as empty text, never as a failure to report the problem
    args = args.stream().map(a -> a == null ? (Object) "" : a).toList();
  }

  public static Problem at(int line, String column, String messageKey, Object... args) {
    return new Problem(line, column, messageKey, java.util.Arrays.asList(args));
  }

  public static Problem of(String messageKey, Object... args) {
    return new Problem(0, null, messageKey, java.util.Arrays.asList(args));
  }
}
