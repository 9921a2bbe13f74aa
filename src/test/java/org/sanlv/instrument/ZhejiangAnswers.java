package org.sanlv.instrument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A complete, valid zhejiang-2022 answer set, as stored (JSON-able). */
public final class ZhejiangAnswers {
    private ZhejiangAnswers() {
    }

    /** The answer set with another county in the screening question. */
    public static Map<String, Object> complete(String county) {
        Map<String, Object> a = complete();
        a.put("county", county);
        return a;
    }

    public static Map<String, Object> complete() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("county", "330604");
        a.put("age", 45L);
        a.put("hukou", "1");
        a.put("q1", List.of("5", "7"));
        a.put("q1_other", "冒充客服");
        a.put("q2", "1");
        a.put("q3", List.of("1"));
        a.put("q4", "2");
        a.put("q5", List.of("1"));
        a.put("q6", "1");
        a.put("q7", List.of("2", "3"));
        a.put("q8", "2");
        a.put("q9", "1");
        a.put("q10", List.of("1", "5", "7"));
        a.put("q11", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"));
        a.put("q12", List.of("1", "5"));
        a.put("q13", "1");
        return a;
    }
}
