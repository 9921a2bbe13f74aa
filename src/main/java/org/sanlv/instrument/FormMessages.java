package org.sanlv.instrument;

import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Texts of XLSForm problems from {@code instrument-messages.properties} (Chinese, the default) and
 * {@code instrument-messages_en.properties}. Read without Spring so the command line speaks the same words as the
 * upload page. {@code {0}}, {@code {1}}… are replaced literally (no MessageFormat quoting rules for authors of
 * the bundle to trip on).
 */
final class FormMessages {
    static final int EXCERPT = 80;
    private static final String BUNDLE = "instrument-messages";
    private static final String KIND = "expr.kind.";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private FormMessages() {
    }

    /** English for a locale whose language is {@code en}, Chinese for every other. */
    static Locale supported(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT;
    }

    static String text(Locale locale, String key, List<String> args) {
        String pattern;
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, supported(locale), NO_FALLBACK);
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = key + " " + args;
        }
        StringBuilder out = new StringBuilder(pattern.length() + 40);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && close <= i + 3 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(pattern.substring(i + 1, close));
                String arg = n < args.size() ? args.get(n) : "";
                // a kind of value the expression checker names ("a number") is a key of the bundle itself
                out.append(arg.startsWith(KIND) && bundle.containsKey(arg) ? bundle.getString(arg) : arg);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** A cell's text cut for a message, so a page of text in a cell never comes back whole. */
    static String excerpt(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT - 1) + "…";
    }
}
