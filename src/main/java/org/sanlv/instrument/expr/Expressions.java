package org.sanlv.instrument.expr;

import java.util.List;

/** Entry point of the expression language: compile text once against a {@link Scope}. */
public final class Expressions {
    /** Longest expression text accepted; longer text is reported, not parsed. */
    public static final int MAX_LENGTH = 4_000;
    /** Deepest tree accepted (nesting and operator chains), which bounds evaluation recursion. */
    public static final int MAX_DEPTH = 100;

    private Expressions() {
    }

    /**
     * The result of compiling one expression.
     *
     * @param expr the tree, or null when there are problems
     * @param references slots of the {@code ${name}} references, without duplicates
     * @param problems empty when the expression is usable
     */
    public record Compiled(Expr expr, int[] references, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * One problem in an expression.
     *
     * @param syntax true for a syntax error (the text is not an expression), false for a meaning error
     * @param message for a survey author, e.g. "refers to ${q99}, which does not exist"
     */
    public record Problem(boolean syntax, String message, String key, List<String> args) {
        public Problem(boolean syntax, String message) {
            this(syntax, message, null, List.of());
        }

        /**
         * A meaning problem with its key in {@code instrument-messages}: {0} is the column or expression the reader
         * knows, the args follow, and the English message is the last (the English bundle says it as it is).
         */
        static Problem meaning(String message, String key, String... args) {
            List<String> all = new java.util.ArrayList<>(List.of(args));
            all.add(message);
            return new Problem(false, message, key, List.copyOf(all));
        }
    }

    /** Compiles text; never throws, whatever the input. */
    public static Compiled compile(String text, Scope scope) {
        if (text == null || text.isBlank()) {
            return new Compiled(null, new int[0], List.of(new Problem(true, "is empty")));
        }
        if (text.length() > MAX_LENGTH) {
            return new Compiled(null, new int[0],
                    List.of(new Problem(true, "is longer than " + MAX_LENGTH + " characters")));
        }
        return new Parser(text, scope).compile();
    }

    /** Names of the functions the language knows, for documentation and error messages. */
    public static List<String> functions() {
        return Parser.FUNCTIONS;
    }
}
