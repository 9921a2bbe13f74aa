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
        : IndicatorFile.read(new StringReader(text), "indicators");
  }

  @Transactional
  public List<Indicator> save(Scope scope, long surveyId, String text) {
    Survey survey = surveys.manageable(scope, surveyId);
    List<Indicator> indicators = IndicatorFile.read(new StringReader(text == null ? "" : text), "indicators");
    check(indicators, instruments.flow(survey.instrumentId()));
    jdbc.sql("""
        insert into survey_indicators (survey_id, definitions, updated_by) values (?, ?, ?)
        on conflict (survey_id) do update set definitions = excluded.definitions, updated_by = excluded.updated_by,
                                              updated_at = now()""")
        .params(surveyId, text, scope.username()).update();
    audit.record(scope.username(), "indicator.save", survey.slug(), Map.of("indicators", indicators.size()));
    return indicators;
  }

  /** Every expression compiles against the questionnaire's questions, or the problems name indicator and reason. */
  static void check(List<Indicator> indicators, InterviewFlow flow) {
    List<String> names = flow.rows().stream().map(q -> q.name()).filter(n -> !n.isBlank()).toList();
    Set<String> multiple = new HashSet<>();
    flow.rows().stream().filter(q -> q.type() == QuestionType.SELECT_MULTIPLE).forEach(q -> multiple.add(q.name()));
    List<Problem> problems = new ArrayList<>();
    for (Indicator d : indicators) {
      for (String text : d.where() == null ? List.of(d.expression()) : List.of(d.expression(), d.where())) {
        try {
          AnswerExpressions.compile(text, names, multiple);
        } catch (IllegalArgumentException e) {
          problems.add(Problem.of("estimation.error.badExpression", d.name(), text, e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
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
