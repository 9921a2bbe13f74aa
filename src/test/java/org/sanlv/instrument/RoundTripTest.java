package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    static final Instruments INSTRUMENTS = Instruments.withDefaults();

    static Instrument roundTrip(Instrument f) {
        return INSTRUMENTS.importXlsForm(INSTRUMENTS.exportXlsForm(f)).orElseThrow().instrument();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zhejiang-2022", "henan-liangan-2020"})
    void builtInFormsSurviveExportThenImport(String id) {
        Instrument f = INSTRUMENTS.builtIn(id).instrument();
        assertThat(roundTrip(f)).isEqualTo(f);
    }

    @Test
    void formWithEveryTypeAndColumnSurvivesExportThenImport() {
        Instrument f = TestForms.everything();
        assertThat(INSTRUMENTS.compile(f).problems()).isEmpty();
        assertThat(roundTrip(f)).isEqualTo(f);
    }

    @Nested
    class EveryFeatureWorks {
        final InterviewFlow flow = INSTRUMENTS.compile(TestForms.everything()).orElseThrow();

        @Test
        void orOtherAddsTheOtherChoiceAndAFollowUp() {
            Step city = flow.step(Map.of("age", 30), "city");
            assertThat(city.choices()).extracting(Choice::name).containsExactly("hz", "sx", "other");
            Map<String, Object> a = Map.of("age", 30, "city", "other");
            assertThat(flow.next(a, "city").question().name()).isEqualTo("city_other");
        }

        @Test
        void choiceFilterNarrowsTheOptionsAndIsEnforced() {
            assertThat(flow.step(Map.of("city", "sx"), "county").choices()).extracting(Choice::name).containsExactly("330604");
            assertThat(flow.validateAnswer(Map.of("age", 30, "city", "sx"), "county", "330102"))
                    .extracting(AnswerProblem::code).containsExactly(AnswerProblem.FILTERED_CHOICE);
        }

        @Test
        void calculatesAreEvaluatedInOrderAndStored() {
            Map<String, Object> a = new HashMap<>(Map.of("age", 30, "income", 1.5, "city", "hz", "county", "330102",
                    "fraud", List.of("1", "2"), "aware", 999));
            Completion c = flow.complete(a);
            assertThat(c.problems()).isEmpty();
            assertThat(c.answers()).containsEntry("aware", 2L).containsEntry("adult", "yes");
        }

        @Test
        void requiredCanBeAnExpressionAndCarriesItsMessage() {
            assertThat(flow.validateComplete(Map.of("age", 30))).extracting(AnswerProblem::question).containsExactly("income");
            assertThat(flow.validateComplete(Map.of("age", 17))).isEmpty();
            assertThat(flow.validateComplete(Map.of()).get(0).formMessage("en")).isEqualTo("Age is required");
        }

        @Test
        void dateConstraintUsesToday() {
            InterviewFlow fixed = flow.withToday(java.time.LocalDate.of(2022, 10, 1));
            assertThat(fixed.validateAnswer(Map.of(), "visit", "2022-10-02")).extracting(AnswerProblem::code)
                    .containsExactly(AnswerProblem.CONSTRAINT);
            assertThat(fixed.validateAnswer(Map.of(), "visit", "2022-10-01")).isEmpty();
            assertThat(fixed.validateAnswer(Map.of(), "visit", "2022-13-01")).extracting(AnswerProblem::code)
                    .containsExactly(AnswerProblem.NOT_DATE);
        }
    }

    @Nested
    class NewYearVersions {
        @Test
        void aYearsCopyGetsItsOwnIdAndExtraQuestion() {
            Instrument base = INSTRUMENTS.builtIn("zhejiang-2022").instrument();
            ImportResult y2023 = INSTRUMENTS.deriveForYear(base, 2023, "2023.1", f -> f.withQuestionsAfter("q13",
                    Question.select(QuestionType.SELECT_ONE, "r1", "q13", TestForms.t("十四、随机问题", "14. Random question"))));
            assertThat(y2023.problems()).isEmpty();
            Instrument f = y2023.flow().instrument();
            assertThat(f.id()).isEqualTo("zhejiang-2023");
            assertThat(f.year()).isEqualTo(2023);
            assertThat(f.province()).isEqualTo("33");
            assertThat(f.question("r1")).isPresent();
            assertThat(base.question("r1")).isEmpty();
            assertThat(roundTrip(f)).isEqualTo(f);
        }

        @Test
        void aBrokenChangeIsReportedWithTheCellTheExportWouldHave() {
            Instrument base = INSTRUMENTS.builtIn("zhejiang-2022").instrument();
            ImportResult r = INSTRUMENTS.deriveForYear(base, 2023, "x", f -> f.withQuestion("q2", q -> q.withRelevant("${q99} = 1")));
            assertThat(r.problems()).singleElement().asString().matches("survey![A-Z]+\\d+: relevant refers to \\$\\{q99}, which does not exist");
        }
    }
}
