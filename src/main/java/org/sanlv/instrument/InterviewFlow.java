package org.sanlv.instrument;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.sanlv.instrument.expr.Env;
import org.sanlv.instrument.expr.Expr;

/**
 * A compiled instrument and the one interview engine every mode uses (household, intercept, phone, online,
 * mock). Stateless and thread-safe: each call takes the answers so far, a map from question name to value
 * (String for text, date {@code yyyy-MM-dd} and select_one codes; a number for integer and decimal; a list
 * of codes for select_multiple), so the caller keeps the state, e.g. as JSON.
 *
 * <p>Relevance is applied as in ODK: a row is asked when its group is relevant, its own relevant holds and
 * no terminating note before it has been reached. A note with appearance {@code terminate} that is reached
 * ends the interview with the outcome {@link Completion.Outcome#INELIGIBLE}.
 */
public final class InterviewFlow {
    private static final Object BAD = new Object();
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d{1,15}(\\.\\d{0,15})?|\\.\\d{1,15})");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,15}");

    private final Instrument instrument;
    private final Node[] nodes;
    private final int[] order;
    private final Map<String, Integer> index;
    private final LocalDate today;

    InterviewFlow(Instrument instrument, Node[] nodes, int[] order) {
        this(instrument, nodes, order, null);
    }

    private InterviewFlow(Instrument instrument, Node[] nodes, int[] order, LocalDate today) {
        this.instrument = instrument;
        this.nodes = nodes;
        this.order = order;
        this.today = today;
        Map<String, Integer> idx = new HashMap<>();
        for (Node n : nodes) {
            if (n.type != QuestionType.END_GROUP) {
                idx.put(n.name, n.slot);
            }
        }
        this.index = idx;
    }

    /** The compiled rows and their evaluation order, for {@link ClientForm}. */
    Node[] nodes() {
        return nodes;
    }

    int[] order() {
        return order;
    }

    /** The form as written. */
    public Instrument instrument() {
        return instrument;
    }

    /** The same flow with {@code today()} fixed to a date (for tests and re-validation as of a day). */
    public InterviewFlow withToday(LocalDate date) {
        return new InterviewFlow(instrument, nodes, order, date);
    }

    /** All rows as the engine runs them, including the follow-up questions or_other adds. */
    public List<Question> rows() {
        List<Question> out = new ArrayList<>(nodes.length);
        for (Node n : nodes) {
            out.add(n.question);
        }
        return Collections.unmodifiableList(out);
    }

    /** A row by name, including or_other follow-ups. */
    public Optional<Question> question(String name) {
        Integer i = index.get(name);
        return i == null ? Optional.empty() : Optional.of(nodes[i].question);
    }

    /** A stateful interview held in memory (for the CLI, tests and single-process modes). */
    public Interview start() {
        return new Interview(this);
    }

    // ---- navigation ----

    /** The first question to show given the answers so far. */
    public Step first(Map<String, ?> answers) {
        return scanForward(evaluate(answers, null), 0);
    }

    /** The question after {@code current} given the answers so far (relevance and calculations applied). */
    public Step next(Map<String, ?> answers, String current) {
        return scanForward(evaluate(answers, null), slotOf(current) + 1);
    }

    /** The question shown before {@code current}, or empty at the start. */
    public Optional<Step> previous(Map<String, ?> answers, String current) {
        Run run = evaluate(answers, null);
        for (int i = slotOf(current) - 1; i >= 0; i--) {
            if (shown(nodes[i]) && run.relevant[i]) {
                return Optional.of(stepAt(run, i));
            }
        }
        return Optional.empty();
    }

    /** The step showing the question {@code name} under the answers so far (choices filtered, required evaluated). */
    public Step step(Map<String, ?> answers, String name) {
        return stepAt(evaluate(answers, null), slotOf(name));
    }

    private Step scanForward(Run run, int from) {
        for (int i = from; i < nodes.length; i++) {
            if (shown(nodes[i]) && run.relevant[i]) {
                return stepAt(run, i);
            }
        }
        return Step.complete();
    }

    private static boolean shown(Node n) {
        return n.type.answerable() || n.type == QuestionType.NOTE;
    }

    private Step stepAt(Run run, int i) {
        Node n = nodes[i];
        List<Question> groups = new ArrayList<>();
        for (int p = n.parent; p >= 0; p = nodes[p].parent) {
            groups.add(0, nodes[p].question);
        }
        List<Choice> choices = n.choices;
        if (n.choiceFilter != null) {
            choices = new ArrayList<>();
            for (int c = 0; c < n.choices.size(); c++) {
                run.env.choiceRow = n.choiceColumns[c];
                if (n.choiceFilter.test(run.env)) {
                    choices.add(n.choices.get(c));
                }
            }
            run.env.choiceRow = null;
        }
        Step.Status status = n.terminates() ? Step.Status.ENDED_INELIGIBLE : Step.Status.ASK;
        return new Step(status, n.question, choices, required(n, run.env), groups);
    }

    private int slotOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no question named '" + name + "' in " + instrument.id());
        }
        return i;
    }

    // ---- validation ----

    /**
     * Checks one answer in the context of the others: shape and type, choice codes, required, constraint
     * (with the form's constraint_message), and that the question is asked at all.
     *
     * @param value the proposed answer; null or "" or an empty list means "no answer"
     * @return empty when the answer is accepted
     */
    public List<AnswerProblem> validateAnswer(Map<String, ?> answers, String name, Object value) {
        Integer i = index.get(name);
        if (i == null) {
            return List.of(AnswerProblem.of(AnswerProblem.UNKNOWN_QUESTION, name, name));
        }
        Node n = nodes[i];
        if (!n.type.answerable()) {
            return List.of(AnswerProblem.of(AnswerProblem.NOT_ANSWERABLE, name));
        }
        List<AnswerProblem> problems = new ArrayList<>();
        Object v = coerce(n, value, problems);
        if (v == BAD) {
            return problems;
        }
        Map<String, Object> merged = new HashMap<>(answers);
        merged.put(name, value);
        Run run = evaluate(merged, null);
        if (!run.relevant[i]) {
            return List.of(AnswerProblem.of(AnswerProblem.NOT_RELEVANT, name));
        }
        if (v == null) {
            if (required(n, run.env)) {
                problems.add(requiredProblem(n));
            }
            return problems;
        }
        check(n, v, run.env, problems);
        return problems;
    }

    /**
     * Validates a whole stored answer set, the fast path for re-validating responses: unknown names, types,
     * codes, required relevant questions, constraints, and no answers to questions that are not asked.
     *
     * @return every problem; empty when the answer set is valid
     */
    public List<AnswerProblem> validateComplete(Map<String, ?> answers) {
        List<AnswerProblem> problems = new ArrayList<>(0);
        Run run = evaluate(answers, problems);
        checkAll(run, problems);
        return problems;
    }

    /** Validates the answer set and says how the interview ended, with the answers to store. */
    public Completion complete(Map<String, ?> answers) {
        List<AnswerProblem> problems = new ArrayList<>();
        Run run = evaluate(answers, problems);
        boolean ineligible = checkAll(run, problems);
        Completion.Outcome outcome = !problems.isEmpty() ? Completion.Outcome.INVALID
                : ineligible ? Completion.Outcome.INELIGIBLE : Completion.Outcome.COMPLETE;
        return new Completion(outcome, problems, normalised(run, true));
    }

    /** The answers with those to questions no longer asked removed and values normalised (no calculates). */
    public Map<String, Object> prune(Map<String, ?> answers) {
        return normalised(evaluate(answers, null), false);
    }

    /** Normalises one answer as it would be stored, or returns empty when it is not a valid value for the question. */
    public Optional<Object> normalise(String name, Object value) {
        Node n = nodes[slotOf(name)];
        Object v = coerce(n, value, null);
        return v == BAD || v == null ? Optional.empty() : Optional.of(stored(n, v));
    }

    /** @return whether a terminating note was reached */
    private boolean checkAll(Run run, List<AnswerProblem> problems) {
        boolean ineligible = false;
        for (Node n : nodes) {
            int i = n.slot;
            if (!run.relevant[i]) {
                continue;
            }
            if (n.terminates()) {
                ineligible = true;
                continue;
            }
            if (!n.type.answerable() || (run.bad != null && run.bad[i])) {
                continue;
            }
            Object v = run.slots[i];
            if (v == null) {
                if (required(n, run.env)) {
                    problems.add(requiredProblem(n));
                }
            } else {
                check(n, v, run.env, problems);
            }
        }
        return ineligible;
    }

    private static AnswerProblem requiredProblem(Node n) {
        return new AnswerProblem(AnswerProblem.REQUIRED, n.name, List.of(), n.question.requiredMessage());
    }

    private static boolean required(Node n, Env env) {
        return n.requiredAlways || (n.requiredIf != null && n.requiredIf.test(env));
    }

    private static void check(Node n, Object v, Env env, List<AnswerProblem> problems) {
        if (n.type == QuestionType.SELECT_ONE) {
            if (!choiceOk(n, (String) v, env, problems)) {
                return;
            }
        } else if (n.type == QuestionType.SELECT_MULTIPLE) {
            boolean ok = true;
            List<?> codes = (List<?>) v;
            for (int k = 0, size = codes.size(); k < size; k++) {
                ok &= choiceOk(n, (String) codes.get(k), env, problems);
            }
            if (!ok) {
                return;
            }
        }
        Expr c = n.constraint;
        if (c != null) {
            env.dot = v;
            boolean holds = c.test(env);
            env.dot = null;
            if (!holds) {
                problems.add(new AnswerProblem(AnswerProblem.CONSTRAINT, n.name, List.of(n.question.constraint()),
                        n.question.constraintMessage()));
            }
        }
    }

    private static boolean choiceOk(Node n, String code, Env env, List<AnswerProblem> problems) {
        Integer k = n.choiceIndex.get(code);
        if (k == null) {
            problems.add(AnswerProblem.of(AnswerProblem.UNKNOWN_CHOICE, n.name, code));
            return false;
        }
        if (n.choiceFilter != null) {
            env.choiceRow = n.choiceColumns[k];
            boolean visible = n.choiceFilter.test(env);
            env.choiceRow = null;
            if (!visible) {
                problems.add(AnswerProblem.of(AnswerProblem.FILTERED_CHOICE, n.name, code));
                return false;
            }
        }
        return true;
    }

    // ---- evaluation ----

    /** Slots, relevance and calculations for one answer set. */
    private static final class Run {
        final Object[] slots;
        final boolean[] relevant;
        final Env env;
        boolean[] bad;

        Run(int size, LocalDate today) {
            slots = new Object[size];
            relevant = new boolean[size];
            env = new Env(slots, today);
        }
    }

    /** @param problems null for the lenient reading the navigation uses (bad values count as unanswered) */
    private Run evaluate(Map<String, ?> answers, List<AnswerProblem> problems) {
        Run run = new Run(nodes.length, today);
        Object[] slots = run.slots;
        for (Map.Entry<String, ?> e : answers.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i == null) {
                if (problems != null) {
                    problems.add(AnswerProblem.of(AnswerProblem.UNKNOWN_QUESTION, String.valueOf(e.getKey()),
                            String.valueOf(e.getKey())));
                }
                continue;
            }
            Node n = nodes[i];
            if (n.type == QuestionType.CALCULATE) {
                continue; // stored calculates are recomputed, not trusted
            }
            if (!n.type.answerable()) {
                if (problems != null && !isBlank(e.getValue())) {
                    problems.add(AnswerProblem.of(AnswerProblem.NOT_ANSWERABLE, n.name));
                }
                continue;
            }
            Object v = coerce(n, e.getValue(), problems);
            if (v == BAD) {
                if (run.bad == null) {
                    run.bad = new boolean[nodes.length];
                }
                run.bad[i] = true;
                v = null;
            }
            slots[i] = v;
        }
        boolean[] relevant = run.relevant;
        Env env = run.env;
        for (int i : order) {
            Node n = nodes[i];
            boolean rel = (n.parent < 0 || relevant[n.parent])
                    && (n.terminator < 0 || !relevant[n.terminator])
                    && (n.relevant == null || n.relevant.test(env));
            relevant[i] = rel;
            if (n.calculation != null && !n.type.answerable()) {
                slots[i] = rel ? n.calculation.eval(env) : null;
            } else if (!rel && (slots[i] != null || (run.bad != null && run.bad[i]))) {
                if (problems != null) {
                    problems.add(AnswerProblem.of(AnswerProblem.NOT_RELEVANT, n.name));
                }
                slots[i] = null;
                if (run.bad != null) {
                    run.bad[i] = false;
                }
            } else if (rel && n.calculation != null && slots[i] == null && (run.bad == null || !run.bad[i])) {
                // a calculation on a question is its default: it holds until the respondent answers
                Object v = coerce(n, defaultAnswer(n.calculation.eval(env)), null);
                slots[i] = v == BAD ? null : v;
            }
        }
        return run;
    }

    private Map<String, Object> normalised(Run run, boolean withCalculates) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            Object v = run.slots[n.slot];
            if (v == null || !run.relevant[n.slot]) {
                continue;
            }
            if (n.type == QuestionType.CALCULATE) {
                if (withCalculates) {
                    out.put(n.name, v instanceof Double d ? jsonNumber(d) : v);
                }
            } else if (n.type.answerable()) {
                out.put(n.name, stored(n, v));
            }
        }
        return out;
    }

    private static Object jsonNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    private static Object stored(Node n, Object v) {
        return switch (n.type) {
            case INTEGER -> (long) (double) (Double) v;
            case SELECT_MULTIPLE -> List.copyOf((List<?>) v);
            default -> v;
        };
    }

    private static boolean isBlank(Object v) {
        return v == null || (v instanceof String s && s.isBlank()) || (v instanceof Collection<?> c && c.isEmpty());
    }

    /**
     * Reads a raw answer into its slot value (Double for numbers, String, List of String), null for "no
     * answer", or BAD after adding a problem.
     */
    /** A calculated default as the text an answer would be: {@code 3.0} → {@code 3}. */
    private static Object defaultAnswer(Object v) {
        if (v instanceof Double d && !d.isNaN() && !d.isInfinite() && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return v == null ? null : v instanceof Double d && d.isNaN() ? null : String.valueOf(v);
    }

    private static Object coerce(Node n, Object raw, List<AnswerProblem> problems) {
        if (isBlank(raw)) {
            return null;
        }
        String code = null;
        Object value = BAD;
        switch (n.type) {
            case INTEGER -> {
                value = integer(raw);
                code = AnswerProblem.NOT_INTEGER;
            }
            case DECIMAL -> {
                value = decimal(raw);
                code = AnswerProblem.NOT_NUMBER;
            }
            case DATE -> {
                value = date(raw);
                code = AnswerProblem.NOT_DATE;
            }
            case TEXT -> {
                value = raw instanceof CharSequence cs ? cs.toString() : BAD;
                code = AnswerProblem.WRONG_SHAPE;
            }
            case SELECT_ONE -> {
                value = code(raw);
                code = AnswerProblem.WRONG_SHAPE;
            }
            case SELECT_MULTIPLE -> {
                return codes(n, raw, problems);
            }
            default -> {
                code = AnswerProblem.NOT_ANSWERABLE;
            }
        }
        if (value == BAD && problems != null) {
            problems.add(AnswerProblem.of(code, n.name, abbreviate(raw)));
        }
        return value;
    }

    private static String abbreviate(Object raw) {
        String s = String.valueOf(raw);
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    private static Object integer(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).doubleValue();
        }
        if (raw instanceof Double || raw instanceof Float || raw instanceof BigDecimal || raw instanceof BigInteger) {
            double d = ((Number) raw).doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? d : BAD;
        }
        if (raw instanceof String s && INTEGER.matcher(s.strip()).matches()) {
            return (double) Long.parseLong(s.strip().replace("+", ""));
        }
        return BAD;
    }

    private static Object decimal(Object raw) {
        if (raw instanceof Number num && !(raw instanceof Double && ((Double) raw).isNaN())) {
            double d = num.doubleValue();
            return Double.isFinite(d) ? d : BAD;
        }
        if (raw instanceof String s && DECIMAL.matcher(s.strip()).matches()) {
            return Double.parseDouble(s.strip());
        }
        return BAD;
    }

    private static Object date(Object raw) {
        if (raw instanceof LocalDate d) {
            return d.toString();
        }
        if (raw instanceof String s && s.strip().length() == 10) {
            try {
                return LocalDate.parse(s.strip()).toString();
            } catch (DateTimeParseException e) {
                return BAD;
            }
        }
        return BAD;
    }

    private static Object code(Object raw) {
        if (raw instanceof String s) {
            String c = s.strip();
            return c.isEmpty() || c.indexOf(' ') >= 0 ? BAD : c;
        }
        if (raw instanceof Integer || raw instanceof Long) {
            return raw.toString();
        }
        return BAD;
    }

    private static Object codes(Node n, Object raw, List<AnswerProblem> problems) {
        List<?> in;
        if (raw instanceof List<?> l) {
            in = l;
        } else if (raw instanceof Collection<?> c) {
            in = new ArrayList<>(c);
        } else if (raw instanceof String s) {
            in = List.of(s.strip().split("\\s+"));
        } else {
            if (problems != null) {
                problems.add(AnswerProblem.of(AnswerProblem.WRONG_SHAPE, n.name, abbreviate(raw)));
            }
            return BAD;
        }
        List<Object> copy = null;
        int size = in.size();
        for (int k = 0; k < size; k++) {
            Object c = in.get(k);
            if (!(c instanceof String)) {
                Object s = code(c);
                if (s == BAD) {
                    if (problems != null) {
                        problems.add(AnswerProblem.of(AnswerProblem.WRONG_SHAPE, n.name, abbreviate(raw)));
                    }
                    return BAD;
                }
                if (copy == null) {
                    copy = new ArrayList<>(in);
                }
                copy.set(k, s);
            }
        }
        List<?> codes = copy != null ? copy : in;
        for (int a = 0; a < size; a++) {
            for (int b = a + 1; b < size; b++) {
                if (codes.get(a).equals(codes.get(b))) {
                    if (problems != null) {
                        problems.add(AnswerProblem.of(AnswerProblem.DUPLICATE_CHOICE, n.name, (String) codes.get(a)));
                    }
                    return BAD;
                }
            }
        }
        return codes;
    }
}
