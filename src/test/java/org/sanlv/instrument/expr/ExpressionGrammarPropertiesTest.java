package org.sanlv.instrument.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The grammar held against XPath 1.0 (§3.4–3.5): random well-typed expression trees are printed as text,
 * with the fewest parentheses the precedence allows and fully parenthesised, with and without spaces around
 * operators and before '(', then parsed again; the parsed tree must be the tree that was printed.
 * Precedence, loosest first: or, and, = !=, &lt; &lt;= &gt; &gt;=, + -, * div mod, unary minus; all binary
 * operators associate to the left.
 */
class ExpressionGrammarPropertiesTest {

    // ---- the model: what a generated expression is ----

    sealed interface Node permits Num, Str, Ref, Bin, Neg, Call {
    }

    /** A number as written: "12", "0.5", ".5", "3." */
    record Num(String text) implements Node {
    }

    record Str(String value) implements Node {
    }

    record Ref(String name) implements Node {
    }

    record Bin(String op, Node left, Node right) implements Node {
    }

    record Neg(Node operand) implements Node {
    }

    record Call(String function, List<Node> args) implements Node {
        Call(String function, Node... args) {
            this(function, List.of(args));
        }
    }

    static final List<String> OR = List.of("or");
    static final List<String> AND = List.of("and");
    static final List<String> EQUALITY = List.of("=", "!=");
    static final List<String> RELATIONAL = List.of("<", "<=", ">", ">=");
    static final List<String> ADDITIVE = List.of("+", "-");
    static final List<String> MULTIPLICATIVE = List.of("*", "div", "mod");
    static final int UNARY = 7;
    static final int PRIMARY = 8;

    static int precedence(Node n) {
        if (n instanceof Bin b) {
            return precedence(b.op());
        }
        return n instanceof Neg ? UNARY : PRIMARY;
    }

    static int precedence(String op) {
        if (OR.contains(op)) {
            return 1;
        }
        if (AND.contains(op)) {
            return 2;
        }
        if (EQUALITY.contains(op)) {
            return 3;
        }
        if (RELATIONAL.contains(op)) {
            return 4;
        }
        return ADDITIVE.contains(op) ? 5 : 6;
    }

    /** Number questions named like the operators, so ${div} and div meet in one expression. */
    static final Map<String, Integer> NUMBER_QUESTIONS = Map.of("x", 0, "y", 1, "div", 2, "mod", 3, "and", 4,
            "or", 5, "or-not", 6, "div.2", 7);
    static final Map<String, Integer> TEXT_QUESTIONS = Map.of("name", 8, "village", 9);
    static final int MANY = 10;

    static final Scope SCOPE = new Scope() {
        @Override
        public Binding question(String name) {
            if (NUMBER_QUESTIONS.containsKey(name)) {
                return Binding.of(NUMBER_QUESTIONS.get(name), ValueType.NUMBER);
            }
            if (TEXT_QUESTIONS.containsKey(name)) {
                return Binding.of(TEXT_QUESTIONS.get(name), ValueType.STRING);
            }
            return name.equals("many") ? Binding.of(MANY, ValueType.CODES) : null;
        }

        @Override
        public ValueType current() {
            return null;
        }
    };

    /** The tree the parser must build for a node, in {@link Expr#toString()}'s prefix form. */
    static String expectedTree(Node n) {
        if (n instanceof Num num) {
            return String.valueOf(Double.parseDouble(num.text()));
        } else if (n instanceof Str s) {
            return "'" + s.value() + "'";
        } else if (n instanceof Ref r) {
            return "$" + slot(r.name());
        } else if (n instanceof Bin b) {
            return "(" + b.op() + " " + expectedTree(b.left()) + " " + expectedTree(b.right()) + ")";
        } else if (n instanceof Neg g) {
            return "(neg " + expectedTree(g.operand()) + ")";
        }
        Call c = (Call) n;
        if (c.args().isEmpty()) {
            return c.function() + "()";
        }
        return "(" + c.function() + " "
                + c.args().stream().map(ExpressionGrammarPropertiesTest::expectedTree).collect(Collectors.joining(" ")) + ")";
    }

    static int slot(String name) {
        if (name.equals("many")) {
            return MANY;
        }
        return NUMBER_QUESTIONS.containsKey(name) ? NUMBER_QUESTIONS.get(name) : TEXT_QUESTIONS.get(name);
    }

    // ---- printing ----

    /**
     * How to print: fewest parentheses or all of them; spaces around operators or none (a space stays only
     * between two name characters, e.g. "1 div 2" but "${x}div-1"); a space between a function or operator and
     * '(' or not; which whitespace.
     */
    record Style(boolean minimal, boolean spaced, boolean spaceBeforeParenthesis, String blank) {
    }

    static String print(Node n, Style style) {
        StringBuilder sb = new StringBuilder();
        print(n, style, sb);
        return sb.toString();
    }

    private static void print(Node n, Style style, StringBuilder sb) {
        if (n instanceof Num num) {
            word(num.text(), style, sb);
        } else if (n instanceof Str s) {
            sb.append('\'').append(s.value()).append('\'');
        } else if (n instanceof Ref r) {
            sb.append("${").append(r.name()).append('}');
        } else if (n instanceof Bin b) {
            int p = precedence(b.op());
            operand(b.left(), style.minimal() ? precedence(b.left()) < p : !isPrimary(b.left()), style, sb);
            if (style.spaced()) {
                sb.append(style.blank());
            }
            word(b.op(), style, sb);
            if (style.spaced()) {
                sb.append(style.blank());
            }
            // left associative: an operator of the same level on the right needs parentheses
            operand(b.right(), style.minimal() ? precedence(b.right()) <= p : !isPrimary(b.right()), style, sb);
        } else if (n instanceof Neg g) {
            sb.append('-');
            operand(g.operand(), style.minimal() ? precedence(g.operand()) < UNARY : !isPrimary(g.operand()), style, sb);
        } else {
            Call c = (Call) n;
            word(c.function(), style, sb);
            openParenthesis(style, sb);
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                    if (style.spaced()) {
                        sb.append(style.blank());
                    }
                }
                print(c.args().get(i), style, sb);
            }
            sb.append(')');
        }
    }

    private static boolean isPrimary(Node n) {
        return precedence(n) == PRIMARY;
    }

    private static void operand(Node n, boolean parenthesise, Style style, StringBuilder sb) {
        if (parenthesise) {
            openParenthesis(style, sb);
            print(n, style, sb);
            sb.append(')');
        } else {
            print(n, style, sb);
        }
    }

    private static void openParenthesis(Style style, StringBuilder sb) {
        if (style.spaceBeforeParenthesis() && !sb.isEmpty() && !Character.isWhitespace(sb.charAt(sb.length() - 1))
                && sb.charAt(sb.length() - 1) != '(') {
            sb.append(style.blank());
        }
        sb.append('(');
    }

    /** Appends a word or symbol, with a blank only where two name characters would run together. */
    private static void word(String w, Style style, StringBuilder sb) {
        if (!sb.isEmpty() && nameChar(sb.charAt(sb.length() - 1)) && nameChar(w.charAt(0))
                && !(Character.isDigit(sb.charAt(sb.length() - 1)) && Character.isLetter(w.charAt(0)) && endsWithNumber(sb))) {
            sb.append(style.blank());
        }
        sb.append(w);
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** "5div" is a number then a word; "x5div" would be one name. */
    private static boolean endsWithNumber(StringBuilder sb) {
        int i = sb.length() - 1;
        while (i >= 0 && (Character.isDigit(sb.charAt(i)) || sb.charAt(i) == '.')) {
            i--;
        }
        return i < 0 || !nameChar(sb.charAt(i));
    }

    // ---- generation: well-typed trees, so every one must compile without problems ----

    static Arbitrary<Node> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 999).map(i -> new Num(String.valueOf(i))),
                Arbitraries.of("0.5", ".5", "3.", "12.25", "007", "1.0").map(Num::new));
    }

    static Arbitrary<Node> texts() {
        return Arbitraries.of("", "ja", "x y", "是", "and", "div (", "1").map(Str::new);
    }

    static Arbitrary<Node> numeric(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(numbers(), Arbitraries.of(NUMBER_QUESTIONS.keySet()).map(Ref::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> smaller = Arbitraries.lazy(() -> numeric(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(5, Combinators.combine(Arbitraries.of(concat(ADDITIVE, MULTIPLICATIVE)), smaller, smaller).as(Bin::new)),
                Tuple.of(2, smaller.map(Neg::new)),
                Tuple.of(1, Arbitraries.just(new Call("count-selected", new Ref("many")))),
                Tuple.of(1, smaller.map(a -> new Call("int", a))),
                Tuple.of(1, Arbitraries.lazy(() -> text(depth - 1)).map(a -> new Call("string-length", a))),
                Tuple.of(1, Combinators.combine(Arbitraries.lazy(() -> bool(depth - 1)), smaller, smaller)
                        .as((c, a, b) -> new Call("if", c, a, b))));
    }

    static Arbitrary<Node> text(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(texts(), Arbitraries.of(TEXT_QUESTIONS.keySet()).map(Ref::new));
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(1, Combinators.combine(Arbitraries.lazy(() -> text(depth - 1)), Arbitraries.lazy(() -> numeric(depth - 1)))
                        .as((a, b) -> new Call("concat", a, b))),
                Tuple.of(1, Arbitraries.lazy(() -> numeric(depth - 1)).map(a -> new Call("string", a))));
    }

    static Arbitrary<Node> bool(int depth) {
        if (depth == 0) {
            return Arbitraries.oneOf(Arbitraries.of(new Call("true"), new Call("false")),
                    texts().map(code -> new Call("selected", new Ref("many"), code)));
        }
        Arbitrary<Node> smaller = Arbitraries.lazy(() -> bool(depth - 1));
        Arbitrary<Node> anything = Arbitraries.lazy(() -> any(depth - 1));
        Arbitrary<Node> number = Arbitraries.lazy(() -> numeric(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(1, bool(0)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(concat(OR, AND)), anything, anything).as(Bin::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(EQUALITY), anything, anything).as(Bin::new)),
                Tuple.of(3, Combinators.combine(Arbitraries.of(RELATIONAL), number, number).as(Bin::new)),
                Tuple.of(1, smaller.map(a -> new Call("not", a))));
    }

    static Arbitrary<Node> any(int depth) {
        return Arbitraries.oneOf(bool(depth), numeric(depth), text(depth));
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    @Provide
    Arbitrary<Node> expressions() {
        return Arbitraries.integers().between(1, 5).flatMap(ExpressionGrammarPropertiesTest::any);
    }

    @Provide
    Arbitrary<Style> styles() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(" ", "  ", "\n", "\t")).as(Style::new);
    }

    // ---- the properties ----

    @Property(tries = 1500)
    void printedExpressionsParseBackToTheSameTree(@ForAll("expressions") Node tree, @ForAll("styles") Style style) {
        String text = print(tree, style);
        Expressions.Compiled compiled = Expressions.compile(text, SCOPE);
        assertThat(compiled.problems()).as(text).isEmpty();
        assertThat(compiled.expr()).as(text).hasToString(expectedTree(tree));
    }

    @Property(tries = 300)
    void fewestAndAllParenthesesMeanTheSame(@ForAll("expressions") Node tree, @ForAll boolean spaced,
            @ForAll @IntRange(min = -3, max = 3) int x, @ForAll @IntRange(min = -3, max = 3) int y) {
        Expr minimal = Expressions.compile(print(tree, new Style(true, spaced, false, " ")), SCOPE).expr();
        Expr full = Expressions.compile(print(tree, new Style(false, spaced, true, " ")), SCOPE).expr();
        Object[] slots = {(double) x, (double) y, 2.0, -1.5, 0.0, 7.0, 1.0, 0.25, "ja", "", List.of("ja", "1")};
        assertThat(full.eval(new Env(slots))).isEqualTo(minimal.eval(new Env(slots)));
    }

    /** An oracle outside the parser: arithmetic and logic computed in Java from the model. */
    @Property(tries = 500)
    void arithmeticAndLogicEvaluateAsXPathDoes(@ForAll("arithmeticOrLogic") Node tree, @ForAll("styles") Style style,
            @ForAll @IntRange(min = -4, max = 4) int x, @ForAll @IntRange(min = -4, max = 4) int y) {
        String text = print(tree, style);
        Object[] slots = {(double) x, (double) y, 2.0, -1.5, 0.0, 7.0, 1.0, 0.25, "", "", List.of()};
        Object actual = Expressions.compile(text, SCOPE).expr().eval(new Env(slots));
        assertThat(actual).as(text).isEqualTo(oracle(tree, slots));
    }

    @Provide
    Arbitrary<Node> arithmeticOrLogic() {
        return Arbitraries.integers().between(1, 5).flatMap(d -> Arbitraries.oneOf(plainNumeric(d), plainBool(d)));
    }

    static Arbitrary<Node> plainNumeric(int depth) {
        Arbitrary<Node> leaf = Arbitraries.oneOf(numbers(), Arbitraries.of(NUMBER_QUESTIONS.keySet()).map(Ref::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> smaller = Arbitraries.lazy(() -> plainNumeric(depth - 1));
        return Arbitraries.frequencyOf(Tuple.of(2, leaf),
                Tuple.of(5, Combinators.combine(Arbitraries.of(concat(ADDITIVE, MULTIPLICATIVE)), smaller, smaller).as(Bin::new)),
                Tuple.of(2, smaller.map(Neg::new)));
    }

    static Arbitrary<Node> plainBool(int depth) {
        Arbitrary<Node> number = Arbitraries.lazy(() -> plainNumeric(Math.max(0, depth - 1)));
        Arbitrary<Node> comparison = Combinators.combine(Arbitraries.of(concat(EQUALITY, RELATIONAL)), number, number).as(Bin::new);
        if (depth == 0) {
            return comparison;
        }
        Arbitrary<Node> smaller = Arbitraries.lazy(() -> plainBool(depth - 1));
        return Arbitraries.frequencyOf(Tuple.of(2, comparison),
                Tuple.of(3, Combinators.combine(Arbitraries.of(concat(OR, AND, EQUALITY)), smaller, smaller).as(Bin::new)),
                Tuple.of(1, smaller.map(a -> new Call("not", a))));
    }

    static Object oracle(Node n, Object[] slots) {
        if (n instanceof Num num) {
            return Double.parseDouble(num.text());
        } else if (n instanceof Ref r) {
            return slots[slot(r.name())];
        } else if (n instanceof Neg g) {
            return -(double) oracle(g.operand(), slots);
        } else if (n instanceof Call c) {
            return !(boolean) oracle(c.args().get(0), slots); // not(), the only function generated here
        }
        Bin b = (Bin) n;
        Object l = oracle(b.left(), slots);
        Object r = oracle(b.right(), slots);
        if (l instanceof Boolean p && r instanceof Boolean q) {
            return switch (b.op()) {
                case "or" -> p || q;
                case "and" -> p && q;
                case "=" -> p == q;
                default -> p != q;
            };
        }
        double u = (double) l;
        double v = (double) r;
        return switch (b.op()) {
            case "+" -> u + v;
            case "-" -> u - v;
            case "*" -> u * v;
            case "div" -> u / v;
            case "mod" -> u % v; // XPath's mod truncates, as Java's % does
            case "=" -> u == v;
            case "!=" -> u != v;
            case "<" -> u < v;
            case "<=" -> u <= v;
            case ">" -> u > v;
            default -> u >= v;
        };
    }
}
