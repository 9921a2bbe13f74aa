package org.sanlv.results.export;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a questionnaire's questions into export variables, and each response into a row.
 *
 * <ul>
 *   <li>design columns first: response id, stratum, PSU, final weight;
 *   <li>{@code select_one} → a number with the choices as value labels (codes must be numbers);
 *   <li>{@code select_multiple} → the codes as a string, space-separated in choice order ({@code q11}), and
 *       one 0/1 number per choice ({@code q11_1}, {@code q11_2}…) labelled "question：choice"
 *       ({@code 十一、…：公检法电话要求转账}); missing when the question is unanswered;
 *   <li>{@code integer} → a number with no decimals, {@code decimal} → a number, {@code text} → a string.
 * </ul>
 */
public final class ResponseLayout {

  /** Value labels of the 0/1 columns of a select_multiple question. */
  public static final Map<Double, String> SELECTED_LABELS = Map.of(0.0, "未选", 1.0, "选中");

  private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final DesignColumns design;
  private final List<Question> questions;
  private final List<Variable> variables;
  private final List<Map<String, Integer>> choiceIndex = new ArrayList<>();

  private ResponseLayout(DesignColumns design, List<Question> questions) {
    this.design = design;
    this.questions = List.copyOf(questions);
    List<Variable> vars = new ArrayList<>(List.of(design.id(), design.stratum(), design.psu(), design.weight()));
    for (Question q : this.questions) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < q.choices().size(); i++) {
        if (index.put(q.choices().get(i).code(), i) != null) {
          throw new IllegalArgumentException(
              "question " + q.name() + ": choice code \"" + q.choices().get(i).code() + "\" appears twice");
        }
      }
      choiceIndex.add(index);
      switch (q.type()) {
        case SELECT_ONE -> {
          Map<Double, String> labels = new LinkedHashMap<>();
          for (Choice c : q.choices()) {
            labels.put(code(q, c.code()), c.label());
          }
          vars.add(Variable.coded(q.name(), q.label(), labels));
        }
        case SELECT_MULTIPLE -> {
          int width = q.choices().size() - 1;
          for (Choice c : q.choices()) {
            width += c.code().getBytes(StandardCharsets.UTF_8).length;
          }
          vars.add(Variable.string(q.name(), q.label(), Math.max(1, width)));
          for (int i = 0; i < q.choices().size(); i++) {
            Choice c = q.choices().get(i);
            String suffix = SAFE_CODE.matcher(c.code()).matches() ? c.code() : Integer.toString(i + 1);
            vars.add(
                new Variable(
                    q.name() + "_" + suffix, q.label() + "：" + c.label(), VariableType.NUMERIC, 0,
                    SELECTED_LABELS, 0));
          }
        }
        case INTEGER -> vars.add(Variable.numeric(q.name(), q.label(), 0));
        case DECIMAL -> vars.add(Variable.numeric(q.name(), q.label()));
        case TEXT -> vars.add(Variable.string(q.name(), q.label(), q.width()));
      }
    }
    this.variables = List.copyOf(vars);
  }

  /** The default design columns, then the questions' columns. */
  public static ResponseLayout of(List<Question> questions) {
    return new ResponseLayout(DesignColumns.defaults(), questions);
  }

  public static ResponseLayout of(DesignColumns design, List<Question> questions) {
    return new ResponseLayout(design, questions);
  }

  /** The variables, in column order. */
  public List<Variable> variables() {
    return variables;
  }

  /** A dataset of these variables over {@code rows} (typically built with {@link #row}). */
  public Dataset dataset(String label, RowSource rows) {
    return new Dataset(label, variables, rows);
  }

  /** A new row for {@code response}. */
  public Object[] row(Response response) {
    Object[] row = new Object[variables.size()];
    fill(response, row);
    return row;
  }

  /** Fills {@code row} (of length {@code variables().size()}) for {@code response}, to reuse one array. */
  public void fill(Response response, Object[] row) {
    int at = 0;
    row[at++] = response.id();
    row[at++] = response.stratum();
    row[at++] = response.psu();
    row[at++] = response.weight();
    for (int qi = 0; qi < questions.size(); qi++) {
      Question q = questions.get(qi);
      String raw = response.answers().get(q.name());
      boolean missing = raw == null || raw.isBlank();
      switch (q.type()) {
        case SELECT_ONE -> {
          if (!missing && !choiceIndex.get(qi).containsKey(raw.strip())) {
            throw notAChoice(response, q, raw.strip());
          }
          row[at++] = missing ? null : code(q, raw.strip());
        }
        case SELECT_MULTIPLE -> {
          int n = q.choices().size();
          if (missing) {
            row[at++] = null;
            for (int i = 0; i < n; i++) {
              row[at++] = null;
            }
            break;
          }
          boolean[] chosen = new boolean[n];
          for (String code : SPACES.split(raw.strip())) {
            Integer i = choiceIndex.get(qi).get(code);
            if (i == null) {
              throw notAChoice(response, q, code);
            }
            chosen[i] = true;
          }
          var codes = new StringBuilder();
          for (int i = 0; i < n; i++) {
            if (chosen[i]) {
              if (codes.length() > 0) {
                codes.append(' ');
              }
              codes.append(q.choices().get(i).code());
            }
          }
          row[at++] = codes.toString();
          for (int i = 0; i < n; i++) {
            row[at++] = chosen[i] ? 1.0 : 0.0;
          }
        }
        case INTEGER, DECIMAL -> row[at++] = missing ? null : number(response, q, raw.strip());
        case TEXT -> row[at++] = raw;
      }
    }
  }

  private static double code(Question q, String code) {
    try {
      return new BigDecimal(code).doubleValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "question " + q.name() + ": choice code \"" + code + "\" is not a number (select_one codes are numbers)");
    }
  }

  private static double number(Response r, Question q, String raw) {
    try {
      double x = q.type() == QuestionType.INTEGER ? Long.parseLong(raw) : Double.parseDouble(raw);
      if (!Double.isFinite(x)) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "response " + r.id() + ", question " + q.name() + ": \"" + raw + "\" is not "
              + (q.type() == QuestionType.INTEGER ? "a whole number" : "a number"));
    }
  }

  private static IllegalArgumentException notAChoice(Response r, Question q, String code) {
    return new IllegalArgumentException(
        "response " + r.id() + ", question " + q.name() + ": \"" + code + "\" is not one of its choice codes");
  }
}
