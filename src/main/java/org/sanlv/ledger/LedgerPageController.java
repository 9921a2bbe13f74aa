package org.sanlv.ledger;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The problem ledger's pages (台账, seed 2 "建立台账，包案到人"): the lists, the form that records a problem, a problem
 * with its trail and the actions the caller may take now, the statistics. Every rule is {@link LedgerService}'s: the
 * pages translate forms to its calls and show its refusals on the form.
 */
@Controller
@Requires(Permission.LEDGER_READ)
class LedgerPageController {

  static final List<String> TABS = List.of("all", "mine", "unit", "overdue");
  static final List<String> STATUSES = LedgerService.STATUSES;
  static final List<String> SOURCES = LedgerService.SOURCES;
  static final int PAGE_SIZE = LedgerService.PAGE_SIZE;
  /** Asked at closing, never assumed: the form offers all five and selects none. */
  static final List<String> SATISFACTIONS = LedgerService.SATISFACTION;

  private final LedgerService ledger;
  private final OrgService areas;

  LedgerPageController(LedgerService ledger, OrgService areas) {
    this.ledger = ledger;
    this.areas = areas;
  }

  @GetMapping("/ledger")
  String list(Scope scope, @RequestParam Map<String, String> params, Locale locale, Model model,
      HttpServletResponse response) {
    String tab = params.get("tab") != null && TABS.contains(params.get("tab")) ? params.get("tab") : "all";
    if (!scope.may(Permission.LEDGER_WORK) && ("mine".equals(tab) || "unit".equals(tab))) {
      tab = "all"; // nothing is assigned to a reader
    }
    String area = blankToNull(params.get("area"));
    String status = blankToNull(params.get("status"));
    String category = blankToNull(params.get("category"));
    String source = blankToNull(params.get("source"));
    model.addAttribute("tab", tab);
    model.addAttribute("tabs", TABS);
    model.addAttribute("params", params);
    model.addAttribute("categories", ledger.categories(locale));
    model.addAttribute("statuses", STATUSES);
    model.addAttribute("sources", SOURCES);
    model.addAttribute("mayWork", scope.may(Permission.LEDGER_WORK));
    model.addAttribute("areaFound", areas.withTrail(scope, area == null ? scope.nodeCode() : area).orElse(null));
    model.addAttribute("exportQuery", exportQuery(tab, scope, area, status, category, source, params));
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    LocalDate from = date(params.get("from"), "from", problems);
    LocalDate to = date(params.get("to"), "to", problems);
    int page = page(params.get("page"), problems);
    model.addAttribute("page", page);
    if (area != null && model.getAttribute("areaFound") == null) {
      problems.add(org.sanlv.platform.Problem.at(0, "area", "ledger.page.error.area", area));
    }
    List<Problem> rows = List.of();
    long total = 0;
    if (problems.isEmpty()) {
      try {
        ProblemFilter f = new ProblemFilter(area, "unit".equals(tab) ? scope.nodeCode() : null,
            "mine".equals(tab) ? scope.username() : null, status, category, source,
            "overdue".equals(tab) ? Boolean.TRUE : null, from, to, page - 1);
        rows = ledger.problems(scope, f, locale);
        total = ledger.count(scope, f);
      } catch (InputRejected e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      model.addAttribute("problems", problems);
      response.setStatus(400);
    }
    model.addAttribute("rows", rows);
    model.addAttribute("total", total);
    model.addAttribute("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
    model.addAttribute("hasNext", (long) page * PAGE_SIZE < total);
    return "ledger/list";
  }

  @GetMapping("/ledger/new")
  @Requires(Permission.LEDGER_WORK)
  String newForm(Scope scope, Locale locale, Model model) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("areaCode", scope.nodeCode());
    return form(scope, values, locale, model);
  }

  private String form(Scope scope, Map<String, String> values, Locale locale, Model model) {
    model.addAttribute("values", values);
    model.addAttribute("areaFound", areas.withTrail(scope, values.get("areaCode")).orElse(null));
    model.addAttribute("categories", ledger.categories(locale).stream().filter(Category::active).toList());
    model.addAttribute("sources", SOURCES);
    model.addAttribute("uploadArea", scope.nodeCode());
    return "ledger/new";
  }

  @PostMapping("/ledger/problems")
  @Requires(Permission.LEDGER_WORK)
  String record(Scope scope, @RequestParam MultiValueMap<String, String> all, Locale locale, Model model,
      HttpServletResponse response) {
    Map<String, String> form = all.toSingleValueMap();
    try {
      Problem p = ledger.record(scope, new NewProblem(form.get("areaCode"), form.get("address"),
          form.get("source"), form.get("category"), form.get("description"), form.get("residentName"),
          form.get("residentPhone"), fileIds(all.get("fileIds"))));
      return "redirect:/ledger/problems/" + p.id() + "?done=record";
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(e instanceof InputConflict ? 409 : 400);
      // photos already uploaded stay with the form (ticked), so a typo does not cost the upload
      try {
        model.addAttribute("keptFiles", fileIds(all.get("fileIds")));
      } catch (InputRejected notNumbers) {
        model.addAttribute("keptFiles", List.of());
      }
      return form(scope, new LinkedHashMap<>(form), locale, model);
    }
  }

  @GetMapping("/ledger/problems/{problemId}")
  String problem(Scope scope, @PathVariable long problemId, Locale locale, Model model) {
    return page(scope, ledger.problem(scope, problemId, locale), model);
  }

  private String page(Scope scope, Problem p, Model model) {
    LocalDate today = ledger.today();
    model.addAttribute("p", p);
    model.addAttribute("today", today);
    model.addAttribute("overdueDays", p.overdue() && p.deadline() != null
        ? java.time.temporal.ChronoUnit.DAYS.between(p.deadline(), today) : 0L);
    model.addAttribute("satisfactions", SATISFACTIONS);
    model.addAttribute("uploadArea", scope.nodeCode());
    boolean works = scope.may(Permission.LEDGER_WORK);
    boolean assignee = scope.username().equals(p.assignee());
    // the assigner, closer and reopener need the problem's area in their scope (a department assignee does not have it)
    boolean coversArea = works && areas.withTrail(scope, p.areaCode()).isPresent();
    String s = p.status();
    // Which forms to offer: the service checks each again (and says why not); these only keep the page short.
    boolean mayAssign = coversArea && List.of("new", "reopened", "assigned", "in-progress").contains(s);
    model.addAttribute("mayAssign", mayAssign);
    model.addAttribute("mayStart", works && assignee && (s.equals("assigned") || s.equals("reopened")));
    model.addAttribute("mayResolve", works && assignee && s.equals("in-progress"));
    model.addAttribute("mayClose", coversArea && s.equals("resolved") && !scope.username().equals(p.resolvedBy()));
    model.addAttribute("mayReopen", coversArea && (s.equals("resolved") || s.equals("closed")));
    model.addAttribute("assignees", mayAssign ? ledger.assignees(scope, p.id()) : List.of());
    model.addAttribute("trail", p.trail().stream().map(TrailLine::of).toList());
    model.addAttribute("recordedPhotos", p.photos().stream().filter(x -> "recorded".equals(x.stage())).toList());
    model.addAttribute("resolvedPhotos", p.photos().stream().filter(x -> "resolved".equals(x.stage())).toList());
    if (!model.containsAttribute("values")) {
      model.addAttribute("values", Map.of());
    }
    return "ledger/problem";
  }

  @PostMapping("/ledger/problems/{problemId}/assign")
  @Requires(Permission.LEDGER_WORK)
  String assign(Scope scope, @PathVariable long problemId, @RequestParam Map<String, String> form, Locale locale,
      Model model, HttpServletResponse response) {
    return act(scope, problemId, "assign", form, locale, model, response, () -> {
      List<org.sanlv.platform.Problem> problems = new ArrayList<>();
      LocalDate deadline = date(form.get("deadline"), "deadline", problems);
      if (!problems.isEmpty()) {
        throw new InputRejected(problems);
      }
      return ledger.assign(scope, problemId, version(form), form.get("assignee"), deadline, form.get("note"));
    });
  }

  @PostMapping("/ledger/problems/{problemId}/start")
  @Requires(Permission.LEDGER_WORK)
  String start(Scope scope, @PathVariable long problemId, @RequestParam Map<String, String> form, Locale locale,
      Model model, HttpServletResponse response) {
    return act(scope, problemId, "start", form, locale, model, response,
        () -> ledger.start(scope, problemId, version(form)));
  }

  @PostMapping("/ledger/problems/{problemId}/resolve")
  @Requires(Permission.LEDGER_WORK)
  String resolve(Scope scope, @PathVariable long problemId, @RequestParam MultiValueMap<String, String> all,
      Locale locale, Model model, HttpServletResponse response) {
    Map<String, String> form = all.toSingleValueMap();
    return act(scope, problemId, "resolve", form, locale, model, response,
        () -> ledger.resolve(scope, problemId, version(form), form.get("resolution"), fileIds(all.get("fileIds"))));
  }

  @PostMapping("/ledger/problems/{problemId}/close")
  @Requires(Permission.LEDGER_WORK)
  String close(Scope scope, @PathVariable long problemId, @RequestParam Map<String, String> form, Locale locale,
      Model model, HttpServletResponse response) {
    return act(scope, problemId, "close", form, locale, model, response,
        () -> ledger.close(scope, problemId, version(form), blankToNull(form.get("satisfaction")), form.get("note")));
  }

  @PostMapping("/ledger/problems/{problemId}/reopen")
  @Requires(Permission.LEDGER_WORK)
  String reopen(Scope scope, @PathVariable long problemId, @RequestParam Map<String, String> form, Locale locale,
      Model model, HttpServletResponse response) {
    return act(scope, problemId, "reopen", form, locale, model, response,
        () -> ledger.reopen(scope, problemId, version(form), form.get("reason")));
  }

  /** Runs one transition; a refusal shows the problem again with the error on the form and what was typed. */
  private String act(Scope scope, long problemId, String action, Map<String, String> form, Locale locale, Model model,
      HttpServletResponse response, Supplier<Problem> transition) {
    try {
      Problem p = transition.get();
      return "redirect:/ledger/problems/" + p.id() + "?done=" + action;
    } catch (InputRejected e) {
      Problem current = ledger.problem(scope, problemId, locale);
      model.addAttribute("problems", e.problems());
      model.addAttribute("values", form);
      response.setStatus(e instanceof InputConflict ? 409 : 400);
      String view = page(scope, current, model);
      // the error shows on the failing form, or at the top when that form is gone (the problem moved on)
      String shown = "may" + Character.toUpperCase(action.charAt(0)) + action.substring(1);
      if (Boolean.TRUE.equals(model.getAttribute(shown))) {
        model.addAttribute("failed", action);
      }
      return view;
    }
  }

  /** The statistics' default period: this month and the five before it (China months). */
  static final int DEFAULT_MONTHS = 6;
  /** The months the statistics' selects offer: three years back from this month. */
  static final int MONTHS_OFFERED = 36;

  @GetMapping("/ledger/statistics")
  String statistics(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to, Locale locale,
      Model model, HttpServletResponse response) {
    YearMonth now = YearMonth.from(ledger.today());
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    YearMonth first = month(from, "from", problems);
    YearMonth last = month(to, "to", problems);
    last = last == null ? now : last;
    first = first == null ? last.minusMonths(DEFAULT_MONTHS - 1) : first;
    String areaCode = blankToNull(area) == null ? scope.nodeCode() : area.strip();
    model.addAttribute("from", first.toString());
    model.addAttribute("to", last.toString());
    // months to choose from as plain "2026-11" (a month input shows the browser's language, not the page's)
    List<String> months = new ArrayList<>();
    for (YearMonth m = now; !m.isBefore(now.minusMonths(MONTHS_OFFERED - 1)); m = m.minusMonths(1)) {
      months.add(m.toString());
    }
    for (YearMonth chosen : List.of(first, last)) {
      if (!months.contains(chosen.toString())) {
        months.add(chosen.toString());
      }
    }
    months.sort(java.util.Comparator.reverseOrder());
    model.addAttribute("monthOptions", months);
    model.addAttribute("areaFound", areas.withTrail(scope, areaCode).orElse(null));
    model.addAttribute("area", areaCode);
    model.addAttribute("satisfactions", SATISFACTIONS);
    if (model.getAttribute("areaFound") == null) {
      problems.add(org.sanlv.platform.Problem.at(0, "area", "ledger.page.error.area", areaCode));
    }
    Statistics stats = null;
    if (problems.isEmpty()) {
      try {
        stats = ledger.statistics(scope, areaCode, first.atDay(1), last.atEndOfMonth(), locale);
      } catch (InputRejected e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      model.addAttribute("problems", problems);
      response.setStatus(400);
    }
    model.addAttribute("stats", stats);
    if (stats != null) {
      model.addAttribute("chart", LedgerChart.of(stats));
      model.addAttribute("crossRows", LedgerChart.crossTable(stats));
      model.addAttribute("areaRows", LedgerChart.byArea(stats));
      model.addAttribute("categoryRows", LedgerChart.byCategory(stats));
      model.addAttribute("measures", LedgerChart.MEASURES);
    }
    return "ledger/statistics";
  }

  private static YearMonth month(String value, String field, List<org.sanlv.platform.Problem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return YearMonth.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(org.sanlv.platform.Problem.at(0, field, "ledger.page.error.month", value));
      return null;
    }
  }

  /**
   * One step of the trail as the page shows it. A closing's note is stored as "answer: note" (the answer's code first),
   * so the page names the answer in the reader's language and shows the rest as said.
   */
  record TrailLine(Event event, String satisfaction, String note) {
    static TrailLine of(Event e) {
      String note = e.note();
      if ("closed".equals(e.toStatus()) && note != null) {
        for (String answer : SATISFACTIONS) {
          if (note.equals(answer)) {
            return new TrailLine(e, answer, null);
          }
          if (note.startsWith(answer + ": ")) {
            return new TrailLine(e, answer, note.substring(answer.length() + 2));
          }
        }
      }
      return new TrailLine(e, null, note);
    }
  }

  private static int version(Map<String, String> form) {
    String v = form.get("version");
    try {
      return Integer.parseInt(v == null ? "" : v.strip());
    } catch (NumberFormatException e) {
      throw new InputRejected(
          org.sanlv.platform.Problem.at(0, "version", "ledger.page.error.version", String.valueOf(v)));
    }
  }

  static LocalDate date(String value, String field, List<org.sanlv.platform.Problem> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(org.sanlv.platform.Problem.at(0, field, "ledger.page.error.date", value));
      return null;
    }
  }

  private static int page(String value, List<org.sanlv.platform.Problem> problems) {
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= 100_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    problems.add(org.sanlv.platform.Problem.at(0, "page", "ledger.page.error.page", value));
    return 1;
  }

  static List<Long> fileIds(List<String> values) {
    List<Long> ids = new ArrayList<>();
    List<org.sanlv.platform.Problem> problems = new ArrayList<>();
    for (String id : String.join(",", values == null ? List.of() : values).split("[,\\s]+")) {
      if (!id.isBlank()) {
        try {
          ids.add(Long.parseLong(id));
        } catch (NumberFormatException e) {
          problems.add(org.sanlv.platform.Problem.at(0, "fileIds", "ledger.page.error.file", id));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return ids;
  }

  /** The list's filter as the exports take it, so the file holds what the page shows. */
  private static String exportQuery(String tab, Scope scope, String area, String status, String category,
      String source, Map<String, String> params) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("area", area);
    q.put("owner", "unit".equals(tab) ? scope.nodeCode() : null);
    q.put("assignee", "mine".equals(tab) ? scope.username() : null);
    q.put("status", status);
    q.put("category", category);
    q.put("source", source);
    q.put("overdue", "overdue".equals(tab) ? "true" : null);
    q.put("from", blankToNull(params.get("from")));
    q.put("to", blankToNull(params.get("to")));
    StringBuilder s = new StringBuilder();
    q.forEach((k, v) -> {
      if (v != null) {
        s.append(s.length() == 0 ? "?" : "&").append(k).append('=')
            .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    return s.toString();
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
