package org.sanlv.estimation;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
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

  ResultsPageController(ResultsService results) {
    this.results = results;
  }

  @GetMapping("/surveys/{surveyId}/results")
  String results(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String indicator,
      Model model) {
    ResultsService.Results r = results.results(scope, surveyId);
    model.addAttribute("results", r);
    ResultsService.IndicatorResults chosen = r.all().stream()
        .filter(i -> i.indicator().name().equals(indicator)).findFirst()
        .orElse(r.all().isEmpty() ? null : r.all().get(0));
    model.addAttribute("chosen", chosen);
    model.addAttribute("clean", chosen == null ? null : r.unflagged().stream()
        .filter(i -> i.indicator().name().equals(chosen.indicator().name())).findFirst().orElse(null));
    model.addAttribute("lang", "en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh");
    return "estimation/results";
  }

  @GetMapping("/surveys/{surveyId}/results/export")
  void export(Scope scope, @PathVariable long surveyId, HttpServletResponse response) throws IOException {
    ResultsService.Results r = results.results(scope, surveyId);
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader("Content-Disposition",
        ContentDisposition.attachment().filename(r.survey().slug() + "-results.csv").build().toString());
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    out.write('\uFEFF');
    out.write("responses,domain,name,indicator,estimate,se,ci_low,ci_high,deff,n,n_eff,diff,diff_ci_low,diff_ci_high,significantly_below\n");
    write(out, "all", r.all());
    write(out, "unflagged", r.unflagged());
    out.flush();
  }

  private static void write(Writer out, String set, List<ResultsService.IndicatorResults> indicators) throws IOException {
    for (ResultsService.IndicatorResults i : indicators) {
      line(out, set, "all", "", i.indicator().name(), i.overall(), null);
      for (ResultsService.Row row : i.rows()) {
        line(out, set, row.code(), row.name(), i.indicator().name(), row.estimate(), row.difference());
      }
    }
  }

  private static void line(Writer out, String set, String code, String name, String indicator, Estimate e, Difference d)
      throws IOException {
    Interval ci = e.logit() != null ? e.logit() : e.wald();
    out.write(String.join(",", set, code, name, indicator, num(e.estimate()), num(e.standardError()), num(ci.low()),
        num(ci.high()), num(e.designEffect()), String.valueOf(e.n()), num(e.effectiveN()),
        d == null ? "" : num(d.difference()), d == null ? "" : num(d.wald().low()), d == null ? "" : num(d.wald().high()),
        d == null ? "" : String.valueOf(d.significantlyBelow())));
    out.write('\n');
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.10g", v);
  }
}
