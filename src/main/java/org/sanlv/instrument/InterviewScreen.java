package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One screen of an interview in a web page, for every mode that shows the questionnaire in a browser (preview,
 * online survey, household and intercept interviews): the answers so far travel with the page as JSON, the
 * respondent's input is read from form fields, and the engine decides what comes next. Pure: no web types.
 */
public final class InterviewScreen {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\$\\{([^}]*)}");
  private static final int MAX_ANSWERS_JSON = 200_000;

  /**
   * What to show.
   *
   * @param step the engine's step (a question, the ineligible end, or complete)
   * @param answers the answers so far
   * @param answersJson the same as JSON, for the page's hidden field
   * @param problems why the last input was refused (empty when it was accepted)
   * @param current the value to show in the input (the earlier answer when going back, or the refused input)
   * @param position 1-based position of the question among the form's questions
   * @param total number of questions of the form
   * @param shown each answer as the respondent saw it (choice labels), per language code, for {@code ${name}} in texts
   */
  public record View(Step step, Map<String, Object> answers, String answersJson, List<AnswerProblem> problems,
      Object current, int position, int total, Map<String, Map<String, String>> shown) {

    /**
     * A label or hint with each {@code ${name}} replaced by that answer in {@code lang} (empty when not answered), as
     * XLSForm apps show them.
     */
    public String text(String template, String lang) {
      if (template == null || !template.contains("${")) {
        return template;
      }
      java.util.regex.Matcher m = REFERENCE.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        Map<String, String> answer = shown.get(m.group(1).strip());
        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(answer == null ? "" : Maps.pick(answer, lang)));
      }
      m.appendTail(out);
      return out.toString();
    }

    public boolean selected(String code) {
      return current instanceof List<?> list ? list.contains(code) : code.equals(current);
    }

    public String currentText() {
      return current == null || current instanceof List<?> ? "" : current.toString();
    }

    public int percent() {
      return total == 0 ? 100 : step.status() == Step.Status.COMPLETE ? 100 : (int) (100L * (position - 1) / total);
    }
  }

  private final InterviewFlow flow;
  private final List<String> questionOrder;

  public InterviewScreen(InterviewFlow flow) {
    this.flow = flow;
    this.questionOrder = flow.rows().stream().filter(q -> q.type().answerable() || q.type() == QuestionType.NOTE)
        .map(Question::name).toList();
  }

  /** The first screen of a new interview, optionally with answers already known (e.g. the county from a link). */
  public View start(Map<String, Object> preset) {
    Map<String, Object> answers = new LinkedHashMap<>(preset);
    return view(flow.first(answers), answers, List.of(), null);
  }

  /** Moves on from {@code question} with the respondent's input, or stays there with the problems found. */
  public View next(String answersJson, String question, List<String> input) {
    Map<String, Object> answers = answers(answersJson);
    Question q = flow.question(question).orElseThrow(() -> new InputRejected(Problem.of("interview.error.unknownQuestion")));
    Object value = parse(q, input);
    if (q.type() != QuestionType.NOTE) {
      List<AnswerProblem> problems = flow.validateAnswer(answers, question, value);
      if (!problems.isEmpty()) {
        return view(flow.step(answers, question), answers, problems, value);
      }
      if (value == null) {
        answers.remove(question);
      } else {
        answers.put(question, value);
      }
    }
    return view(flow.next(answers, question), answers, List.of(), null);
  }

  /** Goes back to the question before {@code question}, keeping every answer. */
  public View back(String answersJson, String question) {
    Map<String, Object> answers = answers(answersJson);
    if (flow.question(question).isEmpty()) {
      return view(flow.first(answers), answers, List.of(), null); // a stale or forged link: start again
    }
    Step step = flow.previous(answers, question).orElseGet(() -> flow.step(answers, question));
    return view(step, answers, List.of(), null);
  }

  /** Shows {@code question} again (after a reload, from answers kept in the browser). */
  public View at(String answersJson, String question) {
    Map<String, Object> answers = answers(answersJson);
    if (flow.question(question).isEmpty()) {
      return view(flow.first(answers), answers, List.of(), null);
    }
    return view(flow.step(answers, question), answers, List.of(), null);
  }

  public InterviewFlow flow() {
    return flow;
  }

  private View view(Step step, Map<String, Object> answers, List<AnswerProblem> problems, Object refused) {
    Object current = refused;
    if (current == null && step.question() != null) {
      current = answers.get(step.question().name());
    }
    int position = step.question() == null ? questionOrder.size() : questionOrder.indexOf(step.question().name()) + 1;
    return new View(step, answers, JSON.writeValueAsString(answers), problems, current, position, questionOrder.size(),
        shown(answers));
  }

  /** Answers as shown: a select's codes as their labels in each language, other values as they are. */
  private Map<String, Map<String, String>> shown(Map<String, Object> answers) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Instrument form = flow.instrument();
    answers.forEach((name, value) -> {
      Optional<Question> q = flow.question(name);
      if (q.isEmpty() || value == null) {
        return;
      }
      Map<String, String> texts = new LinkedHashMap<>();
      List<?> codes = value instanceof List<?> list ? list : List.of(value);
      Optional<ChoiceList> list = q.get().type().select() ? form.choiceList(q.get().listName()) : Optional.empty();
      for (Language l : form.languages()) {
        List<String> parts = new ArrayList<>();
        for (Object code : codes) {
          String c = String.valueOf(code);
          parts.add(list.flatMap(cl -> cl.choice(c)).map(ch -> ch.label(l.code())).filter(t -> !t.isBlank()).orElse(c));
        }
        texts.put(l.code(), String.join(l.code().startsWith("zh") ? "、" : ", ", parts));
      }
      out.put(name, texts);
    });
    return out;
  }

  /** Reads an input into the engine's value shapes; the engine then says whether it is acceptable. */
  static Object parse(Question question, List<String> input) {
    List<String> values = new ArrayList<>();
    if (input != null) {
      for (String v : input) {
        if (v != null && !v.isBlank()) {
          values.add(v.strip());
        }
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    return switch (question.type()) {
      case SELECT_MULTIPLE -> List.copyOf(values);
      case INTEGER -> {
        try {
          yield Long.parseLong(values.get(0));
        } catch (NumberFormatException e) {
          yield values.get(0);
        }
      }
      case DECIMAL -> {
        try {
          yield Double.parseDouble(values.get(0));
        } catch (NumberFormatException e) {
          yield values.get(0);
        }
      }
      default -> values.get(0);
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> answers(String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    if (json.length() > MAX_ANSWERS_JSON) {
      throw new InputRejected(Problem.of("interview.error.badAnswers"));
    }
    try {
      Object parsed = JSON.readValue(json, Object.class);
      if (parsed instanceof Map<?, ?> map) {
        return new LinkedHashMap<>((Map<String, Object>) map);
      }
    } catch (JacksonException e) {
      // fall through: the page's hidden field was tampered with or truncated
    }
    throw new InputRejected(Problem.of("interview.error.badAnswers"));
  }
}
