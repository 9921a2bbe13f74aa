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

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    static final Pattern UNKNOWN_REFERENCE = Pattern.compile("refers to \\$\\{(.*)}, which does not exist");
    /** The parser's syntax messages that have their own wording in every language: key, pattern. */
    static final List<Map.Entry<String, Pattern>> SYNTAX = List.of(
            Map.entry("expr.endedEarly", Pattern.compile("expected a value but the expression ended at character (\\d+)")),
            Map.entry("expr.expectedValue", Pattern.compile("expected a value but found '(.*)' at character (\\d+)")),
            Map.entry("expr.expectedClose", Pattern.compile("expected '\\)' but found '(.*)' at character (\\d+)")),
            Map.entry("expr.unexpected", Pattern.compile("unexpected '(.*)' at character (\\d+)")),
            Map.entry("expr.expectedCommaOrClose",
                    Pattern.compile("expected ',' or '\\)' in (.*)\\(\\) but found '(.*)' at character (\\d+)")),
            Map.entry("expr.tooDeep", Pattern.compile("is nested too deeply \\(more than (\\d+) levels\\)")),
            Map.entry("expr.empty", Pattern.compile("is empty")),
            Map.entry("expr.tooLong", Pattern.compile("is longer than (\\d+) characters")));
    static final Pattern UNKNOWN_FUNCTION = Pattern.compile("uses the unknown function (.*)\\(\\)");

    /**
     * What the reader knows that the instrument does not say.
     *
     * @param choicesSheet whether the workbook has a choices sheet
     * @param choicesReadable whether its columns could be read (if not, that is reported and lists are not looked up)
     * @param unreadNames names of rows the reader could not read (already reported; references to them are not)
     * @param metadataNames names of metadata rows (start, end…), left out of the questionnaire
     */
    record Context(boolean choicesSheet, boolean choicesReadable, Set<String> unreadNames, Set<String> metadataNames) {
        static final Context WHOLE = new Context(true, true, Set.of(), Set.of());
    }

    private final Instrument form;
    private final Layout.Locator at;
    private final Context context;
    private boolean missingChoicesReported;
    /** A row without a usable name: references cannot be told apart from references to it, so they wait. */
    private boolean namesIncomplete;
    private final List<FormProblem> problems = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();

    private FormCompiler(Instrument form, Layout.Locator at, Context context) {
        this.form = form;
        this.at = at;
        this.context = context;
    }

    static ImportResult compile(Instrument form, Layout.Locator at) {
        return compile(form, at, Context.WHOLE);
    }

    static ImportResult compile(Instrument form, Layout.Locator at, Context context) {
        return new FormCompiler(form, at, context).run();
    }

    /** Every check runs whatever the others found, so the author sees all problems of the form at once. */
    private ImportResult run() {
        checkSettings();
        Map<String, ChoiceList> lists = checkChoices();
        buildNodes(lists);
        for (Node n : nodes) {
            compileExpressions(n);
            checkTextReferences(n);
        }
        int[] order = evaluationOrder();
        if (!problems.isEmpty()) {
            return ImportResult.failed(ProblemOrder.sorted(problems));
        }
        return new ImportResult(new InterviewFlow(form, nodes.toArray(new Node[0]), order), List.of());
    }

    private void problem(String location, String key, Object... args) {
        problems.add(FormProblem.at(location, key, args));
    }

    // ---- settings and choices ----

    private void checkSettings() {
        if (form.id() == null || !FORM_ID.matcher(form.id()).matches()) {
            problem(at.settings("form_id"), "settings.formId", form.id());
        }
        // province and year are Sanlü's metadata, not XLSForm's: a form may leave them out
        if (form.province() != null && !form.province().isEmpty() && !PROVINCE.matcher(form.province()).matches()) {
            problem(at.settings("province"), "settings.province", form.province());
        }
        if (form.year() != 0 && (form.year() < 1990 || form.year() > 2100)) {
            problem(at.settings("year"), "settings.yearRange", form.year());
        }
        if (form.languages().isEmpty()) {
            problem(at.settings("default_language"), "language.none");
        }
    }

    private Map<String, ChoiceList> checkChoices() {
        Map<String, ChoiceList> lists = new LinkedHashMap<>();
        for (ChoiceList list : form.choiceLists()) {
            if (lists.putIfAbsent(list.name(), list) != null) {
                problem(at.choice(list.name(), 0, "list_name"), "choice.listTwice", list.name());
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.choices().size(); i++) {
                Choice c = list.choices().get(i);
                if (c.name().isBlank()) {
                    problem(at.choice(list.name(), i, "name"), "choice.noName", list.name());
                } else if (!seen.add(c.name())) {
                    problem(at.choice(list.name(), i, "name"), "choice.twice", c.name(), list.name());
                } else if (c.name().chars().anyMatch(Character::isWhitespace)) {
                    problem(at.choice(list.name(), i, "name"), "choice.space", c.name());
                }
                if (c.label().isEmpty()) {
                    problem(at.choice(list.name(), i, "label"), "choice.noLabel", c.name(), list.name());
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
                    problem(at.survey(r, "type"), "group.endWithoutBegin");
                } else {
                    Node open = groups.pop();
                    if (!q.name().isEmpty() && !q.name().equals(open.name)) {
                        problem(at.survey(r, "name"), "group.endMismatch", q.name(), open.name);
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
                problem(at.survey(earlier.row, "type"), "name.otherCollides", q.name(), at.survey(r, "name"));
            } else if (earlier != null) {
                problem(at.survey(r, "name"), "name.twice", q.name(), at.survey(earlier.row, "name"));
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
            problem(at.survey(open.row, "type"), "group.beginWithoutEnd", open.name);
        }
    }

    private void checkName(int r, Question q) {
        if (q.name().isEmpty()) {
            namesIncomplete = true;
            problem(at.survey(r, "name"), "name.empty", q.type().xlsForm());
        } else if (!isName(q.name())) {
            namesIncomplete = true;
            problem(at.survey(r, "name"), "name.invalid", q.name());
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
            problem(at.survey(r, "label"), "label.empty", q.name());
        }
        if (t.select()) {
            if (q.listName().isEmpty()) {
                problem(at.survey(r, "type"), "select.noList", t.xlsForm(), q.name());
            } else if (!context.choicesSheet()) {
                // one problem for the whole form, at the first row that needs the sheet
                if (!missingChoicesReported) {
                    problem(at.survey(r, "type"), "select.noChoicesSheet", t.xlsForm(), q.name(), q.listName());
                    missingChoicesReported = true;
                }
            } else if (!lists.containsKey(q.listName()) && context.choicesReadable()) {
                problem(at.survey(r, "type"), "select.unknownList", t.xlsForm(), q.name(), q.listName());
            } else if (lists.containsKey(q.listName())) {
                ChoiceList list = lists.get(q.listName());
                List<Choice> choices = new ArrayList<>(list.choices());
                if (q.orOther()) {
                    if (list.choice("other").isPresent()) {
                        problem(at.survey(r, "type"), "select.otherTwice", q.name(), q.listName());
                    }
                    choices.add(otherChoice());
                }
                n.setChoices(choices, choiceColumnNames(list));
            }
        } else if (q.orOther()) {
            problem(at.survey(r, "type"), "select.orOtherNotSelect");
        }
        if (t == QuestionType.CALCULATE && q.calculation().isEmpty()) {
            problem(at.survey(r, "calculation"), "calculate.empty", q.name());
        }
        // a calculation on a question is its computed default (pyxform allows it on any type)
        if (!t.answerable()) {
            if (!q.constraint().isEmpty()) {
                problem(at.survey(r, "constraint"), "row.constraintNoAnswer", t.xlsForm(), q.name());
            }
            if (!q.required().isEmpty() && !isNo(q.required())) {
                problem(at.survey(r, "required"), "row.requiredNoAnswer", t.xlsForm(), q.name());
            }
        }
        if (!t.select() && !q.choiceFilter().isEmpty()) {
            problem(at.survey(r, "choice_filter"), "row.choiceFilterNotSelect");
        }
        if (q.appearanceWords().contains(Question.TERMINATE) && t != QuestionType.NOTE) {
            problem(at.survey(r, "appearance"), "row.terminateNotNote");
        }
    }

    /** {@code ${name}} inside a label or hint is shown as the answer, so it must name a question with a value. */
    private void checkTextReferences(Node n) {
        if (n.synthetic || n.type == QuestionType.END_GROUP) {
            return;
        }
        for (String column : List.of("label", "hint")) {
            Map<String, String> texts = column.equals("label") ? n.question.label() : n.question.hint();
            Set<String> reported = new HashSet<>();
            for (String text : texts.values()) {
                java.util.regex.Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    String name = m.group(1).strip();
                    if (byName.containsKey(name) || context.unreadNames().contains(name) || namesIncomplete
                            || !reported.add(name)) {
                        continue;
                    }
                    problem(at.survey(n.row, column), context.metadataNames().contains(name)
                            ? "expr.metadataReference" : "text.unknownReference", column, name);
                }
            }
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
            problem(at.survey(r, "type"), "name.otherCollides", name, at.survey(r, "name"));
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
            if (req.matches("[\\p{L}_]+")) {
                // a bare word such as "maybe" or "必填" is a mistake for yes/no, not a reference
                problem(at.survey(n.row, "required"), "required.notYesNo", req);
            } else {
                n.requiredIf = expression(n, "required", req, null, null);
            }
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
                    case NOTE -> Binding.refused("which is a note and has no value", "expr.referenceToNote");
                    case BEGIN_GROUP -> Binding.refused("which is a group and has no value", "expr.referenceToGroup");
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
        String where = n.synthetic ? at.survey(n.row, "type") : at.survey(n.row, column);
        if (!c.problems().isEmpty() && c.problems().stream().anyMatch(Expressions.Problem::syntax)) {
            String hint = hint(text);
            if (hint != null) {
                problem(where, hint, column, text);
                return null;
            }
        }
        for (Expressions.Problem p : c.problems()) {
            java.util.regex.Matcher unknown = UNKNOWN_REFERENCE.matcher(p.message());
            java.util.regex.Matcher function = UNKNOWN_FUNCTION.matcher(p.message());
            if (p.syntax()) {
                syntaxProblem(where, column, text, p.message());
            } else if (unknown.matches()) {
                if (context.metadataNames().contains(unknown.group(1))) {
                    problem(where, "expr.metadataReference", column, unknown.group(1));
                } else if (!context.unreadNames().contains(unknown.group(1)) && !namesIncomplete) {
                    problem(where, "expr.unknownReference", column, unknown.group(1));
                }
            } else if (function.matches()) {
                problem(where, "expr.unknownFunction", column, function.group(1));
            } else if (p.key() != null) {
                List<Object> args = new ArrayList<>(List.of(column));
                args.addAll(p.args());
                problem(where, p.key(), args.toArray());
            } else {
                problem(where, "expr.meaning", column, p.message());
            }
        }
        if (c.ok() && ("relevant".equals(column) || "calculation".equals(column))) {
            n.dependencies = concat(n.dependencies, c.references());
        }
        return c.expr();
    }

    private void syntaxProblem(String where, String column, String text, String message) {
        for (Map.Entry<String, Pattern> known : SYNTAX) {
            java.util.regex.Matcher m = known.getValue().matcher(message);
            if (m.matches()) {
                List<Object> args = new ArrayList<>(List.of(column, text));
                for (int g = 1; g <= m.groupCount(); g++) {
                    args.add(m.group(g));
                }
                problem(where, known.getKey(), args.toArray());
                return;
            }
        }
        problem(where, "expr.syntax", column, text, message);
    }

    /** A message for a known mistake in place of the parser's, or null. */
    static String hint(String text) {
        String outsideStrings = text.replaceAll("'[^']*'|\"[^\"]*\"", "''");
        if (outsideStrings.contains("==")) {
            return "expr.doubleEquals";
        }
        if (outsideStrings.contains("&&") || outsideStrings.contains("||")) {
            return "expr.cAndOr";
        }
        if (outsideStrings.contains("!") && !outsideStrings.contains("!=")) {
            return "expr.bang";
        }
        return null;
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
            problem(at.survey(first.row, column), "expr.cycle", column, first.name, chain);
        }
    }
}
