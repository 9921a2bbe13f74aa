package org.sanlv.fieldwork.cati;

import jakarta.servlet.http.HttpServletResponse;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The phone supervisor's page ({@code /surveys/{id}/cati}); htmx polls it every 10 s for the live part. The
 * release button and the do-not-call form post here and come back to the page.
 */
@Controller
@Requires(Permission.FIELDWORK_SUPERVISE)
class CatiSupervisionPageController {

  private final CatiSupervision supervision;

  CatiSupervisionPageController(CatiSupervision supervision) {
    this.supervision = supervision;
  }

  @GetMapping("/surveys/{surveyId}/cati")
  String page(Scope scope, @PathVariable long surveyId,
      @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
    fill(scope, surveyId, model);
    return htmx != null ? "cati/_supervision :: live" : "cati/supervise";
  }

  @PostMapping("/surveys/{surveyId}/cati/release")
  String release(Scope scope, @PathVariable long surveyId, Model model, HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      redirect.addFlashAttribute("released", supervision.release(scope, surveyId).cases());
      return "redirect:/surveys/" + surveyId + "/cati";
    } catch (InputRejected e) {
      return rejected(scope, surveyId, e, model, response);
    }
  }

  @PostMapping("/surveys/{surveyId}/cati/dnc")
  String addDnc(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "") String number,
      Model model, HttpServletResponse response, RedirectAttributes redirect) {
    try {
      boolean added = supervision.addDnc(scope, surveyId, number);
      redirect.addFlashAttribute(added ? "dncAdded" : "dncKnown", CatiSupervision.mask(CatiSupervision.normalise(number)));
      return "redirect:/surveys/" + surveyId + "/cati";
    } catch (InputRejected e) {
      model.addAttribute("number", number);
      return rejected(scope, surveyId, e, model, response);
    }
  }

  private String rejected(Scope scope, long surveyId, InputRejected e, Model model, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("problems", e.problems());
    fill(scope, surveyId, model);
    return "cati/supervise";
  }

  private void fill(Scope scope, long surveyId, Model model) {
    CatiSupervision.Supervision s = supervision.supervision(scope, surveyId);
    model.addAttribute("survey", supervision.supervisable(scope, surveyId));
    model.addAttribute("s", s);
    model.addAttribute("zone", org.sanlv.survey.Survey.CHINA);
  }
}
