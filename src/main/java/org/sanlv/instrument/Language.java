package org.sanlv.instrument;

/**
 * A form language, written in XLSForm column headers as {@code label::中文 (zh)}.
 *
 * @param code short code, e.g. {@code zh}, {@code en}
 * @param name the name shown in the header, e.g. {@code 中文}; equal to the code when the header had none
 */
public record Language(String code, String name) {
    public static final Language ZH = new Language("zh", "中文");
    public static final Language EN = new Language("en", "English");

    public Language {
        requireText(code, "code");
        requireText(name, "name");
    }

    /** The header suffix: {@code 中文 (zh)}, or just the code when the name is the code. */
    public String header() {
        return name.equals(code) ? code : name + " (" + code + ")";
    }

    /**
     * Whether {@code nameOrCode} names this language: its code ({@code zh}), its name ({@code 中文}, {@code Chinese})
     * or the whole header ({@code Chinese (zh)}), in any case.
     */
    public boolean matches(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) {
            return false;
        }
        String s = nameOrCode.strip();
        return s.equalsIgnoreCase(code) || s.equalsIgnoreCase(name) || s.equalsIgnoreCase(header())
                || parse(s).code().equalsIgnoreCase(code);
    }

    /** Parses a header suffix such as {@code English (en)} or {@code en}. */
    public static Language parse(String header) {
        String h = header.strip();
        int open = h.lastIndexOf('(');
        if (open >= 0 && h.endsWith(")")) {
            String code = h.substring(open + 1, h.length() - 1).strip();
            String name = h.substring(0, open).strip();
            if (!code.isEmpty()) {
                return new Language(code, name.isEmpty() ? code : name);
            }
        }
        return new Language(h, h);
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank: '" + value + "'");
        }
    }
}
