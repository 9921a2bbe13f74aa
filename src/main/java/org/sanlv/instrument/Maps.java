package org.sanlv.instrument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the ordered, unmodifiable maps the records hold. */
final class Maps {
    private Maps() {
    }

    /** An unmodifiable copy keeping insertion order, without blank values. */
    static Map<String, String> ordered(Map<String, String> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (k != null && v != null && !v.isBlank()) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static String pick(Map<String, String> texts, String language) {
        String s = texts.get(language);
        if (s != null) {
            return s;
        }
        return texts.isEmpty() ? "" : texts.values().iterator().next();
    }

    /** Builds {zh: .., en: ..} skipping nulls. */
    static Map<String, String> zhEn(String zh, String en) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        if (zh != null) {
            m.put("zh", zh);
        }
        if (en != null) {
            m.put("en", en);
        }
        return ordered(m);
    }
}
