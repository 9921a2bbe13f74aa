package org.sanlv.indicator;

import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A survey's indicator definitions, edited as text and checked against its questionnaire before saving. */
@Controller
@Requires(Permission.ORG_READ)
class IndicatorPageController {

  private final IndicatorService indicators;
  private final SurveyService surveys;

  IndicatorPageController(IndicatorService indicators, SurveyService surveys) {
    this.indicators = indicators;
    this.surveys = surveys;
  }

  @GetMapping("/surveys/{surveyId}/indicators")
  String page(Scope scope, @PathVariable long surveyId, Model model) {
    IndicatorService.Definitions definitions = indicators.definitions(scope, surveyId);
    model.addAttribute("text", definitions.text());
    model.addAttribute("defaults", definitions.defaults());
    return fill(scope, surveyId, model);
  }

  @PostMapping("/surveys/{surveyId}/indicators")
  @Requires(Permission.SURVEYS_MANAGE)
  String save(Scope scope, @PathVariable long surveyId, @RequestParam String definitions, Model model) {
    model.addAttribute("text", definitions);
    model.addAttribute("defaults", false);
    try {
      model.addAttribute("saved", indicators.save(scope, surveyId, definitions).size());
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
    }
    return fill(scope, surveyId, model);
  }

  private String fill(Scope scope, long surveyId, Model model) {
    var survey = surveys.get(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("mayEdit", surveys.mayManage(scope, survey));
    return "indicator/indicators";
  }
}
