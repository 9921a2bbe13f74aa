package org.sanlv.results;

import org.sanlv.estimation.Difference;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.CsvCells;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** A survey's results page: per-county rates with CIs (chart and sortable table), with and without flagged cases. */
@Controller
@Requires(Permission.ORG_READ)
class ResultsPageController {

  private final ResultsService results;
  private final AuditLog audit;

  ResultsPageController(ResultsService results, AuditLog audit) {
    this.results = results;
    this.audit = audit;
  }

  @GetMapping("/surveys/{surveyId}/results")
  String results(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String indicator,
      @RequestParam(required = false) String mode,
      @RequestParam(name = "exclude", required = false) java.util.Set<String> exclude, Model model) {
    String chosenMode = mode == null || mode.isBlank() ? null : mode;
    java.util.Set<String> flags = exclude == null ? java.util.Set.of() : exclude;
    ResultsService.Results r = results.results(scope, surveyId, chosenMode, flags);
    model.addAttribute("exclude", flags);
    model.addAttribute("flags", java.util.Arrays.stream(org.sanlv.integrity.Flag.values()).map(org.sanlv.integrity.Flag::dbValue).toList());
    model.addAttribute("results", r);
    model.addAttribute("mode", chosenMode);
    model.addAttribute("indicatorName", indicator);
    ResultsService.IndicatorResults chosen = r.all().stream()
        .filter(i -> i.indicator().name().equals(indicator)).findFirst()
        .orElse(r.all().isEmpty() ? null : r.all().get(0));
    model.addAttribute("chosen", chosen);
    model.addAttribute("clean", chosen == null ? null : r.unflagged().stream()
        .filter(i -> i.indicator().name().equals(chosen.indicator().name())).findFirst().orElse(null));
    model.addAttribute("lang", "en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh");
    return "results/results";
  }

  @GetMapping("/surveys/{surveyId}/results/export")
  void export(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "csv") String format,
      HttpServletResponse response) throws IOException {
    ResultsService.Results r = results.results(scope, surveyId);
    boolean xlsx = "xlsx".equalsIgnoreCase(format);
    audit.record(scope.username(), "export.results", r.survey().slug(), Map.of("format", xlsx ? "xlsx" : "csv"));
    List<List<Object>> rows = new java.util.ArrayList<>();
    rows.add(List.of("responses", "domain", "name", "indicator", "estimate", "se", "ci_low", "ci_high", "deff", "n",
        "n_eff", "diff", "diff_ci_low", "diff_ci_high", "significantly_below"));
    rows(rows, "all", r.all());
    rows(rows, "unflagged", r.unflagged());
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
            if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
              row.createCell(c).setCellValue(n.doubleValue());
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

  private static void rows(List<List<Object>> rows, String set, List<ResultsService.IndicatorResults> indicators) {
    for (ResultsService.IndicatorResults i : indicators) {
      rows.add(row(set, "all", "", i.indicator().name(), i.overall(), null));
      for (ResultsService.Row row : i.rows()) {
        rows.add(row(set, row.code(), row.name(), i.indicator().name(), row.estimate(), row.difference()));
      }
    }
  }

  private static List<Object> row(String set, String code, String name, String indicator, Estimate e, Difference d) {
    Interval ci = e.logit() != null ? e.logit() : e.wald();
    return java.util.Arrays.asList(set, code, name, indicator, e.estimate(), e.standardError(), ci.low(), ci.high(),
        e.designEffect(), e.n(), e.effectiveN(), d == null ? null : d.difference(), d == null ? null : d.wald().low(),
        d == null ? null : d.wald().high(), d == null ? null : d.significantlyBelow());
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.10g", v);
  }
}
