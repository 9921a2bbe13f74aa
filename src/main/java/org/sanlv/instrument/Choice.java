package org.sanlv.instrument;

import java.util.Map;

/**
 * One option of a choice list.
 *
 * @param name the code stored in answers, e.g. {@code "7"}
 * @param label text per language code
 * @param columns extra columns of the choices sheet (used by choice_filter), by header
 */
public record Choice(String name, Map<String, String> label, Map<String, String> columns) {
    public Choice {
        name = name == null ? "" : name;
        label = Maps.ordered(label);
        columns = Maps.ordered(columns);
    }

    public Choice(String name, Map<String, String> label) {
        this(name, label, Map.of());
    }

    /** The label in a language, falling back to any label. */
    public String label(String language) {
        return Maps.pick(label, language);
    }
}
