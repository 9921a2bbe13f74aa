package org.sanlv.instrument.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * XPath 1.0 conversions between the run-time values: null (no answer, behaves as ""), Double, String,
 * Boolean and List of String (select_multiple codes). All total: they never throw.
 */
public final class Values {
    private Values() {
    }

    public static boolean toBoolean(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }

    public static double toNumber(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            return parseNumber(s);
        }
        if (v instanceof List<?> l) {
            return l.size() == 1 ? parseNumber(String.valueOf(l.get(0))) : Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * XPath number syntax only (optional minus, digits, optional fraction; no exponent, no "NaN"), plus
     * ISO dates {@code yyyy-MM-dd}, which become days since 1970-01-01 as in ODK.
     */
    public static double parseNumber(String raw) {
        String s = raw.strip();
        int n = s.length();
        if (n == 0 || n > 40) {
            return Double.NaN;
        }
        if (n == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            return dateToDays(s);
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        boolean digits = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return Double.NaN;
            }
        }
        return digits ? Double.parseDouble(s) : Double.NaN;
    }

    private static double dateToDays(String s) {
        try {
            return LocalDate.parse(s).toEpochDay();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    public static String toStr(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return numberToString(d);
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (v instanceof List<?> l) {
            if (l.size() == 1) {
                return String.valueOf(l.get(0));
            }
            StringBuilder sb = new StringBuilder();
            for (Object o : l) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    public static String numberToString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static boolean isEmpty(Object v) {
        return v == null || (v instanceof String s && s.isEmpty()) || (v instanceof List<?> l && l.isEmpty());
    }

    /** selected(): membership of a code in a select_multiple list or a space-separated string. */
    static boolean selected(Object v, String code) {
        if (v instanceof List<?> l) {
            for (int i = 0, n = l.size(); i < n; i++) {
                if (code.equals(l.get(i))) {
                    return true;
                }
            }
            return false;
        }
        if (v == null) {
            return false;
        }
        String s = toStr(v);
        if (s.equals(code)) {
            return true;
        }
        if (s.indexOf(' ') < 0) {
            return false;
        }
        for (String part : s.trim().split("\\s+")) {
            if (part.equals(code)) {
                return true;
            }
        }
        return false;
    }

    static int countSelected(Object v) {
        if (v instanceof List<?> l) {
            return l.size();
        }
        String s = toStr(v).trim();
        return s.isEmpty() ? 0 : s.split("\\s+").length;
    }

    static String selectedAt(Object v, double index) {
        if (Double.isNaN(index) || index < 0) {
            return "";
        }
        int i = (int) index;
        if (v instanceof List<?> l) {
            return i < l.size() ? String.valueOf(l.get(i)) : "";
        }
        String s = toStr(v).trim();
        if (s.isEmpty()) {
            return "";
        }
        String[] parts = s.split("\\s+");
        return i < parts.length ? parts[i] : "";
    }
}
