package org.sanlv.ledger;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The problem ledger over JSON: a translation of HTTP to {@link LedgerService}, which holds every rule. */
@RestController
@Requires(Permission.LEDGER_READ)
class LedgerApiController {

  private final LedgerService ledger;

  LedgerApiController(LedgerService ledger) {
    this.ledger = ledger;
  }

  record AssignRequest(Integer version, String assignee, LocalDate deadline, String note) {}

  record VersionRequest(Integer version) {}

  record ResolveRequest(Integer version, String resolution, List<Long> photoFileIds) {}

  record CloseRequest(Integer version, String satisfaction, String note) {}

  record ReopenRequest(Integer version, String reason) {}

  @GetMapping("/api/v1/ledger/categories")
  @Operation(summary = "The problem categories (retired ones marked inactive), named in the request's language")
  List<Category> categories() {
    return ledger.categories(locale());
  }

  @PostMapping("/api/v1/ledger/categories")
  @Requires(Permission.ORG_WRITE)
  @Operation(summary = "Add or change a category (code, nameZh, nameEn, sort, active): the province's admins only; "
      + "a category is retired (active false), never deleted")
  List<Category> saveCategory(Scope scope, @RequestBody LedgerService.CategoryDefinition definition) {
    return ledger.saveCategory(scope, definition, locale());
  }

  @GetMapping("/api/v1/ledger/problems")
  @Operation(summary = "A page of 50 problems reachable by the caller, newest first; filters: area (subtree), owner "
      + "(unit subtree), assignee, status (or open), category, source, overdue, from/to (China dates of recording), page (0-)")
  List<Problem> list(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(required = false) String owner, @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String status, @RequestParam(required = false) String category,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "0") int page) {
    return ledger.problems(scope, new ProblemFilter(area, owner, assignee, status, category, source, overdue, from, to, page),
        locale());
  }

  @PostMapping("/api/v1/ledger/problems")
  @Requires(Permission.LEDGER_WORK)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record a problem (status new): areaCode, address, source, category, description, "
      + "residentName, residentPhone, photoFileIds (uploaded first through POST /api/v1/campaign/files)")
  Problem record(Scope scope, @RequestBody NewProblem problem) {
    return ledger.record(scope, problem);
  }

  @GetMapping("/api/v1/ledger/problems/{problemId}")
  @Operation(summary = "A problem with its photos and status trail (personal data masked without the right)")
  Problem get(Scope scope, @PathVariable long problemId) {
    return ledger.problem(scope, problemId, locale());
  }

  @GetMapping("/api/v1/ledger/problems/{problemId}/assignees")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "The accounts the problem may be assigned to: enabled, working problems, in its county")
  List<Assignee> assignees(Scope scope, @PathVariable long problemId) {
    return ledger.assignees(scope, problemId);
  }

  @PostMapping("/api/v1/ledger/problems/{problemId}/assign")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "Assign to one person with a deadline (China date, today or later): version, assignee, "
      + "deadline, note")
  Problem assign(Scope scope, @PathVariable long problemId, @RequestBody AssignRequest r) {
    return ledger.assign(scope, problemId, version(r.version()), r.assignee(), r.deadline(), r.note());
  }

  @PostMapping("/api/v1/ledger/problems/{problemId}/start")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "The assignee starts work: version")
  Problem start(Scope scope, @PathVariable long problemId, @RequestBody VersionRequest r) {
    return ledger.start(scope, problemId, version(r.version()));
  }

  @PostMapping("/api/v1/ledger/problems/{problemId}/resolve")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "The assignee reports the resolution: version, resolution (required), photoFileIds")
  Problem resolve(Scope scope, @PathVariable long problemId, @RequestBody ResolveRequest r) {
    return ledger.resolve(scope, problemId, version(r.version()), r.resolution(), r.photoFileIds());
  }

  @PostMapping("/api/v1/ledger/problems/{problemId}/close")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "Close a resolved problem with the resident's satisfaction (satisfied, basically-satisfied, "
      + "dissatisfied, unreachable, declined; asked, never defaulted): version, satisfaction, note")
  Problem close(Scope scope, @PathVariable long problemId, @RequestBody CloseRequest r) {
    return ledger.close(scope, problemId, version(r.version()), r.satisfaction(), r.note());
  }

  @PostMapping("/api/v1/ledger/problems/{problemId}/reopen")
  @Requires(Permission.LEDGER_WORK)
  @Operation(summary = "Reopen a resolved or closed problem: version, reason (required)")
  Problem reopen(Scope scope, @PathVariable long problemId, @RequestBody ReopenRequest r) {
    return ledger.reopen(scope, problemId, version(r.version()), r.reason());
  }

  @GetMapping("/api/v1/ledger/statistics")
  @Operation(summary = "Figures per month × child area × category with margins: area (default the caller's node), "
      + "from/to (China dates, default the last 12 months)")
  Statistics statistics(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    return ledger.statistics(scope, area, from, to, locale());
  }

  private static int version(Integer version) {
    if (version == null) {
      throw new InputRejected(org.sanlv.platform.Problem.at(0, "version", "import.error.required"));
    }
    return version;
  }

  private static Locale locale() {
    return LocaleContextHolder.getLocale();
  }
}
