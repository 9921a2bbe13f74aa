package org.sanlv.campaign;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.campaign.ActivityReport.Counts;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The monthly activity reports' API: roll-up, a unit's report, filing, review, due dates. */
@RestController
@Requires(Permission.CAMPAIGN_WORK)
class ActivityReportApiController {

  private final ActivityReportService reports;

  ActivityReportApiController(ActivityReportService reports) {
    this.reports = reports;
  }

  @GetMapping("/api/v1/campaigns/{campaignId}/reports")
  ActivityRollup rollup(Scope scope, @PathVariable long campaignId, @RequestParam(required = false) String month,
      @RequestParam(required = false) String area) {
    return reports.rollup(scope, campaignId, ActivityReportPageController.month(month), area);
  }

  @GetMapping("/api/v1/campaigns/{campaignId}/reports/{unit}/{month}")
  ActivityReport report(Scope scope, @PathVariable long campaignId, @PathVariable String unit,
      @PathVariable String month) {
    return reports.report(scope, campaignId, unit, ActivityReportPageController.month(month));
  }

  /** A unit's report, saved as a draft or (submit: true) filed. */
  record Filing(Long campaignId, String unit, String month, Integer householdsVisited, Integer materialsHandedOut,
      Integer banners, Integer boardsAndScreens, Integer wechatPosts, Integer smsSent, Integer mockQuestionnaires,
      Integer volunteerActivities, String other, String description, List<Long> fileIds, Boolean submit) {}

  @PostMapping("/api/v1/activity-reports")
  ActivityReport file(Scope scope, @RequestBody Filing f) {
    if (f.campaignId() == null) {
      throw new InputRejected(Problem.at(0, "campaignId", "campaign.report.error.campaign", ""));
    }
    Counts counts = new Counts(n(f.householdsVisited()), n(f.materialsHandedOut()), n(f.banners()),
        n(f.boardsAndScreens()), n(f.wechatPosts()), n(f.smsSent()), n(f.mockQuestionnaires()),
        n(f.volunteerActivities()), f.other(), f.description(), f.fileIds());
    YearMonth month = ActivityReportPageController.month(f.month());
    return reports.save(scope, f.campaignId(), f.unit(), month, counts, Boolean.TRUE.equals(f.submit()));
  }

  record Comment(String comment) {}

  @PostMapping("/api/v1/activity-reports/{reportId}/return")
  @Requires(Permission.CAMPAIGN_MANAGE)
  ActivityReport returnReport(Scope scope, @PathVariable long reportId, @RequestBody(required = false) Comment c) {
    return reports.returnReport(scope, reportId, c == null ? null : c.comment());
  }

  @PostMapping("/api/v1/activity-reports/{reportId}/accept")
  @Requires(Permission.CAMPAIGN_MANAGE)
  ActivityReport accept(Scope scope, @PathVariable long reportId) {
    return reports.accept(scope, reportId);
  }

  @GetMapping("/api/v1/campaigns/{campaignId}/report-due-dates")
  Map<YearMonth, LocalDate> dueDates(Scope scope, @PathVariable long campaignId) {
    return reports.dueDates(scope, campaignId);
  }

  /** The report months and their due dates, e.g. {"2026-10": "2026-10-25", …}. */
  @PutMapping("/api/v1/campaigns/{campaignId}/report-due-dates")
  @Requires(Permission.CAMPAIGN_MANAGE)
  Map<YearMonth, LocalDate> setDueDates(Scope scope, @PathVariable long campaignId,
      @RequestBody Map<String, String> dues) {
    Map<YearMonth, LocalDate> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : dues.entrySet()) {
      try {
        parsed.put(YearMonth.parse(e.getKey()), LocalDate.parse(e.getValue()));
      } catch (RuntimeException x) {
        throw new InputRejected(Problem.at(0, e.getKey(), "campaign.report.error.dueDate", e.getKey(),
            String.valueOf(e.getValue())));
      }
    }
    return reports.setDueDates(scope, campaignId, parsed);
  }

  private static int n(Integer v) {
    return v == null ? 0 : v;
  }
}
