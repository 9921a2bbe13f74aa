package org.sanlv.instrument;

import java.util.Map;

/**
 * One row of the survey sheet. Text columns that are absent are empty strings, never null; expressions are
 * kept as written (the compiled form lives in {@link InterviewFlow}).
 *
 * @param name the answer key; empty only for an end_group row
 * @param type the row type
 * @param listName the choice list of a select question, else empty
 * @param orOther {@code select_one list or_other}: adds the option {@code other} and a follow-up text
 *     question {@code <name>_other}
 * @param label text per language code
 * @param hint text per language code
 * @param required {@code yes}, empty, or an expression
 * @param requiredMessage text per language code
 * @param relevant expression deciding whether the row is asked
 * @param constraint expression that must hold for an answer ({@code .} is the answer)
 * @param constraintMessage text per language code, shown when the constraint fails
 * @param calculation expression of a calculate row
 * @param choiceFilter expression over the choices sheet columns
 * @param appearance display hints; {@code terminate} on a note ends the interview as ineligible
 */
public record Question(String name, QuestionType type, String listName, boolean orOther, Map<String, String> label,
        Map<String, String> hint, String required, Map<String, String> requiredMessage, String relevant,
        String constraint, Map<String, String> constraintMessage, String calculation, String choiceFilter,
        String appearance) {

    /** Appearance of a note that ends the interview with the outcome "ineligible" when it is reached. */
    public static final String TERMINATE = "terminate";

    public Question {
        name = text(name);
        listName = text(listName);
        label = Maps.ordered(label);
        hint = Maps.ordered(hint);
        required = text(required);
        requiredMessage = Maps.ordered(requiredMessage);
        relevant = text(relevant);
        constraint = text(constraint);
        constraintMessage = Maps.ordered(constraintMessage);
        calculation = text(calculation);
        choiceFilter = text(choiceFilter);
        appearance = text(appearance);
    }

    /** A row with only type, name and label. */
    public static Question of(QuestionType type, String name, Map<String, String> label) {
        return new Question(name, type, "", false, label, Map.of(), "", Map.of(), "", "", Map.of(), "", "", "");
    }

    /** A select row with its choice list. */
    public static Question select(QuestionType type, String name, String listName, Map<String, String> label) {
        return of(type, name, label).withListName(listName);
    }

    public String label(String language) {
        return Maps.pick(label, language);
    }

    /** Whether the row is a note that ends the interview as ineligible. */
    public boolean terminates() {
        return type == QuestionType.NOTE && appearanceWords().contains(TERMINATE);
    }

    java.util.List<String> appearanceWords() {
        return appearance.isBlank() ? java.util.List.of() : java.util.List.of(appearance.trim().split("\\s+"));
    }

    public Question withListName(String v) {
        return new Question(name, type, v, orOther, label, hint, required, requiredMessage, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withOrOther(boolean v) {
        return new Question(name, type, listName, v, label, hint, required, requiredMessage, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withLabel(Map<String, String> v) {
        return new Question(name, type, listName, orOther, v, hint, required, requiredMessage, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withHint(Map<String, String> v) {
        return new Question(name, type, listName, orOther, label, v, required, requiredMessage, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withRequired(String v) {
        return new Question(name, type, listName, orOther, label, hint, v, requiredMessage, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withRequiredMessage(Map<String, String> v) {
        return new Question(name, type, listName, orOther, label, hint, required, v, relevant, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withRelevant(String v) {
        return new Question(name, type, listName, orOther, label, hint, required, requiredMessage, v, constraint,
                constraintMessage, calculation, choiceFilter, appearance);
    }

    public Question withConstraint(String v, Map<String, String> message) {
        return new Question(name, type, listName, orOther, label, hint, required, requiredMessage, relevant, v,
                message, calculation, choiceFilter, appearance);
    }

    public Question withCalculation(String v) {
        return new Question(name, type, listName, orOther, label, hint, required, requiredMessage, relevant,
                constraint, constraintMessage, v, choiceFilter, appearance);
    }

    public Question withChoiceFilter(String v) {
        return new Question(name, type, listName, orOther, label, hint, required, requiredMessage, relevant,
                constraint, constraintMessage, calculation, v, appearance);
    }

    public Question withAppearance(String v) {
        return new Question(name, type, listName, orOther, label, hint, required, requiredMessage, relevant,
                constraint, constraintMessage, calculation, choiceFilter, v);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
