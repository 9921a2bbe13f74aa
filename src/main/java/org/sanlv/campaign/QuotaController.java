package org.sanlv.campaign;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The quota board of a campaign ({@link QuotaService}): the page with a table per town and a chart, a town's form for
 * its figures, the managers' form for ratios and dates, the JSON API and the CSV/XLSX exports (audited, filtered to
 * the caller's subtree like the page).
 */
@Controller
class QuotaController {

  private final QuotaService quotas;
  private final AuditLog audit;
  private final MessageSource messages;
  private final QuotaLabels labels;

  QuotaController(QuotaService quotas, AuditLog audit, MessageSource messages, QuotaLabels labels) {
    this.labels = labels;
    this.quotas = quotas;
    this.audit = audit;
    this.messages = messages;
  }

  // ------------------------------------------------------------------ page

  @GetMapping("/campaigns/{campaignId}/quotas")
  @Requires(Permission.CAMPAIGN_WORK)
  String page(Scope scope, @PathVariable long campaignId, @RequestParam(required = false) Integer col,
      @RequestParam(required = false) String code, @RequestParam(required = false) Boolean saved, Model model) {
    return render(scope, campaignId, col, code, Boolean.TRUE.equals(saved), List.of(), Map.of(), model);
  }

  private String render(Scope scope, long campaignId, Integer col, String code, boolean saved, List<String> problems,
      Map<String, String> entered, Model model) {
    QuotaService.Board board = quotas.board(scope, campaignId);
    int selected = col != null && col >= 0 && col < board.columns().size() ? col : defaultColumn(board);
    // the town whose form is shown: the one asked for, or the caller's own town
    String formTown = code != null ? code : scope.nodeCode();
    QuotaService.Town town = board.towns().stream().filter(t -> t.code().equals(formTown)).findFirst().orElse(null);
    Map<String, String> values = new LinkedHashMap<>();
    if (town != null) {
      for (int i = 0; i < board.columns().size(); i++) {
        Long v = town.cells().get(i).value();
        values.put(board.columns().get(i).key(), v == null ? "" : Long.toString(v));
      }
      values.putAll(entered);
    }
    // a province's board charts its counties (a bar per town would be 1,400 bars), a county's its towns
    List<String> names = new ArrayList<>();
    List<String> shares = new ArrayList<>();
    if (!board.columns().isEmpty()) {
      if (board.counties().size() > 1) {
        board.counties().forEach(r -> {
          names.add(r.name());
          shares.add(percent(r.sums().get(selected).share()));
        });
      } else {
        board.towns().forEach(t -> {
          names.add(t.name());
          shares.add(percent(t.cells().get(selected).share()));
        });
      }
    }
    model.addAttribute("board", board);
    model.addAttribute("col", selected);
    model.addAttribute("column", board.columns().isEmpty() ? null : board.columns().get(selected));
    model.addAttribute("formTown", town);
    model.addAttribute("values", values);
    model.addAttribute("problems", problems);
    model.addAttribute("saved", saved);
    model.addAttribute("manage", scope.may(Permission.CAMPAIGN_MANAGE));
    model.addAttribute("chartNames", String.join("|", names));
    model.addAttribute("chartShares", String.join("|", shares));
    return "campaign/quotas";
  }

  private static String percent(Double share) {
    return share == null ? "" : String.format(Locale.ROOT, "%.1f", share * 100);
  }

  /** The column shown first: the open period that began last, else the last one that began, else the first. */
  private static int defaultColumn(QuotaService.Board board) {
    int pick = 0;
    LocalDate latest = null;
    for (int i = 0; i < board.columns().size(); i++) {
      QuotaService.Column c = board.columns().get(i);
      if (c.started() && (latest == null || !c.period().start().isBefore(latest))) {
        latest = c.period().start();
        pick = i;
      }
    }
    return pick;
  }

  /** A town's figures from its form: fields {@code v_<quota>_<first day>}; an empty field is left as it was. */
  @PostMapping("/campaigns/quotas/report")
  @Requires(Permission.CAMPAIGN_WORK)
  String report(Scope scope, @RequestParam long campaignId, @RequestParam String code,
      @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
    List<QuotaService.Figure> figures = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> entered = new LinkedHashMap<>();
    Locale locale = LocaleContextHolder.getLocale();
    QuotaService.Board board = quotas.board(scope, campaignId);
    Map<String, String> changed = new LinkedHashMap<>();
    QuotaService.Town town = board.towns().stream().filter(t -> t.code().equals(code)).findFirst().orElse(null);
    for (int i = 0; i < board.columns().size(); i++) {
      QuotaService.Column c = board.columns().get(i);
      String raw = form.get("v_" + c.key());
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String text = raw.strip().replace(",", "").replace("，", "");
      entered.put(c.key(), raw);
      Long before = town == null ? null : town.cells().get(i).value();
      try {
        long v = Long.parseLong(text);
        if (before == null || before != v) {
          figures.add(new QuotaService.Figure(c.quota().kind().code(), c.period().start(), v));
          changed.put(c.key(), raw);
        }
      } catch (NumberFormatException e) {
        problems.add(messages.getMessage("campaign.quota.error.number",
            new Object[] {label(c, locale), Problem.excerpt(raw)}, locale));
      }
    }
    if (problems.isEmpty() && !figures.isEmpty()) {
      try {
        quotas.report(scope, campaignId, code, figures);
        return "redirect:/campaigns/" + campaignId + "/quotas?code=" + code + "&saved=true";
      } catch (InputRejected e) {
        e.problems().forEach(p -> problems.add(messages.getMessage(p.messageKey(), p.args().toArray(), locale)));
      }
    } else if (problems.isEmpty()) {
      if (town == null) {
        problems.add(messages.getMessage("campaign.quota.error.town", new Object[] {Problem.excerpt(code)}, locale));
      } else {
        return "redirect:/campaigns/" + campaignId + "/quotas?code=" + code + "&saved=true";
      }
    }
    response.setStatus(400);
    return render(scope, campaignId, null, code, false, problems, entered, model);
  }

  /** A manager's change of one quota's ratio and dates. */
  @PostMapping("/campaigns/{campaignId}/quotas/rules")
  @Requires(Permission.CAMPAIGN_MANAGE)
  String rules(Scope scope, @PathVariable long campaignId, @RequestParam String quota, @RequestParam String ratio,
      @RequestParam String startsOn, @RequestParam String endsOn, Model model, HttpServletResponse response) {
    Locale locale = LocaleContextHolder.getLocale();
    try {
      quotas.update(scope, campaignId, quota, decimal(ratio), date("startsOn", startsOn), date("endsOn", endsOn));
      return "redirect:/campaigns/" + campaignId + "/quotas?saved=true";
    } catch (InputRejected e) {
      response.setStatus(400);
      List<String> problems = e.problems().stream()
          .map(p -> messages.getMessage(p.messageKey(), p.args().toArray(), locale)).toList();
      return render(scope, campaignId, null, null, false, problems, Map.of(), model);
    }
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.strip().replace("%", ""));
    } catch (NumberFormatException e) {
      throw new InputRejected(Problem.at(0, "ratio", "campaign.quota.error.ratio", text));
    }
  }

  private static LocalDate date(String field, String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new InputRejected(Problem.at(0, field, "campaign.quota.error.dateFormat", text));
    }
  }

  private String label(QuotaService.Column c, Locale locale) {
    return labels.label(c);
  }

  // ------------------------------------------------------------------ API

  /** The manager's change of a quota, as JSON. */
  record QuotaChange(String quota, BigDecimal ratio, LocalDate startsOn, LocalDate endsOn) {}

  /** A town's figures, as JSON. */
  record Report(Long campaignId, String code, List<QuotaService.Figure> figures) {}

  @Operation(summary = "A campaign's quotas: periods, every town's target, reported figure, share and status, sums per "
      + "county and for the whole (the caller's towns only)", tags = "campaign quotas")
  @GetMapping("/api/v1/campaigns/{campaignId}/quotas")
  @Requires(Permission.CAMPAIGN_WORK)
  @ResponseBody
  Map<String, Object> api(Scope scope, @PathVariable long campaignId) {
    QuotaService.Board b = quotas.board(scope, campaignId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("campaignId", b.campaignId());
    body.put("area", b.areaCode());
    body.put("today", b.today());
    body.put("quotas", b.quotas().stream().map(q -> Map.of("quota", q.kind().code(), "cadence", q.cadence().dbValue(),
        "ratio", q.ratio(), "startsOn", q.startsOn(), "endsOn", q.endsOn())).toList());
    body.put("columns", b.columns().stream().map(c -> Map.of("quota", c.quota().kind().code(), "periodStart",
        c.period().start(), "periodEnd", c.period().end(), "open", c.open())).toList());
    body.put("towns", b.towns().stream().map(t -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("code", t.code());
      m.put("name", t.name());
      m.put("county", t.countyCode());
      m.put("villages", t.villages());
      m.put("population", t.population());
      m.put("households", t.households());
      m.put("cells", t.cells());
      return m;
    }).toList());
    body.put("counties", b.counties());
    body.put("total", b.total());
    return body;
  }

  @Operation(summary = "Change one quota's ratio and dates (quota: team, households, sms-week, sms-month)",
      tags = "campaign quotas")
  @PutMapping("/api/v1/campaigns/{campaignId}/quotas")
  @Requires(Permission.CAMPAIGN_MANAGE)
  @ResponseBody
  Quota apiUpdate(Scope scope, @PathVariable long campaignId, @RequestBody QuotaChange change) {
    return quotas.update(scope, campaignId, change.quota(), change.ratio(), change.startsOn(), change.endsOn());
  }

  @Operation(summary = "A town's figures for periods of quotas (periodStart: the Monday of a week, the 1st of a month, "
      + "the start of a one-off quota); each a new row, the latest counts", tags = "campaign quotas")
  @PostMapping("/api/v1/campaigns/quotas/reports")
  @Requires(Permission.CAMPAIGN_WORK)
  @ResponseBody
  Map<String, Object> apiReport(Scope scope, @RequestBody Report report) {
    if (report.campaignId() == null || report.code() == null || report.figures() == null) {
      throw new InputRejected(Problem.at(0, report.campaignId() == null ? "campaignId"
          : report.code() == null ? "code" : "figures", "import.error.required"));
    }
    quotas.report(scope, report.campaignId(), report.code(), report.figures());
    return Map.of("saved", report.figures().size());
  }

  // ------------------------------------------------------------------ exports

  @GetMapping("/campaigns/{campaignId}/quotas.csv")
  @Requires(Permission.CAMPAIGN_WORK)
  void csv(Scope scope, @PathVariable long campaignId, HttpServletResponse response) throws IOException {
    QuotaService.Board b = quotas.board(scope, campaignId);
    List<List<Object>> rows = exportRows(b, LocaleContextHolder.getLocale());
    exported(scope, b, "csv");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename("campaign-" + campaignId + "-quotas.csv").build().toString());
    response.setContentType("text/csv; charset=UTF-8");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    out.write('\uFEFF'); // Excel on a Chinese Windows reads the names as UTF-8
    for (List<Object> row : rows) {
      CsvCells.line(out, row, "\r\n", d -> String.format(Locale.ROOT, "%.4f", d));
    }
    out.flush();
  }

  @GetMapping("/campaigns/{campaignId}/quotas.xlsx")
  @Requires(Permission.CAMPAIGN_WORK)
  void xlsx(Scope scope, @PathVariable long campaignId, HttpServletResponse response) throws IOException {
    QuotaService.Board b = quotas.board(scope, campaignId);
    List<List<Object>> rows = exportRows(b, LocaleContextHolder.getLocale());
    exported(scope, b, "xlsx");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename("campaign-" + campaignId + "-quotas.xlsx").build().toString());
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
      var sheet = workbook.createSheet(messages.getMessage("campaign.quota.title", null, LocaleContextHolder.getLocale()));
      for (int i = 0; i < rows.size(); i++) {
        var row = sheet.createRow(i);
        for (int c = 0; c < rows.get(i).size(); c++) {
          Object v = rows.get(i).get(c);
          var cell = row.createCell(c);
          if (v instanceof Number n) {
            cell.setCellValue(n.doubleValue());
          } else if (v != null && !"".equals(v)) {
            cell.setCellValue(v.toString());
          }
        }
      }
      sheet.createFreezePane(4, 1);
      workbook.write(response.getOutputStream());
    }
  }

  private void exported(Scope scope, QuotaService.Board b, String format) {
    audit.record(scope.username(), "export.campaign_quotas", String.valueOf(b.campaignId()),
        Map.of("format", format, "scope", scope.nodeCode(), "towns", b.towns().size()));
  }

  /**
   * One row per town and column (long format, easy to pivot): county, town, quota, period, target, reported, share,
   * status; then the county and whole-area sums with the counts of towns that met the target.
   */
  private List<List<Object>> exportRows(QuotaService.Board b, Locale locale) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("county", "town_code", "town", "quota", "period_start", "period_end", "target", "reported",
        "share", "status", "towns_met", "towns"));
    for (QuotaService.Town t : b.towns()) {
      for (int i = 0; i < b.columns().size(); i++) {
        QuotaService.Column c = b.columns().get(i);
        QuotaService.Cell cell = t.cells().get(i);
        rows.add(java.util.Arrays.asList(t.countyName(), t.code(), t.name(), label(c, locale), c.period().start().toString(),
            c.period().end().toString(), blank(cell.target()), blank(cell.value()), blank(cell.share()),
            messages.getMessage("campaign.quota.status." + cell.status(), null, locale), "", ""));
      }
    }
    List<QuotaService.Rollup> sums = new ArrayList<>(b.counties());
    sums.add(b.total());
    for (QuotaService.Rollup r : sums) {
      for (int i = 0; i < b.columns().size(); i++) {
        QuotaService.Column c = b.columns().get(i);
        QuotaService.Sum s = r.sums().get(i);
        rows.add(java.util.Arrays.asList(r.name(), r.code(), messages.getMessage("campaign.quota.sum", null, locale),
            label(c, locale), c.period().start().toString(), c.period().end().toString(), s.target(), s.value(),
            blank(s.share()), "", s.met(), s.towns()));
      }
    }
    return rows;
  }

  private static Object blank(Object v) {
    return v == null ? "" : v;
  }
}
