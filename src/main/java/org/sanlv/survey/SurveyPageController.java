package org.sanlv.survey;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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

  /** The levels a survey's target area may have: a province (official survey) or a county (mock survey). */
  static final String TARGET_LEVELS = "province,county";

  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final OrgService org;
  private final MessageSource messages;
  private final Clock clock;

  SurveyPageController(SurveyService surveys, InstrumentService instruments, OrgService org, MessageSource messages,
      Clock clock) {
    this.surveys = surveys;
    this.instruments = instruments;
    this.org = org;
    this.messages = messages;
    this.clock = clock;
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
    Map<String, String> values = new LinkedHashMap<>(SurveyForm.windowDefaults(clock));
    // the caller's own area when a survey can target it (a province or a county), else nothing chosen yet
    org.withTrail(scope, scope.nodeCode())
        .filter(f -> f.node().level() == OrgLevel.PROVINCE || f.node().level() == OrgLevel.COUNTY)
        .ifPresent(f -> values.put("targetCode", f.node().code()));
    return form(scope, model, values);
  }

  @PostMapping("/surveys")
  @Requires(Permission.SURVEYS_MANAGE)
  String create(Scope scope, @RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
    Long instrumentId;
    try {
      instrumentId = form.get("instrumentId") == null || form.get("instrumentId").isBlank() ? null
          : Long.valueOf(form.get("instrumentId"));
    } catch (NumberFormatException e) {
      return refused(scope, model, form, response, List.of(Problem.at(0, "instrumentId", "survey.error.unknownInstrument")));
    }
    SurveyForm.Read read = SurveyForm.read(form);
    SurveyService.NewSurvey request = new SurveyService.NewSurvey(form.get("slug"), form.get("name"), instrumentId,
        form.get("targetCode"), read.modes());
    if (!read.problems().isEmpty()) {
      // the form's own problems and the survey's, at once; "no mode" only when the form found nothing wrong with one
      List<Problem> problems = new java.util.ArrayList<>(read.problems());
      surveys.check(scope, request).stream().filter(p -> !p.messageKey().equals("survey.error.noMode"))
          .forEach(problems::add);
      return refused(scope, model, form, response, problems);
    }
    try {
      return "redirect:/surveys/" + surveys.create(scope, request).id();
    } catch (InputRejected e) {
      return refused(scope, model, form, response, e.problems());
    }
  }

  /** The form again, as filled in, with every problem, answered 400. */
  private String refused(Scope scope, Model model, Map<String, String> form, HttpServletResponse response,
      List<Problem> problems) {
    model.addAttribute("problems", inFormWords(problems));
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    return form(scope, model, form);
  }

  @GetMapping("/surveys/{surveyId}")
  String survey(Scope scope, @PathVariable long surveyId, Model model) {
    return surveyPage(scope, surveys.get(scope, surveyId), model);
  }

  /**
   * Starts or closes the survey. The page asks first and says what follows (a checkbox {@code confirmed} beside
   * the button, which needs no script); a request without it changes nothing and shows the page again.
   */
  @PostMapping("/surveys/{surveyId}/status")
  @Requires(Permission.SURVEYS_MANAGE)
  String status(Scope scope, @PathVariable long surveyId, @RequestParam String status,
      @RequestParam(required = false) String confirmed, Model model, HttpServletResponse response) {
    Survey.Status next;
    try {
      next = Survey.Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new InputRejected(Problem.of("survey.error.statusOrder", "?", status));
    }
    if (!"yes".equals(confirmed)) {
      model.addAttribute("problems", List.of(Problem.of("survey.error.confirm")));
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return surveyPage(scope, surveys.get(scope, surveyId), model);
    }
    surveys.setStatus(scope, surveyId, next);
    return "redirect:/surveys/" + surveyId;
  }

  private String surveyPage(Scope scope, Survey survey, Model model) {
    model.addAttribute("survey", survey);
    model.addAttribute("mayManage", surveys.mayManage(scope, survey));
    Map<SurveyMode, List<DesignValue>> designs = new LinkedHashMap<>();
    survey.modes().forEach(m -> designs.put(m.mode(), SurveyForm.shown(m)));
    model.addAttribute("designs", designs);
    return "survey/survey";
  }

  private String form(Scope scope, Model model, Map<String, String> values) {
    model.addAttribute("instruments", instruments.list(scope));
    model.addAttribute("modes", SurveyMode.values());
    model.addAttribute("defaults", SurveyForm.formDefaults());
    Map<String, String> units = new LinkedHashMap<>();
    SurveyForm.UNITS.forEach((field, unit) -> units.put(field, unit.sign));
    model.addAttribute("units", units);
    model.addAttribute("values", values);
    model.addAttribute("targetLevels", TARGET_LEVELS);
    OrgNode.Found target = org.withTrail(scope, values.get("targetCode")).orElse(null);
    model.addAttribute("target", target);
    return "survey/new";
  }

  /** Problems with the form's fields named as the page labels them ("入户调查 · 结束时间", not household_closes). */
  private List<Problem> inFormWords(List<Problem> problems) {
    Locale locale = LocaleContextHolder.getLocale();
    return problems.stream().map(p -> p.column() == null ? p
        : new Problem(p.line(), fieldLabel(p.column(), locale), p.messageKey(), p.args())).toList();
  }

  private String fieldLabel(String column, Locale locale) {
    String key = switch (column) {
      case "name" -> "survey.name";
      case "slug" -> "survey.slug";
      case "instrumentId" -> "survey.instrument";
      case "targetCode" -> "survey.target";
      case "modes" -> "survey.modes";
      default -> null;
    };
    if (key != null) {
      return messages.getMessage(key, null, column, locale);
    }
    for (SurveyMode mode : SurveyMode.values()) {
      String prefix = mode.dbValue();
      String modeName = messages.getMessage("mode." + mode.name(), null, prefix, locale);
      if (column.equals(prefix)) {
        return modeName;
      }
      if (column.startsWith(prefix + "_") || column.startsWith(prefix + ".")) {
        String field = column.substring(prefix.length() + 1);
        String fieldKey = switch (field) {
          case "opens" -> "survey.opensAt";
          case "closes" -> "survey.closesAt";
          default -> "design." + field;
        };
        return modeName + " · " + messages.getMessage(fieldKey, null, field, locale);
      }
    }
    return column;
  }
}
