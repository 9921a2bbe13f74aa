package org.sanlv.fieldwork;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.InterviewScreen;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.Step;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The residents' survey page {@code /s/{slug}}: one question per screen, rendered by the server from the answers
 * the page carries (htmx swaps each step in; without JavaScript each step is a whole page). The answers stay in
 * the browser (local storage, see survey.js) until the submit, which goes to {@link CawiSubmitController}.
 */
@Controller
@PublicEndpoint
class CawiPageController {

  static final String DEVICE_COOKIE = "sanlv-device";
  private final FieldworkService fieldwork;
  private final Clock clock;

  CawiPageController(FieldworkService fieldwork, Clock clock) {
    this.fieldwork = fieldwork;
    this.clock = clock;
  }

  /** The name of the page's own town question (not a question of the form: XLSForm names cannot start with @). */
  static final String AREA_STEP = "@area";

  /**
   * The first screen. {@code area} (or the older {@code county}) is the respondent's stratum from a link or QR code:
   * a county of a province survey, a town of a county's mock survey; it is preset and not asked. Without it the
   * screening question asks it: the form's county question, or the page's own town question of a mock survey.
   */
  @GetMapping("/s/{slug}")
  String page(@PathVariable String slug, @RequestParam(required = false) String area,
      @RequestParam(required = false) String county,
      @CookieValue(name = DEVICE_COOKIE, required = false) String device, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    Survey survey = fieldwork.survey(slug);
    Instant now = clock.instant();
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("survey", survey);
    model.addAttribute("lang", language());
    FieldworkService.Window window = fieldwork.window(survey, now);
    if (window != FieldworkService.Window.OPEN) {
      return closed(model, survey, window);
    }
    if (!FieldworkService.validDevice(device)) {
      device = FieldworkService.newDeviceToken();
    }
    response.addHeader("Set-Cookie", ResponseCookie.from(DEVICE_COOKIE, device).path("/s/").maxAge(Duration.ofDays(400))
        .httpOnly(true).sameSite("Lax").secure(request.isSecure()).build().toString());
    if (fieldwork.hasAnswered(survey, device)) {
      model.addAttribute("state", "ANSWERED");
      return "fieldwork/closed";
    }
    fieldwork.countVisit(survey);
    InterviewFlow flow = fieldwork.flow(survey, now);
    String linked = area != null ? area : county;
    Area where = fieldwork.strata(survey).containsKey(linked) ? new Area(linked, true) : Area.NONE;
    model.addAttribute("token", fieldwork.issuePageToken(survey, now));
    model.addAttribute("device", device);
    model.addAttribute("preset", where.code());
    if (FieldworkService.townLevel(survey) && where.code().isEmpty()) {
      return areaStep(model, survey, flow, "{}", where, List.of());
    }
    InterviewScreen screen = new InterviewScreen(flow);
    model.addAttribute("view", skipScreening(survey, screen, screen.start(preset(survey, flow, where)), where, "next"));
    return page(model, survey, flow, where);
  }

  /** One step; htmx swaps in the fragment, without JavaScript the whole page comes back. */
  @GetMapping("/s/{slug}/step")
  String step(@PathVariable String slug, @RequestParam(defaultValue = "") String answers,
      @RequestParam(defaultValue = "") String question, @RequestParam(defaultValue = "next") String action,
      @RequestParam(name = "value", required = false) List<String> value,
      @RequestParam(defaultValue = "") String area, @RequestParam(defaultValue = "false") boolean linked,
      @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletResponse response, Model model) {
    Survey survey = fieldwork.survey(slug);
    Instant now = clock.instant();
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("survey", survey);
    model.addAttribute("lang", language());
    if (!fieldwork.showsQuestions(survey, now)) {
      // a draft or closed survey shows no questions; htmx is sent to the page, which says why
      if (htmx != null) {
        response.setHeader("HX-Redirect", "/s/" + survey.slug());
      }
      return closed(model, survey, fieldwork.window(survey, now));
    }
    InterviewFlow flow = fieldwork.flow(survey, now);
    Area where = fieldwork.strata(survey).containsKey(area) ? new Area(area, linked) : Area.NONE;
    model.addAttribute("preset", where.linked() ? where.code() : "");
    String page;
    if (FieldworkService.townLevel(survey) && (question.equals(AREA_STEP) || where.code().isEmpty())) {
      page = townStep(model, survey, flow, answers, question, action, value, where);
    } else {
      if (flow.question(question).isEmpty() && !action.equals("at")) {
        action = "at"; // a question the form does not have (an old or edited link): from the start
      }
      InterviewScreen screen = new InterviewScreen(flow);
      InterviewScreen.View view = switch (action) {
        case "back" -> screen.back(answers, question);
        case "at" -> screen.at(answers, question);
        // back to the end screen after a reload: the last answer again, which leads past the last question
        case "end" -> screen.next(answers, question, InterviewScreenValues.of(screen.at(answers, question).current()));
        default -> screen.next(answers, question, value);
      };
      view = skipScreening(survey, screen, view, where, action);
      if (action.equals("back") && FieldworkService.townLevel(survey) && !where.linked()
          && view.step().question() != null && view.step().question().name().equals(question)) {
        // back from the first question of a mock survey whose town was asked: to the town question
        page = areaStep(model, survey, flow, view.answersJson(), where, List.of());
      } else {
        model.addAttribute("view", view);
        page = page(model, survey, flow, where);
      }
    }
    return htmx != null ? "fieldwork/_step :: step" : page;
  }

  /** The town question of a mock survey: shown, or answered (then the form's first question follows). */
  private String townStep(Model model, Survey survey, InterviewFlow flow, String answers, String question, String action,
      List<String> value, Area where) {
    if (!question.equals(AREA_STEP) || action.equals("at") || action.equals("back")) {
      return areaStep(model, survey, flow, answers, where, List.of());
    }
    String chosen = value == null || value.isEmpty() ? "" : value.get(0);
    if (!fieldwork.strata(survey).containsKey(chosen)) {
      return areaStep(model, survey, flow, answers, where, List.of(chosen.isEmpty() ? "fieldwork.area.required"
          : "fieldwork.area.notOfSurvey"));
    }
    Area town = new Area(chosen, false);
    InterviewScreen screen = new InterviewScreen(flow);
    InterviewScreen.View start = answers.isBlank() || answers.equals("{}")
        ? screen.start(preset(survey, flow, town)) : screen.at(answers, firstQuestion(flow));
    model.addAttribute("preset", "");
    model.addAttribute("view", skipScreening(survey, screen, start, town, "next"));
    return page(model, survey, flow, town);
  }

  private String areaStep(Model model, Survey survey, InterviewFlow flow, String answers, Area where, List<String> problems) {
    model.addAttribute("areaStep", true);
    model.addAttribute("areaProblems", problems);
    model.addAttribute("areaAnswers", answers == null || answers.isBlank() ? "{}" : answers);
    model.addAttribute("area", where);
    model.addAttribute("strata", fieldwork.strata(survey));
    return page(model, survey, flow, where);
  }

  /** Where the respondent lives when the page knows it outside the answers; {@code linked}: from the link, not asked. */
  record Area(String code, boolean linked) {
    static final Area NONE = new Area("", false);
  }

  /** The answers a new interview starts with: the county, from the link (province survey) or the survey (mock survey). */
  private static Map<String, Object> preset(Survey survey, InterviewFlow flow, Area where) {
    Map<String, Object> preset = new LinkedHashMap<>();
    String countyQuestion = FieldworkService.countyQuestion(flow);
    if (countyQuestion != null) {
      if (FieldworkService.townLevel(survey)) {
        preset.put(countyQuestion, survey.targetCode());
      } else if (!where.code().isEmpty()) {
        preset.put(countyQuestion, where.code());
      }
    }
    return preset;
  }

  /**
   * Moves past the county screening question when it is known already (a link's county, or a mock survey's one
   * county): forwards when going forwards, backwards when going back (from the first question it stays there).
   */
  private InterviewScreen.View skipScreening(Survey survey, InterviewScreen screen, InterviewScreen.View view, Area where,
      String action) {
    String countyQuestion = FieldworkService.countyQuestion(screen.flow());
    boolean known = FieldworkService.townLevel(survey) || where.linked();
    if (!known || countyQuestion == null || view.step().question() == null
        || !view.step().question().name().equals(countyQuestion) || view.step().status() != Step.Status.ASK) {
      return view;
    }
    Object answer = view.answers().get(countyQuestion);
    if (action.equals("back")) {
      InterviewScreen.View before = screen.back(view.answersJson(), countyQuestion);
      if (before.step().question() != null && !before.step().question().name().equals(countyQuestion)) {
        return before;
      }
    }
    return screen.next(view.answersJson(), countyQuestion, InterviewScreenValues.of(answer));
  }

  /** Whether {@code view} shows the first question a respondent of this survey is asked (the screening one skipped). */
  private boolean isFirstAsked(Survey survey, InterviewScreen screen, InterviewScreen.View view, Area where) {
    if (view.step().question() == null) {
      return false;
    }
    InterviewScreen.View first = skipScreening(survey, screen, screen.start(preset(survey, screen.flow(), where)), where,
        "next");
    return first.step().question() != null && first.step().question().name().equals(view.step().question().name());
  }

  private static String firstQuestion(InterviewFlow flow) {
    return flow.rows().stream().filter(q -> q.type().answerable() || q.type() == org.sanlv.instrument.QuestionType.NOTE)
        .map(Question::name).findFirst().orElse("");
  }

  /** The page that says the survey is not (or no longer) open, with its window only while it runs. */
  private static String closed(Model model, Survey survey, FieldworkService.Window window) {
    model.addAttribute("state", window.name());
    model.addAttribute("mode", survey.status() == Survey.Status.FIELDING ? survey.mode(SurveyMode.ONLINE).orElse(null) : null);
    return "fieldwork/closed";
  }

  private String page(Model model, Survey survey, InterviewFlow flow, Area where) {
    model.addAttribute("area", where);
    model.addAttribute("areaQuestion", AREA_STEP);
    model.addAttribute("stepUrl", "/s/" + survey.slug() + "/step");
    model.addAttribute("submitUrl", "/s/" + survey.slug() + "/responses");
    model.addAttribute("smsUrl", "/s/" + survey.slug() + "/sms");
    model.addAttribute("smsRequired", fieldwork.smsRequired());
    model.addAttribute("counties", fieldwork.counties(survey));
    InterviewScreen.View view = (InterviewScreen.View) model.getAttribute("view");
    model.addAttribute("lastQuestion", view == null ? "" : lastAnswered(flow, view.answers()));
    if (view != null) {
      // a county from the link is not asked: not counted either (a mock survey's town question takes its place)
      model.addAttribute("view", ResidentText.of(view, flow, where.linked()));
      boolean first = isFirstAsked(survey, new InterviewScreen(flow), view, where);
      model.addAttribute("firstAsked", first);
      // from the first question of a mock survey whose town was asked on the page, "back" leads to the town
      model.addAttribute("backToArea", first && FieldworkService.townLevel(survey) && !where.linked());
    }
    return "fieldwork/survey";
  }

  /** The last question answered in form order: where "back" goes from the end screen. */
  private static String lastAnswered(InterviewFlow flow, Map<String, Object> answers) {
    String last = "";
    for (Question q : flow.rows()) {
      if (q.type().answerable() && answers.containsKey(q.name())) {
        last = q.name();
      }
    }
    return last;
  }

  /** An answer as the form fields would send it. */
  static final class InterviewScreenValues {
    static List<String> of(Object value) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof List<?> list) {
        return list.stream().map(String::valueOf).toList();
      }
      return List.of(String.valueOf(value));
    }
  }

  static String language() {
    return "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh";
  }
}
