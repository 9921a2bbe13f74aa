package org.sanlv.instrument;

import java.util.Locale;
import java.util.Optional;

/** The XLSForm row types the engine supports. */
public enum QuestionType {
    SELECT_ONE("select_one"),
    SELECT_MULTIPLE("select_multiple"),
    INTEGER("integer"),
    DECIMAL("decimal"),
    TEXT("text"),
    DATE("date"),
    NOTE("note"),
    CALCULATE("calculate"),
    BEGIN_GROUP("begin_group"),
    END_GROUP("end_group");

    private final String xlsForm;

    QuestionType(String xlsForm) {
        this.xlsForm = xlsForm;
    }

    /** The spelling in the XLSForm type column. */
    public String xlsForm() {
        return xlsForm;
    }

    /** Parses a type word; accepts "begin group" and "begin_group" alike, case-insensitively. */
    public static Optional<QuestionType> parse(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        for (QuestionType t : values()) {
            if (t.xlsForm.equals(w)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Whether a respondent gives an answer to this row. */
    public boolean answerable() {
        return this != NOTE && this != CALCULATE && this != BEGIN_GROUP && this != END_GROUP;
    }

    public boolean select() {
        return this == SELECT_ONE || this == SELECT_MULTIPLE;
    }
}
