package org.sanlv.results;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.results.export.Choice;
import org.sanlv.results.export.DataExports;
import org.sanlv.results.export.ExportFormat;
import org.sanlv.results.export.ExportOptions;
import org.sanlv.results.export.Question;
import org.sanlv.results.export.Response;
import org.sanlv.results.export.ResponseLayout;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.AuditLog;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * A survey's complete responses for analysts: CSV, XLSX, Stata 118 or SPSS, with Chinese variable and value
 * labels, select_multiple both as codes and as 0/1 columns, the design columns (stratum = county, PSU =
 * response, weight = the weight the results give the response, {@link ResultsService#weights}), each response's
 * context (stratum name, mode, submission time in China time, integrity flags) and a codebook; XLSX has the
 * choices' labels in text columns beside the codes. Streamed from a database cursor.
 *
 * <p>Raw rows carry free-text answers: they need {@link Permission#RAW_DATA_EXPORT}, hold only the rows of the
 * caller's subtree, and every download is recorded in the audit log before the first byte leaves.
 */
@Controller
@Requires(Permission.ORG_READ)
class ResponseExportController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ResultsRepository repository;
  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final AuditLog audit;
  private final Clock clock;
  private final OrgService org;
  private final ResultsService results;

  ResponseExportController(ResultsRepository repository, SurveyService surveys, InstrumentService instruments,
      AuditLog audit, Clock clock, OrgService org, ResultsService results) {
    this.org = org;
    this.results = results;
    this.repository = repository;
    this.surveys = surveys;
    this.instruments = instruments;
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping("/surveys/{surveyId}/responses/export")
  @Requires(Permission.RAW_DATA_EXPORT)
  void export(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "csv") String format,
      HttpServletResponse response) throws IOException {
    ExportFormat exportFormat;
    try {
      exportFormat = ExportFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputRejected(Problem.of("sampling.error.badOption", format));
    }
    Survey survey = surveys.get(scope, surveyId);
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    audit.record(scope.username(), "export.responses", survey.slug(),
        Map.of("format", exportFormat.name().toLowerCase(Locale.ROOT), "areas", visible.describe()));
    ResponseLayout plain = ResponseLayout.of(questions(instruments.flow(survey.instrumentId())));
    // a spreadsheet has no value labels: the labels go in text columns beside the codes
    ResponseLayout layout = exportFormat == ExportFormat.XLSX ? plain.withLabelColumns() : plain;
    Map<String, String> names = stratumNames(survey);
    // the weight column: the weight the results give the response
    ResultsService.ResponseWeights weights = results.weights(scope, surveyId);
    boolean byTown = "town".equals(survey.stratumLevel());
    var dataset = layout.dataset(survey.name(), rows -> {
      Object[] row = new Object[layout.variables().size()];
      repository.forEachExported(surveyId, visible, stored -> {
        String stratum = byTown ? stored.stratum() : stored.county();
        Map<String, String> answers = answers(stored.answersJson());
        var context = new Response.Context(names.get(stratum), stored.mode(), stored.submittedAt(),
            List.of(stored.flags()));
        // a household interview's PSU is its block when the results use the two-stage design (issue 19)
        String psu = weights.psu(stored.mode(), stored.field());
        layout.fill(new Response("R" + stored.id(), stratum, psu == null ? "R" + stored.id() : psu,
            weights.of(stored.mode(), stratum, stored.field(), answers), answers, context), row);
        rows.accept(row);
      });
    });
    String name = survey.slug() + "-responses." + exportFormat.extension();
    response.setHeader("Content-Disposition", ContentDisposition.attachment().filename(name).build().toString());
    response.setContentType(switch (exportFormat) {
      case CSV, CODEBOOK -> "text/csv; charset=UTF-8";
      case XLSX -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      default -> "application/octet-stream";
    });
    ExportOptions options = ExportOptions.withDefaults().withCreatedAt(clock.instant()).withByteOrderMark(true);
    if (exportFormat == ExportFormat.STATA || exportFormat == ExportFormat.SPSS) {
      // these formats record the row count before the rows: written to a file, then streamed
      Path file = Files.createTempFile("sanlv-export", "." + exportFormat.extension());
      try {
        DataExports.write(dataset, exportFormat, file, options);
        try (InputStream in = Files.newInputStream(file)) {
          in.transferTo(response.getOutputStream());
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } else {
      DataExports.write(dataset, exportFormat, response.getOutputStream(), options);
    }
  }

  /** Names of the counties and towns of the survey's area: the strata are either, by the survey's level. */
  private Map<String, String> stratumNames(Survey survey) {
    Map<String, String> names = new LinkedHashMap<>();
    for (OrgLevel level : List.of(OrgLevel.TOWN, OrgLevel.COUNTY)) {
      org.areasUnder(survey.targetCode(), level).forEach(n -> names.put(n.code(), n.name()));
    }
    return names;
  }

  /** The questionnaire's answerable questions in the exports' terms (labels in Chinese). */
  static List<Question> questions(InterviewFlow flow) {
    List<Question> out = new ArrayList<>();
    for (var q : flow.rows()) {
      String label = q.label("zh");
      List<Choice> choices = q.listName().isBlank() ? List.of() : flow.instrument().choiceList(q.listName())
          .map(l -> l.choices().stream().map(c -> new Choice(c.name(), c.label("zh"))).toList()).orElse(List.of());
      switch (q.type()) {
        case SELECT_ONE -> out.add(numericCodes(choices) ? Question.selectOne(q.name(), label, choices) : Question.text(q.name(), label));
        case SELECT_MULTIPLE -> out.add(Question.selectMultiple(q.name(), label, choices));
        case INTEGER -> out.add(Question.integer(q.name(), label));
        case DECIMAL -> out.add(Question.decimal(q.name(), label));
        case TEXT, DATE -> out.add(Question.text(q.name(), label));
        default -> { }
      }
    }
    return out;
  }

  private static boolean numericCodes(List<Choice> choices) {
    return !choices.isEmpty() && choices.stream().allMatch(c -> c.code().matches("-?[0-9]+"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> answers(String json) {
    Map<String, Object> raw = JSON.readValue(json, LinkedHashMap.class);
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (v instanceof List<?> list) {
        out.put(k, String.join(" ", list.stream().map(String::valueOf).toList()));
      } else if (v != null) {
        out.put(k, String.valueOf(v));
      }
    });
    return out;
  }
}
