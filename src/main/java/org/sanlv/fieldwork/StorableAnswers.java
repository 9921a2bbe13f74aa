package org.sanlv.fieldwork;

import java.util.List;
import java.util.Map;
import org.sanlv.platform.Problem;

/**
 * Text PostgreSQL cannot store, found before it gets near the response store: U+0000 (refused in {@code text} and
 * in {@code jsonb}) and UTF-16 surrogates without their pair (not characters at all; encoded they would become
 * "?"). One such value in a group-committed batch would fail the whole batch, so it is refused here, naming the
 * field ({@code answers.q1_other}, {@code paradata.times.q2}, {@code answers.q10[1]}), keys included.
 */
final class StorableAnswers {

  /** Enough problems to show; a body full of them needs no more. */
  private static final int MOST = 20;

  private StorableAnswers() {}

  /** Adds a problem for every string in {@code value} (walked through maps and lists) that cannot be stored. */
  static void check(String field, Object value, List<Problem> problems) {
    if (problems.size() >= MOST) {
      return;
    }
    if (value instanceof String s) {
      String bad = unstorable(s);
      if (bad != null) {
        problems.add(Problem.at(0, field, bad.equals("U+0000") ? "fieldwork.error.nul" : "fieldwork.error.surrogate",
            field, bad));
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String path = field.isEmpty() ? visible(key) : field + "." + visible(key);
        String bad = unstorable(key);
        if (bad != null && problems.size() < MOST) {
          problems.add(Problem.at(0, path, bad.equals("U+0000") ? "fieldwork.error.nul" : "fieldwork.error.surrogate",
              path, bad));
        }
        check(path, e.getValue(), problems);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        check(field + "[" + i + "]", list.get(i), problems);
      }
    }
  }

  /** The first character of {@code s} that cannot be stored ({@link org.sanlv.platform.StorableText}), as {@code U+XXXX}, or null. */
  static String unstorable(String s) {
    java.util.OptionalInt at = org.sanlv.platform.StorableText.firstBad(s);
    return at.isEmpty() ? null : String.format("U+%04X", (int) s.charAt(at.getAsInt()));
  }

  /** A key as it can be shown (at most 64 characters): what cannot be stored is written as an escape. */
  private static String visible(String key) {
    StringBuilder sb = new StringBuilder();
    int shown = Math.min(key.length(), 64);
    for (int i = 0; i < shown; i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        sb.append(c).append(key.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return key.length() > shown ? sb.append('…').toString() : sb.toString();
  }
}
