package org.sanlv.instrument.expr;

import java.util.regex.Pattern;

/**
 * A compiled expression: an immutable tree evaluated against an {@link Env}. Evaluation is total (it never
 * throws on any answers) and its recursion is bounded by the parser's depth limit.
 */
public abstract class Expr {
    final ValueType type;
    final int depth;
    private final Expr[] children;

    Expr(ValueType type, Expr... children) {
        this.type = type;
        this.children = children;
        int d = 0;
        for (Expr c : children) {
            d = Math.max(d, c.depth);
        }
        this.depth = d + 1;
    }

    /** The tree in prefix form, e.g. {@code (and (= $0 'ja') (or (= $1 'x') (= $2 'y')))}: what was parsed. */
    @Override
    public String toString() {
        if (children.length == 0) {
            return label();
        }
        StringBuilder sb = new StringBuilder("(").append(label());
        for (Expr c : children) {
            sb.append(' ').append(c);
        }
        return sb.append(')').toString();
    }

    /** The operator or function of this node in {@link #toString()}. */
    abstract String label();

    /** The static type, as checked at import. */
    public ValueType type() {
        return type;
    }

    public abstract Object eval(Env env);

    /** Boolean value (XPath boolean()). */
    public boolean test(Env env) {
        return Values.toBoolean(eval(env));
    }

    /** Numeric value (XPath number()). */
    public double number(Env env) {
        return Values.toNumber(eval(env));
    }

    // ---- leaves ----

    static final class Literal extends Expr {
        private final Object value;
        private final boolean bool;
        private final double num;

        Literal(Object value, ValueType type) {
            super(type);
            this.value = value;
            this.bool = Values.toBoolean(value);
            this.num = Values.toNumber(value);
        }

        @Override
        public Object eval(Env env) {
            return value;
        }

        @Override
        public boolean test(Env env) {
            return bool;
        }

        @Override
        public double number(Env env) {
            return num;
        }

        Object value() {
            return value;
        }

        @Override
        String label() {
            return value instanceof String t ? "'" + t + "'" : value instanceof Boolean b ? b + "()" : String.valueOf(value);
        }
    }

    static final class Ref extends Expr {
        private final int slot;

        Ref(int slot, ValueType type) {
            super(type);
            this.slot = slot;
        }

        @Override
        public Object eval(Env env) {
            return env.slots[slot];
        }

        @Override
        String label() {
            return "$" + slot;
        }
    }

    static final class Dot extends Expr {
        Dot(ValueType type) {
            super(type);
        }

        @Override
        public Object eval(Env env) {
            return env.dot;
        }

        @Override
        String label() {
            return ".";
        }
    }

    static final class ChoiceColumn extends Expr {
        private final int column;

        ChoiceColumn(int column) {
            super(ValueType.STRING);
            this.column = column;
        }

        @Override
        public Object eval(Env env) {
            String[] row = env.choiceRow;
            return row == null || column >= row.length ? null : row[column];
        }

        @Override
        String label() {
            return "column" + column;
        }
    }

    // ---- operators ----

    enum ArithOp { ADD, SUB, MUL, DIV, MOD }

    static final class Arith extends Expr {
        private final ArithOp op;
        private final Expr a;
        private final Expr b;

        Arith(ArithOp op, Expr a, Expr b) {
            super(ValueType.NUMBER, a, b);
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        public double number(Env env) {
            double x = a.number(env);
            double y = b.number(env);
            return switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case MOD -> x % y;
            };
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        public boolean test(Env env) {
            double d = number(env);
            return d != 0 && !Double.isNaN(d);
        }

        @Override
        String label() {
            return switch (op) {
                case ADD -> "+";
                case SUB -> "-";
                case MUL -> "*";
                case DIV -> "div";
                case MOD -> "mod";
            };
        }
    }

    static final class Negate extends Expr {
        private final Expr a;

        Negate(Expr a) {
            super(ValueType.NUMBER, a);
            this.a = a;
        }

        @Override
        public double number(Env env) {
            return -a.number(env);
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "neg";
        }
    }

    enum CompareOp { EQ, NE, LT, LE, GT, GE }

    static final class Compare extends Expr {
        private final CompareOp op;
        private final Expr a;
        private final Expr b;
        private final boolean numeric;

        Compare(CompareOp op, Expr a, Expr b) {
            super(ValueType.BOOLEAN, a, b);
            this.op = op;
            this.a = a;
            this.b = b;
            // both sides statically numbers: skip boxing and the XPath type dance
            this.numeric = a.type == ValueType.NUMBER && b.type == ValueType.NUMBER;
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        public boolean test(Env env) {
            if (numeric) {
                return compareNumbers(a.number(env), b.number(env));
            }
            Object x = a.eval(env);
            Object y = b.eval(env);
            if (op == CompareOp.EQ || op == CompareOp.NE) {
                boolean eq;
                if (x instanceof Boolean || y instanceof Boolean) {
                    eq = Values.toBoolean(x) == Values.toBoolean(y);
                } else if (x instanceof Double || y instanceof Double) {
                    double dx = Values.toNumber(x);
                    double dy = Values.toNumber(y);
                    return op == CompareOp.EQ ? dx == dy : dx != dy;
                } else {
                    eq = Values.toStr(x).equals(Values.toStr(y));
                }
                return op == CompareOp.EQ ? eq : !eq;
            }
            double dx = Values.toNumber(x);
            double dy = Values.toNumber(y);
            if ((Double.isNaN(dx) || Double.isNaN(dy)) && x instanceof String sx && y instanceof String sy
                    && !sx.isEmpty() && !sy.isEmpty()) {
                // non-numeric strings: compare as text, so ISO dates and times order correctly
                int c = sx.compareTo(sy);
                return switch (op) {
                    case LT -> c < 0;
                    case LE -> c <= 0;
                    case GT -> c > 0;
                    default -> c >= 0;
                };
            }
            return compareNumbers(dx, dy);
        }

        private boolean compareNumbers(double x, double y) {
            return switch (op) {
                case EQ -> x == y;
                case NE -> x != y;
                case LT -> x < y;
                case LE -> x <= y;
                case GT -> x > y;
                case GE -> x >= y;
            };
        }

        @Override
        String label() {
            return switch (op) {
                case EQ -> "=";
                case NE -> "!=";
                case LT -> "<";
                case LE -> "<=";
                case GT -> ">";
                case GE -> ">=";
            };
        }
    }

    static final class And extends Expr {
        private final Expr a;
        private final Expr b;

        And(Expr a, Expr b) {
            super(ValueType.BOOLEAN, a, b);
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean test(Env env) {
            return a.test(env) && b.test(env);
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        String label() {
            return "and";
        }
    }

    static final class Or extends Expr {
        private final Expr a;
        private final Expr b;

        Or(Expr a, Expr b) {
            super(ValueType.BOOLEAN, a, b);
            this.a = a;
            this.b = b;
        }

        @Override
        public boolean test(Env env) {
            return a.test(env) || b.test(env);
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        String label() {
            return "or";
        }
    }

    // ---- functions ----

    static final class Not extends Expr {
        private final Expr a;

        Not(Expr a) {
            super(ValueType.BOOLEAN, a);
            this.a = a;
        }

        @Override
        public boolean test(Env env) {
            return !a.test(env);
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        String label() {
            return "not";
        }
    }

    static final class Selected extends Expr {
        private final Expr a;
        private final Expr code;
        private final String constantCode;

        Selected(Expr a, Expr code) {
            super(ValueType.BOOLEAN, a, code);
            this.a = a;
            this.code = code;
            this.constantCode = code instanceof Literal l ? Values.toStr(l.value()) : null;
        }

        @Override
        public boolean test(Env env) {
            String c = constantCode != null ? constantCode : Values.toStr(code.eval(env));
            return Values.selected(a.eval(env), c);
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        String label() {
            return "selected";
        }
    }

    static final class CountSelected extends Expr {
        private final Expr a;

        CountSelected(Expr a) {
            super(ValueType.NUMBER, a);
            this.a = a;
        }

        @Override
        public double number(Env env) {
            return Values.countSelected(a.eval(env));
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "count-selected";
        }
    }

    /** count-selected-of(${q}, 'a', 'b', ...): how many of the listed codes are selected. */
    static final class CountSelectedOf extends Expr {
        private final Expr a;
        private final Expr[] codes;

        CountSelectedOf(Expr a, Expr[] codes) {
            super(ValueType.NUMBER, concat(a, codes));
            this.a = a;
            this.codes = codes;
        }

        @Override
        public double number(Env env) {
            Object v = a.eval(env);
            int n = 0;
            for (Expr c : codes) {
                if (Values.selected(v, Values.toStr(c.eval(env)))) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "count-selected-of";
        }
    }

    static final class SelectedAt extends Expr {
        private final Expr a;
        private final Expr index;

        SelectedAt(Expr a, Expr index) {
            super(ValueType.STRING, a, index);
            this.a = a;
            this.index = index;
        }

        @Override
        public Object eval(Env env) {
            return Values.selectedAt(a.eval(env), index.number(env));
        }

        @Override
        String label() {
            return "selected-at";
        }
    }

    static final class If extends Expr {
        private final Expr c;
        private final Expr a;
        private final Expr b;

        If(Expr c, Expr a, Expr b, ValueType type) {
            super(type, c, a, b);
            this.c = c;
            this.a = a;
            this.b = b;
        }

        @Override
        public Object eval(Env env) {
            return c.test(env) ? a.eval(env) : b.eval(env);
        }

        @Override
        String label() {
            return "if";
        }
    }

    static final class Coalesce extends Expr {
        private final Expr[] args;

        Coalesce(Expr[] args, ValueType type) {
            super(type, args);
            this.args = args;
        }

        @Override
        public Object eval(Env env) {
            Object last = null;
            for (Expr e : args) {
                last = e.eval(env);
                if (!Values.isEmpty(last)) {
                    return last;
                }
            }
            return last;
        }

        @Override
        String label() {
            return "coalesce";
        }
    }

    static final class StringLength extends Expr {
        private final Expr a;

        StringLength(Expr a) {
            super(ValueType.NUMBER, a);
            this.a = a;
        }

        @Override
        public double number(Env env) {
            String s = Values.toStr(a.eval(env));
            return s.codePointCount(0, s.length());
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "string-length";
        }
    }

    /**
     * regex(s, 'pattern'), ODK semantics (a match anywhere; anchor with ^ and $). The pattern is a literal
     * compiled at import; matching runs on a character budget so a pathological pattern cannot hang.
     */
    static final class Regex extends Expr {
        static final int MAX_INPUT = 10_000;
        static final long BUDGET = 2_000_000;
        private final Expr a;
        private final Pattern pattern;

        Regex(Expr a, Expr patternLiteral, Pattern pattern) {
            super(ValueType.BOOLEAN, a, patternLiteral);
            this.a = a;
            this.pattern = pattern;
        }

        @Override
        public boolean test(Env env) {
            String s = Values.toStr(a.eval(env));
            if (s.length() > MAX_INPUT) {
                return false;
            }
            try {
                return pattern.matcher(new BudgetedChars(s, new long[] {BUDGET})).find();
            } catch (BudgetExceeded | StackOverflowError e) {
                return false;
            }
        }

        @Override
        public Object eval(Env env) {
            return test(env);
        }

        @Override
        String label() {
            return "regex";
        }
    }

    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A CharSequence that stops the regex engine after a fixed number of character reads. */
    record BudgetedChars(String s, long[] left) implements CharSequence {
        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s.substring(start, end), left);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    static final class IntFn extends Expr {
        private final Expr a;

        IntFn(Expr a) {
            super(ValueType.NUMBER, a);
            this.a = a;
        }

        @Override
        public double number(Env env) {
            double d = a.number(env);
            return Double.isNaN(d) || Double.isInfinite(d) ? d : (d < 0 ? Math.ceil(d) : Math.floor(d));
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "int";
        }
    }

    static final class NumberFn extends Expr {
        private final Expr a;

        NumberFn(Expr a) {
            super(ValueType.NUMBER, a);
            this.a = a;
        }

        @Override
        public double number(Env env) {
            return a.number(env);
        }

        @Override
        public Object eval(Env env) {
            return number(env);
        }

        @Override
        String label() {
            return "number";
        }
    }

    static final class StringFn extends Expr {
        private final Expr a;

        StringFn(Expr a) {
            super(ValueType.STRING, a);
            this.a = a;
        }

        @Override
        public Object eval(Env env) {
            return Values.toStr(a.eval(env));
        }

        @Override
        String label() {
            return "string";
        }
    }

    static final class Concat extends Expr {
        private final Expr[] args;

        Concat(Expr[] args) {
            super(ValueType.STRING, args);
            this.args = args;
        }

        @Override
        public Object eval(Env env) {
            StringBuilder sb = new StringBuilder();
            for (Expr e : args) {
                sb.append(Values.toStr(e.eval(env)));
            }
            return sb.toString();
        }

        @Override
        String label() {
            return "concat";
        }
    }

    static final class Today extends Expr {
        Today() {
            super(ValueType.DATE);
        }

        @Override
        public Object eval(Env env) {
            return env.today();
        }

        @Override
        String label() {
            return "today";
        }
    }

    private static Expr[] concat(Expr a, Expr[] rest) {
        Expr[] all = new Expr[rest.length + 1];
        all[0] = a;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
