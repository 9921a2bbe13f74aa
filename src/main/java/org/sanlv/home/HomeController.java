package org.sanlv.home;

import org.sanlv.ledger.LedgerService;
import org.sanlv.ledger.ProblemFilter;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The start page after sign-in, one per role; the area tree is at /areas. */
@Controller
@Requires(Permission.ORG_READ)
class HomeController {

  private final HomeService home;
  private final Dashboards dashboards;
  private final LedgerService ledger;

  HomeController(HomeService home, Dashboards dashboards, LedgerService ledger) {
    this.home = home;
    this.dashboards = dashboards;
    this.ledger = ledger;
  }

  /** The problem ledger at a glance for those who work it: what is theirs to do, what is open and overdue. */
  record LedgerGlance(long mine, long open, long overdue) {}

  @GetMapping("/")
  String home(Scope scope, Model model) {
    model.addAttribute("home", home.home(scope));
    if (scope.may(Permission.LEDGER_WORK)) {
      model.addAttribute("ledger", new LedgerGlance(
          ledger.count(scope, new ProblemFilter(null, null, scope.username(), "open", null, null, null, null, 0)),
          ledger.count(scope, new ProblemFilter(null, null, null, "open", null, null, null, null, 0)),
          ledger.count(scope, new ProblemFilter(null, null, null, null, null, Boolean.TRUE, null, null, 0))));
    }
    return "home/home";
  }

  /** A survey's results at a glance, which the home page loads after it is shown (htmx), so it never waits for them. */
  @GetMapping("/home/surveys/{surveyId}/glance")
  String glance(Scope scope, @PathVariable long surveyId, Model model) {
    model.addAttribute("glance", home.glance(scope, surveyId));
    return "home/_glance :: glance";
  }

  /**
   * The dashboard of the caller's level (province: all counties with error bars and deductions; county: its place
   * and its towns; town: its own results), which the home page loads after it is shown (htmx).
   */
  @GetMapping("/home/dashboard")
  String dashboard(Scope scope, Model model) {
    model.addAttribute("dashboard", dashboards.dashboard(scope));
    return "home/_dashboard :: dashboard";
  }
}
