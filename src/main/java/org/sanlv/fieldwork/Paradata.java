package org.sanlv.fieldwork;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sanlv.platform.StorableText;

/** What an interviewer's device or screen reports about an interview, read the same way by every mode. */
public final class Paradata {

  private Paradata() {}

  /** Per-question durations in milliseconds: numbers only, at most 1,000 questions, none negative. */
  public static Map<String, Long> durations(Object raw) {
    Map<String, Long> durations = new LinkedHashMap<>();
    if (raw instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (durations.size() >= 1000) {
          break;
        }
        String name = String.valueOf(e.getKey());
        if (e.getValue() instanceof Number n && n.longValue() >= 0 && name.length() <= 100
            && StorableText.isStorable(name)) {
          durations.put(name, n.longValue());
        }
      }
    }
    return durations;
  }
}
