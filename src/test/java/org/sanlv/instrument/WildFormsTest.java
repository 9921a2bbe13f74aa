package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XLSForms as people write them for ODK, KoboToolbox, SurveyCTO and pyxform (written for this test, no other
 * project's files): the valid ones are read, each broken one gives a problem at its cell whose words are checked in
 * English and in Chinese. Sheets are written as text: one line a row, cells separated by {@code |}; {@code {=F}} is
 * a formula without a computed value, {@code {#REF!}} an error cell; a null sheet is absent, "" an empty sheet.
 */
class WildFormsTest {
    static final Instruments INSTRUMENTS = Instruments.withDefaults();

    static Workbooks form(String survey, String choices, String settings) {
        Workbooks w = new Workbooks();
        put(w, "survey", survey);
        put(w, "choices", choices);
        put(w, "settings", settings);
        return w;
    }

    private static void put(Workbooks w, String sheet, String text) {
        if (text == null) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> row = new ArrayList<>();
            for (String cell : line.split("\\|", -1)) {
                String c = cell.strip();
                if (c.startsWith("{=") && c.endsWith("}")) {
                    c = Workbooks.formula(c.substring(2, c.length() - 1));
                } else if (c.startsWith("{#") && c.endsWith("}")) {
                    c = Workbooks.error(c.substring(1, c.length() - 1));
                }
                row.add(c);
            }
            rows.add(row);
        }
        w.sheets.put(sheet, rows);
    }

    static ImportResult read(String name, Workbooks form) {
        return INSTRUMENTS.importXlsForm(form.bytes(), FormDefaults.fileName(name + ".xlsx"));
    }

    static final String YES_NO = """
            list_name | name | label::English (en)
            yes_no | yes | Yes
            yes_no | no | No
            """;

    static final String YES_NO_ZH = """
            list_name | name | label::中文 (zh)
            yn | 1 | 是
            yn | 2 | 否
            """;

    // ---- forms that are valid XLSForm ----

    static Stream<Arguments> validForms() {
        return Stream.of(
                Arguments.of("kobo_household_no_settings", form("""
                        type | name | label::English (en) | hint::English (en) | constraint | relevant
                        begin_group | hh | Household
                        integer | members | How many people live here? | Count everyone | . > 0 and . < 30 |
                        select_one yes_no | water | Do you have piped water? | | | ${members} > 0
                        end_group | hh
                        """, YES_NO, null)),
                Arguments.of("kobo_metadata_rows", form("""
                        type | name | label::English (en) | $kuid | $autoname
                        start | start | | a1b2 | start
                        end | end | | c3d4 | end
                        today | today | | e5f6 | today
                        deviceid | deviceid | | g7h8 | deviceid
                        audit | audit | | i9j0 | audit
                        integer | age | Age | k1l2 | age
                        """, null, null)),
                Arguments.of("odk_minimal_survey_only", form("""
                        type | name | label
                        text | name | What is your name?
                        integer | age | How old are you?
                        """, null, null)),
                Arguments.of("empty_settings_sheet", form("""
                        type | name | label
                        text | village | Village
                        """, null, "")),
                Arguments.of("settings_title_and_version_only", form("""
                        type | name | label
                        date | visit | Date of visit
                        """, null, """
                        form_title | version
                        Monitoring visit | 2024051501
                        """)),
                Arguments.of("pyxform_settings_columns", form("""
                        type | name | label
                        text | q1 | Comment
                        """, null, """
                        form_id | instance_name | style | submission_url | allow_choice_duplicates
                        monitoring | concat('M-', ${q1}) | pages | https://example.org/submission | no
                        """)),
                Arguments.of("empty_choices_sheet_without_selects", form("""
                        type | name | label
                        decimal | income | Monthly income
                        """, "", null)),
                Arguments.of("unused_choice_lists", form("""
                        type | name | label::English (en)
                        select_one yes_no | consent | Do you agree?
                        """, YES_NO + "unused | a | A\nunused | b | B\n", null)),
                Arguments.of("calculation_on_a_question_is_its_default", form("""
                        type | name | label | calculation
                        integer | year_born | Year of birth |
                        integer | age | Age | 2026 - ${year_born}
                        """, null, null)),
                Arguments.of("reference_in_a_label", form("""
                        type | name | label
                        text | child | Name of the child
                        integer | child_age | How old is ${child}?
                        note | thanks | Thank you, ${child} is ${child_age}.
                        """, null, null)),
                Arguments.of("two_languages_default_by_name", form("""
                        type | name | label::English (en) | label::Chinese (zh)
                        select_one yes_no | safe | Do you feel safe? | 您觉得安全吗?
                        """, """
                        list_name | name | label::English (en) | label::Chinese (zh)
                        yes_no | yes | Yes | 是
                        yes_no | no | No | 否
                        """, """
                        form_title | default_language
                        Safety | English
                        """)),
                Arguments.of("default_language_by_code", form("""
                        type | name | label::中文 (zh) | label::English (en)
                        text | q1 | 意见 | Opinion
                        """, null, """
                        default_language
                        zh
                        """)),
                Arguments.of("default_language_names_plain_labels", form("""
                        type | name | label | hint
                        text | q1 | Opinion | Anything you like
                        """, null, """
                        default_language
                        English (en)
                        """)),
                Arguments.of("spaced_type_words", form("""
                        type | name | label::English (en)
                        begin group | g | Group
                        select one yes_no | q1 | Question
                        select multiple yes_no | q2 | Question 2
                        end group | g
                        """, YES_NO, null)),
                Arguments.of("surveycto_cascade_with_filter", form("""
                        type | name | label | choice_filter
                        select_one city | city | City |
                        select_one district | district | District | city=${city}
                        """, """
                        list_name | name | label | city
                        city | hz | Hangzhou |
                        city | sx | Shaoxing |
                        district | 330102 | Shangcheng | hz
                        district | 330604 | Shangyu | sx
                        """, """
                        form_id | version
                        cascade | 2024051501
                        """)),
                Arguments.of("sanlu_settings_with_province", form("""
                        type | name | label::中文 (zh)
                        select_one yn | q1 | 您觉得安全吗
                        """, YES_NO_ZH, """
                        form_id | form_title | province | year | version
                        zj-mock | 模拟测评 | 33 | 2026 | 1
                        """)),
                Arguments.of("or_other_multiple", form("""
                        type | name | label
                        select_multiple src or_other | source | Where did you hear of it?
                        """, """
                        list_name | name | label
                        src | tv | TV
                        src | web | Internet
                        """, null)),
                Arguments.of("title_case_headers", form("""
                        Type | Name | Label::English (en) | Constraint | Constraint Message::English (en)
                        integer | age | Age | . >= 16 | At least 16
                        """, null, null)),
                Arguments.of("date_not_in_future", form("""
                        type | name | label | constraint | required
                        date | visit | Visit date | . <= today() | yes
                        """, null, null)),
                Arguments.of("required_as_excel_booleans", form("""
                        type | name | label | required
                        text | a | A | TRUE
                        text | b | B | FALSE
                        """, null, null)),
                Arguments.of("calculate_then_note", form("""
                        type | name | label | calculation
                        integer | a | A |
                        integer | b | B |
                        calculate | total | | ${a} + ${b}
                        note | show | Total: ${total} |
                        """, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validForms")
    void aValidXlsFormIsRead(String name, Workbooks form) {
        ImportResult r = read(name, form);
        assertThat(r.problems()).as(name).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    // ---- broken forms: cell, English words, Chinese words ----

    static Arguments broken(String name, Workbooks form, String cell, String en, String zh) {
        return Arguments.of(name, form, cell, en, zh);
    }

    static Stream<Arguments> brokenForms() {
        return Stream.of(
                broken("no_choices_sheet", form("""
                        type | name | label
                        text | n | Name
                        select_one yes_no | q1 | Agree?
                        select_one yes_no | q2 | Agree again?
                        """, null, null), "survey!A3",
                        "select_one 'q1' uses the choice list 'yes_no', but the workbook has no sheet named 'choices'",
                        "select_one“q1”使用选项列表“yes_no”，但工作簿没有名为“choices”的工作表"),
                broken("double_equals", form("""
                        type | name | label | relevant
                        integer | age | Age |
                        text | job | Job | ${age} == 18
                        """, null, null), "survey!D3", "uses '==': XLSForm compares with a single '='",
                        "用了“==”：XLSForm 用单个“=”比较"),
                broken("c_style_and", form("""
                        type | name | label | constraint
                        integer | age | Age | . > 0 && . < 120
                        """, null, null), "survey!D2", "uses '&&' or '||': XLSForm writes 'and' and 'or'",
                        "用了“&&”或“||”"),
                broken("bang_not", form("""
                        type | name | label::English (en) | relevant
                        select_one yes_no | ok | OK? |
                        text | why | Why not? | !selected(${ok}, 'yes')
                        """, YES_NO, null), "survey!D3", "uses '!': XLSForm writes not(…)", "XLSForm 写作 not(…)"),
                broken("required_maybe", form("""
                        type | name | label | required
                        text | a | A | maybe
                        """, null, null), "survey!D2", "required 'maybe' must be yes or no",
                        "required“maybe”必须是 yes 或 no"),
                broken("ref_error_in_label", form("""
                        type | name | label
                        text | a | {#REF!}
                        """, null, null), "survey!C2", "spreadsheet error #REF!", "表格错误值 #REF!"),
                broken("formula_without_value", form("""
                        type | name | label
                        text | a | {=CONCATENATE("Name of ","child")}
                        """, null, null), "survey!C2", "formula =CONCATENATE(\"Name of \",\"child\") but no value",
                        "但没有计算结果"),
                broken("unknown_reference_in_label", form("""
                        type | name | label
                        integer | age | How old is ${child}?
                        """, null, null), "survey!C2", "label refers to ${child}, which does not exist",
                        "label 引用了 ${child}，但没有这道题"),
                broken("unknown_reference_in_hint", form("""
                        type | name | label | hint
                        integer | age | Age | Age of ${hh_head}
                        """, null, null), "survey!D2", "hint refers to ${hh_head}, which does not exist",
                        "hint 引用了 ${hh_head}"),
                broken("plain_label_beside_languages", form("""
                        type | name | label | label::English (en)
                        text | a | 姓名 | Name
                        """, null, null), "survey!C1", "column 'label' has no language, but other label columns do",
                        "列“label”没有注明语言"),
                broken("survey_and_choices_languages_differ", form("""
                        type | name | label::English (en)
                        select_one yn | q | Agree?
                        """, YES_NO_ZH, null), "choices!C1", "the choices are labelled in zh but the survey in en",
                        "choices 的标签语言是 zh，而 survey 的是 en"),
                broken("plain_survey_labels_english_choices", form("""
                        type | name | label
                        select_one yes_no | q | Agree?
                        """, YES_NO, null), "choices!C1", "the choices are labelled in en but the survey in default",
                        "choices 的标签语言是 en，而 survey 的是 default"),
                broken("reference_to_a_metadata_row", form("""
                        type | name | label | relevant
                        start | started |  |
                        integer | age | Age | ${started} != ''
                        """, null, null), "survey!D3", "relevant refers to ${started}, a metadata row",
                        "relevant 引用了 ${started}，这是元数据行"),
                broken("relevant_ends_too_early", form("""
                        type | name | label | relevant
                        integer | age | Age |
                        text | job | Job | ${age} >
                        """, null, null), "survey!D3",
                        "relevant \"${age} >\" is not a valid expression: expected a value but the expression ended",
                        "relevant“${age} >”不是有效的表达式：在第"),
                broken("unbalanced_parenthesis", form("""
                        type | name | label | constraint
                        integer | age | Age | (. > 1
                        """, null, null), "survey!D2", "is not a valid expression: expected ')'",
                        "个字符处应是“)”"),
                broken("default_language_not_in_form", form("""
                        type | name | label::English (en) | label::中文 (zh)
                        text | a | Name | 姓名
                        """, null, """
                        default_language
                        French (fr)
                        """), "settings!A2", "default_language 'French (fr)' is not one of the form's languages",
                        "default_language“French (fr)”不是问卷的语言之一"),
                broken("geopoint_not_supported", form("""
                        type | name | label
                        geopoint | gps | Location
                        """, null, null), "survey!A2", "type 'geopoint' is valid XLSForm but is not supported by Sanlü",
                        "题型“geopoint”是合法的 XLSForm，但三率问卷不支持"),
                broken("repeat_not_supported", form("""
                        type | name | label
                        begin repeat | members | Household members
                        text | m_name | Name
                        end repeat | members |
                        """, null, null), "survey!A2", "type 'begin repeat' is valid XLSForm but is not supported",
                        "题型“begin repeat”是合法的 XLSForm"),
                broken("misspelt_type", form("""
                        type | name | label
                        interger | age | Age
                        """, null, null), "survey!A2", "type 'interger' is not supported; did you mean 'integer'?",
                        "不支持题型“interger”；是不是“integer”？"),
                broken("list_missing_from_choices", form("""
                        type | name | label::English (en)
                        select_one yesno | q | Agree?
                        """, YES_NO, null), "survey!A2",
                        "uses the choice list 'yesno', which the choices sheet does not have",
                        "choices 工作表中没有这个列表"),
                broken("duplicate_name", form("""
                        type | name | label
                        text | q1 | A
                        text | q1 | B
                        """, null, null), "survey!B3", "name 'q1' is used twice (first at survey!B2)",
                        "name“q1”用了两次（第一次在 survey!B2）"),
                broken("choice_code_with_space", form("""
                        type | name | label
                        select_multiple src | s | Sources
                        """, """
                        list_name | name | label
                        src | social media | Social media
                        src | tv | TV
                        """, null), "choices!B2", "choice 'social media' contains a space", "选项代码“social media”含有空格"),
                broken("group_never_closed", form("""
                        type | name | label
                        begin_group | hh | Household
                        text | a | A
                        """, null, null), "survey!A2", "begin_group 'hh' has no matching end_group",
                        "begin_group“hh”没有对应的 end_group"),
                broken("province_as_a_name", form("""
                        type | name | label
                        text | a | A
                        """, null, """
                        form_id | province | year
                        zj | Zhejiang | 2026
                        """), "settings!B2", "province 'Zhejiang' must be a two-digit province code",
                        "province“Zhejiang”必须是两位省级区划代码"),
                broken("year_with_letter_o", form("""
                        type | name | label
                        text | a | A
                        """, null, """
                        form_id | year
                        zj | 2O26
                        """), "settings!B2", "year '2O26' is not a four-digit year", "year“2O26”不是四位数年份"),
                broken("empty_type_in_a_row", form("""
                        type | name | label
                        text | a | A
                        | b | B
                        """, null, null), "survey!A3", "type is empty", "type 为空"),
                broken("form_id_with_spaces", form("""
                        type | name | label
                        text | a | A
                        """, null, """
                        form_id
                        my form
                        """), "settings!A2", "form_id 'my form' must be letters, digits", "form_id“my form”只能由字母"),
                broken("unknown_reference_in_relevant", form("""
                        type | name | label | relevant
                        text | a | A | ${consent} = 'yes'
                        """, null, null), "survey!D2", "relevant refers to ${consent}, which does not exist",
                        "relevant 引用了 ${consent}，但没有这道题"),
                broken("unknown_function", form("""
                        type | name | label | constraint
                        text | a | A | len(.) < 10
                        """, null, null), "survey!D2", "constraint uses the unknown function len()",
                        "constraint 使用了未知函数 len()"),
                broken("choice_without_label", form("""
                        type | name | label
                        select_one yn | q | Agree?
                        """, """
                        list_name | name | label
                        yn | 1 | Yes
                        yn | 2 |
                        """, null), "choices!C3", "choice '2' in list 'yn' has an empty label",
                        "列表“yn”中的选项“2”标签为空"),
                broken("note_with_constraint", form("""
                        type | name | label | constraint
                        note | intro | Welcome | . > 1
                        """, null, null), "survey!D2", "note 'intro' takes no answer, so it cannot have a constraint",
                        "note“intro”不需要回答，不能有 constraint"),
                broken("long_value_is_cut", form("""
                        type | name | label
                        %s | a | A
                        """.formatted("x".repeat(500)), null, null), "survey!A2", "is not supported", "不支持题型"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenForms")
    void aBrokenFormNamesTheCellAndTheValueInBothLanguages(String name, Workbooks form, String cell, String en,
            String zh) {
        ImportResult r = read(name, form);
        assertThat(r.ok()).isFalse();
        FormProblem p = r.problems().stream().filter(x -> x.location().equals(cell)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no problem at " + cell + " in " + r.problems()));
        assertThat(p.message(Locale.ENGLISH)).contains(en).hasSizeLessThan(400);
        assertThat(p.message(Locale.SIMPLIFIED_CHINESE)).contains(zh).hasSizeLessThan(400);
        assertThat(p.message(Locale.ROOT)).isEqualTo(p.message(Locale.CHINESE));
        for (FormProblem any : r.problems()) {
            assertThat(any.message()).doesNotContain("Exception", "org.apache", "\tat ");
        }
    }

    // ---- behaviour beyond one cell ----

    @Nested
    class Settings {
        @Test
        void aFormWithoutSettingsTakesItsIdFromTheFileNameAndItsTitleFromTheId() {
            Instrument i = INSTRUMENTS.importXlsForm(form("""
                    type | name | label
                    text | a | A
                    """, null, null).bytes(), FormDefaults.fileName("Household Survey (v2).xlsx"))
                    .orElseThrow().instrument();
            assertThat(i.id()).isEqualTo("Household_Survey_v2");
            assertThat(i.title("default")).isEqualTo("Household_Survey_v2");
            assertThat(i.version()).isEmpty();
            assertThat(i.province()).isEmpty();
            assertThat(i.year()).isZero();
        }

        @Test
        void aFormWithoutProvinceAndYearWritesAndReadsBackTheSame() {
            Instrument read = read("plain", form("type | name | label\ntext | a | A", null, null)).orElseThrow()
                    .instrument();
            byte[] written = INSTRUMENTS.exportXlsForm(read);
            ImportResult again = INSTRUMENTS.importXlsForm(written);
            assertThat(again.problems()).isEmpty();
            assertThat(again.flow().instrument()).isEqualTo(read);
        }

        @Test
        void provinceAndYearComeFromTheUploaderWhenTheFormHasNoneAndTheFormsOwnWin() {
            FormDefaults page = new FormDefaults("x.xlsx", "41", 2027);
            Instrument without = INSTRUMENTS.importXlsForm(form("type | name | label\ntext | a | A", null, null).bytes(),
                    page).orElseThrow().instrument();
            assertThat(without.province()).isEqualTo("41");
            assertThat(without.year()).isEqualTo(2027);
            Instrument with = INSTRUMENTS.importXlsForm(form("type | name | label\ntext | a | A", null,
                    "form_id | province | year\nzj | 33 | 2026").bytes(), page).orElseThrow().instrument();
            assertThat(with.province()).isEqualTo("33");
            assertThat(with.year()).isEqualTo(2026);
        }
    }

    @Nested
    class OnePass {
        @Test
        void everySheetsProblemsAreReportedTogetherInSheetAndRowOrder() {
            Workbooks w = form("""
                    type | name | label | relevant
                    text | a | A | ${nope} = 1
                    integr | b | B |
                    select_one yn | c | C |
                    """, """
                    list_name | name | label
                    yn | 1 | Yes
                    yn | 1 | No
                    """, """
                    form_id | year
                    zj | 20xx
                    """);
            assertThat(read("one-pass", w).problems()).extracting(FormProblem::location)
                    .containsExactly("survey!D2", "survey!A3", "choices!B3", "settings!B2");
        }

        @Test
        void aMissingChoicesSheetIsReportedOnceAtTheFirstRowThatUsesAList() {
            Workbooks w = form("""
                    type | name | label
                    select_one a | q1 | One
                    select_multiple b | q2 | Two
                    """, null, null);
            assertThat(read("no-choices", w).problems()).extracting(FormProblem::toString)
                    .containsExactly("survey!A2: select_one 'q1' uses the choice list 'a', but the workbook has no "
                            + "sheet named 'choices'");
        }

        @Test
        void anErrorCellIsReportedOnceNotAgainAsAnEmptyLabel() {
            Workbooks w = form("type | name | label\ntext | a | {#REF!}\ntext | b | {#N/A}", null, null);
            assertThat(read("ref", w).problems()).extracting(FormProblem::location).containsExactly("survey!C2", "survey!C3");
        }

        @Test
        void theRowLimitIsStatedWithTheRowPastIt() {
            StringBuilder survey = new StringBuilder("type | name | label\n");
            for (int i = 0; i <= XlsFormReader.MAX_ROWS; i++) {
                survey.append("text | q").append(i).append(" | Q\n");
            }
            FormProblem p = read("big", form(survey.toString(), null, null)).problems().get(0);
            assertThat(p.location()).isEqualTo("survey!A10002");
            assertThat(p.message()).contains("more than 10000 rows").contains("row 10002");
            assertThat(p.message(Locale.ROOT)).contains("超过 10000 行").contains("第 10002 行");
        }

        @Test
        void aCellPastTheColumnLimitIsReportedNotDropped() {
            Workbooks w = form("type | name | label\ntext | a | A", null, null);
            w.set("survey", "A", 2, "text");
            List<String> header = w.sheets.get("survey").get(0);
            while (header.size() < XlsFormReader.MAX_COLUMNS) {
                header.add("");
            }
            header.add("relevant");
            FormProblem p = read("wide", w).problems().get(0);
            assertThat(p.location()).isEqualTo("survey!GS1");
            assertThat(p.message()).contains("to the right of column 200");
            assertThat(p.message(Locale.ROOT)).contains("第 200 列");
        }

        @Test
        void referencesToARowWhoseTypeCouldNotBeReadAreNotReportedAgain() {
            Workbooks w = form("""
                    type | name | label | relevant
                    geopoint | gps | Where |
                    text | a | A | ${gps} != ''
                    """, null, null);
            assertThat(read("gps", w).problems()).extracting(FormProblem::location).containsExactly("survey!A2");
        }
    }

    @Test
    void aReferenceInALabelShowsTheAnswerAsTheRespondentSawIt() {
        InterviewFlow flow = read("labels", form("""
                type | name | label::English (en) | label::中文 (zh) | hint::English (en)
                text | child | Name of the child | 孩子的名字 |
                select_one yes_no | school | Does ${child} go to school? | ${child} 上学吗？ |
                note | done | ${child}: ${school} | ${child}：${school} | Unanswered: [${later}]
                text | later | Later | 以后 |
                """, """
                list_name | name | label::English (en) | label::中文 (zh)
                yes_no | yes | Yes | 是
                yes_no | no | No | 否
                """, null)).orElseThrow();
        InterviewScreen screen = new InterviewScreen(flow);
        InterviewScreen.View second = screen.next("{}", "child", List.of("Ming"));
        assertThat(second.text(second.step().question().label("en"), "en")).isEqualTo("Does Ming go to school?");
        InterviewScreen.View third = screen.next(second.answersJson(), "school", List.of("yes"));
        Question done = third.step().question();
        assertThat(third.text(done.label("en"), "en")).isEqualTo("Ming: Yes");
        assertThat(third.text(done.label("zh"), "zh")).isEqualTo("Ming：是");
        assertThat(third.text(done.hint().get("en"), "en")).isEqualTo("Unanswered: []");
    }

    @Test
    void aCalculationOnAQuestionIsItsDefaultUntilAnswered() {
        InterviewFlow flow = read("default", form("""
                type | name | label | calculation
                integer | born | Born |
                integer | age | Age | 2026 - ${born}
                """, null, null)).orElseThrow();
        assertThat(flow.prune(Map.of("born", 1990))).containsEntry("age", 36L);
        assertThat(flow.prune(Map.of("born", 1990, "age", 35))).containsEntry("age", 35L);
    }
}
