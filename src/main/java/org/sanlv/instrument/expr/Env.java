package org.sanlv.instrument.expr;

import java.time.LocalDate;

/**
 * Mutable evaluation state, reused across evaluations by one thread: the answer slots, the value of
 * {@code .}, the current choice row for choice_filter, and today's date.
 */
public final class Env {
    public Object[] slots;
    public Object dot;
    public String[] choiceRow;
    private final LocalDate fixedToday;
    private String today;

    public Env(Object[] slots) {
        this(slots, null);
    }

    /** @param fixedToday the date {@code today()} returns; null means the system date */
    public Env(Object[] slots, LocalDate fixedToday) {
        this.slots = slots;
        this.fixedToday = fixedToday;
    }

    String today() {
        if (today == null) {
            today = (fixedToday != null ? fixedToday : LocalDate.now()).toString();
        }
        return today;
    }
}
