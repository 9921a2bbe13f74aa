package org.sanlv.instrument;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A problem in an XLSForm, for its author: where it is and what is wrong, as a key of the
 * {@code instrument-messages} bundles with its arguments, so each reader gets it in their own language.
 *
 * @param location {@code survey!C14}, a sheet name such as {@code choices}, or {@code file}
 * @param key message key, e.g. {@code form.reference.unknown}
 * @param args the offending values, each cut to {@value FormMessages#EXCERPT} characters
 */
public record FormProblem(String location, String key, List<String> args) {
    public FormProblem {
        args = args.stream().map(FormMessages::excerpt).toList();
    }

    static FormProblem at(String location, String key, Object... args) {
        return new FormProblem(location, key, Arrays.stream(args).map(String::valueOf).toList());
    }

    /** The message in English (logs, tests); {@link #message(Locale)} for a reader. */
    public String message() {
        return message(Locale.ENGLISH);
    }

    /** The message in {@code locale}'s language: English for {@code en}, otherwise Chinese. */
    public String message(Locale locale) {
        return FormMessages.text(locale, key, args);
    }

    /** {@code survey!D14: …} in {@code locale}'s language. */
    public String toString(Locale locale) {
        return location + ": " + message(locale);
    }

    @Override
    public String toString() {
        return toString(Locale.ENGLISH);
    }
}
