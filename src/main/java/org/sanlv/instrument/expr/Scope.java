package org.sanlv.instrument.expr;

/** What names mean where an expression is written; supplied by the form compiler. */
public interface Scope {

    /** A resolved {@code ${name}}: its slot and type, or a reason it cannot be used. */
    record Binding(int slot, ValueType type, String problem, String problemKey) {
        public static Binding of(int slot, ValueType type) {
            return new Binding(slot, type, null, null);
        }

        /** A name that cannot be used, and why (in English only). */
        public static Binding refused(String problem) {
            return refused(problem, null);
        }

        /** A name that cannot be used: why, in English, and as a key of {@code instrument-messages}. */
        public static Binding refused(String problem, String problemKey) {
            return new Binding(-1, ValueType.ANY, problem, problemKey);
        }
    }

    /** Resolves {@code ${name}}; returns null when no such question exists. */
    Binding question(String name);

    /** Type of {@code .}, or null when {@code .} is not allowed here. */
    ValueType current();

    /** Column index of a bare name (choice_filter only), or -1 when bare names are not allowed or unknown. */
    default int choiceColumn(String name) {
        return -1;
    }

    /** Whether bare names are allowed here (choice_filter). */
    default boolean choiceColumnsAllowed() {
        return false;
    }
}
