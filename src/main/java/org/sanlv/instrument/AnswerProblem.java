package org.sanlv.instrument;

import java.util.List;
import java.util.Map;

/**
 * Why an answer (or an answer set) is refused. The web layer translates {@link #code()} with its message
 * bundles; {@link #formMessage(String)} is the form's own constraint_message / required_message, if any.
 *
 * @param code stable key, one of the {@code CODE_…} constants
 * @param question the question name, empty for problems of the whole answer set
 * @param args arguments for the translated message (e.g. the bad value)
 * @param formMessage the form's message per language code; empty when the form gives none
 */
public record AnswerProblem(String code, String question, List<String> args, Map<String, String> formMessage) {
    /** The answers name a question the form does not have. args: [name] */
    public static final String UNKNOWN_QUESTION = "answer.unknown-question";
    /** A note, group or calculate was given an answer. */
    public static final String NOT_ANSWERABLE = "answer.not-answerable";
    /** args: [value] */
    public static final String NOT_INTEGER = "answer.not-integer";
    /** args: [value] */
    public static final String NOT_NUMBER = "answer.not-number";
    /** args: [value]; dates are yyyy-MM-dd */
    public static final String NOT_DATE = "answer.not-date";
    /** A value of the wrong shape, e.g. a list for a text question. args: [value] */
    public static final String WRONG_SHAPE = "answer.wrong-shape";
    /** args: [code] */
    public static final String UNKNOWN_CHOICE = "answer.unknown-choice";
    /** args: [code] */
    public static final String DUPLICATE_CHOICE = "answer.duplicate-choice";
    /** The code exists but the choice_filter hides it. args: [code] */
    public static final String FILTERED_CHOICE = "answer.filtered-choice";
    public static final String REQUIRED = "answer.required";
    /** The constraint failed; see formMessage. args: [constraint] */
    public static final String CONSTRAINT = "answer.constraint";
    /** An answer was given to a question that is not asked under the other answers. */
    public static final String NOT_RELEVANT = "answer.not-relevant";

    public AnswerProblem {
        args = List.copyOf(args);
        formMessage = Maps.ordered(formMessage);
    }

    static AnswerProblem of(String code, String question, String... args) {
        return new AnswerProblem(code, question, List.of(args), Map.of());
    }

    /** The form's message in a language (falling back to any language), or empty. */
    public String formMessage(String language) {
        return Maps.pick(formMessage, language);
    }

    @Override
    public String toString() {
        return question + ": " + code + (args.isEmpty() ? "" : " " + args)
                + (formMessage.isEmpty() ? "" : " " + formMessage.values().iterator().next());
    }
}
