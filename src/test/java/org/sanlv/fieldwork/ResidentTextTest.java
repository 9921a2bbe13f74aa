package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sanlv.instrument.Instruments;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.InterviewScreen;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.sanlv.instrument.Step;

/** What residents see of a form: headings only of field-list groups, no interviewer hint on the screening question. */
class ResidentTextTest {

  private static InterviewScreen.View view(Question question, List<Question> groups) {
    Step step = new Step(Step.Status.ASK, question, List.of(), true, groups);
    return new InterviewScreen.View(step, Map.of(), "{}", List.of(), null, 1, 10, Map.of());
  }

  /** The built-in Zhejiang form: its county question carries the interviewer's hint, its groups plain labels. */
  private static InterviewFlow zhejiang() {
    return Instruments.withDefaults().builtIn("zhejiang-2022");
  }

  @Test
  void aPlainGroupShowsNoHeadingAFieldListGroupDoes() {
    Question plain = zhejiang().question("main").orElseThrow(); // 问题与答案
    assertThat(plain.label()).containsEntry("zh", "问题与答案");
    Question page = Question.of(QuestionType.BEGIN_GROUP, "household", Map.of("zh", "您家里的情况")).withAppearance("field-list");
    InterviewScreen.View shown = ResidentText.of(view(Question.of(QuestionType.INTEGER, "age", Map.of("zh", "年龄")),
        List.of(plain, page)), zhejiang());
    assertThat(shown.step().groups()).extracting(Question::name).containsExactly("household");
  }

  @Test
  void theScreeningQuestionShowsNoHintOtherQuestionsKeepTheirs() {
    InterviewFlow flow = zhejiang();
    assertThat(flow.question("county").orElseThrow().hint()).containsEntry("zh", "由访问系统按样本填写，或由受访者从列表中选择");
    InterviewScreen.View county = ResidentText.of(view(flow.question("county").orElseThrow(), List.of()), flow);
    assertThat(county.step().question().hint()).isEmpty();
    assertThat(county.step().question().label()).containsEntry("zh", "您现在居住在哪个县（市、区）？");
    InterviewScreen.View age = ResidentText.of(view(flow.question("age").orElseThrow(), List.of()), flow);
    assertThat(age.step().question().hint()).containsEntry("zh", "周岁"); // a hint for the resident stays
  }

  @Test
  void aCountyFromTheLinkIsNotCountedAmongTheQuestions() {
    InterviewFlow flow = zhejiang();
    InterviewScreen.View age = view(flow.question("age").orElseThrow(), List.of());
    InterviewScreen.View atTwo = new InterviewScreen.View(age.step(), Map.of(), "{}", List.of(), null, 2, 23, Map.of());
    InterviewScreen.View shown = ResidentText.of(atTwo, flow, true);
    assertThat(shown.position()).isEqualTo(1);
    assertThat(shown.total()).isEqualTo(22);
    assertThat(ResidentText.of(atTwo, flow, false).position()).isEqualTo(2);
  }
}
