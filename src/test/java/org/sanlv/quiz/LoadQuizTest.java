package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The load generator answers the quiz the application serves: it reads every question with its options and correct
 * answers from the shipped file and from the editor's own YAML, the same as the application's reader.
 */
class LoadQuizTest {

  private static void readsLikeTheApplication(String yaml) {
    QuizContent content = QuizContent.parse(yaml);
    List<LoadQuiz.Question> read = LoadQuiz.questions(yaml);
    assertThat(read).extracting(LoadQuiz.Question::id)
        .containsExactlyElementsOf(content.questions().stream().map(QuizContent.Question::id).toList());
    for (LoadQuiz.Question q : read) {
      QuizContent.Question c = content.question(q.id()).orElseThrow();
      assertThat(q.options()).containsExactlyElementsOf(c.options().stream().map(QuizContent.Option::id).toList());
      assertThat(q.correct()).containsExactlyElementsOf(c.correctOptions());
    }
  }

  @Test
  void readsTheShippedQuizAndTheEditorsYaml() throws IOException {
    String shipped = Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
    readsLikeTheApplication(shipped);
    readsLikeTheApplication(QuizYamlWriter.write(QuizContent.parse(shipped)));
  }

  @Test
  void aBodyAnswersEveryQuestion() throws IOException {
    String shipped = Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
    List<LoadQuiz.Question> questions = LoadQuiz.questions(shipped);
    String body = LoadQuiz.body(questions, List.of("330604001"), new UUID(1, 2), "quizloadtest0000001",
        new SplittableRandom(3));
    for (LoadQuiz.Question q : questions) {
      assertThat(body).contains("\"" + q.id() + "\":[\"");
    }
    assertThat(body).contains("\"area\":\"330604001\"").contains("\"deviceToken\":\"quizloadtest0000001\"");
  }
}
