package org.sanlv.instrument.expr;

/** Static type of an expression or a referenced question, used for import-time type checks. */
public enum ValueType {
    NUMBER, STRING, BOOLEAN, DATE,
    /** the code of a select_one answer */
    CODE,
    /** the list of codes of a select_multiple answer */
    CODES,
    /** unknown until run time (e.g. a calculate) */
    ANY;

    boolean numeric() {
        return this == NUMBER || this == DATE || this == ANY || this == CODE || this == STRING;
    }

    boolean selectable() {
        return this == CODES || this == CODE || this == STRING || this == ANY;
    }
}
