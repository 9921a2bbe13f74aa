package org.sanlv.platform;

import java.util.List;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * One thing wrong with a user's input, in the user's terms: where (line and column of a file, or a field)
 * and what, as a message key with arguments that the web layer translates.
 *
 * <p>Text arguments and the column are the user's own values (a bad code, a header name) and are echoed back in
 * pages and JSON: they are cut here, in one place, to an {@link #excerpt} of {@value #EXCERPT} characters, so a
 * 20 MB cell never comes back in an error message.
 *
 * @param line 1-based line of the file, or 0 when the problem is not about a line
 * @param column the column (header name) or field, or null
 * @param messageKey key in the message bundles, e.g. {@code import.error.notPositive}
 * @param args arguments of the message
 */
public record Problem(int line, String column, String messageKey, List<Object> args) {

  /** The most characters of a user's value an error message repeats. */
  public static final int EXCERPT = 40;

  public Problem {
    column = column == null ? null : excerpt(column);
    // a missing value is shown as empty text, never as a failure to report the problem
    args = args.stream().map(a -> a == null ? (Object) "" : a instanceof CharSequence s ? excerpt(s.toString()) : a)
        .toList();
  }

  public static Problem at(int line, String column, String messageKey, Object... args) {
    return new Problem(line, column, messageKey, java.util.Arrays.asList(args));
  }

  public static Problem of(String messageKey, Object... args) {
    return new Problem(0, null, messageKey, java.util.Arrays.asList(args));
  }

  /**
   * An argument the reader sees in their own language: the bundles' text of {@code key}, e.g. a mode's or a frame's
   * name ({@code mode.HOUSEHOLD} → 入户调查), never its code.
   */
  public static MessageSourceResolvable term(String key) {
    return new DefaultMessageSourceResolvable(key);
  }

  /**
   * At most {@value #EXCERPT} characters of a value, with "…" when cut; never cuts a surrogate pair in two, and
   * shows a NUL as {@code \0} (it would end a C string in a log line and cannot be stored).
   */
  public static String excerpt(String value) {
    String shown = value;
    if (shown.codePointCount(0, shown.length()) > EXCERPT) {
      shown = shown.substring(0, shown.offsetByCodePoints(0, EXCERPT)) + "…";
    }
    return shown.indexOf('\0') < 0 ? shown : shown.replace("\0", "\\0");
  }
}
