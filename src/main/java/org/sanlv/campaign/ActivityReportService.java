package org.sanlv.campaign;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sanlv.campaign.ActivityReport.Counts;
import org.sanlv.campaign.ActivityReport.Status;
import org.sanlv.campaign.ActivityReportRepository.CampaignRow;
import org.sanlv.campaign.ActivityReportRepository.Stored;
import org.sanlv.campaign.ActivityReportRepository.UnitRow;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monthly activity reports of a campaign (seed 1, appendix 7): a unit files its report for a month, the county
 * returns it with a comment or accepts it, and every area sees the sum over the units below it with who is missing
 * or late. Everything is scoped to the caller's subtree; nobody reviews a report they filed.
 */
@Service
public class ActivityReportService {

  /** Due dates are days in Beijing time: a report is late when first submitted after the end of that day. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** Seed 1, appendix 7 and the notice's §5: reports on the 25th of October, November and December. */
  static final List<Month> DEFAULT_MONTHS = List.of(Month.OCTOBER, Month.NOVEMBER, Month.DECEMBER);
  static final int DEFAULT_DAY = 25;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ActivityReportRepository repository;
  private final AuditLog audit;
  private final Clock clock;

  ActivityReportService(ActivityReportRepository repository, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
  }

  static Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZONE).toInstant();
  }

  /** A campaign's report months with their due dates: those set for it, else the 25th of Oct, Nov and Dec. */
  public Map<YearMonth, LocalDate> dueDates(Scope scope, long campaignId) {
    return dueDates(readable(scope, campaignId));
  }

  private Map<YearMonth, LocalDate> dueDates(CampaignRow c) {
    Map<YearMonth, LocalDate> set = repository.dueDates(c.id());
    if (!set.isEmpty()) {
      return set;
    }
    Map<YearMonth, LocalDate> dues = new LinkedHashMap<>();
    for (Month m : DEFAULT_MONTHS) {
      dues.put(YearMonth.of(c.year(), m), LocalDate.of(c.year(), m, DEFAULT_DAY));
    }
    return dues;
  }

  /** Sets the campaign's report months and due dates (each month inside the campaign's dates). */
  @Transactional
  public Map<YearMonth, LocalDate> setDueDates(Scope scope, long campaignId, Map<YearMonth, LocalDate> dues) {
    CampaignRow c = managed(scope, campaignId);
    List<Problem> problems = new ArrayList<>();
    if (dues.isEmpty()) {
      problems.add(Problem.of("campaign.report.error.noMonths"));
    }
    dues.forEach((m, d) -> {
      if (!inside(c, m)) {
        problems.add(Problem.of("campaign.report.error.month", m.toString(), c.startsOn(), c.endsOn()));
      } else if (d == null || d.isBefore(m.atDay(1)) || d.isAfter(m.plusMonths(2).atEndOfMonth())) {
        problems.add(Problem.of("campaign.report.error.dueDate", m.toString(), String.valueOf(d)));
      }
    });
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    repository.replaceDueDates(c.id(), new java.util.TreeMap<>(dues));
    audit.record(scope.username(), "campaign.report.dueDates", String.valueOf(c.id()),
        Map.of("dues", dues.toString()));
    return dueDates(c);
  }

  /** The report of a unit for a month, or an empty form (id 0) when nobody has saved one. */
  @Transactional(readOnly = true)
  public ActivityReport report(Scope scope, long campaignId, String unitCode, YearMonth month) {
    CampaignRow c = readable(scope, campaignId);
    UnitRow unit = unit(scope, c, unitCode);
    LocalDate due = due(c, month);
    return repository.find(c.id(), unit.code(), month, false)
        .map(s -> withHistory(s.report(), due))
        .orElseGet(() -> new ActivityReport(0, c.id(), unit.code(), unit.name(), month, due, Status.DRAFT,
            Counts.EMPTY, null, null, null, null, null, null, List.of()));
  }

  public ActivityReport report(Scope scope, long reportId) {
    Stored s = repository.find(reportId, false).orElseThrow(() -> new NotFound("report " + reportId));
    return report(scope, s.report().campaignId(), s.report().unitCode(), s.report().month());
  }

  /**
   * Saves a unit's report (a draft, or a correction of a submitted one) and, with {@code submit}, files it:
   * draft → submitted, returned → resubmitted. Counts are ≥ 0, photos and videos are files of the unit's subtree;
   * an accepted report changes no more. Every change after the first submission goes into the history.
   */
  @Transactional
  public ActivityReport save(Scope scope, long campaignId, String unitCode, YearMonth month, Counts counts,
      boolean submit) {
    require(scope, Permission.CAMPAIGN_WORK);
    CampaignRow c = readable(scope, campaignId);
    UnitRow unit = unit(scope, c, unitCode);
    LocalDate due = due(c, month);
    check(counts, unit);
    Instant now = clock.instant();
    Stored existing = repository.find(c.id(), unit.code(), month, true).orElse(null);
    if (existing == null) {
      Status status = submit ? Status.SUBMITTED : Status.DRAFT;
      long id = repository.insert(c.id(), unit.code(), month, status, counts, scope.username(), now, submit);
      if (submit) {
        repository.history(id, now, scope.username(), "submit", changes(Counts.EMPTY, counts), null);
      }
      audit.record(scope.username(), "campaign.report." + (submit ? "submit" : "save"), String.valueOf(id),
          Map.of("campaign", c.id(), "unit", unit.code(), "month", month.toString()));
      return report(scope, c.id(), unit.code(), month);
    }
    ActivityReport old = existing.report();
    if (old.status() == Status.ACCEPTED) {
      throw new InputConflict(Problem.of("campaign.report.error.accepted"));
    }
    Status next = old.status();
    String action = "save";
    if (submit && old.status() == Status.DRAFT) {
      next = Status.SUBMITTED;
      action = "submit";
    } else if (submit && old.status() == Status.RETURNED) {
      next = Status.RESUBMITTED;
      action = "resubmit";
    }
    repository.update(old.id(), next, counts, scope.username(), now, submit && next != old.status());
    // a draft's edits are the unit's own business; once submitted, every change is kept
    if (old.firstSubmittedAt() != null || !"save".equals(action)) {
      repository.history(old.id(), now, scope.username(), action, changes(old.counts(), counts), null);
    }
    audit.record(scope.username(), "campaign.report." + action, String.valueOf(old.id()),
        Map.of("campaign", c.id(), "unit", unit.code(), "month", month.toString()));
    return report(scope, c.id(), unit.code(), month);
  }

  /** Returns a submitted report to its unit with a comment (required). */
  @Transactional
  public ActivityReport returnReport(Scope scope, long reportId, String comment) {
    if (comment == null || comment.isBlank()) {
      throw new InputRejected(Problem.at(0, "comment", "campaign.report.error.comment"));
    }
    if (comment.length() > 2000) {
      throw new InputRejected(Problem.at(0, "comment", "campaign.report.error.tooLong", 2000));
    }
    return review(scope, reportId, Status.RETURNED, "return", comment.strip());
  }

  @Transactional
  public ActivityReport accept(Scope scope, long reportId) {
    return review(scope, reportId, Status.ACCEPTED, "accept", null);
  }

  private ActivityReport review(Scope scope, long reportId, Status next, String action, String comment) {
    require(scope, Permission.CAMPAIGN_MANAGE);
    Stored s = repository.find(reportId, true).orElseThrow(() -> new NotFound("report " + reportId));
    ActivityReport r = s.report();
    CampaignRow c = readable(scope, r.campaignId());
    UnitRow unit = unit(scope, c, r.unitCode());
    if (r.status() == Status.ACCEPTED) {
      throw new InputConflict(Problem.of("campaign.report.error.accepted"));
    }
    if (!r.status().awaitsReview()) {
      throw new InputConflict(Problem.of("campaign.report.error.notSubmitted"));
    }
    // nobody reviews their own report: not its author, not whoever submitted it, nor any who changed it
    boolean own = scope.username().equals(r.createdBy()) || scope.username().equals(r.submittedBy())
        || repository.history(r.id()).stream().anyMatch(h -> h.actor().equals(scope.username())
            && !h.action().equals("return") && !h.action().equals("accept"));
    if (own) {
      throw new InputConflict(Problem.of("campaign.report.error.own"));
    }
    // the reviewer sits above the unit: a town officer does not review its own town's report
    if (scope.path().equals(pathOf(unit))) {
      throw new InputConflict(Problem.of("campaign.report.error.own"));
    }
    Instant now = clock.instant();
    repository.review(r.id(), next, comment, scope.username(), now);
    repository.history(r.id(), now, scope.username(), action, "{}", comment);
    audit.record(scope.username(), "campaign.report." + action, String.valueOf(r.id()),
        Map.of("campaign", c.id(), "unit", unit.code(), "month", r.month().toString()));
    return report(scope, c.id(), unit.code(), r.month());
  }

  /**
   * One month's roll-up under an area (null: the campaign's area, or the caller's node when it is below it): a row
   * per child of the area, the total, who is missing and who is late. One grouped query.
   */
  @Transactional(readOnly = true)
  public ActivityRollup rollup(Scope scope, long campaignId, YearMonth month, String areaCode) {
    CampaignRow c = readable(scope, campaignId);
    Map<YearMonth, LocalDate> dues = dueDates(c);
    YearMonth m = month != null ? month : defaultMonth(dues);
    LocalDate due = due(c, m);
    UnitRow view = view(scope, c, areaCode);
    List<ActivityRollup.Row> rows = repository.rollup(c.id(), c.areaPath(), view.path(), m, endOf(due));
    return new ActivityRollup(c.id(), c.name(), view.code(), view.name(), m, due, List.copyOf(dues.keySet()), rows,
        total(rows));
  }

  /** The submitted reports of the month under the area (for the Excel export's sheets). */
  @Transactional(readOnly = true)
  public List<ActivityReport> submitted(Scope scope, long campaignId, YearMonth month, String areaCode) {
    CampaignRow c = readable(scope, campaignId);
    LocalDate due = due(c, month);
    UnitRow view = view(scope, c, areaCode);
    return repository.submittedIn(c.id(), view.path(), month).stream().map(r -> withDue(r, due)).toList();
  }

  /** Records an export in the audit log. */
  public void auditExport(Scope scope, long campaignId, YearMonth month, String area, String format) {
    audit.record(scope.username(), "campaign.report.export", String.valueOf(campaignId),
        Map.of("month", String.valueOf(month), "area", String.valueOf(area), "format", format));
  }

  /** The month the roll-up opens on: the first whose due date is today or later, else the last. */
  YearMonth defaultMonth(Map<YearMonth, LocalDate> dues) {
    LocalDate today = LocalDate.now(clock.withZone(ZONE));
    return dues.entrySet().stream().filter(e -> !e.getValue().isBefore(today)).map(Map.Entry::getKey).findFirst()
        .orElseGet(() -> dues.keySet().stream().reduce((a, b) -> b).orElseThrow());
  }

  /**
   * The in-app notice: the months whose report is due within {@code days} days (or overdue) and not yet submitted
   * by the unit.
   */
  @Transactional(readOnly = true)
  public List<Reminder> upcoming(Scope scope, long campaignId, String unitCode, int days) {
    CampaignRow c = readable(scope, campaignId);
    UnitRow unit = unit(scope, c, unitCode);
    LocalDate today = LocalDate.now(clock.withZone(ZONE));
    List<Reminder> list = new ArrayList<>();
    dueDates(c).forEach((m, d) -> {
      if (!d.isAfter(today.plusDays(days)) && !today.isBefore(m.atDay(1))
          && repository.find(c.id(), unit.code(), m, false).map(s -> s.report().firstSubmittedAt() == null)
              .orElse(true)) {
        list.add(new Reminder(unit.code(), unit.name(), m, d, d.isBefore(today)));
      }
    });
    return list;
  }

  public record Reminder(String unitCode, String unitName, YearMonth month, LocalDate dueOn, boolean overdue) {}

  /**
   * Sends the reminders due today: for every campaign, month and reminder (days before the due date) whose day has
   * come and whose due date has not passed, to every responsible unit that has not submitted, once each.
   */
  @Transactional
  public int sendReminders(List<Integer> daysBefore, ReminderSender sender) {
    LocalDate today = LocalDate.now(clock.withZone(ZONE));
    Instant now = clock.instant();
    int sent = 0;
    for (long id : repository.campaignsRunningOn(today)) {
      CampaignRow c = repository.campaign(id).orElseThrow();
      for (Map.Entry<YearMonth, LocalDate> e : dueDates(c).entrySet()) {
        LocalDate due = e.getValue();
        for (int days : daysBefore) {
          if (today.isBefore(due.minusDays(days)) || today.isAfter(due)) {
            continue;
          }
          for (UnitRow u : repository.toRemind(c.id(), c.areaPath(), e.getKey(), days)) {
            if (repository.markReminded(c.id(), u.code(), e.getKey(), days, now)) {
              sender.remind(u.code(), u.name(), c.name(), e.getKey(), due);
              sent++;
            }
          }
        }
      }
    }
    return sent;
  }

  private ActivityReport withHistory(ActivityReport r, LocalDate due) {
    return new ActivityReport(r.id(), r.campaignId(), r.unitCode(), r.unitName(), r.month(), due, r.status(),
        r.counts(), r.firstSubmittedAt(), r.submittedBy(), r.returnComment(), r.reviewedBy(), r.reviewedAt(),
        r.createdBy(), repository.history(r.id()));
  }

  private static ActivityReport withDue(ActivityReport r, LocalDate due) {
    return new ActivityReport(r.id(), r.campaignId(), r.unitCode(), r.unitName(), r.month(), due, r.status(),
        r.counts(), r.firstSubmittedAt(), r.submittedBy(), r.returnComment(), r.reviewedBy(), r.reviewedAt(),
        r.createdBy(), List.of());
  }

  private static ActivityRollup.Row total(List<ActivityRollup.Row> rows) {
    long[] sums = new long[8];
    long units = 0, submitted = 0, accepted = 0, missing = 0, late = 0;
    for (ActivityRollup.Row r : rows) {
      units += r.units();
      submitted += r.submitted();
      accepted += r.accepted();
      missing += r.missing();
      late += r.late();
      for (int k = 0; k < 8; k++) {
        sums[k] += r.sums()[k];
      }
    }
    return new ActivityRollup.Row("", "", units, submitted, accepted, missing, late, sums, List.of(), List.of(), false,
        null);
  }

  private void check(Counts counts, UnitRow unit) {
    List<Problem> problems = new ArrayList<>();
    int[] n = counts.numbers();
    for (int k = 0; k < n.length; k++) {
      if (n[k] < 0) {
        problems.add(Problem.at(0, Counts.NUMBERS.get(k), "campaign.report.error.negative",
            Problem.term("campaign.report.field." + Counts.NUMBERS.get(k)), n[k]));
      }
    }
    if (counts.other().length() > 2000) {
      problems.add(Problem.at(0, "other", "campaign.report.error.tooLong", 2000));
    }
    if (counts.description().length() > 20000) {
      problems.add(Problem.at(0, "description", "campaign.report.error.tooLong", 20000));
    }
    if (counts.fileIds().size() > 50) {
      problems.add(Problem.at(0, "fileIds", "campaign.report.error.tooManyFiles", 50));
    }
    List<Long> distinct = counts.fileIds().stream().filter(Objects::nonNull).distinct().toList();
    List<Long> ok = repository.filesInSubtree(distinct, pathOf(unit));
    for (Long id : distinct) {
      if (!ok.contains(id)) {
        problems.add(Problem.at(0, "fileIds", "campaign.report.error.file", id));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
  }

  private String pathOf(UnitRow unit) {
    return unit.path();
  }

  private static String changes(Counts before, Counts after) {
    Map<String, Object[]> changed = new LinkedHashMap<>();
    int[] b = before.numbers();
    int[] a = after.numbers();
    for (int k = 0; k < a.length; k++) {
      if (a[k] != b[k]) {
        changed.put(Counts.NUMBERS.get(k), new Object[] {b[k], a[k]});
      }
    }
    if (!before.other().equals(after.other())) {
      changed.put("other", new Object[] {before.other(), after.other()});
    }
    if (!before.description().equals(after.description())) {
      changed.put("description", new Object[] {before.description(), after.description()});
    }
    if (!before.fileIds().equals(after.fileIds())) {
      changed.put("fileIds", new Object[] {before.fileIds(), after.fileIds()});
    }
    return JSON.writeValueAsString(changed);
  }

  private static void require(Scope scope, Permission permission) {
    if (!scope.may(permission)) {
      throw new OutOfScope(permission.name());
    }
  }

  /** The campaign, if the caller's subtree holds it or lies below it. */
  private CampaignRow readable(Scope scope, long campaignId) {
    CampaignRow c = repository.campaign(campaignId).orElseThrow(() -> new NotFound("campaign " + campaignId));
    if (!scope.covers(c.areaPath()) && !scope.isBelow(c.areaPath())) {
      throw new OutOfScope("campaign " + campaignId);
    }
    return c;
  }

  private CampaignRow managed(Scope scope, long campaignId) {
    require(scope, Permission.CAMPAIGN_MANAGE);
    CampaignRow c = readable(scope, campaignId);
    if (!scope.covers(c.areaPath())) {
      throw new OutOfScope("campaign " + campaignId);
    }
    return c;
  }

  /** A responsible unit of the campaign (a town/street or a unit below its area) inside the caller's subtree. */
  private UnitRow unit(Scope scope, CampaignRow c, String code) {
    UnitRow u = code == null ? null : repository.node(code).orElse(null);
    if (u == null || !u.path().startsWith(c.areaPath()) || u.path().equals(c.areaPath())
        || !(u.level().equals("town") || u.level().equals("unit"))) {
      throw new InputRejected(Problem.at(0, "unit", "campaign.report.error.unit", code == null ? "" : code));
    }
    if (!scope.covers(u.path())) {
      throw new OutOfScope("unit " + code);
    }
    return u;
  }

  /** The area whose roll-up is shown: inside both the campaign's area and the caller's subtree. */
  private UnitRow view(Scope scope, CampaignRow c, String areaCode) {
    String code = areaCode != null && !areaCode.isBlank() ? areaCode
        : scope.covers(c.areaPath()) ? c.areaCode() : scope.nodeCode();
    UnitRow v = repository.node(code).orElseThrow(() -> new NotFound("area " + code));
    if (c.areaPath().startsWith(v.path()) && scope.covers(c.areaPath())) {
      v = new UnitRow(c.areaCode(), c.areaName(), c.areaPath(), "area"); // above the campaign: its whole area
    }
    if (!v.path().startsWith(c.areaPath()) || !scope.covers(v.path())) {
      throw new OutOfScope("area " + code);
    }
    return v;
  }

  private LocalDate due(CampaignRow c, YearMonth month) {
    LocalDate due = month == null ? null : dueDates(c).get(month);
    if (due == null || !inside(c, month)) {
      throw new InputRejected(Problem.at(0, "month", "campaign.report.error.month", String.valueOf(month),
          c.startsOn().toString(), c.endsOn().toString()));
    }
    return due;
  }

  private static boolean inside(CampaignRow c, YearMonth m) {
    return !m.atEndOfMonth().isBefore(c.startsOn()) && !m.atDay(1).isAfter(c.endsOn());
  }
}
