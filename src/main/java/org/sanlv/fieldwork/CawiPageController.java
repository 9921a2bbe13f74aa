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

  @GetMapping("/s/{slug}")
  String page(@PathVariable String slug, @RequestParam(required = false) String county,
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
    Map<String, Object> preset = new LinkedHashMap<>();
    String countyQuestion = FieldworkService.countyQuestion(flow);
    if (county != null && countyQuestion != null && fieldwork.counties(survey).containsKey(county)) {
      preset.put(countyQuestion, county);
    }
    InterviewScreen screen = new InterviewScreen(flow);
    // a preset county is shown selected on the first screen: the respondent confirms it (or changes it)
    model.addAttribute("view", screen.start(preset));
    model.addAttribute("token", fieldwork.issuePageToken(survey, now));
    model.addAttribute("device", device);
    model.addAttribute("preset", county == null ? "" : county);
    return page(model, survey, flow);
  }

  /** One step; htmx swaps in the fragment, without JavaScript the whole page comes back. */
  @GetMapping("/s/{slug}/step")
  String step(@PathVariable String slug, @RequestParam(defaultValue = "") String answers,
      @RequestParam(defaultValue = "") String question, @RequestParam(defaultValue = "next") String action,
      @RequestParam(name = "value", required = false) List<String> value,
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
    model.addAttribute("view", view);
    String page = page(model, survey, flow);
    return htmx != null ? "fieldwork/_step :: step" : page;
  }

  /** The page that says the survey is not (or no longer) open, with its window only while it runs. */
  private static String closed(Model model, Survey survey, FieldworkService.Window window) {
    model.addAttribute("state", window.name());
    model.addAttribute("mode", survey.status() == Survey.Status.FIELDING ? survey.mode(SurveyMode.ONLINE).orElse(null) : null);
    return "fieldwork/closed";
  }

  private String page(Model model, Survey survey, InterviewFlow flow) {
    model.addAttribute("stepUrl", "/s/" + survey.slug() + "/step");
    model.addAttribute("submitUrl", "/s/" + survey.slug() + "/responses");
    model.addAttribute("smsUrl", "/s/" + survey.slug() + "/sms");
    model.addAttribute("smsRequired", fieldwork.smsRequired());
    model.addAttribute("counties", fieldwork.counties(survey));
    InterviewScreen.View view = (InterviewScreen.View) model.getAttribute("view");
    model.addAttribute("lastQuestion", lastAnswered(flow, view.answers()));
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
