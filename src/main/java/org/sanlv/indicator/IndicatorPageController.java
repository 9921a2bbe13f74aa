package org.sanlv.indicator;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A survey's indicator definitions: a form for the common cases (share of listed options, mean share over several
 * questions, at least k of them), and the definitions as text for analysts. Both write the same text, checked
 * against the questionnaire before saving.
 */
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
  String page(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String added, Model model,
      Locale locale) {
    IndicatorService.Definitions definitions = indicators.definitions(scope, surveyId);
    model.addAttribute("text", definitions.text());
    model.addAttribute("defaults", definitions.defaults());
    model.addAttribute("added", added);
    return fill(scope, surveyId, model, locale);
  }

  @PostMapping("/surveys/{surveyId}/indicators")
  @Requires(Permission.SURVEYS_MANAGE)
  String save(Scope scope, @PathVariable long surveyId, @RequestParam String definitions, Model model,
      Locale locale, HttpServletResponse response) {
    model.addAttribute("text", definitions);
    model.addAttribute("defaults", false);
    try {
      model.addAttribute("saved", indicators.save(scope, surveyId, definitions).size());
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpStatus.BAD_REQUEST.value());
    }
    return fill(scope, surveyId, model, locale);
  }

  /** The form's indicator, added at the end of the definitions; on a problem the form comes back as it was sent. */
  @PostMapping("/surveys/{surveyId}/indicators/new")
  @Requires(Permission.SURVEYS_MANAGE)
  String add(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "") String kind,
      @RequestParam(defaultValue = "") String indicatorName, @RequestParam(defaultValue = "") String labelZh,
      @RequestParam(defaultValue = "") String labelEn, @RequestParam(required = false) List<String> questions,
      @RequestParam(required = false) List<String> options, @RequestParam(defaultValue = "") String k, Model model,
      Locale locale, HttpServletResponse response) {
    IndicatorForm.Input input = new IndicatorForm.Input(kind, indicatorName, labelZh, labelEn,
        questions == null ? List.of() : questions, options == null ? List.of() : options, k);
    try {
      Indicator added = indicators.add(scope, surveyId, input);
      return "redirect:/surveys/" + surveyId + "/indicators?added=" + added.name();
    } catch (InputRejected e) {
      IndicatorService.Definitions definitions = indicators.definitions(scope, surveyId);
      model.addAttribute("text", definitions.text());
      model.addAttribute("defaults", definitions.defaults());
      model.addAttribute("input", input);
      model.addAttribute("formProblems", e.problems());
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      return fill(scope, surveyId, model, locale);
    }
  }

  private String fill(Scope scope, long surveyId, Model model, Locale locale) {
    Survey survey = surveys.get(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("mayEdit", surveys.mayManage(scope, survey));
    String language = "en".equals(locale.getLanguage()) ? "en" : "zh";
    model.addAttribute("language", language);
    List<Indicator> current;
    try {
      current = indicators.indicators(survey);
    } catch (InputRejected e) {
      current = List.of(); // definitions being corrected: the text and its problems are on the page
    }
    model.addAttribute("current", current);
    IndicatorService.FormChoices choices = indicators.formChoices(survey, language);
    model.addAttribute("choices", choices);
    model.addAttribute("kinds", IndicatorForm.Kind.values());
    if (!model.containsAttribute("input")) {
      model.addAttribute("input", new IndicatorForm.Input("PROPORTION", "", "", "", List.of(), List.of(), ""));
    }
    // the option lists shown open: those of the questions and options chosen, else the first
    IndicatorForm.Input input = (IndicatorForm.Input) model.getAttribute("input");
    java.util.Set<String> open = new java.util.HashSet<>();
    choices.questions().stream().filter(q -> input.questions().contains(q.name())).forEach(q -> open.add(q.list()));
    choices.lists().stream().filter(l -> input.usesList(l.name())).forEach(l -> open.add(l.name()));
    if (open.isEmpty() && !choices.lists().isEmpty()) {
      open.add(choices.lists().get(0).name());
    }
    model.addAttribute("openLists", open);
    return "indicator/indicators";
  }
}
