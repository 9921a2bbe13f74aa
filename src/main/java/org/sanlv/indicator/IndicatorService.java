package org.sanlv.indicator;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sanlv.instrument.AnswerExpressions;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.QuestionType;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which indicators a survey reports: its own definitions when it has saved some, else its questionnaire's defaults
 * ({@code indicators/<form id>.yaml}). Changing a definition needs no code: it is text, checked against the
 * questionnaire (every name it refers to must exist) before it is saved.
 */
@Service
public class IndicatorService {

  private final JdbcClient jdbc;
  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final AuditLog audit;

  IndicatorService(JdbcClient jdbc, SurveyService surveys, InstrumentService instruments, AuditLog audit) {
    this.jdbc = jdbc;
    this.surveys = surveys;
    this.instruments = instruments;
    this.audit = audit;
  }

  /** The definitions' text for a survey, and whether they are the questionnaire's defaults. */
  public record Definitions(String text, boolean defaults) {}

  public Definitions definitions(Scope scope, long surveyId) {
    return definitionsOf(surveys.get(scope, surveyId));
  }

  /** The indicators of a survey, parsed. */
  public List<Indicator> indicators(Survey survey) {
    String text = definitionsOf(survey).text();
    return text.isBlank() || text.strip().equals("[]") ? List.of()
        : IndicatorFile.read(new StringReader(text), IndicatorFile.SOURCE);
  }

  @Transactional
  public List<Indicator> save(Scope scope, long surveyId, String text) {
    Survey survey = surveys.manageable(scope, surveyId);
    List<Indicator> indicators = IndicatorFile.read(new StringReader(text == null ? "" : text), IndicatorFile.SOURCE);
    check(indicators, instruments.flow(survey.instrumentId()));
    jdbc.sql("""
        insert into survey_indicators (survey_id, definitions, updated_by) values (?, ?, ?)
        on conflict (survey_id) do update set definitions = excluded.definitions, updated_by = excluded.updated_by,
                                              updated_at = now()""")
        .params(surveyId, text, scope.username()).update();
    audit.record(scope.username(), "indicator.save", survey.slug(), Map.of("indicators", indicators.size()));
    return indicators;
  }

  /**
   * Adds the indicator the form describes to the survey's definitions: written as YAML at the end of the text
   * (so the YAML editor shows it, and analysts can change it there), then checked and saved as any text is.
   */
  @Transactional
  public Indicator add(Scope scope, long surveyId, IndicatorForm.Input input) {
    Survey survey = surveys.manageable(scope, surveyId);
    String text = definitionsOf(survey).text();
    Set<String> names = new HashSet<>();
    indicators(survey).forEach(d -> names.add(d.name()));
    Indicator added = IndicatorForm.build(input, instruments.flow(survey.instrumentId()), names);
    save(scope, surveyId, IndicatorFile.append(text, added));
    return added;
  }

  /** A question the form offers: its name, label in the reader's language, and choice list. */
  record FormQuestion(String name, String label, boolean multiple, String list) {}

  /** A choice list the form offers, with the options as the form sends them ({@code list:code}) and their labels. */
  record FormList(String name, List<String> usedBy, List<FormOption> options) {}

  record FormOption(String value, String label) {}

  /** The questionnaire's single and multiple choice questions and their choice lists, by label. */
  record FormChoices(List<FormQuestion> questions, List<FormList> lists) {}

  FormChoices formChoices(Survey survey, String language) {
    InterviewFlow flow = instruments.flow(survey.instrumentId());
    List<FormQuestion> questions = new ArrayList<>();
    Map<String, List<String>> usedBy = new java.util.LinkedHashMap<>();
    for (var q : flow.rows()) {
      if ((q.type() == QuestionType.SELECT_ONE || q.type() == QuestionType.SELECT_MULTIPLE) && q.listName() != null) {
        String label = q.label(language);
        questions.add(new FormQuestion(q.name(), label == null || label.isBlank() ? q.name() : label,
            q.type() == QuestionType.SELECT_MULTIPLE, q.listName()));
        usedBy.computeIfAbsent(q.listName(), k -> new ArrayList<>()).add(questions.get(questions.size() - 1).label());
      }
    }
    List<FormList> lists = new ArrayList<>();
    usedBy.forEach((name, labels) -> flow.instrument().choiceList(name).ifPresent(list -> lists.add(new FormList(name,
        labels, list.choices().stream()
        .map(c -> new FormOption(name + ":" + c.name(), c.label(language).isBlank() ? c.name() : c.label(language)))
        .toList()))));
    return new FormChoices(questions, lists);
  }

  /** Every expression compiles against the questionnaire's questions, or the problems name indicator and reason. */
  static void check(List<Indicator> indicators, InterviewFlow flow) {
    List<String> names = flow.rows().stream().map(q -> q.name()).filter(n -> !n.isBlank()).toList();
    Set<String> multiple = new HashSet<>();
    flow.rows().stream().filter(q -> q.type() == QuestionType.SELECT_MULTIPLE).forEach(q -> multiple.add(q.name()));
    List<Problem> problems = new ArrayList<>();
    for (Indicator d : indicators) {
      check(d.name(), d.expression(), d.proportion() ? PROPORTION : MEAN, names, multiple, problems);
      if (d.where() != null) {
        check(d.name(), d.where(), WHERE, names, multiple, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
  }

  // the part of a definition an expression is, in each language (the page shows the reader's)
  private static final Map<String, String> PROPORTION = Map.of("zh", "比例判断式（proportion）", "en", "proportion");
  private static final Map<String, String> MEAN = Map.of("zh", "均值表达式（mean）", "en", "mean");
  private static final Map<String, String> WHERE = Map.of("zh", "子总体条件（where）", "en", "where");

  private static void check(String indicator, String text, Map<String, String> part, List<String> names,
      Set<String> multiple, List<Problem> problems) {
    try {
      AnswerExpressions.compile(text, names, multiple);
    } catch (AnswerExpressions.Invalid e) {
      problems.add(Problem.of("indicator.error.expression", indicator, part, e.texts()));
    }
  }

  private Definitions definitionsOf(Survey survey) {
    Optional<String> own = jdbc.sql("select definitions from survey_indicators where survey_id = ?")
        .param(survey.id()).query(String.class).optional();
    if (own.isPresent()) {
      return new Definitions(own.get(), false);
    }
    String formId = instruments.flow(survey.instrumentId()).instrument().id();
    ClassPathResource file = new ClassPathResource("indicators/" + formId + ".yaml");
    if (!file.exists()) {
      return new Definitions("[]", true);
    }
    try {
      return new Definitions(file.getContentAsString(StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new IllegalStateException("default indicators of " + formId + " unreadable", e);
    }
  }
}
