package org.sanlv.campaign;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaigns: made from a template, their tasks and checklist fanned out to the responsible units below the area
 * (one item per unit, and per week or month for recurring tasks). Managing (create, add tasks) needs
 * {@link Permission#CAMPAIGN_MANAGE} and the area in the caller's subtree; the work on an item (status, evidence,
 * comments) needs {@link Permission#CAMPAIGN_WORK} and the item's unit in the caller's subtree, so a unit reporter
 * works its own unit's items only and a town officer its town's. Overdue = not done and the due date (Beijing) past.
 */
@Service
public class CampaignService {

  /** The statuses of an item, in order. */
  public static final List<String> STATUSES = List.of("open", "in_progress", "done");
  public static final List<String> RECURRENCES = List.of("once", "weekly", "monthly");

  /** One unit's share of a task (for one week or month of a recurring task). Texts in zh and en. */
  public record Item(long id, long taskId, String section, int seq, String placeZh, String placeEn, String titleZh,
      String titleEn, String requirementZh, String requirementEn, String responsible, String recurrence,
      String unitCode, String unitName, LocalDate periodStart, LocalDate dueOn, String status, boolean overdue,
      String updatedBy, Instant updatedAt, int evidenceCount, int commentCount) {}

  /** A unit's progress in a campaign: task items (done), checklist items (ticked), overdue items. */
  public record Progress(String unitCode, String unitName, String kind, int tasks, int tasksDone, int overdue,
      int checklist, int checklistDone) {}

  /** Evidence of an item: a stored file (with its type and name), a link or a note. */
  public record Evidence(long id, Long fileId, String contentType, String fileName, String url, String note,
      String addedBy, Instant addedAt) {}

  public record Comment(long id, String body, String author, Instant createdAt) {}

  /** An item with its evidence and comments. */
  public record ItemDetail(Item item, List<Evidence> evidence, List<Comment> comments) {}

  /** A task a manager adds to a campaign, for the listed units (inside the campaign's area and the caller's). */
  public record NewTask(String title, String requirement, List<String> unitCodes, LocalDate startsOn, LocalDate dueOn,
      String recurrence) {}

  /** A built-in template. */
  public record TemplateInfo(String id, String nameZh, String nameEn) {}

  private final CampaignRepository repository;
  private final CampaignTemplates templates;
  private final AuditLog audit;
  private final Clock clock;

  CampaignService(CampaignRepository repository, CampaignTemplates templates, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.templates = templates;
    this.audit = audit;
    this.clock = clock;
  }

  public List<TemplateInfo> templates() {
    return templates.all().stream().map(t -> new TemplateInfo(t.id(), t.nameZh(), t.nameEn())).toList();
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), Survey.CHINA);
  }

  /**
   * Creates the area's campaign of this year from a template, with the template's tasks and publicity checklist
   * fanned out to the responsible units below the area. Needs CAMPAIGN_MANAGE and the area in the caller's subtree.
   */
  @Transactional
  public Campaign create(Scope scope, String areaCode, int year, String templateId) {
    if (!scope.may(Permission.CAMPAIGN_MANAGE)) {
      throw new OutOfScope("campaign create");
    }
    List<Problem> problems = new ArrayList<>();
    if (areaCode == null || areaCode.isBlank()) {
      throw new InputRejected(Problem.at(0, "areaCode", "campaign.error.area"));
    }
    CampaignRepository.Node area = repository.node(areaCode.strip())
        .orElseThrow(() -> new InputRejected(Problem.at(0, "areaCode", "campaign.error.unknownArea", areaCode)));
    if (!scope.covers(area.path())) {
      throw new OutOfScope(areaCode);
    }
    if (!List.of("province", "city", "county").contains(area.level())) {
      problems.add(Problem.at(0, "areaCode", "campaign.error.areaLevel", area.name()));
    }
    if (year < 2000 || year > 2100) {
      problems.add(Problem.at(0, "year", "campaign.error.year", year));
    }
    CampaignTemplates.Template template = templates.byId(templateId).orElse(null);
    if (template == null) {
      problems.add(Problem.at(0, "template", "campaign.error.template", templateId));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    if (repository.exists(area.code(), year, template.nameZh())) {
      throw new InputRejected(Problem.at(0, "year", "campaign.error.exists", area.name(), year));
    }
    long id = repository.insertCampaign(area.code(), year, template.nameZh(), template.id(),
        template.starts().atYear(year), template.ends().atYear(year), scope.username());
    List<Unit> units = repository.units(area.path(), area.code());
    int items = 0;
    for (CampaignTemplates.Line line : template.lines()) {
      List<String> codes = responsible(line.responsible(), area.code(), units);
      long task = repository.insertTask(id, line.section(), line.seq(), line.placeZh(), line.placeEn(),
          line.titleZh(), line.titleEn(), line.requirementZh(), line.requirementEn(),
          String.join(" ", line.responsible()), line.recurrence(), line.fromIn(year), line.dueIn(year),
          scope.username());
      items += repository.insertItems(task, id, codes, periods(line.recurrence(), line.fromIn(year), line.dueIn(year)));
    }
    audit.record(scope.username(), "campaign.create", area.code(),
        Map.of("campaign", id, "year", year, "template", template.id(), "items", items));
    return campaign(scope, id);
  }

  /**
   * The units a template's names stand for: 平安办 the area's office, 各乡镇街道 every town, 平安办各成员单位 (or
   * 其他成员单位) every department attached to the area, any other name the attached units whose name holds it; a
   * name that matches nothing goes to the area's office (the name stays in the task's text).
   */
  static List<String> responsible(List<String> names, String areaCode, List<Unit> units) {
    Set<String> codes = new LinkedHashSet<>();
    for (String name : names) {
      switch (name) {
        case "平安办" -> codes.add(areaCode);
        case "各乡镇街道" -> units.stream().filter(u -> u.kind().equals("town")).forEach(u -> codes.add(u.code()));
        case "平安办各成员单位", "平安办其他成员单位" -> {
          List<Unit> departments = units.stream().filter(u -> u.kind().equals("department")).toList();
          if (departments.isEmpty()) {
            codes.add(areaCode);
          }
          departments.forEach(u -> codes.add(u.code()));
        }
        default -> {
          List<Unit> matched = units.stream().filter(u -> !u.kind().equals("town") && u.name().contains(name)).toList();
          if (matched.isEmpty()) {
            codes.add(areaCode);
          }
          matched.forEach(u -> codes.add(u.code()));
        }
      }
    }
    return List.copyOf(codes);
  }

  /**
   * The periods of a task between its dates: one for a single task; for a weekly one each week (Monday to Sunday)
   * that meets the dates, for a monthly one each month, cut to the dates. Each period is {start, due}.
   */
  static List<LocalDate[]> periods(String recurrence, LocalDate from, LocalDate due) {
    List<LocalDate[]> periods = new ArrayList<>();
    switch (recurrence) {
      case "weekly" -> {
        for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(due);
            monday = monday.plusWeeks(1)) {
          LocalDate start = monday.isBefore(from) ? from : monday;
          LocalDate end = monday.plusDays(6).isAfter(due) ? due : monday.plusDays(6);
          periods.add(new LocalDate[] {start, end});
        }
      }
      case "monthly" -> {
        for (LocalDate first = from.withDayOfMonth(1); !first.isAfter(due); first = first.plusMonths(1)) {
          LocalDate start = first.isBefore(from) ? from : first;
          LocalDate last = first.with(TemporalAdjusters.lastDayOfMonth());
          periods.add(new LocalDate[] {start, last.isAfter(due) ? due : last});
        }
      }
      default -> periods.add(new LocalDate[] {from, due});
    }
    return periods;
  }

  /** The campaigns the caller works in: of its subtree and of the areas above it, newest first. */
  public List<Campaign> campaigns(Scope scope) {
    return repository.campaignsAround(scope.path()).stream().map(CampaignRepository.Row::campaign).toList();
  }

  /** One campaign the caller works in (its area inside the caller's subtree or above it), or NotFound. */
  public Campaign campaign(Scope scope, long id) {
    CampaignRepository.Row row = repository.campaign(id).orElseThrow(() -> new NotFound("campaign " + id));
    if (!scope.covers(row.areaPath()) && !scope.isBelow(row.areaPath())) {
      throw new NotFound("campaign " + id);
    }
    return row.campaign();
  }

  /** Whether the caller may manage this campaign (add tasks): the right and the campaign's area in its subtree. */
  public boolean mayManage(Scope scope, long campaignId) {
    return scope.may(Permission.CAMPAIGN_MANAGE)
        && repository.campaignPath(campaignId).map(scope::covers).orElse(false);
  }

  /** The responsible units of the campaign: towns/streets and the units attached to the area. */
  public List<Unit> units(long campaignId) {
    CampaignRepository.Row row = repository.campaign(campaignId).orElseThrow(() -> new NotFound("campaign " + campaignId));
    return repository.units(row.areaPath(), row.campaign().areaCode());
  }

  /**
   * The campaign's items in the caller's subtree (a unit reporter: its unit's; a town officer: its town's and its
   * units'), by due date.
   *
   * @param section {@code task}, {@code checklist} or null for both
   * @param unitCode one unit, or null for all in scope
   */
  public List<Item> items(Scope scope, long campaignId, String section, String unitCode) {
    campaign(scope, campaignId);
    String s = section == null || section.isBlank() ? null : section;
    if (s != null && !s.equals("task") && !s.equals("checklist")) {
      throw new InputRejected(Problem.at(0, "section", "campaign.error.section", section));
    }
    String u = unitCode == null || unitCode.isBlank() ? null : unitCode;
    return repository.items(campaignId, scope.path(), s, u, today());
  }

  /** Per responsible unit in the caller's subtree: tasks done, checklist ticked, overdue; most overdue first. */
  public List<Progress> progress(Scope scope, long campaignId) {
    campaign(scope, campaignId);
    return repository.progress(campaignId, scope.path(), today());
  }

  /** One item with its evidence and comments, if its unit is in the caller's subtree. */
  public ItemDetail item(Scope scope, long itemId) {
    Item item = requireItem(scope, itemId);
    return new ItemDetail(item, repository.evidence(itemId), repository.comments(itemId));
  }

  private Item requireItem(Scope scope, long itemId) {
    String path = repository.itemPath(itemId).orElseThrow(() -> new NotFound("item " + itemId));
    if (!scope.covers(path)) {
      throw new OutOfScope("item " + itemId);
    }
    return repository.item(itemId, today()).orElseThrow(() -> new NotFound("item " + itemId));
  }

  private void requireWork(Scope scope) {
    if (!scope.may(Permission.CAMPAIGN_WORK)) {
      throw new OutOfScope("campaign work");
    }
  }

  /** Moves an item to a status (open, in_progress, done; back too: a tick can be undone). */
  @Transactional
  public Item setStatus(Scope scope, long itemId, String status) {
    requireWork(scope);
    requireItem(scope, itemId);
    if (status == null || !STATUSES.contains(status)) {
      throw new InputRejected(Problem.at(0, "status", "campaign.error.status", status));
    }
    repository.setStatus(itemId, status, scope.username(), clock.instant());
    return repository.item(itemId, today()).orElseThrow();
  }

  /**
   * Adds evidence: a stored file, a link (http/https) or a note, at least one. The file must be one the caller may
   * see and of the campaign's area: of the item's unit, a node above it inside the campaign's area, or below it.
   */
  @Transactional
  public Evidence addEvidence(Scope scope, long itemId, Long fileId, String url, String note) {
    requireWork(scope);
    Item item = requireItem(scope, itemId);
    String u = url == null || url.isBlank() ? null : url.strip();
    String n = note == null || note.isBlank() ? null : note.strip();
    List<Problem> problems = new ArrayList<>();
    if (fileId == null && u == null && n == null) {
      problems.add(Problem.at(0, "note", "campaign.error.evidenceEmpty"));
    }
    if (u != null && (u.length() > 2000 || !(u.startsWith("https://") || u.startsWith("http://"))
        || u.chars().anyMatch(c -> c <= ' '))) {
      problems.add(Problem.at(0, "url", "campaign.error.url", u));
    }
    if (n != null && n.length() > 2000) {
      problems.add(Problem.at(0, "note", "campaign.error.noteTooLong", 2000));
    }
    if (fileId != null) {
      String filePath = repository.filePath(fileId).orElse(null);
      String unitPath = repository.itemPath(itemId).orElseThrow();
      String campaignPath = repository.campaignPath(repository.itemCampaign(itemId)).orElseThrow();
      boolean ofThisWork = filePath != null && filePath.startsWith(campaignPath)
          && (unitPath.startsWith(filePath) || filePath.startsWith(unitPath));
      if (filePath == null || !(scope.covers(filePath) || scope.isBelow(filePath)) || !ofThisWork) {
        problems.add(Problem.at(0, "fileId", "campaign.error.file", fileId));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    long id = repository.insertEvidence(item.id(), fileId, u, n, scope.username(), clock.instant());
    return repository.evidence(item.id()).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
  }

  @Transactional
  public Comment comment(Scope scope, long itemId, String body) {
    requireWork(scope);
    Item item = requireItem(scope, itemId);
    String b = body == null ? "" : body.strip();
    if (b.isEmpty() || b.length() > 2000) {
      throw new InputRejected(Problem.at(0, "body", "campaign.error.comment", 2000));
    }
    long id = repository.insertComment(item.id(), b, scope.username(), clock.instant());
    return repository.comments(item.id()).stream().filter(c -> c.id() == id).findFirst().orElseThrow();
  }

  /**
   * Adds a task to the campaign for the listed units (towns, attached units, or the area itself), due today or
   * later and within the campaign's dates. Returns the items made.
   */
  @Transactional
  public List<Item> addTask(Scope scope, long campaignId, NewTask task) {
    Campaign c = campaign(scope, campaignId);
    if (!mayManage(scope, campaignId)) {
      throw new OutOfScope("campaign " + campaignId);
    }
    List<Problem> problems = new ArrayList<>();
    String title = task.title() == null ? "" : task.title().strip();
    String requirement = task.requirement() == null ? "" : task.requirement().strip();
    if (title.isEmpty() || title.length() > 200) {
      problems.add(Problem.at(0, "title", "campaign.error.title", 200));
    }
    if (requirement.length() > 4000) {
      problems.add(Problem.at(0, "requirement", "campaign.error.requirement", 4000));
    }
    String recurrence = task.recurrence() == null || task.recurrence().isBlank() ? "once" : task.recurrence();
    if (!RECURRENCES.contains(recurrence)) {
      problems.add(Problem.at(0, "recurrence", "campaign.error.recurrence", recurrence));
    }
    LocalDate due = task.dueOn();
    LocalDate starts = task.startsOn() == null ? (today().isAfter(c.startsOn()) ? today() : c.startsOn()) : task.startsOn();
    if (due == null) {
      problems.add(Problem.at(0, "dueOn", "campaign.error.dueMissing"));
    } else if (due.isBefore(today())) {
      problems.add(Problem.at(0, "dueOn", "campaign.error.duePast", due));
    } else if (due.isAfter(c.endsOn()) || due.isBefore(c.startsOn())) {
      problems.add(Problem.at(0, "dueOn", "campaign.error.dueOutside", due, c.startsOn(), c.endsOn()));
    } else if (starts.isAfter(due) || starts.isBefore(c.startsOn())) {
      problems.add(Problem.at(0, "startsOn", "campaign.error.starts", starts));
    }
    List<Unit> units = units(campaignId);
    Set<String> allowed = new LinkedHashSet<>();
    allowed.add(c.areaCode());
    units.forEach(u -> allowed.add(u.code()));
    List<String> codes = task.unitCodes() == null ? List.of()
        : task.unitCodes().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).distinct().toList();
    if (codes.isEmpty()) {
      problems.add(Problem.at(0, "unitCodes", "campaign.error.noUnits"));
    }
    for (String code : codes) {
      if (!allowed.contains(code)) {
        problems.add(Problem.at(0, "unitCodes", "campaign.error.unknownUnit", code));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    String responsible = String.join(" ", codes.stream().map(code -> code.equals(c.areaCode()) ? c.areaName()
        : units.stream().filter(u -> u.code().equals(code)).findFirst().map(Unit::name).orElse(code)).toList());
    long id = repository.insertTask(campaignId, "task", repository.nextSeq(campaignId), null, null, title, title,
        requirement, requirement, responsible.length() > 500 ? responsible.substring(0, 499) + "…" : responsible,
        recurrence, starts, due, scope.username());
    repository.insertItems(id, campaignId, codes, periods(recurrence, starts, due));
    audit.record(scope.username(), "campaign.task.add", c.areaCode(),
        Map.of("campaign", campaignId, "task", id, "units", codes.size()));
    return repository.items(campaignId, scope.path(), "task", null, today()).stream()
        .filter(i -> i.taskId() == id).toList();
  }

  /** Records an export of the task list (the rows were filtered to the caller's subtree). */
  public void auditExport(Scope scope, long campaignId, String format, int rows) {
    audit.record(scope.username(), "campaign.tasks.export", String.valueOf(campaignId),
        Map.of("format", format, "rows", rows));
  }
}
