package org.sanlv.fieldwork.cati;

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
import org.sanlv.fieldwork.AaporCommand;
import org.sanlv.fieldwork.cati.AaporCode.Category;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.CsvCells;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A phone survey's AAPOR outcome rates ({@link CatiRatesService}): the JSON API, the page with its table and chart,
 * and the CSV and XLSX exports. Every one holds only the cases of the caller's subtree; an export is recorded in the
 * audit log before its first byte leaves.
 */
@Controller
@Requires(Permission.FIELDWORK_RATES)
class CatiRatesController {

  /** The categories in the order of the tables: interviews, eligible non-interviews, unknown, not eligible. */
  static final List<Category> CATEGORIES = List.of(Category.values());

  private final CatiRatesService rates;
  private final AuditLog audit;
  private final MessageSource messages;

  CatiRatesController(CatiRatesService rates, AuditLog audit, MessageSource messages) {
    this.rates = rates;
    this.audit = audit;
    this.messages = messages;
  }

  // ------------------------------------------------------------------ API

  @GetMapping("/api/v1/cati/surveys/{surveyId}/rates")
  @ResponseBody
  Map<String, Object> api(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String by,
      @RequestParam(name = "e", required = false) String eParam) {
    CatiRatesService.RatesTable t = rates.rates(scope, surveyId, by, eParam);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("surveyId", surveyId);
    body.put("by", t.by().param());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("method", t.eProportional() ? "proportional" : "fixed");
    e.put("value", json(t.e()));
    body.put("e", e);
    body.put("names", AaporRates.NAMES);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CatiRatesService.Group g : t.groups()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", g.key());
      row.put("name", g.name());
      row.putAll(figures(g.rates()));
      rows.add(row);
    }
    body.put("rows", rows);
    body.put("total", figures(t.total()));
    return body;
  }

  private static Map<String, Object> figures(AaporRates r) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (Category k : CATEGORIES) {
      counts.put(k.name(), r.count(k));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    r.values().forEach((name, v) -> values.put(name, json(v)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cases", r.total());
    m.put("counts", counts);
    m.put("rates", values);
    return m;
  }

  /** NaN (no cases to rate) as JSON null. */
  private static Double json(double v) {
    return Double.isNaN(v) ? null : v;
  }

  // ------------------------------------------------------------------ page

  /** One row of the page's tables: its name, its counts and its rates as the reader sees them. */
  record RowView(String key, String name, long cases, List<Long> counts, List<String> shown, Double rr3, Double coop1) {}

  @GetMapping("/surveys/{surveyId}/cati/rates")
  String page(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String by,
      @RequestParam(required = false) String e, Model model) {
    List<String> problems = new ArrayList<>();
    String byUsed = by;
    String eUsed = e;
    Locale locale = LocaleContextHolder.getLocale();
    // a bad setting on the page: said beside the form, and the table shown with the default instead
    try {
      CatiRatesService.By.of(by);
    } catch (InputRejected x) {
      problems.add(text(x, locale));
      byUsed = null;
    }
    if (AaporCommand.parseE(e).isEmpty()) {
      problems.add(messages.getMessage("cati.rates.error.badE", new Object[] {Problem.excerpt(e)}, locale));
      eUsed = null;
    }
    CatiRatesService.RatesTable t = rates.rates(scope, surveyId, byUsed, eUsed);
    String never = messages.getMessage("cati.rates.notAttempted", null, locale);
    List<RowView> rows = new ArrayList<>();
    for (CatiRatesService.Group g : t.groups()) {
      rows.add(view(g.key(), g.name() == null ? never : g.name(), g.rates()));
    }
    model.addAttribute("survey", t.survey());
    model.addAttribute("table", t);
    model.addAttribute("rows", rows);
    model.addAttribute("total", view("all", messages.getMessage("cati.rates.total", null, locale), t.total()));
    model.addAttribute("categories", CATEGORIES);
    model.addAttribute("names", AaporRates.NAMES.subList(1, AaporRates.NAMES.size()));
    model.addAttribute("by", t.by().param());
    model.addAttribute("eText", t.eProportional() ? "" : eUsed.strip());
    model.addAttribute("eShown", percent(t.e()));
    model.addAttribute("problems", problems);
    model.addAttribute("partial", !t.visible().all());
    return "cati/rates";
  }

  private String text(InputRejected x, Locale locale) {
    Problem p = x.problems().get(0);
    return messages.getMessage(p.messageKey(), p.args().toArray(), locale);
  }

  private static RowView view(String key, String name, AaporRates r) {
    List<Long> counts = CATEGORIES.stream().map(r::count).toList();
    List<String> shown = AaporRates.NAMES.subList(1, AaporRates.NAMES.size()).stream()
        .map(n -> percent(r.value(n))).toList();
    return new RowView(key, name, r.total(), counts, shown, finite(r.rr(3)), finite(r.coop(1)));
  }

  private static Double finite(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1000) / 10.0;
  }

  /** A rate as a percentage with one decimal; a dash when there are no cases to rate. */
  static String percent(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  // ------------------------------------------------------------------ exports

  @GetMapping("/surveys/{surveyId}/cati/rates.csv")
  void csv(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String by,
      @RequestParam(required = false) String e, HttpServletResponse response) throws IOException {
    CatiRatesService.RatesTable t = rates.rates(scope, surveyId, by, e);
    List<List<Object>> rows = exportRows(t, LocaleContextHolder.getLocale());
    audit(scope, t, "csv");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(fileName(t, "csv")).build().toString());
    response.setContentType("text/csv; charset=UTF-8");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    // a byte order mark: Excel on a Chinese Windows reads the names as UTF-8
    out.write('\uFEFF');
    for (List<Object> row : rows) {
      CsvCells.line(out, row, "\r\n", AaporCommand::number);
    }
    out.flush();
  }

  @GetMapping("/surveys/{surveyId}/cati/rates.xlsx")
  void xlsx(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String by,
      @RequestParam(required = false) String e, HttpServletResponse response) throws IOException {
    CatiRatesService.RatesTable t = rates.rates(scope, surveyId, by, e);
    List<List<Object>> rows = exportRows(t, LocaleContextHolder.getLocale());
    audit(scope, t, "xlsx");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(fileName(t, "xlsx")).build().toString());
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
      var sheet = workbook.createSheet("rates");
      for (int i = 0; i < rows.size(); i++) {
        var row = sheet.createRow(i);
        for (int c = 0; c < rows.get(i).size(); c++) {
          Object v = rows.get(i).get(c);
          var cell = row.createCell(c);
          if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            cell.setCellValue(n.doubleValue());
          } else if (v instanceof String s) {
            cell.setCellValue(s);
          }
        }
      }
      sheet.createFreezePane(2, 1);
      workbook.write(response.getOutputStream());
    }
  }

  private void audit(Scope scope, CatiRatesService.RatesTable t, String format) {
    audit.record(scope.username(), "export.cati_rates", t.survey().slug(), Map.of("format", format,
        "by", t.by().param(), "e", t.eProportional() ? "proportional" : Double.toString(t.e()),
        "areas", t.visible().describe()));
  }

  private static String fileName(CatiRatesService.RatesTable t, String extension) {
    return t.survey().slug() + "-cati-rates-" + t.by().param() + "." + extension;
  }

  /**
   * The export's rows: a header of column names (the group, its name, cases, the eight categories, e and the
   * rates by their AAPOR names), a row per group and the whole as {@code all}.
   */
  private List<List<Object>> exportRows(CatiRatesService.RatesTable t, Locale locale) {
    List<List<Object>> rows = new ArrayList<>();
    List<Object> header = new ArrayList<>(List.of(t.by().param(), "name", "cases"));
    CATEGORIES.forEach(k -> header.add(k.name()));
    header.addAll(AaporRates.NAMES);
    rows.add(header);
    String never = messages.getMessage("cati.rates.notAttempted", null, locale);
    for (CatiRatesService.Group g : t.groups()) {
      rows.add(exportRow(g.key() == null ? "" : g.key(), g.name() == null ? never : g.name(), g.rates()));
    }
    rows.add(exportRow("all", messages.getMessage("cati.rates.total", null, locale), t.total()));
    return rows;
  }

  private static List<Object> exportRow(String key, String name, AaporRates r) {
    List<Object> row = new ArrayList<>(Arrays.asList(key, name, r.total()));
    CATEGORIES.forEach(k -> row.add(r.count(k)));
    AaporRates.NAMES.forEach(n -> row.add(r.value(n)));
    return row;
  }
}
