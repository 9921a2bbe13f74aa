package org.sanlv.instrument.expr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser with XPath 1.0 precedence (or &lt; and &lt; = != &lt; relational &lt; + - &lt;
 * * div mod &lt; unary minus). Binds references and checks arity and types while building the tree.
 */
final class Parser {
    static final List<String> FUNCTIONS = List.of("not", "true", "false", "selected", "count-selected",
            "count-selected-of", "selected-at", "if", "coalesce", "string-length", "regex", "int", "number",
            "string", "concat", "today");

    private enum Kind { NUMBER, STRING, REF, DOT, NAME, LPAREN, RPAREN, COMMA, OP, EOF }

    private record Token(Kind kind, String text, int pos) {
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private final Scope scope;
    private final List<Token> tokens = new ArrayList<>();
    private final List<Expressions.Problem> problems = new ArrayList<>();
    private final Set<Integer> references = new LinkedHashSet<>();
    private int index;
    private int nesting;

    Parser(String text, Scope scope) {
        this.text = text;
        this.scope = scope;
    }

    Expressions.Compiled compile() {
        Expr expr;
        try {
            lex();
            expr = orExpr();
            if (peek().kind != Kind.EOF) {
                throw error("unexpected '" + peek().text + "'", peek());
            }
            if (expr.depth > Expressions.MAX_DEPTH) {
                throw new SyntaxError("is nested too deeply (more than " + Expressions.MAX_DEPTH + " levels)");
            }
        } catch (SyntaxError e) {
            return new Expressions.Compiled(null, new int[0], List.of(new Expressions.Problem(true, e.getMessage())));
        }
        int[] refs = references.stream().mapToInt(Integer::intValue).toArray();
        if (!problems.isEmpty()) {
            return new Expressions.Compiled(null, refs, List.copyOf(problems));
        }
        return new Expressions.Compiled(expr, refs, List.of());
    }

    // ---- lexer ----

    private void lex() {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '$') {
                if (i + 1 >= n || text.charAt(i + 1) != '{') {
                    throw new SyntaxError("'$' must start a reference like ${name} (character " + (i + 1) + ")");
                }
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new SyntaxError("reference at character " + (i + 1) + " has no closing '}'");
                }
                String name = text.substring(i + 2, close).strip();
                if (name.isEmpty() || !isName(name)) {
                    throw new SyntaxError("'${" + name + "}' is not a valid question name");
                }
                tokens.add(new Token(Kind.REF, name, i));
                i = close + 1;
            } else if (c == '\'' || c == '"') {
                int close = text.indexOf(c, i + 1);
                if (close < 0) {
                    throw new SyntaxError("text starting at character " + (i + 1) + " has no closing " + c);
                }
                tokens.add(new Token(Kind.STRING, text.substring(i + 1, close), i));
                i = close + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) == '.') {
                    i++;
                    while (i < n && isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '.') {
                tokens.add(new Token(Kind.DOT, ".", i));
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '!' || c == '<' || c == '>') {
                if (i + 1 < n && text.charAt(i + 1) == '=') {
                    tokens.add(new Token(Kind.OP, c + "=", i));
                    i += 2;
                } else if (c == '!') {
                    throw new SyntaxError("'!' must be followed by '=' (character " + (i + 1) + "); use not() to negate");
                } else {
                    tokens.add(new Token(Kind.OP, String.valueOf(c), i));
                    i++;
                }
            } else if (c == '=' || c == '+' || c == '-' || c == '*') {
                tokens.add(new Token(Kind.OP, String.valueOf(c), i));
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && isNameChar(text.charAt(i))) {
                    i++;
                }
                String name = text.substring(start, i);
                String word = afterOperand() ? operatorWord(name) : null;
                if (word != null) {
                    // XPath 1.0 §3.7: after a value a name is an operator, whatever follows ("and (", "div-1")
                    tokens.add(new Token(Kind.OP, word, start));
                    i = start + word.length();
                } else {
                    tokens.add(new Token(Kind.NAME, name, start));
                }
            } else {
                throw new SyntaxError("unexpected character '" + printable(c) + "' at character " + (i + 1));
            }
        }
        tokens.add(new Token(Kind.EOF, "end of expression", n));
    }

    /** Whether the last token ends a value, so that a name here must be an operator (XPath 1.0 §3.7). */
    private boolean afterOperand() {
        if (tokens.isEmpty()) {
            return false;
        }
        Kind k = tokens.get(tokens.size() - 1).kind;
        return k == Kind.NUMBER || k == Kind.STRING || k == Kind.REF || k == Kind.DOT || k == Kind.RPAREN
                || k == Kind.NAME;
    }

    /**
     * The operator word a name in operator position stands for, or null. Names may contain '-' and '.', so
     * "div-1" and "div.5" are read as div followed by -1 and .5 (nothing else could stand there); "division"
     * stays a name and is reported.
     */
    private static String operatorWord(String name) {
        for (String word : OPERATOR_WORDS) {
            if (name.startsWith(word)
                    && (name.length() == word.length() || name.charAt(word.length()) == '-' || name.charAt(word.length()) == '.')) {
                return word;
            }
        }
        return null;
    }

    private static final List<String> OPERATOR_WORDS = List.of("and", "or", "div", "mod");

    static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    // ---- grammar ----

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        return tokens.get(index++);
    }

    private boolean atOp(String op) {
        Token t = peek();
        return t.kind == Kind.OP && t.text.equals(op);
    }

    private SyntaxError error(String message, Token at) {
        return new SyntaxError(message + " at character " + (at.pos + 1));
    }

    private void enter() {
        if (++nesting > Expressions.MAX_DEPTH) {
            throw new SyntaxError("is nested too deeply (more than " + Expressions.MAX_DEPTH + " levels)");
        }
    }

    private Expr orExpr() {
        Expr left = andExpr();
        while (atOp("or")) {
            next();
            left = checkDepth(new Expr.Or(left, andExpr()));
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = equality();
        while (atOp("and")) {
            next();
            left = checkDepth(new Expr.And(left, equality()));
        }
        return left;
    }

    private Expr equality() {
        Expr left = relational();
        while (atOp("=") || atOp("!=")) {
            Token op = next();
            Expr right = relational();
            checkComparable(left, right, op);
            left = checkDepth(new Expr.Compare(op.text.equals("=") ? Expr.CompareOp.EQ : Expr.CompareOp.NE, left, right));
        }
        return left;
    }

    private Expr relational() {
        Expr left = additive();
        while (atOp("<") || atOp("<=") || atOp(">") || atOp(">=")) {
            Token op = next();
            Expr right = additive();
            checkComparable(left, right, op);
            Expr.CompareOp cop = switch (op.text) {
                case "<" -> Expr.CompareOp.LT;
                case "<=" -> Expr.CompareOp.LE;
                case ">" -> Expr.CompareOp.GT;
                default -> Expr.CompareOp.GE;
            };
            left = checkDepth(new Expr.Compare(cop, left, right));
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (atOp("+") || atOp("-")) {
            Token op = next();
            Expr right = multiplicative();
            checkArithmetic(left, op.text);
            checkArithmetic(right, op.text);
            left = checkDepth(new Expr.Arith(op.text.equals("+") ? Expr.ArithOp.ADD : Expr.ArithOp.SUB, left, right));
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (atOp("*") || atOp("div") || atOp("mod")) {
            Token op = next();
            Expr right = unary();
            checkArithmetic(left, op.text);
            checkArithmetic(right, op.text);
            Expr.ArithOp aop = switch (op.text) {
                case "*" -> Expr.ArithOp.MUL;
                case "div" -> Expr.ArithOp.DIV;
                default -> Expr.ArithOp.MOD;
            };
            left = checkDepth(new Expr.Arith(aop, left, right));
        }
        return left;
    }

    private Expr unary() {
        if (atOp("-")) {
            next();
            enter();
            Expr operand = unary();
            nesting--;
            checkArithmetic(operand, "-");
            return checkDepth(new Expr.Negate(operand));
        }
        return primary();
    }

    private Expr checkDepth(Expr e) {
        if (e.depth > Expressions.MAX_DEPTH) {
            throw new SyntaxError("is nested too deeply (more than " + Expressions.MAX_DEPTH + " levels)");
        }
        return e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return new Expr.Literal(Double.parseDouble(t.text), ValueType.NUMBER);
            case STRING:
                return new Expr.Literal(t.text, ValueType.STRING);
            case REF:
                return reference(t);
            case DOT:
                ValueType current = scope.current();
                if (current == null) {
                    problems.add(Expressions.Problem.meaning(
                            "uses '.' (the current answer), which only a constraint may use", "expr.dotOutsideConstraint"));
                    return new Expr.Literal(null, ValueType.ANY);
                }
                return new Expr.Dot(current);
            case LPAREN: {
                enter();
                Expr inner = orExpr();
                nesting--;
                if (peek().kind != Kind.RPAREN) {
                    throw error("expected ')' but found '" + peek().text + "'", peek());
                }
                next();
                return inner;
            }
            case NAME:
                if (peek().kind == Kind.LPAREN) {
                    return call(t);
                }
                return choiceColumn(t);
            case EOF:
                throw error("expected a value but the expression ended", t);
            default:
                throw error("expected a value but found '" + t.text + "'", t);
        }
    }

    private Expr reference(Token t) {
        Scope.Binding b = scope.question(t.text);
        if (b == null) {
            problems.add(new Expressions.Problem(false, "refers to ${" + t.text + "}, which does not exist"));
            return new Expr.Literal(null, ValueType.ANY);
        }
        if (b.problem() != null) {
            String message = "refers to ${" + t.text + "}, " + b.problem();
            problems.add(b.problemKey() == null ? new Expressions.Problem(false, message)
                    : Expressions.Problem.meaning(message, b.problemKey(), t.text));
            return new Expr.Literal(null, ValueType.ANY);
        }
        references.add(b.slot());
        return new Expr.Ref(b.slot(), b.type());
    }

    private Expr choiceColumn(Token t) {
        if (!scope.choiceColumnsAllowed()) {
            problems.add(Expressions.Problem.meaning("uses the bare name '" + t.text
                    + "'; refer to a question as ${" + t.text + "}", "expr.bareName", t.text));
            return new Expr.Literal(null, ValueType.ANY);
        }
        int col = scope.choiceColumn(t.text);
        if (col < 0) {
            problems.add(Expressions.Problem.meaning("uses the choices column '" + t.text
                    + "', which the choice list does not have", "expr.unknownChoiceColumn", t.text));
            return new Expr.Literal(null, ValueType.ANY);
        }
        return new Expr.ChoiceColumn(col);
    }

    private Expr call(Token nameToken) {
        String name = nameToken.text;
        next(); // (
        enter();
        List<Expr> args = new ArrayList<>();
        if (peek().kind != Kind.RPAREN) {
            args.add(orExpr());
            while (peek().kind == Kind.COMMA) {
                next();
                args.add(orExpr());
            }
        }
        if (peek().kind != Kind.RPAREN) {
            throw error("expected ',' or ')' in " + name + "() but found '" + peek().text + "'", peek());
        }
        next();
        nesting--;
        return checkDepth(function(name, args, nameToken));
    }

    private Expr function(String name, List<Expr> a, Token at) {
        Expr[] args = a.toArray(new Expr[0]);
        switch (name) {
            case "true":
            case "false":
                if (!arity(name, args, 0, 0)) {
                    break;
                }
                return new Expr.Literal(name.equals("true"), ValueType.BOOLEAN);
            case "not":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                return new Expr.Not(args[0]);
            case "selected":
                if (!arity(name, args, 2, 2)) {
                    break;
                }
                checkSelectable(name, args[0]);
                checkCode(name, args[1]);
                return new Expr.Selected(args[0], args[1]);
            case "count-selected":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                checkSelectable(name, args[0]);
                return new Expr.CountSelected(args[0]);
            case "count-selected-of":
                if (!arity(name, args, 2, Integer.MAX_VALUE)) {
                    break;
                }
                checkSelectable(name, args[0]);
                Expr[] codes = new Expr[args.length - 1];
                System.arraycopy(args, 1, codes, 0, codes.length);
                for (Expr c : codes) {
                    checkCode(name, c);
                }
                return new Expr.CountSelectedOf(args[0], codes);
            case "selected-at":
                if (!arity(name, args, 2, 2)) {
                    break;
                }
                checkSelectable(name, args[0]);
                checkArithmetic(args[1], "selected-at()");
                return new Expr.SelectedAt(args[0], args[1]);
            case "if":
                if (!arity(name, args, 3, 3)) {
                    break;
                }
                return new Expr.If(args[0], args[1], args[2], args[1].type == args[2].type ? args[1].type : ValueType.ANY);
            case "coalesce":
                if (!arity(name, args, 2, Integer.MAX_VALUE)) {
                    break;
                }
                ValueType t = args[0].type;
                for (Expr e : args) {
                    if (e.type != t) {
                        t = ValueType.ANY;
                    }
                }
                return new Expr.Coalesce(args, t);
            case "string-length":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                return new Expr.StringLength(args[0]);
            case "regex":
                if (!arity(name, args, 2, 2)) {
                    break;
                }
                if (!(args[1] instanceof Expr.Literal lit) || !(lit.value() instanceof String p)) {
                    problems.add(Expressions.Problem.meaning(
                            "regex() needs its pattern written as a quoted text literal", "expr.regexLiteral"));
                    break;
                }
                if (p.length() > 500) {
                    problems.add(Expressions.Problem.meaning("regex() pattern is longer than 500 characters",
                            "expr.regexTooLong", "500"));
                    break;
                }
                try {
                    return new Expr.Regex(args[0], args[1], Pattern.compile(p));
                } catch (PatternSyntaxException | StackOverflowError e) {
                    problems.add(Expressions.Problem.meaning("regex() pattern '" + p + "' is not a valid regular expression",
                            "expr.regexInvalid", p));
                    break;
                }
            case "int":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                checkArithmetic(args[0], "int()");
                return new Expr.IntFn(args[0]);
            case "number":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                return new Expr.NumberFn(args[0]);
            case "string":
                if (!arity(name, args, 1, 1)) {
                    break;
                }
                return new Expr.StringFn(args[0]);
            case "concat":
                if (!arity(name, args, 1, Integer.MAX_VALUE)) {
                    break;
                }
                return new Expr.Concat(args);
            case "today":
                if (!arity(name, args, 0, 0)) {
                    break;
                }
                return new Expr.Today();
            default:
                problems.add(Expressions.Problem.meaning("uses the unknown function " + name + "()",
                        "expr.unknownFunction", name));
                break;
        }
        return new Expr.Literal(null, ValueType.ANY);
    }

    private boolean arity(String name, Expr[] args, int min, int max) {
        if (args.length >= min && args.length <= max) {
            return true;
        }
        String expected = min == max ? plural(min) : max == Integer.MAX_VALUE ? "at least " + plural(min)
                : min + " to " + max + " arguments";
        String message = name + "() takes " + expected + ", not " + args.length;
        String given = String.valueOf(args.length);
        problems.add(min == max ? Expressions.Problem.meaning(message, "expr.arityExact", name, String.valueOf(min), given)
                : max == Integer.MAX_VALUE ? Expressions.Problem.meaning(message, "expr.arityAtLeast", name, String.valueOf(min), given)
                : Expressions.Problem.meaning(message, "expr.arityRange", name, String.valueOf(min), String.valueOf(max), given));
        return false;
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }

    private void checkArithmetic(Expr e, String op) {
        if (e.type == ValueType.BOOLEAN || e.type == ValueType.CODES
                || (e instanceof Expr.Literal l && l.value() instanceof String s && Double.isNaN(Values.parseNumber(s)))) {
            problems.add(Expressions.Problem.meaning("cannot use " + describe(e) + " in arithmetic ('" + op + "')"
                    + (e.type == ValueType.CODES ? "; use count-selected() for a select_multiple" : ""),
                    e.type == ValueType.CODES ? "expr.arithmeticMultiple" : "expr.arithmetic", kind(e), op));
        }
    }

    private void checkComparable(Expr a, Expr b, Token op) {
        if ((a.type == ValueType.CODES && b.type == ValueType.NUMBER)
                || (b.type == ValueType.CODES && a.type == ValueType.NUMBER)) {
            problems.add(Expressions.Problem.meaning("compares a select_multiple answer with a number ('"
                    + op.text + "'); use selected() or count-selected()", "expr.compareMultiple", op.text));
        }
    }

    private void checkSelectable(String fn, Expr e) {
        if (!e.type.selectable()) {
            problems.add(Expressions.Problem.meaning(fn + "() needs a select question but was given "
                    + describe(e), "expr.needsSelect", fn, kind(e)));
        }
    }

    private void checkCode(String fn, Expr e) {
        if (e.type == ValueType.BOOLEAN || e.type == ValueType.CODES) {
            problems.add(Expressions.Problem.meaning(fn + "() needs a choice code but was given " + describe(e),
                    "expr.needsCode", fn, kind(e)));
        }
    }

    /** What {@link #describe} says, as a key of {@code instrument-messages} that a message's text takes in. */
    private static String kind(Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof String) {
            return "expr.kind.literal";
        }
        return switch (e.type) {
            case BOOLEAN -> "expr.kind.boolean";
            case CODES -> "expr.kind.multiple";
            case NUMBER -> "expr.kind.number";
            case DATE -> "expr.kind.date";
            case CODE -> "expr.kind.single";
            default -> "expr.kind.text";
        };
    }

    private static String describe(Expr e) {
        if (e instanceof Expr.Literal l && l.value() instanceof String s) {
            return "the text '" + s + "'";
        }
        return switch (e.type) {
            case BOOLEAN -> "a true/false value";
            case CODES -> "a select_multiple answer";
            case NUMBER -> "a number";
            case DATE -> "a date";
            case CODE -> "a select_one answer";
            default -> "a text value";
        };
    }
}
