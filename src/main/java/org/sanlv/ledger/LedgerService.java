package org.sanlv.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sanlv.campaign.CampaignFiles;
import org.sanlv.campaign.StoredFile;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The problem ledger's rules, all in one place (pages and the API only call this). A problem is recorded where it
 * is ({@code new}), assigned to one person with a deadline (包案到人, {@code assigned}), started ({@code in-progress})
 * and resolved by that person, then closed by someone else with the resident's answer on satisfaction, asked and
 * never assumed; a resolved or closed problem may be reopened. Every change writes a trail event and names the
 * version it saw: a change that lost a race to another is refused (409), nothing half-done.
 *
 * <p>Scope: a problem is reached from its area and from the node of its assignee (a county department's unit sees
 * the town's problem assigned to it); outside both it does not exist (404). The residents' names and phones are
 * masked here unless the caller's role has {@link Permission#LEDGER_PERSONAL_DATA}.
 */
@Service
public class LedgerService {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  public static final int PAGE_SIZE = 50;
  public static final List<String> SOURCES = List.of("visit", "hotline", "case-follow-up", "survey-comment", "other");
  public static final List<String> STATUSES = List.of("new", "assigned", "in-progress", "resolved", "closed",
      "reopened");
  public static final List<String> SATISFACTION = List.of("satisfied", "basically-satisfied", "dissatisfied",
      "unreachable", "declined");
  /** Roles whose accounts may be assigned problems: those with {@link Permission#LEDGER_WORK}. */
  static final List<String> WORKER_ROLES = java.util.Arrays.stream(Role.values())
      .filter(r -> r.may(Permission.LEDGER_WORK)).map(Role::dbValue).toList();
  static final int DESCRIPTION_MAX = 20_000;
  static final int ADDRESS_MAX = 500;
  static final int NAME_MAX = 100;
  static final int NOTE_MAX = 2_000;
  static final int PHOTOS_MAX = 20;
  /** Loose on purpose (landlines with area codes and extensions, +86): digits, +, -, spaces, 5–20 digits. */
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 \\-]*");

  private final LedgerRepository repository;
  private final CampaignFiles files;
  private final AuditLog audit;
  private final Clock clock;

  LedgerService(LedgerRepository repository, CampaignFiles files, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.files = files;
    this.audit = audit;
    this.clock = clock;
  }

  // ---- categories

  /** Every category (retired ones too, marked inactive), in the order the province set, named in the locale. */
  public List<Category> categories(Locale locale) {
    return repository.categories().stream()
        .map(c -> new Category(c.code(), english(locale) ? c.nameEn() : c.nameZh(), c.active())).toList();
  }

  /** A category as the province edits it, with both names. */
  public record CategoryDefinition(String code, String nameZh, String nameEn, Integer sort, Boolean active) {}

  /**
   * Adds a category or changes one (names, order, retired or not): the province's admins only (ORG_WRITE with a
   * province or the whole platform in scope). Categories are never deleted: problems keep theirs.
   */
  @Transactional
  public List<Category> saveCategory(Scope scope, CategoryDefinition d, Locale locale) {
    if (!scope.may(Permission.ORG_WRITE) || !isProvinceOrAbove(scope)) {
      throw new OutOfScope("ledger categories");
    }
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    String code = d.code() == null ? "" : d.code().strip();
    if (!code.matches("[a-z0-9-]{1,40}")) {
      problems.add(problem("code", "ledger.error.categoryCode", code));
    }
    String zh = d.nameZh() == null ? "" : d.nameZh().strip();
    String en = d.nameEn() == null ? "" : d.nameEn().strip();
    if (zh.isEmpty() || zh.length() > 100) {
      problems.add(problem("nameZh", "ledger.error.categoryName"));
    }
    if (en.isEmpty() || en.length() > 100) {
      problems.add(problem("nameEn", "ledger.error.categoryName"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    int sort = d.sort() == null ? repository.category(code).map(LedgerRepository.CategoryRow::sort).orElse(100)
        : Math.max(0, Math.min(d.sort(), 100_000));
    repository.saveCategory(new LedgerRepository.CategoryRow(code, zh, en, sort, d.active() == null || d.active()));
    audit.record(scope.username(), "ledger.category", code, Map.of("nameZh", zh, "nameEn", en, "sort", sort,
        "active", d.active() == null || d.active()));
    return categories(locale);
  }

  private boolean isProvinceOrAbove(Scope scope) {
    return repository.node(scope.nodeCode()).map(n -> n.level().equals("province") || n.level().equals("root"))
        .orElse(false);
  }

  // ---- recording and reading

  /** Records a problem ({@code new}) in an area of the caller's subtree, with its photos. */
  @Transactional
  public Problem record(Scope scope, NewProblem p) {
    require(scope, Permission.LEDGER_WORK);
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    String areaCode = trim(p.areaCode());
    if (areaCode == null) {
      problems.add(problem("areaCode", "ledger.error.areaRequired"));
    } else {
      var node = repository.node(areaCode);
      if (node.isEmpty()) {
        problems.add(problem("areaCode", "ledger.error.unknownArea", areaCode));
      } else if (!scope.covers(node.get().path())) {
        problems.add(problem("areaCode", "ledger.error.areaOutside", areaCode));
      } else if (!List.of("county", "town", "village", "unit").contains(node.get().level())) {
        // a unit: what a department's reporter (whose scope is its unit) finds, placed at the unit
        problems.add(problem("areaCode", "ledger.error.areaLevel", node.get().name()));
      }
    }
    String source = trim(p.source());
    if (source == null || !SOURCES.contains(source)) {
      problems.add(problem("source", "ledger.error.unknownSource", source));
    }
    String category = trim(p.category());
    if (category == null || repository.category(category).filter(LedgerRepository.CategoryRow::active).isEmpty()) {
      problems.add(problem("category", "ledger.error.unknownCategory", category));
    }
    String description = trim(p.description());
    if (description == null) {
      problems.add(problem("description", "ledger.error.descriptionRequired"));
    } else {
      tooLong(problems, "description", description, DESCRIPTION_MAX);
    }
    String address = trim(p.address());
    tooLong(problems, "address", address, ADDRESS_MAX);
    String name = trim(p.residentName());
    tooLong(problems, "residentName", name, NAME_MAX);
    String phone = trim(p.residentPhone());
    if (phone != null && !isPhone(phone)) {
      problems.add(problem("residentPhone", "ledger.error.phone", phone));
    }
    List<Long> photos = photos(scope, p.photoFileIds(), "photoFileIds", problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Instant now = clock.instant();
    long id = repository.insert(new NewProblem(areaCode, address, source, category, description, name, phone,
        photos), scope.username(), now);
    repository.event(id, now, scope.username(), null, "new", null, null, null);
    for (Long fileId : photos) {
      repository.photo(id, fileId, "recorded", scope.username(), now);
    }
    return problem(scope, id, requestLocale());
  }

  /** A problem with its photos and trail; {@link NotFound} when it is not in the caller's reach. */
  public Problem problem(Scope scope, long id, Locale locale) {
    LedgerRepository.Row row = visible(scope, id);
    return toProblem(scope, row, locale, repository.photos(id), repository.trail(id));
  }

  /** A page of 50 problems the caller reaches, newest first (no photos, no trail). */
  public List<Problem> problems(Scope scope, ProblemFilter f, Locale locale) {
    LedgerRepository.Where where = where(scope, f);
    int page = Math.max(0, Math.min(f.page(), 100_000));
    return repository.list(where, PAGE_SIZE, (long) page * PAGE_SIZE).stream()
        .map(r -> toProblem(scope, r, locale, List.of(), List.of())).toList();
  }

  /** How many problems the filter holds in the caller's subtree (its pages' total). */
  public long count(Scope scope, ProblemFilter f) {
    return repository.count(where(scope, f));
  }

  /** Up to {@code limit} problems of the filter from its first page on (exports), newest first. */
  List<Problem> allProblems(Scope scope, ProblemFilter f, Locale locale, int limit) {
    return repository.list(where(scope, f), limit, 0).stream()
        .map(r -> toProblem(scope, r, locale, List.of(), List.of())).toList();
  }

  private LedgerRepository.Where where(Scope scope, ProblemFilter f) {
    require(scope, Permission.LEDGER_READ);
    String areaPath = null;
    if (trim(f.areaCode()) != null) {
      areaPath = repository.node(f.areaCode().strip()).map(LedgerRepository.Node::path)
          .orElseThrow(() -> new InputRejected(problem("area", "ledger.error.unknownArea", f.areaCode())));
    }
    String ownerPath = null;
    if (trim(f.ownerCode()) != null) {
      ownerPath = repository.node(f.ownerCode().strip()).map(LedgerRepository.Node::path)
          .orElseThrow(() -> new InputRejected(problem("owner", "ledger.error.unknownArea", f.ownerCode())));
    }
    String status = trim(f.status());
    if (status != null && !status.equals("open") && !STATUSES.contains(status)) {
      throw new InputRejected(problem("status", "ledger.error.unknownStatus", status));
    }
    String source = trim(f.source());
    if (source != null && !SOURCES.contains(source)) {
      throw new InputRejected(problem("source", "ledger.error.unknownSource", source));
    }
    checkPeriod(f.from(), f.to());
    return LedgerRepository.where(scope.path(), areaPath, ownerPath, trim(f.assignee()), status, trim(f.category()),
        source, f.overdue(), today(), f.from() == null ? null : startOf(f.from()),
        f.to() == null ? null : startOf(f.to().plusDays(1)));
  }

  // ---- assignment and work

  /** Who the problem may be assigned to: enabled accounts that work problems, inside the problem's county. */
  public List<Assignee> assignees(Scope scope, long problemId) {
    require(scope, Permission.LEDGER_WORK);
    return assigneesOf(visible(scope, problemId));
  }

  private List<Assignee> assigneesOf(LedgerRepository.Row row) {
    return repository.countyOf(row.areaPath())
        .map(county -> repository.accountsUnder(county.path(), WORKER_ROLES)).orElse(List.of());
  }

  /**
   * Assigns the problem to one person with a deadline (a China date, today or later): from {@code new} or
   * {@code reopened}, or again (another person, another deadline) while it is {@code assigned} or {@code in-progress}.
   * The assigner's scope must cover the problem's area.
   */
  @Transactional
  public Problem assign(Scope scope, long id, int version, String assignee, LocalDate deadline, String note) {
    require(scope, Permission.LEDGER_WORK);
    LedgerRepository.Row row = visible(scope, id);
    coversArea(scope, row);
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    String who = trim(assignee);
    Assignee chosen = who == null ? null
        : assigneesOf(row).stream().filter(a -> a.username().equals(who)).findFirst().orElse(null);
    if (chosen == null) {
      problems.add(problem("assignee", "ledger.error.assignee", who));
    }
    if (deadline == null) {
      problems.add(problem("deadline", "ledger.error.deadlineRequired"));
    } else if (deadline.isBefore(today())) {
      problems.add(problem("deadline", "ledger.error.deadlinePast", deadline.toString(), today().toString()));
    } else if (deadline.isAfter(today().plusYears(5))) {
      problems.add(problem("deadline", "ledger.error.deadlineFar", deadline.toString()));
    }
    String text = trim(note);
    tooLong(problems, "note", text, NOTE_MAX);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    expect(row, version, "new", "reopened", "assigned", "in-progress");
    Instant now = clock.instant();
    change(row, version, "assigned", now, """
        assignee = ?, owner_code = ?, deadline = ?, assigned_at = ?, resolution = null, resolved_by = null,
        resolved_at = null, satisfaction = null, closed_by = null, closed_at = null""",
        chosen.username(), chosen.nodeCode(), java.sql.Date.valueOf(deadline), java.sql.Timestamp.from(now));
    repository.event(id, now, scope.username(), row.status(), "assigned", chosen.username(), deadline, text);
    return problem(scope, id, requestLocale());
  }

  /** The assignee starts work on an assigned or reopened problem. */
  @Transactional
  public Problem start(Scope scope, long id, int version) {
    require(scope, Permission.LEDGER_WORK);
    LedgerRepository.Row row = visible(scope, id);
    assigneeOnly(scope, row);
    expect(row, version, "assigned", "reopened");
    Instant now = clock.instant();
    change(row, version, "in-progress", now, "");
    repository.event(id, now, scope.username(), row.status(), "in-progress", null, null, null);
    return problem(scope, id, requestLocale());
  }

  /** The assignee reports the problem solved: what was done (required), with photos as proof (optional). */
  @Transactional
  public Problem resolve(Scope scope, long id, int version, String resolution, List<Long> photoFileIds) {
    require(scope, Permission.LEDGER_WORK);
    LedgerRepository.Row row = visible(scope, id);
    assigneeOnly(scope, row);
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    String text = trim(resolution);
    if (text == null) {
      problems.add(problem("resolution", "ledger.error.resolutionRequired"));
    } else {
      tooLong(problems, "resolution", text, DESCRIPTION_MAX);
    }
    List<Long> photos = photos(scope, photoFileIds, "photoFileIds", problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    expect(row, version, "in-progress");
    Instant now = clock.instant();
    change(row, version, "resolved", now, "resolution = ?, resolved_by = ?, resolved_at = ?", text,
        scope.username(), java.sql.Timestamp.from(now));
    repository.event(id, now, scope.username(), row.status(), "resolved", null, null, text);
    for (Long fileId : photos) {
      repository.photo(id, fileId, "resolved", scope.username(), now);
    }
    return problem(scope, id, requestLocale());
  }

  /**
   * Closes a resolved problem with the resident's answer on satisfaction (asked, never defaulted). Not by the person
   * who resolved it; the closer's scope must cover the problem's area.
   */
  @Transactional
  public Problem close(Scope scope, long id, int version, String satisfaction, String note) {
    require(scope, Permission.LEDGER_WORK);
    LedgerRepository.Row row = visible(scope, id);
    coversArea(scope, row);
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    String answer = trim(satisfaction);
    if (answer == null || !SATISFACTION.contains(answer)) {
      problems.add(problem("satisfaction", answer == null ? "ledger.error.satisfactionRequired"
          : "ledger.error.satisfaction", answer));
    }
    String text = trim(note);
    tooLong(problems, "note", text, NOTE_MAX);
    if (row.version() == version && !row.status().equals("resolved")) {
      problems.add(problem("status", row.resolution() == null ? "ledger.error.noResolution"
          : "ledger.error.notResolved", statusTerm(row.status())));
    }
    if (row.version() == version && scope.username().equals(row.resolvedBy())) {
      problems.add(problem("status", "ledger.error.closeOwn"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    expect(row, version, "resolved");
    Instant now = clock.instant();
    change(row, version, "closed", now, "satisfaction = ?, closed_by = ?, closed_at = ?", answer, scope.username(),
        java.sql.Timestamp.from(now));
    repository.event(id, now, scope.username(), row.status(), "closed", null, null,
        text == null ? answer : answer + ": " + text);
    return problem(scope, id, requestLocale());
  }

  /**
   * Reopens a resolved or closed problem (the reason is required): its resolution and satisfaction are cleared from
   * the problem (the trail keeps them); the assignee starts again or it is assigned anew.
   */
  @Transactional
  public Problem reopen(Scope scope, long id, int version, String reason) {
    require(scope, Permission.LEDGER_WORK);
    LedgerRepository.Row row = visible(scope, id);
    coversArea(scope, row);
    String text = trim(reason);
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    if (text == null) {
      problems.add(problem("reason", "ledger.error.reasonRequired"));
    } else {
      tooLong(problems, "reason", text, NOTE_MAX);
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    expect(row, version, "resolved", "closed");
    Instant now = clock.instant();
    change(row, version, "reopened", now, """
        resolution = null, resolved_by = null, resolved_at = null, satisfaction = null, closed_by = null,
        closed_at = null""");
    repository.event(id, now, scope.username(), row.status(), "reopened", null, null, text);
    return problem(scope, id, requestLocale());
  }

  // ---- photos

  /**
   * A photo of a problem the caller reaches (checked against the problem, not the file's area: the department an
   * assignee works in sees the town's photos); {@link NotFound} unless the file is attached to that problem.
   */
  public org.sanlv.campaign.FileContent photo(Scope scope, long problemId, long fileId, boolean thumbnail) {
    require(scope, Permission.LEDGER_READ);
    visible(scope, problemId);
    if (!repository.hasPhoto(problemId, fileId)) {
      throw new NotFound("photo " + fileId + " of problem " + problemId);
    }
    return files.contentOfChecked(fileId, thumbnail);
  }

  // ---- statistics

  /**
   * The figures of the area (the caller's node when null) from {@code from} to {@code to} (China dates, inclusive;
   * by default the last 12 months), per month × child area × category, in one query.
   */
  public Statistics statistics(Scope scope, String areaCode, LocalDate from, LocalDate to, Locale locale) {
    require(scope, Permission.LEDGER_READ);
    String code = trim(areaCode) == null ? scope.nodeCode() : areaCode.strip();
    LedgerRepository.Node area = repository.node(code)
        .orElseThrow(() -> new InputRejected(problem("area", "ledger.error.unknownArea", code)));
    if (!scope.covers(area.path())) {
      throw new OutOfScope(code);
    }
    LocalDate today = today();
    LocalDate last = to == null ? today : to;
    LocalDate first = from == null ? YearMonth.from(last).minusMonths(11).atDay(1) : from;
    checkPeriod(first, last);
    // a province's rows are its counties (the units assessed), not its cities
    int depth = area.level().equals("province") ? 2 : 1;
    List<LedgerRepository.StatRow> rows = repository.statistics(scope.path(), area.path(), area.code(), depth,
        startOf(first), startOf(last.plusDays(1)), today);
    List<String> months = new ArrayList<>();
    for (YearMonth m = YearMonth.from(first); !m.isAfter(YearMonth.from(last)); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    List<Statistics.Cell> cells = new ArrayList<>();
    List<Statistics.Cell> byMonth = new ArrayList<>();
    List<Statistics.Cell> byArea = new ArrayList<>();
    List<Statistics.Cell> byCategory = new ArrayList<>();
    Statistics.Cell total = new Statistics.Cell(null, null, null, 0, 0, 0, 0, 0, null, satisfaction(null));
    Set<String> childCodes = new LinkedHashSet<>();
    for (LedgerRepository.StatRow r : rows) {
      Statistics.Cell c = new Statistics.Cell(r.month(), r.child(), r.category(), r.recorded(), r.resolved(),
          r.closed(), r.open(), r.overdue(), r.median() == null ? null : Math.round(r.median() * 10) / 10.0,
          satisfaction(r));
      if (r.month() != null && r.child() != null && r.category() != null) {
        cells.add(c);
      } else if (r.month() != null) {
        byMonth.add(c);
      } else if (r.child() != null) {
        byArea.add(c);
        childCodes.add(r.child());
      } else if (r.category() != null) {
        byCategory.add(c);
      } else {
        total = c;
      }
    }
    java.util.Comparator<Statistics.Cell> byMonthOrder = java.util.Comparator.comparing(Statistics.Cell::month);
    byMonth.sort(byMonthOrder);
    List<Statistics.Area> areas = repository.nodes(new ArrayList<>(childCodes)).stream()
        .map(n -> new Statistics.Area(n.code(), n.name())).toList();
    List<String> order = areas.stream().map(Statistics.Area::code).toList();
    byArea.sort(java.util.Comparator.comparingInt(c -> order.indexOf(c.areaCode())));
    List<Category> categories = categories(locale);
    List<String> categoryOrder = categories.stream().map(Category::code).toList();
    byCategory.sort(java.util.Comparator.comparingInt(c -> categoryOrder.indexOf(c.category())));
    cells.sort(byMonthOrder.thenComparingInt(c -> order.indexOf(c.areaCode()))
        .thenComparingInt(c -> categoryOrder.indexOf(c.category())));
    return new Statistics(area.code(), area.name(), first, last, months, areas, categories, cells, byMonth, byArea,
        byCategory, total);
  }

  private static Map<String, Long> satisfaction(LedgerRepository.StatRow r) {
    Map<String, Long> m = new LinkedHashMap<>();
    long[] counts = r == null ? new long[5] : new long[] {r.satisfied(), r.basicallySatisfied(), r.dissatisfied(),
        r.unreachable(), r.declined()};
    for (int i = 0; i < SATISFACTION.size(); i++) {
      m.put(SATISFACTION.get(i), counts[i]);
    }
    return m;
  }

  /** Records an export of the ledger in the audit log (who, which filter, how many rows, masked or not). */
  void auditExport(Scope scope, String format, ProblemFilter f, int rows) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("format", format);
    detail.put("rows", rows);
    detail.put("masked", !scope.may(Permission.LEDGER_PERSONAL_DATA));
    detail.put("area", f.areaCode() == null ? scope.nodeCode() : f.areaCode());
    if (f.status() != null) {
      detail.put("status", f.status());
    }
    if (f.category() != null) {
      detail.put("category", f.category());
    }
    audit.record(scope.username(), "ledger.export", f.areaCode() == null ? scope.nodeCode() : f.areaCode(), detail);
  }

  // ---- helpers

  /** Today in China, from the injected clock. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), CHINA);
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(CHINA).toInstant();
  }

  private static void checkPeriod(LocalDate from, LocalDate to) {
    if (from != null && to != null && (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 366 * 10)) {
      throw new InputRejected(problem("to", "ledger.error.period", from.toString(), to.toString()));
    }
  }

  private static void require(Scope scope, Permission permission) {
    if (!scope.may(permission)) {
      throw new OutOfScope(permission.name());
    }
  }

  /** The problem's row when the caller's scope covers its area or its owner; outside it does not exist. */
  private LedgerRepository.Row visible(Scope scope, long id) {
    require(scope, Permission.LEDGER_READ);
    LedgerRepository.Row row = repository.find(id).orElseThrow(() -> new NotFound("problem " + id));
    if (!scope.covers(row.areaPath()) && !scope.covers(row.ownerPath())) {
      throw new NotFound("problem " + id);
    }
    return row;
  }

  /** Assigning, closing and reopening are the area's business: the owner's unit works it but does not decide. */
  private static void coversArea(Scope scope, LedgerRepository.Row row) {
    if (!scope.covers(row.areaPath())) {
      throw new OutOfScope("problem " + row.id() + " area " + row.areaCode());
    }
  }

  private static void assigneeOnly(Scope scope, LedgerRepository.Row row) {
    if (!scope.username().equals(row.assignee())) {
      throw new InputRejected(problem("assignee", "ledger.error.notAssignee"));
    }
  }

  /**
   * The version the caller saw must still be the problem's (409 otherwise: somebody changed it meanwhile), and the
   * status must allow the change (400).
   */
  private static void expect(LedgerRepository.Row row, int version, String... statuses) {
    if (row.version() != version) {
      throw new InputConflict(problem("version", "ledger.error.conflict"));
    }
    if (!List.of(statuses).contains(row.status())) {
      throw new InputRejected(problem("status", "ledger.error.status", statusTerm(row.status())));
    }
  }

  private void change(LedgerRepository.Row row, int version, String to, Instant now, String set, Object... params) {
    if (!repository.transition(row.id(), row.status(), version, to, now, set, params)) {
      throw new InputConflict(problem("version", "ledger.error.conflict"));
    }
  }

  private List<Long> photos(Scope scope, List<Long> ids, String field, List<org.sanlv.platform.Problem> problems) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    List<Long> distinct = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
    if (distinct.size() > PHOTOS_MAX) {
      problems.add(problem(field, "ledger.error.tooManyPhotos", PHOTOS_MAX));
      return List.of();
    }
    for (Long fileId : distinct) {
      try {
        StoredFile file = files.file(scope, fileId);
        if (!file.isImage()) {
          problems.add(problem(field, "ledger.error.photoType", file.originalName()));
        }
      } catch (NotFound e) {
        problems.add(problem(field, "ledger.error.photo", fileId));
      }
    }
    return distinct;
  }

  private Problem toProblem(Scope scope, LedgerRepository.Row r, Locale locale, List<Photo> photos,
      List<Event> trail) {
    boolean masked = !scope.may(Permission.LEDGER_PERSONAL_DATA);
    boolean overdue = r.deadline() != null && LedgerRepository.WORKING.contains(r.status())
        && r.deadline().isBefore(today());
    return new Problem(r.id(), r.areaCode(), r.areaName(), r.address(), r.source(), r.category(),
        english(locale) ? r.categoryEn() : r.categoryZh(), r.description(),
        masked ? maskName(r.residentName()) : r.residentName(), masked ? maskPhone(r.residentPhone()) : r.residentPhone(),
        masked, r.recordedBy(), r.recordedByName(), r.recordedAt(), r.status(), r.assignee(), r.assigneeName(),
        r.ownerCode(), r.ownerName(), r.deadline(), overdue, r.resolution(), r.resolvedBy(), r.resolvedAt(),
        r.satisfaction(), r.closedBy(), r.closedAt(), r.version(), photos, trail);
  }

  /** {@code 张三} → {@code 张*}, {@code 欧阳娜娜} → {@code 欧***}: the family name's first character stays. */
  static String maskName(String name) {
    if (name == null || name.isEmpty()) {
      return name;
    }
    int first = name.offsetByCodePoints(0, 1);
    int rest = name.codePointCount(first, name.length());
    return rest == 0 ? "*" : name.substring(0, first) + "*".repeat(rest);
  }

  /** {@code 13812345678} → {@code 138****5678}: the first three and last four digits stay, the others are starred. */
  static String maskPhone(String phone) {
    if (phone == null || phone.isEmpty()) {
      return phone;
    }
    long digits = phone.chars().filter(Character::isDigit).count();
    long keepHead = digits >= 11 ? 3 : digits >= 8 ? 2 : 0;
    long keepTail = digits >= 8 ? 4 : digits >= 5 ? 2 : 0;
    StringBuilder out = new StringBuilder();
    long seen = 0;
    for (char ch : phone.toCharArray()) {
      if (Character.isDigit(ch)) {
        out.append(seen < keepHead || seen >= digits - keepTail ? ch : '*');
        seen++;
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  static boolean isPhone(String phone) {
    if (phone.length() > 40 || !PHONE.matcher(phone).matches()) {
      return false;
    }
    long digits = phone.chars().filter(Character::isDigit).count();
    return digits >= 5 && digits <= 20;
  }

  /** A status as the reader says it (新登记, 处理中…), for error messages. */
  static Object statusTerm(String status) {
    return org.sanlv.platform.Problem.term("ledger.status." + status);
  }

  /** The request's language for what a change returns; Chinese outside a request (the platform's language). */
  private static Locale requestLocale() {
    return LocaleContextHolder.getLocaleContext() == null ? Locale.SIMPLIFIED_CHINESE : LocaleContextHolder.getLocale();
  }

  private static boolean english(Locale locale) {
    return locale != null && "en".equals(locale.getLanguage());
  }

  private static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static void tooLong(List<org.sanlv.platform.Problem> problems, String field, String value, int max) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      problems.add(problem(field, "ledger.error.tooLong", max));
    }
  }

  private static org.sanlv.platform.Problem problem(String field, String key, Object... args) {
    return org.sanlv.platform.Problem.at(0, field, key, args);
  }
}
