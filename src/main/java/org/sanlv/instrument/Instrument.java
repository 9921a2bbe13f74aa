package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A questionnaire as written in its XLSForm: settings, survey rows (groups included, in order) and
 * choice lists. Pure data with value equality, so export-then-import gives back an equal instrument.
 *
 * @param id e.g. {@code zhejiang-2022} (settings {@code form_id})
 * @param title per language code (settings {@code form_title}, {@code form_title::English (en)})
 * @param province two-digit province code, e.g. {@code 33} Zhejiang, {@code 41} Henan
 * @param year survey year
 * @param version settings {@code version}
 * @param defaultLanguage code of the language of plain {@code label} columns
 * @param languages languages of the label columns, in column order
 * @param settings any other settings columns, by header (e.g. {@code wording})
 * @param questions survey rows in order, including begin_group/end_group rows
 * @param choiceLists choice lists in order
 */
public record Instrument(String id, Map<String, String> title, String province, int year, String version,
        String defaultLanguage, List<Language> languages, Map<String, String> settings, List<Question> questions,
        List<ChoiceList> choiceLists) {

    public Instrument {
        title = Maps.ordered(title);
        settings = Maps.ordered(settings);
        languages = List.copyOf(languages);
        questions = List.copyOf(questions);
        choiceLists = List.copyOf(choiceLists);
        version = version == null ? "" : version;
    }

    public String title(String language) {
        return Maps.pick(title, language);
    }

    public Optional<Question> question(String name) {
        return questions.stream().filter(q -> q.name().equals(name) && q.type() != QuestionType.END_GROUP).findFirst();
    }

    public Optional<ChoiceList> choiceList(String name) {
        return choiceLists.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * A copy for another year: id {@code zhejiang-2022} becomes {@code zhejiang-2023}, year and version set.
     * Chain the {@code with…} methods for that year's changes (e.g. the year's extra 随机问题).
     */
    public Instrument forYear(int newYear, String newVersion) {
        String suffix = "-" + year;
        String newId = id.endsWith(suffix) ? id.substring(0, id.length() - suffix.length()) + "-" + newYear
                : id + "-" + newYear;
        return new Instrument(newId, title, province, newYear, newVersion, defaultLanguage, languages, settings,
                questions, choiceLists);
    }

    /** Inserts rows right after the row named {@code after} (a question, note or begin_group row). */
    public Instrument withQuestionsAfter(String after, Question... added) {
        List<Question> out = new ArrayList<>(questions);
        int at = indexOf(after);
        out.addAll(at + 1, List.of(added));
        return withQuestions(out);
    }

    /** Replaces the row named {@code name} by what {@code change} makes of it. */
    public Instrument withQuestion(String name, UnaryOperator<Question> change) {
        List<Question> out = new ArrayList<>(questions);
        int at = indexOf(name);
        out.set(at, change.apply(out.get(at)));
        return withQuestions(out);
    }

    /** Removes the row named {@code name} (not a group: remove its rows first). */
    public Instrument withoutQuestion(String name) {
        List<Question> out = new ArrayList<>(questions);
        out.remove(indexOf(name));
        return withQuestions(out);
    }

    /** Adds a choice list, or replaces the one with the same name. */
    public Instrument withChoiceList(ChoiceList list) {
        List<ChoiceList> out = new ArrayList<>(choiceLists);
        out.removeIf(l -> l.name().equals(list.name()));
        out.add(list);
        return new Instrument(id, title, province, year, version, defaultLanguage, languages, settings, questions, out);
    }

    public Instrument withSetting(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(key, value);
        return new Instrument(id, title, province, year, version, defaultLanguage, languages, s, questions, choiceLists);
    }

    public Instrument withQuestions(List<Question> rows) {
        return new Instrument(id, title, province, year, version, defaultLanguage, languages, settings, rows, choiceLists);
    }

    private int indexOf(String name) {
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            if (q.name().equals(name) && q.type() != QuestionType.END_GROUP) {
                return i;
            }
        }
        throw new IllegalArgumentException("no question named '" + name + "' in " + id);
    }
}
