package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.poi.ss.util.CellReference;

/**
 * The canonical sheet layout the writer produces, and cell references computed from it for instruments
 * that never were a file (e.g. a year's copy made in code).
 */
final class Layout {
    /** One column: its header, the base key ({@code label}) and language code (null when not per language). */
    record Column(String header, String key, String language) {
    }

    private Layout() {
    }

    static List<Column> survey(Instrument f) {
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("type", "type", null));
        cols.add(new Column("name", "name", null));
        perLanguage(cols, f, "label", q -> q.label(), true);
        perLanguage(cols, f, "hint", Question::hint, false);
        single(cols, f, "required", Question::required);
        perLanguage(cols, f, "required_message", Question::requiredMessage, false);
        single(cols, f, "relevant", Question::relevant);
        single(cols, f, "constraint", Question::constraint);
        perLanguage(cols, f, "constraint_message", Question::constraintMessage, false);
        single(cols, f, "calculation", Question::calculation);
        single(cols, f, "choice_filter", Question::choiceFilter);
        single(cols, f, "appearance", Question::appearance);
        return cols;
    }

    private static void perLanguage(List<Column> cols, Instrument f, String key,
            Function<Question, Map<String, String>> get, boolean always) {
        for (Language l : f.languages()) {
            if (always || f.questions().stream().anyMatch(q -> get.apply(q).containsKey(l.code()))) {
                cols.add(new Column(key + "::" + l.header(), key, l.code()));
            }
        }
    }

    private static void single(List<Column> cols, Instrument f, String key, Function<Question, String> get) {
        if (f.questions().stream().anyMatch(q -> !get.apply(q).isEmpty())) {
            cols.add(new Column(key, key, null));
        }
    }

    static List<Column> choices(Instrument f) {
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("list_name", "list_name", null));
        cols.add(new Column("name", "name", null));
        for (Language l : f.languages()) {
            cols.add(new Column("label::" + l.header(), "label", l.code()));
        }
        Set<String> extra = new LinkedHashSet<>();
        f.choiceLists().forEach(list -> list.choices().forEach(c -> extra.addAll(c.columns().keySet())));
        extra.forEach(e -> cols.add(new Column(e, e, null)));
        return cols;
    }

    static String typeCell(Question q) {
        String t = q.type().xlsForm();
        if (q.type().select()) {
            t += " " + q.listName() + (q.orOther() ? " or_other" : "");
        }
        return t;
    }

    static String ref(String sheet, int col, int row) {
        return sheet + "!" + CellReference.convertNumToColString(col) + (row + 1);
    }

    /** Cell references by the canonical layout: header row 1, data from row 2. */
    static Locator canonical(Instrument f) {
        List<Column> survey = survey(f);
        List<Column> choices = choices(f);
        return new Locator() {
            @Override
            public String survey(int row, String column) {
                return ref("survey", find(survey, column), row + 1);
            }

            @Override
            public String choice(String list, int index, String column) {
                int row = 1;
                for (ChoiceList l : f.choiceLists()) {
                    if (l.name().equals(list)) {
                        return ref("choices", find(choices, column), row + index);
                    }
                    row += l.choices().size();
                }
                return "choices";
            }

            @Override
            public String settings(String column) {
                return "settings";
            }
        };
    }

    private static int find(List<Column> cols, String key) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).key().equals(key)) {
                return i;
            }
        }
        return 1;
    }

    /** Maps compile problems to cells. Rows are indexes into the instrument's lists. */
    interface Locator {
        String survey(int row, String column);

        String choice(String list, int index, String column);

        String settings(String column);
    }
}
