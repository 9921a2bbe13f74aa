package org.sanlv.results;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sanlv.estimation.Difference;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.estimation.IntervalMethod;
import org.sanlv.integrity.Flag;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.CsvCells;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A survey's results page: per-stratum rates with CIs (chart and sortable table), with and without flagged
 * cases, tabs for the modes and sources that have responses, the interval method to choose, and the exports.
 */
@Controller
@Requires(Permission.ORG_READ)
class ResultsPageController {

  /** The interval methods the page offers for proportions (Wald stays for means and the combined source). */
  static final List<IntervalMethod> PAGE_METHODS =
      List.of(IntervalMethod.LOGIT, IntervalMethod.WILSON, IntervalMethod.CLOPPER_PEARSON);

  private final ResultsService results;
  private final ResultsRepository repository;
  private final OrgService org;
  private final AuditLog audit;

  ResultsPageController(ResultsService results, ResultsRepository repository, OrgService org, AuditLog audit) {
    this.results = results;
    this.repository = repository;
    this.org = org;
    this.audit = audit;
  }

  /** A tab of modes or sources: the {@code mode} parameter (null: all), its message key, whether chosen. */
  record Tab(String mode, String labelKey, boolean active) {}

  /**
   * One stratum as the page shows it: its name, value and interval by the chosen method, difference and its
   * direction, design effect and effective n when they are defined, and the value without flagged responses.
   */
  record RowView(String code, String name, Estimate estimate, Interval ci, Difference difference,
      String direction, boolean deffDefined, Double clean) {

    /** Design effect and n_eff mean something only when finite and positive (weight-1 online samples: ∞). */
    static boolean defined(Estimate e) {
      // below 1e-9 it is rounding noise of a variance that cannot be estimated (one PSU: a county's one block)
      return Double.isFinite(e.designEffect()) && e.designEffect() > 1e-9 && Double.isFinite(e.effectiveN());
    }

    /** An interval has ends unless the stratum's sample cannot give one (one sampled block: no degrees of freedom). */
    public boolean ciDefined() {
      return Double.isFinite(ci.low()) && Double.isFinite(ci.high());
    }
  }

  @GetMapping("/surveys/{surveyId}/results")
  String results(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String indicator,
      @RequestParam(required = false) String mode, @RequestParam(name = "exclude", required = false) Set<String> exclude,
      @RequestParam(name = "ci", required = false) String ci, Model model) {
    IntervalMethod method = method(ci);
    String chosenMode = mode == null || mode.isBlank() ? null : mode;
    Set<String> flags = exclude == null ? Set.of() : exclude;
    ResultsService.Results r = results.results(scope, surveyId, chosenMode, flags);
    Map<String, String> names = stratumNames(r.survey());
    model.addAttribute("exclude", flags);
    model.addAttribute("flags", Arrays.stream(Flag.values()).map(Flag::dbValue).toList());
    model.addAttribute("results", r);
    model.addAttribute("mode", chosenMode);
    model.addAttribute("indicatorName", indicator);
    model.addAttribute("ci", method.label());
    model.addAttribute("methods", PAGE_METHODS.stream().map(IntervalMethod::label).toList());
    tabs(r.survey(), chosenMode, model);
    ResultsService.IndicatorResults chosen = r.all().stream()
        .filter(i -> i.indicator().name().equals(indicator)).findFirst()
        .orElse(r.all().isEmpty() ? null : r.all().get(0));
    model.addAttribute("chosen", chosen);
    if (chosen != null) {
      ResultsService.IndicatorResults clean = r.unflagged().stream()
          .filter(i -> i.indicator().name().equals(chosen.indicator().name())).findFirst().orElse(null);
      IntervalMethod used = usedMethod(chosen, method);
      model.addAttribute("usedMethod", used.label());
      model.addAttribute("overallCi", interval(chosen.overall(), used));
      model.addAttribute("rows", rows(chosen, clean, used, names));
    }
    model.addAttribute("whole", wholeName(r.survey()));
    model.addAttribute("mayExportRaw", scope.may(Permission.RAW_DATA_EXPORT));
    model.addAttribute("lang", "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh");
    return "results/results";
  }

  /**
   * Tabs with responses only: all modes, each of the survey's modes, each source of two or more modes, and the
   * combined composite when two or more sources have responses. The others are named in a note.
   */
  private void tabs(Survey survey, String chosenMode, Model model) {
    Map<String, Long> counts = repository.completeByMode(survey.id());
    List<Tab> tabs = new ArrayList<>();
    List<String> hidden = new ArrayList<>();
    tabs.add(new Tab(null, "results.allModes", chosenMode == null));
    for (Survey.Mode m : survey.modes()) {
      String key = m.mode().dbValue();
      if (counts.getOrDefault(key, 0L) > 0 || key.equals(chosenMode)) {
        tabs.add(new Tab(key, "mode." + m.mode(), key.equals(chosenMode)));
      } else {
        hidden.add("mode." + m.mode());
      }
    }
    Map<String, Long> bySource = new LinkedHashMap<>();
    counts.forEach((m, n) -> bySource.merge(ResultsService.SOURCE_OF_MODE.getOrDefault(m, m), n, Long::sum));
    for (String source : List.of("bureau", "third_party")) {
      String key = "source:" + source;
      if (bySource.getOrDefault(source, 0L) > 0 || key.equals(chosenMode)) {
        tabs.add(new Tab(key, "results.source." + source, key.equals(chosenMode)));
      }
    }
    if (bySource.values().stream().filter(n -> n > 0).count() >= 2 || ResultsService.COMBINED.equals(chosenMode)) {
      tabs.add(new Tab(ResultsService.COMBINED, "results.combined", ResultsService.COMBINED.equals(chosenMode)));
    }
    model.addAttribute("tabs", tabs);
    model.addAttribute("hiddenModes", hidden);
  }

  private static IntervalMethod method(String ci) {
    if (ci == null || ci.isBlank()) {
      return IntervalMethod.LOGIT;
    }
    try {
      IntervalMethod m = IntervalMethod.of(ci);
      if (PAGE_METHODS.contains(m)) {
        return m;
      }
    } catch (IllegalArgumentException e) {
      // named below, in the user's language
    }
    throw new InputRejected(Problem.of("results.error.badInterval", ci));
  }

  /** Proportions take the chosen method; means and the combined composite (no logit) keep Wald. */
  private static IntervalMethod usedMethod(ResultsService.IndicatorResults i, IntervalMethod chosen) {
    return i.indicator().proportion() && i.overall().logit() != null ? chosen : IntervalMethod.WALD;
  }

  private static Interval interval(Estimate e, IntervalMethod method) {
    return switch (method) {
      case LOGIT -> e.logit() != null ? e.logit() : e.wald();
      case WALD -> e.wald();
      default -> method.of(e, 0.95);
    };
  }

  private static List<RowView> rows(ResultsService.IndicatorResults chosen, ResultsService.IndicatorResults clean,
      IntervalMethod method, Map<String, String> names) {
    Map<String, Double> cleanByCode = new LinkedHashMap<>();
    if (clean != null) {
      clean.rows().forEach(c -> cleanByCode.put(c.code(), c.estimate().estimate()));
    }
    List<RowView> out = new ArrayList<>();
    for (ResultsService.Row row : chosen.rows()) {
      out.add(new RowView(row.code(), name(row, names), row.estimate(), interval(row.estimate(), method),
          row.difference(), row.difference().direction().label(), RowView.defined(row.estimate()),
          cleanByCode.get(row.code())));
    }
    return out;
  }

  private static String name(ResultsService.Row row, Map<String, String> names) {
    return row.name() != null && !row.name().isBlank() && !row.name().equals(row.code()) ? row.name()
        : names.getOrDefault(row.code(), row.code());
  }

  /** Names of every county and town of the survey's area (strata are either, by the survey's level). */
  private Map<String, String> stratumNames(Survey survey) {
    Map<String, String> names = new LinkedHashMap<>();
    for (OrgLevel level : List.of(OrgLevel.TOWN, OrgLevel.COUNTY)) {
      org.areasUnder(survey.targetCode(), level).forEach(n -> names.put(n.code(), n.name()));
    }
    return names;
  }

  /** What the whole is called beside a stratum: 全省 for a province survey, else the area's name (上虞区). */
  private String wholeName(Survey survey) {
    boolean province = org.areasUnder(survey.targetCode(), OrgLevel.PROVINCE).stream()
        .anyMatch(n -> n.code().equals(survey.targetCode()));
    return province ? null : survey.targetName();
  }

  @GetMapping("/surveys/{surveyId}/results/export")
  void export(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "csv") String format,
      @RequestParam(name = "ci", required = false) String ci, HttpServletResponse response) throws IOException {
    IntervalMethod method = method(ci);
    if (!"csv".equalsIgnoreCase(format) && !"xlsx".equalsIgnoreCase(format)) {
      throw new InputRejected(Problem.of("sampling.error.badOption", format));
    }
    ResultsService.Results r = results.results(scope, surveyId);
    Map<String, String> names = stratumNames(r.survey());
    boolean xlsx = "xlsx".equalsIgnoreCase(format);
    audit.record(scope.username(), "export.results", r.survey().slug(), Map.of("format", xlsx ? "xlsx" : "csv"));
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("responses", "domain", "name", "indicator", "estimate", "se", "ci_method", "ci_low", "ci_high",
        "deff", "n", "n_eff", "diff", "diff_ci_low", "diff_ci_high", "significant", "direction"));
    rows(rows, "all", r.all(), method, names);
    rows(rows, "unflagged", r.unflagged(), method, names);
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(r.survey().slug() + "-results." + (xlsx ? "xlsx" : "csv")).build().toString());
    if (xlsx) {
      response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
        var sheet = workbook.createSheet("results");
        for (int i = 0; i < rows.size(); i++) {
          var row = sheet.createRow(i);
          for (int c = 0; c < rows.get(i).size(); c++) {
            Object v = rows.get(i).get(c);
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
              row.createCell(c).setCellValue(n.doubleValue());
            } else if (v instanceof Number) {
              row.createCell(c).setCellValue("");
            } else {
              row.createCell(c).setCellValue(v == null ? "" : String.valueOf(v));
            }
          }
        }
        workbook.write(response.getOutputStream());
      }
      return;
    }
    response.setContentType("text/csv; charset=UTF-8");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    out.write('\uFEFF');
    for (List<Object> row : rows) {
      CsvCells.line(out, row, "\r\n", ResultsPageController::num);
    }
    out.flush();
  }

  private static void rows(List<List<Object>> rows, String set, List<ResultsService.IndicatorResults> indicators,
      IntervalMethod method, Map<String, String> names) {
    for (ResultsService.IndicatorResults i : indicators) {
      IntervalMethod used = usedMethod(i, method);
      rows.add(row(set, "all", "", i.indicator().name(), i.overall(), null, used));
      for (ResultsService.Row row : i.rows()) {
        rows.add(row(set, row.code(), name(row, names), i.indicator().name(), row.estimate(), row.difference(), used));
      }
    }
  }

  private static List<Object> row(String set, String code, String name, String indicator, Estimate e, Difference d,
      IntervalMethod method) {
    Interval ci = interval(e, method);
    boolean defined = RowView.defined(e);
    return Arrays.asList(set, code, name, indicator, e.estimate(), e.standardError(), method.label(), ci.low(),
        ci.high(), defined ? e.designEffect() : null, e.n(), defined ? e.effectiveN() : null,
        d == null ? null : d.difference(), d == null ? null : d.wald().low(), d == null ? null : d.wald().high(),
        d == null ? null : d.significant(), d == null ? null : d.direction().label());
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : "";
  }
}
