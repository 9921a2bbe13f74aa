package org.sanlv.results.export;

import java.util.List;
import java.util.Objects;

/**
 * A question as the export sees it: plain inputs, so that this package depends on no other module.
 *
 * @param name the answer's name ({@code q11}); becomes the variable name
 * @param type the question type
 * @param label the question text ({@code 十一、您知道以下哪些属于电信网络诈骗？})
 * @param choices the options of a select question, in order; empty otherwise
 * @param width for text, the longest answer kept, in UTF-8 bytes (Chinese takes 3 per character)
 */
public record Question(String name, QuestionType type, String label, List<Choice> choices, int width) {

  /** The width of text answers unless given: 255 Chinese characters. */
  public static final int DEFAULT_TEXT_WIDTH = 765;

  public Question {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    label = label == null ? "" : label;
    choices = choices == null ? List.of() : List.copyOf(choices);
    boolean select = type == QuestionType.SELECT_ONE || type == QuestionType.SELECT_MULTIPLE;
    if (select && choices.isEmpty()) {
      throw new IllegalArgumentException("question " + name + ": a " + type + " question needs choices");
    }
  }

  public static Question selectOne(String name, String label, List<Choice> choices) {
    return new Question(name, QuestionType.SELECT_ONE, label, choices, 0);
  }

  public static Question selectMultiple(String name, String label, List<Choice> choices) {
    return new Question(name, QuestionType.SELECT_MULTIPLE, label, choices, 0);
  }

  public static Question integer(String name, String label) {
    return new Question(name, QuestionType.INTEGER, label, List.of(), 0);
  }

  public static Question decimal(String name, String label) {
    return new Question(name, QuestionType.DECIMAL, label, List.of(), 0);
  }

  public static Question text(String name, String label) {
    return new Question(name, QuestionType.TEXT, label, List.of(), DEFAULT_TEXT_WIDTH);
  }

  public static Question text(String name, String label, int widthBytes) {
    return new Question(name, QuestionType.TEXT, label, List.of(), widthBytes);
  }
}
