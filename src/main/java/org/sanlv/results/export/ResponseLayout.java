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
 *   <li>then the response's context: {@code stratum_name} (上虞区), {@code mode} (coded 1 入户调查, 2 电话调查,
 *       3 街头拦截, 4 网络调查), {@code submitted_at} (China time, ISO 8601 with offset:
 *       {@code 2026-11-18T10:30:30+08:00}), {@code flagged} (0/1) and {@code flags} (the integrity flags' codes,
 *       space-separated);
 *   <li>{@code select_one} → a number with the choices as value labels (codes must be numbers);
 *   <li>{@code select_multiple} → the codes as a string, space-separated in choice order ({@code q11}), and
 *       one 0/1 number per choice ({@code q11_1}, {@code q11_2}…) labelled "question：choice"
 *       ({@code 十一、…：公检法电话要求转账}); missing when the question is unanswered;
 *   <li>{@code integer} → a number with no decimals, {@code decimal} → a number, {@code text} → a string;
 *   <li>{@link #withLabelColumns()} (the XLSX export: a spreadsheet has no value labels) adds beside each coded
 *       column a text column {@code <name>_label} with the chosen choice's label ({@code q9_label} = 较好,
 *       {@code mode_label} = 网络调查), and beside each select_multiple's codes the labels of the chosen choices
 *       joined by "；" ({@code q11_label} = 刷单返利；冒充客服退款). Stata and SPSS keep value labels instead.
 * </ul>
 */
public final class ResponseLayout {

  /** Value labels of the 0/1 columns of a select_multiple question. */
  public static final Map<Double, String> SELECTED_LABELS = Map.of(0.0, "未选", 1.0, "选中");

  /** The survey modes as coded in the {@code mode} column. */
  public static final Map<String, Double> MODE_CODES =
      Map.of("household", 1.0, "phone", 2.0, "intercept", 3.0, "online", 4.0);

  static final Map<Double, String> MODE_LABELS =
      Map.of(1.0, "入户调查", 2.0, "电话调查", 3.0, "街头拦截", 4.0, "网络调查");

  static final Map<Double, String> FLAGGED_LABELS = Map.of(0.0, "无标记", 1.0, "有标记");

  private static final java.time.ZoneId CHINA = java.time.ZoneId.of("Asia/Shanghai");
  private static final String LABEL_SEPARATOR = "；";

  private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final DesignColumns design;
  private final boolean labelColumns;
  private final List<Question> questions;
  private final List<Variable> variables;
  private final List<Map<String, Integer>> choiceIndex = new ArrayList<>();

  private ResponseLayout(DesignColumns design, List<Question> questions, boolean labelColumns) {
    this.design = design;
    this.labelColumns = labelColumns;
    this.questions = List.copyOf(questions);
    List<Variable> vars = new ArrayList<>(List.of(design.id(), design.stratum(), design.psu(), design.weight()));
    // the response's context, grouped after the design columns
    vars.add(Variable.string(contextName("stratum_name", questions), "抽样层名称", 64));
    vars.add(Variable.coded(contextName("mode", questions), "调查方式", MODE_LABELS));
    if (labelColumns) {
      vars.add(Variable.string(contextName("mode_label", questions), "调查方式（文字）", 12));
    }
    vars.add(Variable.string(contextName("submitted_at", questions), "提交时间（北京时间）", 25));
    vars.add(Variable.coded(contextName("flagged", questions), "是否有质量标记", FLAGGED_LABELS));
    vars.add(Variable.string(contextName("flags", questions), "质量标记（代码，空格分隔）", 256));
    java.util.Set<String> taken = new java.util.HashSet<>();
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
          if (labelColumns) {
            int width = 1;
            for (Choice c : q.choices()) {
              width = Math.max(width, c.label().getBytes(StandardCharsets.UTF_8).length);
            }
            vars.add(Variable.string(labelName(q.name(), taken), q.label() + "（文字）", width));
          }
        }
        case SELECT_MULTIPLE -> {
          int width = q.choices().size() - 1;
          for (Choice c : q.choices()) {
            width += c.code().getBytes(StandardCharsets.UTF_8).length;
          }
          vars.add(Variable.string(q.name(), q.label(), Math.max(1, width)));
          if (labelColumns) {
            int labelWidth = 0;
            for (Choice c : q.choices()) {
              labelWidth += c.label().getBytes(StandardCharsets.UTF_8).length + LABEL_SEPARATOR.length() * 3;
            }
            vars.add(Variable.string(labelName(q.name(), taken), q.label() + "（文字）",
                Math.min(Variable.MAX_STRING_WIDTH, Math.max(1, labelWidth))));
          }
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

  /** A context column's name, with {@code _0} added while a question's column has it ({@code mode_0}). */
  private static String contextName(String name, List<Question> questions) {
    java.util.Set<String> used = new java.util.HashSet<>();
    for (Question q : questions) {
      used.add(q.name().toLowerCase(java.util.Locale.ROOT));
      used.add(q.name().toLowerCase(java.util.Locale.ROOT) + "_label");
    }
    String out = name;
    while (used.contains(out.toLowerCase(java.util.Locale.ROOT))) {
      out = out + "_0";
    }
    return out;
  }

  /** The default design columns, then the context and the questions' columns. */
  public static ResponseLayout of(List<Question> questions) {
    return new ResponseLayout(DesignColumns.defaults(), questions, false);
  }

  public static ResponseLayout of(DesignColumns design, List<Question> questions) {
    return new ResponseLayout(design, questions, false);
  }

  /** The same layout with a text column of labels beside each coded column (for spreadsheets, see above). */
  public ResponseLayout withLabelColumns() {
    return new ResponseLayout(design, questions, true);
  }

  /**
   * {@code q9_label}, cut to the 32 characters of a variable name, with a number when the questionnaire has a
   * column of that name already ({@code q9_label2}).
   */
  private String labelName(String question, java.util.Set<String> taken) {
    java.util.Set<String> existing = new java.util.HashSet<>();
    for (Question q : questions) {
      existing.add(q.name().toLowerCase(java.util.Locale.ROOT));
      for (Choice c : q.choices()) {
        existing.add((q.name() + "_" + c.code()).toLowerCase(java.util.Locale.ROOT));
      }
    }
    String base = question.length() > 26 ? question.substring(0, 26) : question;
    String name = base + "_label";
    for (int k = 2; existing.contains(name.toLowerCase(java.util.Locale.ROOT))
        || taken.contains(name.toLowerCase(java.util.Locale.ROOT)); k++) {
      name = base + "_label" + k;
    }
    taken.add(name.toLowerCase(java.util.Locale.ROOT));
    return name;
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
    Response.Context c = response.context();
    row[at++] = c.stratumName();
    Double mode = c.mode() == null ? null : MODE_CODES.get(c.mode());
    row[at++] = mode;
    if (labelColumns) {
      row[at++] = mode == null ? null : MODE_LABELS.get(mode);
    }
    row[at++] = c.submittedAt() == null ? null
        : java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            c.submittedAt().atZone(CHINA).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    row[at++] = c.flags() == null ? null : c.flags().isEmpty() ? 0.0 : 1.0;
    row[at++] = c.flags() == null ? null : String.join(" ", c.flags());
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
          if (labelColumns) {
            row[at++] = missing ? null : q.choices().get(choiceIndex.get(qi).get(raw.strip())).label();
          }
        }
        case SELECT_MULTIPLE -> {
          int n = q.choices().size();
          if (missing) {
            row[at++] = null;
            if (labelColumns) {
              row[at++] = null;
            }
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
          if (labelColumns) {
            var labels = new StringBuilder();
            for (int i = 0; i < n; i++) {
              if (chosen[i]) {
                labels.append(labels.length() > 0 ? LABEL_SEPARATOR : "").append(q.choices().get(i).label());
              }
            }
            row[at++] = labels.toString();
          }
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
