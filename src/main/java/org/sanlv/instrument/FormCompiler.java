package org.sanlv.instrument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

import org.sanlv.instrument.expr.Expr;
import org.sanlv.instrument.expr.Expressions;
import org.sanlv.instrument.expr.Scope;
import org.sanlv.instrument.expr.ValueType;

/**
 * Checks an instrument and compiles it into nodes with expression trees and an evaluation order. Every
 * problem is reported with its cell; nothing here throws on a bad form.
 */
final class FormCompiler {
    private static final Pattern FORM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern PROVINCE = Pattern.compile("[1-9][0-9]");

    private final Instrument form;
    private final Layout.Locator at;
    private final List<FormProblem> problems = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();

    private FormCompiler(Instrument form, Layout.Locator at) {
        this.form = form;
        this.at = at;
    }

    static ImportResult compile(Instrument form, Layout.Locator at) {
        return new FormCompiler(form, at).run();
    }

    private ImportResult run() {
        checkSettings();
        Map<String, ChoiceList> lists = checkChoices();
        buildNodes(lists);
        if (!problems.isEmpty()) {
            // names are unreliable: expression checks would only add noise
            return ImportResult.failed(problems);
        }
        for (Node n : nodes) {
            compileExpressions(n);
        }
        if (!problems.isEmpty()) {
            return ImportResult.failed(problems);
        }
        int[] order = evaluationOrder();
        if (!problems.isEmpty()) {
            return ImportResult.failed(problems);
        }
        return new ImportResult(new InterviewFlow(form, nodes.toArray(new Node[0]), order), List.of());
    }

    private void problem(String location, String message) {
        problems.add(new FormProblem(location, message));
    }

    // ---- settings and choices ----

    private void checkSettings() {
        if (form.id() == null || !FORM_ID.matcher(form.id()).matches()) {
            problem(at.settings("form_id"), "form_id '" + form.id()
                    + "' must be letters, digits, '-', '_' or '.', e.g. zhejiang-2022");
        }
        if (form.province() == null || !PROVINCE.matcher(form.province()).matches()) {
            problem(at.settings("province"), "province '" + form.province()
                    + "' must be a two-digit province code, e.g. 33 for Zhejiang");
        }
        if (form.year() < 1990 || form.year() > 2100) {
            problem(at.settings("year"), "year " + form.year() + " is not a survey year (1990 to 2100)");
        }
        if (form.languages().isEmpty()) {
            problem(at.settings("default_language"), "the form has no label language");
        }
    }

    private Map<String, ChoiceList> checkChoices() {
        Map<String, ChoiceList> lists = new LinkedHashMap<>();
        for (ChoiceList list : form.choiceLists()) {
            if (lists.putIfAbsent(list.name(), list) != null) {
                problem(at.choice(list.name(), 0, "list_name"), "choice list '" + list.name() + "' is defined twice");
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.choices().size(); i++) {
                Choice c = list.choices().get(i);
                if (c.name().isBlank()) {
                    problem(at.choice(list.name(), i, "name"), "choice in list '" + list.name() + "' has no name (code)");
                } else if (!seen.add(c.name())) {
                    problem(at.choice(list.name(), i, "name"), "choice '" + c.name() + "' appears twice in list '"
                            + list.name() + "'");
                } else if (c.name().chars().anyMatch(Character::isWhitespace)) {
                    problem(at.choice(list.name(), i, "name"), "choice '" + c.name()
                            + "' contains a space; codes are single words because select_multiple stores them space-separated");
                }
                if (c.label().isEmpty()) {
                    problem(at.choice(list.name(), i, "label"), "choice '" + c.name() + "' in list '" + list.name()
                            + "' has an empty label");
                }
            }
        }
        return lists;
    }

    // ---- rows ----

    private void buildNodes(Map<String, ChoiceList> lists) {
        Deque<Node> groups = new ArrayDeque<>();
        int lastTerminator = -1;
        List<Question> rows = form.questions();
        for (int r = 0; r < rows.size(); r++) {
            Question q = rows.get(r);
            if (q.type() == QuestionType.END_GROUP) {
                if (groups.isEmpty()) {
                    problem(at.survey(r, "type"), "end_group has no matching begin_group");
                } else {
                    Node open = groups.pop();
                    if (!q.name().isEmpty() && !q.name().equals(open.name)) {
                        problem(at.survey(r, "name"), "end_group '" + q.name() + "' closes group '" + open.name + "'");
                    }
                }
                Node end = new Node(nodes.size(), r, q, false);
                end.parent = groups.isEmpty() ? -1 : groups.peek().slot;
                nodes.add(end);
                continue;
            }
            checkName(r, q);
            Node n = new Node(nodes.size(), r, q, false);
            n.parent = groups.isEmpty() ? -1 : groups.peek().slot;
            n.terminator = lastTerminator;
            nodes.add(n);
            Node earlier = q.name().isEmpty() ? null : byName.putIfAbsent(q.name(), n);
            if (earlier != null && earlier.synthetic) {
                problem(at.survey(earlier.row, "type"), "or_other adds the question '" + q.name()
                        + "', but the form already has a question with that name (" + at.survey(r, "name") + ")");
            } else if (earlier != null) {
                problem(at.survey(r, "name"), "name '" + q.name() + "' is used twice (first at "
                        + at.survey(earlier.row, "name") + ")");
            }
            checkRow(r, q, n, lists);
            if (q.type() == QuestionType.BEGIN_GROUP) {
                groups.push(n);
            }
            if (q.terminates()) {
                lastTerminator = n.slot;
            }
            if (q.orOther() && q.type().select()) {
                addOtherFollowUp(r, n);
            }
        }
        for (Node open : groups) {
            problem(at.survey(open.row, "type"), "begin_group '" + open.name + "' has no matching end_group");
        }
    }

    private void checkName(int r, Question q) {
        if (q.name().isEmpty()) {
            problem(at.survey(r, "name"), q.type().xlsForm() + " row has no name");
        } else if (!isName(q.name())) {
            problem(at.survey(r, "name"), "name '" + q.name()
                    + "' must start with a letter or '_' and contain only letters, digits, '_', '-' or '.'");
        }
    }

    static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 100 || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private void checkRow(int r, Question q, Node n, Map<String, ChoiceList> lists) {
        QuestionType t = q.type();
        boolean labelled = t != QuestionType.CALCULATE && t != QuestionType.BEGIN_GROUP;
        if (labelled && q.label().isEmpty()) {
            problem(at.survey(r, "label"), "label of '" + q.name() + "' is empty; every question needs a label");
        }
        if (t.select()) {
            if (q.listName().isEmpty()) {
                problem(at.survey(r, "type"), t.xlsForm() + " '" + q.name() + "' names no choice list");
            } else if (!lists.containsKey(q.listName())) {
                problem(at.survey(r, "type"), t.xlsForm() + " '" + q.name() + "' uses the choice list '"
                        + q.listName() + "', which the choices sheet does not have");
            } else {
                ChoiceList list = lists.get(q.listName());
                List<Choice> choices = new ArrayList<>(list.choices());
                if (q.orOther()) {
                    if (list.choice("other").isPresent()) {
                        problem(at.survey(r, "type"), "'" + q.name() + "' is or_other but its list '" + q.listName()
                                + "' already has a choice named other");
                    }
                    choices.add(otherChoice());
                }
                n.setChoices(choices, choiceColumnNames(list));
            }
        } else if (q.orOther()) {
            problem(at.survey(r, "type"), "or_other only applies to select_one and select_multiple");
        }
        if (t == QuestionType.CALCULATE && q.calculation().isEmpty()) {
            problem(at.survey(r, "calculation"), "calculate '" + q.name() + "' has an empty calculation");
        }
        if (t != QuestionType.CALCULATE && !q.calculation().isEmpty()) {
            problem(at.survey(r, "calculation"), "calculation only applies to calculate rows, not to "
                    + t.xlsForm() + " '" + q.name() + "'");
        }
        if (!t.answerable()) {
            if (!q.constraint().isEmpty()) {
                problem(at.survey(r, "constraint"), t.xlsForm() + " '" + q.name()
                        + "' takes no answer, so it cannot have a constraint");
            }
            if (!q.required().isEmpty() && !isNo(q.required())) {
                problem(at.survey(r, "required"), t.xlsForm() + " '" + q.name()
                        + "' takes no answer, so it cannot be required");
            }
        }
        if (!t.select() && !q.choiceFilter().isEmpty()) {
            problem(at.survey(r, "choice_filter"), "choice_filter only applies to select questions");
        }
        if (q.appearanceWords().contains(Question.TERMINATE) && t != QuestionType.NOTE) {
            problem(at.survey(r, "appearance"), "appearance 'terminate' only applies to a note");
        }
    }

    private Choice otherChoice() {
        Map<String, String> label = new LinkedHashMap<>();
        for (Language l : form.languages()) {
            label.put(l.code(), l.code().startsWith("zh") ? "其他" : "Other");
        }
        return new Choice("other", label);
    }

    private static List<String> choiceColumnNames(ChoiceList list) {
        Set<String> cols = new LinkedHashSet<>();
        list.choices().forEach(c -> cols.addAll(c.columns().keySet()));
        return List.copyOf(cols);
    }

    /** or_other: the engine adds {@code <name>_other}, a required text asked when "other" is selected. */
    private void addOtherFollowUp(int r, Node owner) {
        Map<String, String> label = new LinkedHashMap<>();
        for (Language l : form.languages()) {
            label.put(l.code(), l.code().startsWith("zh") ? "请注明" : "Please specify");
        }
        String name = owner.name + "_other";
        Question q = Question.of(QuestionType.TEXT, name, label).withRequired("yes")
                .withRelevant("selected(${" + owner.name + "}, 'other')");
        Node n = new Node(nodes.size(), r, q, true);
        n.parent = owner.parent;
        n.terminator = owner.terminator;
        nodes.add(n);
        if (byName.putIfAbsent(name, n) != null) {
            problem(at.survey(r, "type"), "or_other adds the question '" + name
                    + "', but the form already has a question with that name");
        }
    }

    // ---- expressions ----

    private void compileExpressions(Node n) {
        Question q = n.question;
        if (n.type == QuestionType.END_GROUP) {
            return;
        }
        n.relevant = expression(n, "relevant", q.relevant(), null, null);
        n.calculation = expression(n, "calculation", q.calculation(), null, null);
        n.constraint = expression(n, "constraint", q.constraint(), n.valueType, null);
        if (n.type.select()) {
            n.choiceFilter = expression(n, "choice_filter", q.choiceFilter(), null, n);
        }
        String req = q.required().strip();
        if (isYes(req)) {
            n.requiredAlways = true;
        } else if (!req.isEmpty() && !isNo(req)) {
            n.requiredIf = expression(n, "required", req, null, null);
        }
    }

    private static boolean isYes(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("yes") || v.equals("true") || v.equals("true()");
    }

    private static boolean isNo(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        return v.equals("no") || v.equals("false") || v.equals("false()");
    }

    private Expr expression(Node n, String column, String text, ValueType dot, Node choicesOf) {
        if (text.isEmpty()) {
            return null;
        }
        List<String> columns = choicesOf == null ? List.of()
                : form.choiceList(choicesOf.question.listName()).map(FormCompiler::choiceColumnNames).orElse(List.of());
        Scope scope = new Scope() {
            @Override
            public Binding question(String name) {
                Node target = byName.get(name);
                if (target == null) {
                    return null;
                }
                return switch (target.type) {
                    case NOTE -> Binding.refused("which is a note and has no value");
                    case BEGIN_GROUP -> Binding.refused("which is a group and has no value");
                    default -> Binding.of(target.slot, target.valueType);
                };
            }

            @Override
            public ValueType current() {
                return dot;
            }

            @Override
            public boolean choiceColumnsAllowed() {
                return choicesOf != null;
            }

            @Override
            public int choiceColumn(String name) {
                return columns.indexOf(name);
            }
        };
        Expressions.Compiled c = Expressions.compile(text, scope);
        for (Expressions.Problem p : c.problems()) {
            String where = n.synthetic ? at.survey(n.row, "type") : at.survey(n.row, column);
            if (p.syntax()) {
                problem(where, column + " \"" + abbreviate(text) + "\" is not a valid expression: " + p.message());
            } else {
                problem(where, column + " " + p.message());
            }
        }
        if (c.ok() && ("relevant".equals(column) || "calculation".equals(column))) {
            n.dependencies = concat(n.dependencies, c.references());
        }
        return c.expr();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- order and cycles ----

    /**
     * Order in which relevance and calculations are evaluated: every row after the rows its relevant and
     * calculation refer to, after its group and after the terminate note before it; otherwise form order.
     */
    private int[] evaluationOrder() {
        int size = nodes.size();
        List<Set<Integer>> deps = new ArrayList<>(size);
        List<List<Integer>> dependents = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            dependents.add(new ArrayList<>());
        }
        int[] waiting = new int[size];
        for (Node n : nodes) {
            Set<Integer> d = new LinkedHashSet<>();
            for (int s : n.dependencies) {
                d.add(s);
            }
            if (n.parent >= 0) {
                d.add(n.parent);
            }
            if (n.terminator >= 0) {
                d.add(n.terminator);
            }
            deps.add(d);
            waiting[n.slot] = d.size();
            for (int s : d) {
                dependents.get(s).add(n.slot);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < size; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[size];
        int count = 0;
        boolean[] done = new boolean[size];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[count++] = i;
            done[i] = true;
            for (int d : dependents.get(i)) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (count < size) {
            reportCycles(deps, done);
        }
        return order;
    }

    private void reportCycles(List<Set<Integer>> deps, boolean[] done) {
        boolean[] reported = new boolean[done.length];
        for (int start = 0; start < done.length; start++) {
            if (done[start] || reported[start]) {
                continue;
            }
            // every unfinished node waits on an unfinished node: walk until a node repeats
            List<Integer> path = new ArrayList<>();
            Map<Integer, Integer> seenAt = new HashMap<>();
            int cur = start;
            while (!seenAt.containsKey(cur)) {
                seenAt.put(cur, path.size());
                path.add(cur);
                int next = -1;
                for (int d : deps.get(cur)) {
                    if (!done[d]) {
                        next = d;
                        break;
                    }
                }
                cur = next;
            }
            List<Integer> cycle = path.subList(seenAt.get(cur), path.size());
            if (cycle.stream().anyMatch(i -> reported[i])) {
                cycle.forEach(i -> reported[i] = true);
                path.forEach(i -> reported[i] = true);
                continue;
            }
            cycle.forEach(i -> reported[i] = true);
            path.forEach(i -> reported[i] = true);
            Node first = nodes.get(cycle.get(0));
            Node second = nodes.get(cycle.size() > 1 ? cycle.get(1) : cycle.get(0));
            String column = first.question.calculation().contains("${" + second.name + "}") ? "calculation"
                    : "relevant";
            StringBuilder chain = new StringBuilder();
            for (int i : cycle) {
                chain.append("${").append(nodes.get(i).name).append("} → ");
            }
            chain.append("${").append(first.name).append("}");
            problem(at.survey(first.row, column), column + " of ${" + first.name + "} depends on itself: " + chain);
        }
    }
}
