package org.sanlv.survey;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Survey pages: the list, the setup form, and a survey's page with its modes and status. */
@Controller
@Requires(Permission.ORG_READ)
class SurveyPageController {

  private final SurveyService surveys;
  private final InstrumentService instruments;

  SurveyPageController(SurveyService surveys, InstrumentService instruments) {
    this.surveys = surveys;
    this.instruments = instruments;
  }

  @GetMapping("/surveys")
  String list(Scope scope, Model model) {
    model.addAttribute("surveys", surveys.list(scope));
    model.addAttribute("mayCreate", scope.may(Permission.SURVEYS_MANAGE));
    return "survey/list";
  }

  @GetMapping("/surveys/new")
  @Requires(Permission.SURVEYS_MANAGE)
  String newForm(Scope scope, Model model) {
    return form(scope, model, Map.of("targetCode", scope.nodeCode()));
  }

  @PostMapping("/surveys")
  @Requires(Permission.SURVEYS_MANAGE)
  String create(Scope scope, @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
    try {
      Long instrumentId = form.get("instrumentId") == null || form.get("instrumentId").isBlank() ? null
          : Long.valueOf(form.get("instrumentId"));
      Survey survey = surveys.create(scope, new SurveyService.NewSurvey(form.get("slug"), form.get("name"),
          instrumentId, form.get("targetCode"), SurveyForm.modes(form)));
      return "redirect:/surveys/" + survey.id();
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST); // the form again, as filled in, with every problem
      return form(scope, model, form);
    } catch (NumberFormatException e) {
      model.addAttribute("problems", java.util.List.of(org.sanlv.platform.Problem.at(0, "instrumentId",
          "survey.error.unknownInstrument")));
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return form(scope, model, form);
    }
  }

  @GetMapping("/surveys/{surveyId}")
  String survey(Scope scope, @PathVariable long surveyId, Model model) {
    Survey survey = surveys.get(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("mayManage", surveys.mayManage(scope, survey));
    return "survey/survey";
  }

  @PostMapping("/surveys/{surveyId}/status")
  @Requires(Permission.SURVEYS_MANAGE)
  String status(Scope scope, @PathVariable long surveyId, @RequestParam String status) {
    Survey.Status next;
    try {
      next = Survey.Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new InputRejected(org.sanlv.platform.Problem.of("survey.error.statusOrder", "?", status));
    }
    surveys.setStatus(scope, surveyId, next);
    return "redirect:/surveys/" + surveyId;
  }

  private String form(Scope scope, Model model, Map<String, String> values) {
    model.addAttribute("instruments", instruments.list(scope));
    model.addAttribute("modes", SurveyMode.values());
    model.addAttribute("defaults", SurveyForm.DESIGN_DEFAULTS);
    model.addAttribute("values", values);
    return "survey/new";
  }
}
