package org.sanlv.home;

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

  HomeController(HomeService home) {
    this.home = home;
  }

  @GetMapping("/")
  String home(Scope scope, Model model) {
    model.addAttribute("home", home.home(scope));
    return "home/home";
  }

  /** A survey's results at a glance, which the home page loads after it is shown (htmx), so it never waits for them. */
  @GetMapping("/home/surveys/{surveyId}/glance")
  String glance(Scope scope, @PathVariable long surveyId, Model model) {
    model.addAttribute("glance", home.glance(scope, surveyId));
    return "home/_glance :: glance";
  }
}
