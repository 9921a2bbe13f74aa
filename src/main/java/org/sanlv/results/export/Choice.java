package org.sanlv.results.export;

import java.util.Objects;

/**
 * One option of a select question.
 *
 * @param code the stored answer, a number written as text ({@code "1"} … {@code "14"})
 * @param label its Chinese label ({@code 公检法电话要求转账})
 */
public record Choice(String code, String label) {

  public Choice {
    Objects.requireNonNull(code, "code");
    label = label == null ? "" : label;
  }
}
