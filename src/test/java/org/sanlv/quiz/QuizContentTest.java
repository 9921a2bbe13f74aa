package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

class QuizContentTest {

  static String shipped() throws IOException {
    return Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
  }

  private static final String ONE = """
      title: {zh: 防骗知识, en: Anti-fraud}
      intro: {zh: 说明, en: Intro}
      questions:
        - id: police-transfer
          kind: judge
          text: {zh: 是诈骗吗？, en: "Is it a fraud?"}
          options:
            - {id: yes, text: {zh: 是诈骗, en: It is a fraud}, correct: true}
            - {id: no, text: {zh: 不是诈骗, en: It is not}, correct: false}
          explanation: {zh: 挂断电话，拨打 110。, en: Hang up and call 110.}
      """;

  private static List<Problem> problems(String yaml) {
    InputRejected e = catchThrowableOfType(InputRejected.class, () -> QuizContent.parse(yaml));
    assertThat(e).as("refused").isNotNull();
    return e.problems();
  }

  @Test
  void readsTheShippedQuizWithTheTwelveSchemes() throws IOException {
    QuizContent quiz = QuizContent.parse(shipped());
    assertThat(quiz.title()).containsEntry("zh", "防范电信网络诈骗知识答题");
    assertThat(quiz.questions()).extracting(QuizContent.Question::id).contains("police-transfer", "click-farming",
        "livestream-stocks", "dating-crypto", "loan-fees", "online-gambling", "refund-deposit", "boss-work-group",
        "leader-wechat", "free-game-skins", "gambling-loophole", "cancel-loan-record");
    List<QuizContent.Question> multiple = quiz.questions().stream().filter(q -> q.kind().equals("multiple")).toList();
    assertThat(multiple).hasSizeBetween(2, 3);
    // a "which are frauds" question is never answered by ticking everything
    assertThat(multiple).allSatisfy(q -> assertThat(q.correctOptions()).hasSizeLessThan(q.options().size()));
    assertThat(quiz.questions()).allSatisfy(q -> assertThat(q.explanation().get("zh") + q.explanation().get("en"))
        .containsAnyOf("96110", "110", "国家反诈中心"));
  }

  @Test
  void readsAMinimalQuiz() {
    QuizContent quiz = QuizContent.parse(ONE);
    QuizContent.Question q = quiz.question("police-transfer").orElseThrow();
    assertThat(q.correctOptions()).containsExactly("yes");
    assertThat(q.isCorrect(List.of("yes"))).isTrue();
    assertThat(q.isCorrect(List.of("no"))).isFalse();
    assertThat(q.isCorrect(List.of("yes", "no"))).isFalse();
  }

  @Nested
  class Refuses {

    @Test
    void aTextWithoutEnglishAtItsLine() {
      List<Problem> p = problems(ONE.replace(", en: \"Is it a fraud?\"}", "}"));
      assertThat(p).singleElement().satisfies(x -> {
        assertThat(x.messageKey()).isEqualTo("quiz.content.noText");
        assertThat(x.line()).isEqualTo(6);
        assertThat(x.args()).containsExactly("police-transfer.text", "en");
      });
    }

    @Test
    void aDuplicateId() {
      String twice = ONE + ONE.substring(ONE.indexOf("  - id:"));
      List<Problem> p = problems(twice);
      assertThat(p).singleElement().satisfies(x -> {
        assertThat(x.messageKey()).isEqualTo("quiz.content.duplicateId");
        assertThat(x.line()).isEqualTo(11);
      });
    }

    @Test
    void aJudgeQuestionWithoutYesAndNo() {
      List<Problem> p = problems(ONE.replace("{id: no,", "{id: maybe,"));
      assertThat(p).extracting(Problem::messageKey).containsExactly("quiz.content.judgeOptions");
      assertThat(p.get(0).line()).isEqualTo(8);
    }

    @Test
    void aQuestionWithoutACorrectOption() {
      List<Problem> p = problems(ONE.replace("correct: true", "correct: false"));
      assertThat(p).extracting(Problem::messageKey).contains("quiz.content.noCorrect");
      assertThat(p.get(0).line()).isEqualTo(8);
    }

    @Test
    void aWordOfTheAssessmentSurvey() {
      List<Problem> p = problems(ONE.replace("挂断电话，拨打 110。", "挂断电话。接到满意度调查时请配合。"));
      assertThat(p).singleElement().satisfies(x -> {
        assertThat(x.messageKey()).isEqualTo("quiz.content.forbidden");
        assertThat(x.line()).isEqualTo(10);
        assertThat(x.column()).isEqualTo("police-transfer.explanation.zh");
      });
      assertThat(problems(ONE.replace("Hang up and call 110.", "Please take part in the survey.")))
          .extracting(Problem::messageKey).containsExactly("quiz.content.forbidden");
      // a word inside another is not the word
      assertThat(QuizContent.forbiddenWord("operating a fake platform")).isNull();
    }

    @Test
    void brokenYamlWithItsLine() {
      List<Problem> p = problems(ONE.replace("kind: judge", "kind: [judge"));
      assertThat(p).extracting(Problem::messageKey).containsExactly("quiz.content.yaml");
      assertThat(p.get(0).line()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void anUnknownKindAndKey() {
      assertThat(problems(ONE.replace("kind: judge", "kind: essay"))).extracting(Problem::messageKey)
          .containsExactly("quiz.content.kind");
      assertThat(problems(ONE.replace("kind: judge", "kind: judge\n    points: 3"))).extracting(Problem::messageKey)
          .containsExactly("quiz.content.unknownKey");
      assertThat(problems("")).extracting(Problem::messageKey).containsExactly("quiz.content.empty");
      assertThat(problems("- a\n- b")).extracting(Problem::messageKey).containsExactly("quiz.content.notMap");
    }
  }
}
