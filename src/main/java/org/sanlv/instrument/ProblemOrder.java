package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The order in which an author reads problems: the file, then survey, choices, settings; in each by row, then column. */
final class ProblemOrder {
    private static final List<String> SHEETS = List.of("file", "survey", "choices", "settings");
    private static final Pattern CELL = Pattern.compile("([A-Z]+)([0-9]+)");

    private ProblemOrder() {
    }

    static List<FormProblem> sorted(List<FormProblem> problems) {
        List<FormProblem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt((FormProblem p) -> sheet(p.location()))
                .thenComparingLong(p -> cell(p.location())));
        return out;
    }

    private static int sheet(String location) {
        int bang = location.indexOf('!');
        int i = SHEETS.indexOf(bang < 0 ? location : location.substring(0, bang));
        return i < 0 ? SHEETS.size() : i;
    }

    /** Row-major position of {@code sheet!C14}; a whole sheet comes before its cells. */
    private static long cell(String location) {
        int bang = location.indexOf('!');
        if (bang < 0) {
            return -1;
        }
        Matcher m = CELL.matcher(location.substring(bang + 1));
        if (!m.matches()) {
            return -1;
        }
        long col = 0;
        for (char c : m.group(1).toCharArray()) {
            col = col * 26 + (c - 'A' + 1);
        }
        return Long.parseLong(m.group(2)) * 100_000 + col;
    }
}
