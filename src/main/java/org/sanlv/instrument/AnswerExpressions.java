package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      Map<String, String> texts = new LinkedHashMap<>();
      texts.put("zh", readable(text, c.problems(), Locale.ROOT, "表达式", "；"));
      texts.put("en", readable(text, c.problems(), Locale.ENGLISH, "the expression", "; "));
      throw new Invalid(String.join("; ", messages), texts);
    }
    return new AnswerExpressions(text, c.expr(), c.references().clone());
  }

  /**
   * An expression that does not compile. The message is the parser's English (logs, the command line);
   * {@link #texts()} says the same to a reader in Chinese ({@code zh}) and English ({@code en}) with the
   * questionnaire checker's words ({@code instrument-messages}).
   */
  public static final class Invalid extends IllegalArgumentException {

    private final transient Map<String, String> texts;

    Invalid(String message, Map<String, String> texts) {
      super(message);
      this.texts = Map.copyOf(texts);
    }

    /** The problems per language code. */
    public Map<String, String> texts() {
      return texts;
    }
  }

  /** The problems as the XLSForm checker words them, with {@code subject} naming the expression. */
  private static String readable(String text, List<Expressions.Problem> problems, Locale locale, String subject,
      String separator) {
    List<String> out = new ArrayList<>();
    String hint = problems.stream().anyMatch(Expressions.Problem::syntax) ? FormCompiler.hint(text) : null;
    if (hint != null) {
      return FormMessages.text(locale, hint, List.of(subject, text));
    }
    for (Expressions.Problem p : problems) {
      Matcher unknown = FormCompiler.UNKNOWN_REFERENCE.matcher(p.message());
      Matcher function = FormCompiler.UNKNOWN_FUNCTION.matcher(p.message());
      FormProblem problem = FormProblem.at("", "expr.meaning", subject, p.message());
      if (p.syntax()) {
        problem = FormProblem.at("", "expr.syntax", subject, text, p.message());
        for (Map.Entry<String, Pattern> known : FormCompiler.SYNTAX) {
          Matcher m = known.getValue().matcher(p.message());
          if (m.matches()) {
            List<Object> args = new ArrayList<>(List.of(subject, text));
            for (int g = 1; g <= m.groupCount(); g++) {
              args.add(m.group(g));
            }
            problem = FormProblem.at("", known.getKey(), args.toArray());
          }
        }
      } else if (unknown.matches()) {
        problem = FormProblem.at("", "expr.unknownReference", subject, unknown.group(1));
      } else if (function.matches()) {
        problem = FormProblem.at("", "expr.unknownFunction", subject, function.group(1));
      } else if (p.key() != null) {
        List<Object> args = new ArrayList<>(List.of(subject));
        args.addAll(p.args());
        problem = FormProblem.at("", p.key(), args.toArray());
      }
      out.add(problem.message(locale));
    }
    return String.join(separator, out);
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
