package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor writes content back as YAML that reads as the same content, whatever the texts hold. */
class QuizYamlWriterTest {

  @Test
  void theShippedQuizReadsBackUnchanged() throws IOException {
    QuizContent shipped = QuizContent.parse(Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"),
        StandardCharsets.UTF_8));
    assertThat(QuizContent.parse(QuizYamlWriter.write(shipped))).isEqualTo(shipped);
  }

  @Test
  void quotesEverythingYamlWouldReadOtherwise() {
    // ids that YAML 1.1 reads as booleans, texts with quotes, backslashes, colons, hashes, line breaks, tabs, emoji
    String tricky = "他说：\"转到安全账户\" # 不是注释\\n\n第二行\t制表 ✓ 😀 - [x]: {y}";
    QuizContent c = new QuizContent(Map.of("zh", "标题: 一", "en", "yes"), Map.of("zh", tricky, "en", "'quoted'"),
        List.of(new QuizContent.Question("no", "judge", Map.of("zh", tricky, "en", "true"),
            List.of(new QuizContent.Option("yes", Map.of("zh", "on", "en", "null"), true),
                new QuizContent.Option("no", Map.of("zh", "~", "en", "1.5"), false)),
            Map.of("zh", "@开头", "en", "%percent & *star !tag"))));
    assertThat(QuizContent.parse(QuizYamlWriter.write(c))).isEqualTo(c);
  }

  @Test
  void escapesControlCharacters() {
    assertThat(QuizYamlWriter.quote("a\u0001b\u2028c")).isEqualTo("\"a\\u0001b\\u2028c\"");
  }
}
