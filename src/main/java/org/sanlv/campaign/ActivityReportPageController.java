package org.sanlv.campaign;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sanlv.campaign.ActivityReport.Counts;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The monthly activity reports' pages: the roll-up, a unit's form (phone first), the review, the Excel file. */
@Controller
@Requires(Permission.CAMPAIGN_WORK)
class ActivityReportPageController {

  /** The in-app reminder shows this many days before the due date. */
  static final int NOTICE_DAYS = 3;

  private final ActivityReportService reports;
  private final MessageSource messages;

  ActivityReportPageController(ActivityReportService reports, MessageSource messages) {
    this.reports = reports;
    this.messages = messages;
  }

  @GetMapping("/campaigns/{campaignId}/reports")
  String rollup(Scope scope, @PathVariable long campaignId, @RequestParam(required = false) String month,
      @RequestParam(required = false) String area, Model model) {
    ActivityRollup r = reports.rollup(scope, campaignId, month(month), area);
    model.addAttribute("rollup", r);
    model.addAttribute("fields", Counts.NUMBERS);
    // the unit's own notice: its report due soon and not yet submitted
    model.addAttribute("notices", r.rows().stream().filter(ActivityRollup.Row::unitReport)
        .filter(x -> scope.nodeCode().equals(x.code()))
        .flatMap(x -> reports.upcoming(scope, campaignId, x.code(), NOTICE_DAYS).stream()).toList());
    return "campaign/reports";
  }

  @GetMapping("/campaigns/{campaignId}/reports.xlsx")
  void xlsx(Scope scope, @PathVariable long campaignId, @RequestParam(required = false) String month,
      @RequestParam(required = false) String area, HttpServletResponse response) throws IOException {
    ActivityRollup r = reports.rollup(scope, campaignId, month(month), area);
    List<ActivityReport> submitted = reports.submitted(scope, campaignId, r.month(), r.areaCode());
    byte[] xlsx = new ActivityReportExcel(r, submitted,
        key -> messages.getMessage(key, null, key, LocaleContextHolder.getLocale())).write();
    reports.auditExport(scope, campaignId, r.month(), r.areaCode(), "xlsx");
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(r.areaName() + "-" + r.month() + "-平安宣传活动情况表.xlsx", StandardCharsets.UTF_8).build().toString());
    response.setContentLength(xlsx.length);
    response.getOutputStream().write(xlsx);
  }

  @GetMapping("/campaigns/{campaignId}/reports/{unit}/{month}")
  String form(Scope scope, @PathVariable long campaignId, @PathVariable String unit, @PathVariable String month,
      Model model) {
    return page(scope, reports.report(scope, campaignId, unit, month(month)), model);
  }

  private String page(Scope scope, ActivityReport r, Model model) {
    model.addAttribute("report", r);
    model.addAttribute("fields", Counts.NUMBERS);
    model.addAttribute("values", r.counts().numbers());
    model.addAttribute("editable", r.status() != ActivityReport.Status.ACCEPTED);
    model.addAttribute("reviewable", scope.may(Permission.CAMPAIGN_MANAGE) && r.status().awaitsReview()
        && !scope.username().equals(r.submittedBy()) && !scope.nodeCode().equals(r.unitCode()));
    model.addAttribute("notices", reports.upcoming(scope, r.campaignId(), r.unitCode(), NOTICE_DAYS).stream()
        .filter(n -> n.month().equals(r.month())).toList());
    return "campaign/report";
  }

  @PostMapping("/activity-reports")
  String save(Scope scope, @RequestParam MultiValueMap<String, String> all, Model model, HttpServletResponse response) {
    Map<String, String> form = all.toSingleValueMap();
    long campaignId = number(form.get("campaignId"));
    YearMonth month = month(form.get("month"));
    String unit = form.get("unit");
    boolean submit = "submit".equals(form.get("action"));
    try {
      reports.save(scope, campaignId, unit, month, counts(form, all.get("fileIds")), submit);
      return "redirect:/campaigns/" + campaignId + "/reports/" + unit + "/" + month + "?saved=" + (submit ? "submit" : "save");
    } catch (InputRejected e) {
      ActivityReport current = reports.report(scope, campaignId, unit, month);
      page(scope, current, model);
      model.addAttribute("problems", e.problems());
      model.addAttribute("values", typed(form));
      model.addAttribute("other", form.get("other"));
      model.addAttribute("description", form.get("description"));
      response.setStatus(e instanceof org.sanlv.platform.InputConflict ? 409 : 400);
      return "campaign/report";
    }
  }

  @PostMapping("/activity-reports/{reportId}/return")
  @Requires(Permission.CAMPAIGN_MANAGE)
  String returnReport(Scope scope, @PathVariable long reportId, @RequestParam(required = false) String comment,
      Model model, HttpServletResponse response) {
    return review(scope, reportId, model, response, () -> reports.returnReport(scope, reportId, comment));
  }

  @PostMapping("/activity-reports/{reportId}/accept")
  @Requires(Permission.CAMPAIGN_MANAGE)
  String accept(Scope scope, @PathVariable long reportId, Model model, HttpServletResponse response) {
    return review(scope, reportId, model, response, () -> reports.accept(scope, reportId));
  }

  private String review(Scope scope, long reportId, Model model, HttpServletResponse response,
      java.util.function.Supplier<ActivityReport> action) {
    try {
      ActivityReport r = action.get();
      return "redirect:/campaigns/" + r.campaignId() + "/reports/" + r.unitCode() + "/" + r.month();
    } catch (InputRejected e) {
      page(scope, reports.report(scope, reportId), model);
      model.addAttribute("problems", e.problems());
      response.setStatus(e instanceof org.sanlv.platform.InputConflict ? 409 : 400);
      return "campaign/report";
    }
  }

  static YearMonth month(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return YearMonth.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InputRejected(Problem.at(0, "month", "campaign.report.error.monthFormat", value));
    }
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      throw new InputRejected(Problem.at(0, "campaignId", "campaign.report.error.campaign", value));
    }
  }

  /** The form's fields as counts; text that is not a whole number is named in the error, nothing is guessed. */
  static Counts counts(Map<String, String> form, List<String> fileIds) {
    List<Problem> problems = new ArrayList<>();
    int[] n = new int[Counts.NUMBERS.size()];
    for (int k = 0; k < n.length; k++) {
      String f = Counts.NUMBERS.get(k);
      String v = form.getOrDefault(f, "").strip();
      try {
        n[k] = v.isEmpty() ? 0 : Integer.parseInt(v);
      } catch (NumberFormatException e) {
        problems.add(Problem.at(0, f, "campaign.report.error.number", Problem.term("campaign.report.field." + f), v));
      }
    }
    List<Long> files = new ArrayList<>();
    for (String id : String.join(",", fileIds == null ? List.of() : fileIds).split("[,\\s]+")) {
      if (!id.isBlank()) {
        try {
          files.add(Long.parseLong(id));
        } catch (NumberFormatException e) {
          problems.add(Problem.at(0, "fileIds", "campaign.report.error.file", id));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], form.get("other"), form.get("description"),
        files);
  }

  private static String[] typed(Map<String, String> form) {
    return Counts.NUMBERS.stream().map(f -> form.getOrDefault(f, "")).toArray(String[]::new);
  }
}
