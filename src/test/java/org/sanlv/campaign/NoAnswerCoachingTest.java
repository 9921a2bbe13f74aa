package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The measurement guard: no built-in text (campaign templates, SMS texts and page texts in the message bundles)
 * tells residents or staff which answer to give, rehearses the questionnaire with them, or stations people where
 * the evaluators go. A campaign that does so bends the measurement it is meant to improve. Comment lines of the
 * templates (which quote what was left out, and why) are not built-in text and are skipped.
 */
class NoAnswerCoachingTest {

  private static final Path RESOURCES = Path.of("src/main/resources");

  /** What coaching and staging look like in the seed's words (and the common variants). */
  static final List<Pattern> FORBIDDEN = Stream.of(
      "回答[“\"「『]", "答[“\"「『]?(满意|安全|非常安全|知道|参与过|好)[”\"」』]", "统一口径", "口径一致",
      "角色扮演", "迎检", "迎测", "应测", "测评(重点)?点位", "定点定岗", "定岗定人", "实地调查的(关注度|配合度|敏感度)",
      "(问卷|测评|调查)答题", "答题(活动|培训)", "菜单式.{0,6}问答", "标准答案", "参考答案", "答案模板",
      "(answer|say|reply)\\s+[\"“']?(satisfied|very safe|safe|yes)", "role-?play", "station (staff|people) where",
      "有奖调查", "到达指定点位", "截图.{0,10}(答题|问卷|测评)").map(Pattern::compile).toList();

  @Test
  void builtInTextsDoNotCoachAnswers() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : builtInTexts()) {
      found.addAll(violations(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
    }
    assertThat(found).isEmpty();
  }

  @Test
  void aTemplateThatCoachesFails() throws IOException {
    String template = Files.readString(RESOURCES.resolve("campaign/shangyu-2022.yaml"), StandardCharsets.UTF_8);
    assertThat(violations("copy", template)).isEmpty();
    for (String sentence : List.of("组织居民统一口径，被问到时回答“满意”。", "在测评点位定岗定人，开展角色扮演。",
        "提高“平安三率”实地调查的关注度和配合度。", "组织员工进行全员平安建设问卷调查答题。",
        "Tell residents to answer \\\"very safe\\\".")) {
      String bent = template.replace("\"开展系列宣传活动\"", "\"开展系列宣传活动。" + sentence + "\"");
      assertThat(bent).isNotEqualTo(template);
      assertThat(violations("copy", bent)).as(sentence).isNotEmpty();
      // and it still reads as a template: the guard looks at the text a template really shows
      assertThat(CampaignTemplates.parse(bent).lines()).isNotEmpty();
    }
  }

  @Test
  void aQuizThatMentionsTheSurveyFails() throws IOException {
    String quiz = Files.readString(RESOURCES.resolve("quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
    assertThat(builtInTexts()).contains(RESOURCES.resolve("quiz/anti-fraud.yaml"));
    assertThat(violations("quiz", quiz)).isEmpty();
    String anchor = "立即挂断，自己拨打 110 核实；";
    assertThat(quiz).contains(anchor);
    for (String sentence : List.of("接到平安建设问卷调查答题时，回答“满意”。", "参加平安三率测评时请积极配合。",
        "Tell residents to answer \\\"very safe\\\" in the survey.")) {
      String bent = quiz.replace(anchor, anchor + sentence);
      // the quiz's own check refuses it on save, and the guard finds it in a shipped file
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> org.sanlv.quiz.QuizContent.parse(bent)))
          .as(sentence).isInstanceOf(org.sanlv.platform.InputRejected.class);
      assertThat(quizViolations("quiz", bent)).as(sentence).isNotEmpty();
    }
    assertThat(quizViolations("quiz", quiz)).isEmpty();
  }

  /** A quiz file: the coaching patterns, and the words the quiz never says (the assessment survey's own terms). */
  static List<String> quizViolations(String name, String text) {
    List<String> found = new ArrayList<>(violations(name, text));
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      String word = line.strip().startsWith("#") ? null : org.sanlv.quiz.QuizContent.forbiddenWord(line);
      if (word != null) {
        found.add(name + ":" + n + " " + word);
      }
    }
    return found;
  }

  /** Every template, and every message bundle (page texts and SMS texts). */
  static List<Path> builtInTexts() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(RESOURCES.resolve("campaign"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
    }
    // the public anti-fraud quiz (issue 23): it teaches, and never mentions the measurement or how to answer it
    try (Stream<Path> s = Files.list(RESOURCES.resolve("quiz"))) {
      s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
    }
    try (Stream<Path> s = Files.list(RESOURCES)) {
      s.filter(p -> p.toString().endsWith(".properties") && !p.getFileName().toString().startsWith("application"))
          .forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    return files;
  }

  static List<String> violations(String name, String text) {
    List<String> found = new ArrayList<>();
    int n = 0;
    for (String line : text.split("\n")) {
      n++;
      // a YAML string's escaped quote is a quote to the reader
      String t = line.strip().replace("\\\"", "\"");
      if (t.startsWith("#")) {
        continue;
      }
      for (Pattern p : FORBIDDEN) {
        if (p.matcher(t).find() || p.matcher(t.toLowerCase(java.util.Locale.ROOT)).find()) {
          found.add(name + ":" + n + " " + p + " in " + (t.length() > 80 ? t.substring(0, 80) + "…" : t));
        }
      }
    }
    return found;
  }
}
