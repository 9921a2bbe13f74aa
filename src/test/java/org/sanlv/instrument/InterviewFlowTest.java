package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InterviewFlowTest {
    static final InterviewFlow ZJ = Instruments.withDefaults().builtIn("zhejiang-2022");

    static List<String> codes(List<AnswerProblem> problems) {
        return problems.stream().map(p -> p.question() + ":" + p.code()).toList();
    }

    @Nested
    class Navigation {
        @Test
        void startsWithTheCountyScreeningQuestionThenAge() {
            Interview iv = ZJ.start();
            assertThat(iv.current().question().name()).isEqualTo("county");
            assertThat(iv.current().groups()).extracting(Question::name).containsExactly("personal");
            assertThat(iv.answer("330604")).isEmpty();
            assertThat(iv.current().question().name()).isEqualTo("age");
        }

        @Test
        void underSixteenEndsPolitelyAsIneligible() {
            Interview iv = ZJ.start();
            iv.answer("330604");
            assertThat(iv.answer(15)).isEmpty();
            Step end = iv.current();
            assertThat(end.status()).isEqualTo(Step.Status.ENDED_INELIGIBLE);
            assertThat(end.question().label("zh")).contains("16周岁及以上", "感谢您的支持");
            Completion done = iv.complete();
            assertThat(done.outcome()).isEqualTo(Completion.Outcome.INELIGIBLE);
            assertThat(done.answers()).containsOnlyKeys("county", "age");
        }

        @Test
        void sixteenContinuesToHouseholdRegistration() {
            Map<String, Object> a = Map.of("county", "330604", "age", 16);
            assertThat(ZJ.next(a, "age").question().name()).isEqualTo("hukou");
        }

        @Test
        void otherFollowUpIsAskedOnlyWhenOtherIsChosen() {
            Map<String, Object> a = new HashMap<>(ZjAnswersUpTo.q1());
            a.put("q1", List.of("2"));
            assertThat(ZJ.next(a, "q1").question().name()).isEqualTo("q2");
            a.put("q1", List.of("2", "7"));
            assertThat(ZJ.next(a, "q1").question().name()).isEqualTo("q1_other");
        }

        @Test
        void fullPathWithOtherSpecifyAndQuestionTenReachesCompletion() {
            Interview iv = ZJ.start();
            iv.answer("330604");
            iv.answer("45");
            iv.answer("1");
            iv.answer(List.of("7"));
            assertThat(iv.current().question().name()).isEqualTo("q1_other");
            iv.answer("被冒充熟人借钱");
            for (String q : List.of("q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9")) {
                assertThat(iv.current().question().name()).isEqualTo(q);
                iv.answer(q.equals("q3") || q.equals("q5") || q.equals("q7") ? List.of("1") : "2");
            }
            assertThat(iv.current().question().name()).isEqualTo("q10");
            List<AnswerProblem> two = iv.answer(List.of("1", "2"));
            assertThat(two).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(AnswerProblem.CONSTRAINT);
                assertThat(p.formMessage("zh")).isEqualTo("请选择三项");
                assertThat(p.formMessage("en")).isEqualTo("Please choose exactly three");
            });
            assertThat(iv.current().question().name()).isEqualTo("q10");
            assertThat(iv.answer(List.of("1", "2", "3"))).isEmpty();
            iv.answer(List.of("14"));
            iv.answer(List.of("7"));
            iv.answer("4");
            assertThat(iv.current().status()).isEqualTo(Step.Status.COMPLETE);
            Completion done = iv.complete();
            assertThat(done.problems()).isEmpty();
            assertThat(done.outcome()).isEqualTo(Completion.Outcome.COMPLETE);
            assertThat(done.answers()).containsEntry("age", 45L).containsEntry("q1", List.of("7"))
                    .containsEntry("q1_other", "被冒充熟人借钱");
        }

        @Test
        void backReturnsToThePreviousQuestionAndAChangedAnswerDropsTheStaleFollowUp() {
            Interview iv = ZJ.start();
            iv.answer("330604");
            iv.answer(30);
            iv.answer("2");
            iv.answer(List.of("7"));
            iv.answer("某种侵害");
            assertThat(iv.current().question().name()).isEqualTo("q2");
            assertThat(iv.back().question().name()).isEqualTo("q1_other");
            assertThat(iv.back().question().name()).isEqualTo("q1");
            iv.answer(List.of("1"));
            assertThat(iv.current().question().name()).isEqualTo("q2");
            assertThat(ZJ.prune(iv.answers())).doesNotContainKey("q1_other");
        }

        @Test
        void previousIsEmptyAtTheStart() {
            assertThat(ZJ.previous(Map.of(), "county")).isEmpty();
            assertThat(ZJ.previous(Map.of("county", "330604"), "age").orElseThrow().question().name()).isEqualTo("county");
        }

        @Test
        void unknownQuestionNameIsAnArgumentError() {
            assertThatThrownBy(() -> ZJ.next(Map.of(), "nope")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Answers up to, not including, q1. */
    static final class ZjAnswersUpTo {
        static Map<String, Object> q1() {
            return Map.of("county", "330604", "age", 30, "hukou", "1");
        }
    }

    @Nested
    class AnswerValidation {
        @Test
        void exclusiveNoneCannotBeCombined() {
            List<AnswerProblem> p = ZJ.validateAnswer(ZjAnswersUpTo.q1(), "q1", List.of("1", "2"));
            assertThat(p).singleElement().satisfies(x -> {
                assertThat(x.code()).isEqualTo(AnswerProblem.CONSTRAINT);
                assertThat(x.formMessage("zh")).isEqualTo("“没有”不能与其他选项同时选择");
            });
            assertThat(ZJ.validateAnswer(ZjAnswersUpTo.q1(), "q1", List.of("1"))).isEmpty();
        }

        @Test
        void dontKnowAndDidNotTakePartAreExclusiveToo() {
            Map<String, Object> a = ZhejiangAnswers.complete();
            assertThat(codes(ZJ.validateAnswer(a, "q11", List.of("14", "3")))).containsExactly("q11:answer.constraint");
            assertThat(codes(ZJ.validateAnswer(a, "q12", List.of("7", "1")))).containsExactly("q12:answer.constraint");
            assertThat(ZJ.validateAnswer(a, "q12", List.of("7"))).isEmpty();
        }

        @Test
        void typesAreChecked() {
            Map<String, Object> a = Map.of("county", "330604");
            assertThat(codes(ZJ.validateAnswer(a, "age", "forty"))).containsExactly("age:answer.not-integer");
            assertThat(codes(ZJ.validateAnswer(a, "age", 16.5))).containsExactly("age:answer.not-integer");
            assertThat(codes(ZJ.validateAnswer(a, "age", 130))).containsExactly("age:answer.constraint");
            assertThat(ZJ.validateAnswer(a, "age", "16")).isEmpty();
        }

        @Test
        void codesMustExistAndNotRepeat() {
            Map<String, Object> a = ZjAnswersUpTo.q1();
            assertThat(codes(ZJ.validateAnswer(a, "q1", List.of("9")))).containsExactly("q1:answer.unknown-choice");
            assertThat(codes(ZJ.validateAnswer(a, "q1", List.of("2", "2")))).containsExactly("q1:answer.duplicate-choice");
            assertThat(codes(ZJ.validateAnswer(a, "q2", List.of("1")))).containsExactly("q2:answer.wrong-shape");
        }

        @Test
        void requiredAnswerCannotBeEmpty() {
            assertThat(codes(ZJ.validateAnswer(Map.of(), "county", ""))).containsExactly("county:answer.required");
        }

        @Test
        void countyMustBeACountyOfTheProvince() {
            assertThat(codes(ZJ.validateAnswer(Map.of(), "county", "410102"))).containsExactly("county:answer.constraint");
        }

        @Test
        void aQuestionThatIsNotAskedCannotBeAnswered() {
            assertThat(codes(ZJ.validateAnswer(Map.of("age", 15), "hukou", "1"))).containsExactly("hukou:answer.not-relevant");
        }
    }

    @Nested
    class CompleteValidation {
        @Test
        void aCompleteAnswerSetIsValid() {
            assertThat(ZJ.validateComplete(ZhejiangAnswers.complete())).isEmpty();
        }

        @Test
        void missingRequiredAnswerIsReported() {
            Map<String, Object> a = ZhejiangAnswers.complete();
            a.remove("q9");
            assertThat(codes(ZJ.validateComplete(a))).containsExactly("q9:answer.required");
        }

        @Test
        void answerToANonRelevantQuestionIsReported() {
            Map<String, Object> a = ZhejiangAnswers.complete();
            a.put("q3_other", "不该有");
            assertThat(codes(ZJ.validateComplete(a))).containsExactly("q3_other:answer.not-relevant");
        }

        @Test
        void unknownNamesAndCodesAreReported() {
            Map<String, Object> a = ZhejiangAnswers.complete();
            a.put("q99", "1");
            a.put("q2", "9");
            assertThat(codes(ZJ.validateComplete(a))).containsExactlyInAnyOrder("q99:answer.unknown-question",
                    "q2:answer.unknown-choice");
        }

        @Test
        void ineligibleRespondentMustHaveNoFurtherAnswers() {
            Map<String, Object> a = new LinkedHashMap<>(Map.of("county", "330604", "age", 15));
            assertThat(ZJ.complete(a).outcome()).isEqualTo(Completion.Outcome.INELIGIBLE);
            a.put("q2", "1");
            assertThat(codes(ZJ.complete(a).problems())).containsExactly("q2:answer.not-relevant");
        }

        @Test
        void questionTenWithTwoChoicesFailsCompleteValidation() {
            Map<String, Object> a = ZhejiangAnswers.complete();
            a.put("q10", List.of("1", "2"));
            assertThat(codes(ZJ.validateComplete(a))).containsExactly("q10:answer.constraint");
        }
    }
}
