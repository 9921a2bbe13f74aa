package org.sanlv.indicator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sanlv.instrument.ChoiceList;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * The indicator form's common cases, written as the same definition an analyst writes in YAML:
 *
 * <ul>
 *   <li>{@link Kind#PROPORTION}: the share answering one question with one of the listed options
 *       (安全感 = q2 ∈ {好, 较好}): {@code ${q2} = '1' or ${q2} = '2'};
 *   <li>{@link Kind#MEAN_SHARE}: over several questions, the mean of each one's share of listed options (1 or 0
 *       for a single choice, the share of the listed options selected for a multiple choice):
 *       {@code (count-selected-of(${q2}, '1', '2') + count-selected-of(${q4}, '1', '2')) div 2};
 *   <li>{@link Kind#AT_LEAST}: whether at least k of the listed items are answered with the listed options (a
 *       single-choice question is one item, each listed option of a multiple choice one):
 *       {@code count-selected-of(${q11}, '1', …, '12') >= 9}.
 * </ul>
 *
 * <p>Options are given as {@code list:code}, so that a code is read in its own choice list; all questions of one
 * indicator share one list.
 */
final class IndicatorForm {

  /** The kinds the form writes. */
  enum Kind { PROPORTION, MEAN_SHARE, AT_LEAST }

  /** What the form sends; any part may be missing or wrong. */
  record Input(String kind, String name, String labelZh, String labelEn, List<String> questions, List<String> options,
      String k) {

    /** Whether an option of this choice list was chosen. */
    public boolean usesList(String list) {
      return options != null && options.stream().anyMatch(o -> o.startsWith(list + ":"));
    }
  }

  /** A name usable as a column of the results and exports. */
  static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

  private IndicatorForm() {}

  /** The definition the form describes, or every problem with the field it concerns. */
  static Indicator build(Input in, InterviewFlow flow, Set<String> existingNames) {
    List<Problem> problems = new ArrayList<>();
    Kind kind = null;
    try {
      kind = Kind.valueOf(blank(in.kind()) ? "" : in.kind().strip());
    } catch (IllegalArgumentException e) {
      problems.add(Problem.at(0, "kind", "indicator.error.kind"));
    }
    String name = blank(in.name()) ? "" : in.name().strip();
    if (name.isEmpty()) {
      problems.add(Problem.at(0, "indicatorName", "import.error.required"));
    } else if (!NAME.matcher(name).matches()) {
      problems.add(Problem.at(0, "indicatorName", "indicator.error.badName", name));
    } else if (existingNames.contains(name)) {
      problems.add(Problem.at(0, "indicatorName", "indicator.error.nameTaken", name));
    }
    if (blank(in.labelZh())) {
      problems.add(Problem.at(0, "labelZh", "import.error.required"));
    }
    if (blank(in.labelEn())) {
      problems.add(Problem.at(0, "labelEn", "import.error.required"));
    }

    List<Question> questions = new ArrayList<>();
    for (String q : new LinkedHashSet<>(in.questions() == null ? List.<String>of() : in.questions())) {
      Optional<Question> question = flow.question(q);
      if (question.isEmpty()) {
        problems.add(Problem.at(0, "questions", "indicator.error.unknownQuestion", q));
      } else if (question.get().type() != QuestionType.SELECT_ONE
          && question.get().type() != QuestionType.SELECT_MULTIPLE) {
        problems.add(Problem.at(0, "questions", "indicator.error.notSelect", label(question.get())));
      } else {
        questions.add(question.get());
      }
    }
    if (questions.isEmpty() && problems.stream().noneMatch(p -> "questions".equals(p.column()))) {
      problems.add(Problem.at(0, "questions", "indicator.error.noQuestion"));
    } else if (kind == Kind.PROPORTION && questions.size() > 1) {
      problems.add(Problem.at(0, "questions", "indicator.error.oneQuestion", questions.size()));
    }
    String list = questions.isEmpty() ? null : questions.get(0).listName();
    for (Question q : questions) {
      if (!q.listName().equals(list)) {
        problems.add(Problem.at(0, "questions", "indicator.error.mixedLists", label(questions.get(0)), label(q)));
        break;
      }
    }
    Optional<ChoiceList> choices = list == null ? Optional.empty() : flow.instrument().choiceList(list);
    List<String> codes = new ArrayList<>();
    for (String option : new LinkedHashSet<>(in.options() == null ? List.<String>of() : in.options())) {
      int colon = option.indexOf(':');
      String optionList = colon < 0 ? list : option.substring(0, colon);
      String code = colon < 0 ? option : option.substring(colon + 1);
      if (choices.isEmpty()) {
        continue; // no usable question: reported above
      }
      if (!choices.get().name().equals(optionList) || choices.get().choice(code).isEmpty()) {
        problems.add(Problem.at(0, "options", "indicator.error.optionNotInList", code, label(questions.get(0))));
      } else if (code.contains("'") && code.contains("\"")) {
        problems.add(Problem.at(0, "options", "indicator.error.optionQuotes", code));
      } else {
        codes.add(code);
      }
    }
    if (codes.isEmpty() && choices.isPresent() && problems.stream().noneMatch(p -> "options".equals(p.column()))) {
      problems.add(Problem.at(0, "options", "indicator.error.noOption"));
    }
    Integer k = null;
    if (kind == Kind.AT_LEAST && !questions.isEmpty() && !codes.isEmpty()) {
      int items = items(questions, codes);
      try {
        k = blank(in.k()) ? null : Integer.valueOf(in.k().strip());
      } catch (NumberFormatException e) {
        k = null;
      }
      if (blank(in.k())) {
        problems.add(Problem.at(0, "k", "indicator.error.kRequired", items));
      } else if (k == null || k < 1 || k > items) {
        problems.add(Problem.at(0, "k", "indicator.error.kRange", in.k().strip(), items));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    String expression = switch (kind) {
      case PROPORTION -> proportion(questions.get(0), codes);
      case MEAN_SHARE -> meanShare(questions, codes);
      case AT_LEAST -> hits(questions, codes) + " >= " + k;
    };
    return new Indicator(name, in.labelZh().strip(), in.labelEn().strip(), kind != Kind.MEAN_SHARE, expression, null);
  }

  /** How many items an at-least-k indicator counts: one per single choice, one per listed option of a multiple. */
  static int items(List<Question> questions, List<String> codes) {
    return questions.stream().mapToInt(q -> q.type() == QuestionType.SELECT_MULTIPLE ? codes.size() : 1).sum();
  }

  private static String proportion(Question q, List<String> codes) {
    List<String> parts = new ArrayList<>();
    for (String c : codes) {
      parts.add(q.type() == QuestionType.SELECT_MULTIPLE ? "selected(${" + q.name() + "}, " + quote(c) + ")"
          : "${" + q.name() + "} = " + quote(c));
    }
    return String.join(" or ", parts);
  }

  private static String meanShare(List<Question> questions, List<String> codes) {
    List<String> terms = new ArrayList<>();
    for (Question q : questions) {
      String count = count(q, codes);
      terms.add(q.type() == QuestionType.SELECT_MULTIPLE && codes.size() > 1 ? count + " div " + codes.size() : count);
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    return "(" + String.join(" + ", terms) + ") div " + terms.size();
  }

  private static String hits(List<Question> questions, List<String> codes) {
    return String.join(" + ", questions.stream().map(q -> count(q, codes)).toList());
  }

  private static String count(Question q, List<String> codes) {
    return "count-selected-of(${" + q.name() + "}, " + String.join(", ", codes.stream().map(IndicatorForm::quote).toList())
        + ")";
  }

  private static String quote(String code) {
    return code.contains("'") ? "\"" + code + "\"" : "'" + code + "'";
  }

  /** A question by its label in each language (the web layer picks the reader's), never by its code alone. */
  private static Object label(Question q) {
    return q.label().isEmpty() ? q.name() : q.label();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
