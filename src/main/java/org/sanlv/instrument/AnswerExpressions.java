package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.instrument.expr.Env;
import org.sanlv.instrument.expr.Expr;
import org.sanlv.instrument.expr.Expressions;
import org.sanlv.instrument.expr.Scope;
import org.sanlv.instrument.expr.ValueType;

/**
 * One expression of the form language (e.g. {@code ${q9} = '1' or ${q9} = '2'},
 * {@code count-selected-of(${q11}, '1', '2', '3') div 12}) compiled once against named answer columns and
 * evaluated many times over rows of answers, for indicator definitions and derived variables outside a form.
 * Answers are given in column order: a String (null or empty: no answer) or, for select_multiple columns, a
 * List of the selected codes. Immutable and thread-safe.
 */
public final class AnswerExpressions {

  private final String text;
  private final Expr expr;
  private final int[] references;

  private AnswerExpressions(String text, Expr expr, int[] references) {
    this.text = text;
    this.expr = expr;
    this.references = references;
  }

  /**
   * Compiles {@code text}.
   *
   * @param columns the answer columns, in the order of the answer arrays given to {@link #test}/{@link #number}
   * @param selectMultiple the columns whose answers are lists of codes
   * @throws IllegalArgumentException whose message says what is wrong, e.g. {@code refers to ${q99}, which
   *     does not exist}
   */
  public static AnswerExpressions compile(String text, List<String> columns, Set<String> selectMultiple) {
    Map<String, Integer> slots = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      slots.putIfAbsent(columns.get(i), i);
    }
    Scope scope = new Scope() {
      @Override
      public Binding question(String name) {
        Integer slot = slots.get(name);
        if (slot == null) {
          return null;
        }
        return Binding.of(slot, selectMultiple.contains(name) ? ValueType.CODES : ValueType.ANY);
      }

      @Override
      public ValueType current() {
        return null;
      }
    };
    Expressions.Compiled c = Expressions.compile(text, scope);
    if (!c.ok()) {
      List<String> messages = new ArrayList<>();
      for (Expressions.Problem p : c.problems()) {
        messages.add(p.syntax() ? "is not a valid expression: " + p.message() : p.message());
      }
      throw new IllegalArgumentException(String.join("; ", messages));
    }
    return new AnswerExpressions(text, c.expr(), c.references().clone());
  }

  /** Column indexes the expression refers to. */
  public int[] references() {
    return references.clone();
  }

  /** The expression's boolean value (XPath boolean()); no answer is false. */
  public boolean test(Object[] answers) {
    return expr.test(new Env(answers));
  }

  /** The expression's numeric value (XPath number()); NaN when it has none (e.g. no answer). */
  public double number(Object[] answers) {
    return expr.number(new Env(answers));
  }

  @Override
  public String toString() {
    return text;
  }
}
