package org.sanlv.fieldwork.cati;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The interviewer's phone pages (电话访问): {@code /cati/}, the phone surveys the caller may work with today's counts,
 * and {@code /cati/surveys/{surveyId}}, the call screen. The screen is a page shell; {@code static/js/cati/screen.js}
 * runs the call (next number, introduction, screening, questionnaire, disposition) against the CATI API.
 */
@Controller
@Requires(Permission.FIELDWORK_INTERVIEW)
class CatiScreenController {

  /** The calling hours when the survey's phone design sets none (the contract of issue 20). */
  static final String DEFAULT_HOURS = "09:00-12:00,14:00-21:00";
  /** The statistics bureaus' caller IDs (issue 20), by province code; shown in the introduction. */
  static final Map<String, String> CALLER_IDS = Map.of("33", "0571-12340", "41", "0371-12340");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> PREFIXES = List.of("cati.screen.", "cati.code.");

  private final SurveyService surveys;
  private final OrgService org;
  private final CatiScreenRepository repository;
  private final Clock clock;
  private final Map<Locale, String> texts = new ConcurrentHashMap<>();

  CatiScreenController(SurveyService surveys, OrgService org, CatiScreenRepository repository, Clock clock) {
    this.surveys = surveys;
    this.org = org;
    this.repository = repository;
    this.clock = clock;
  }

  /** A phone survey on the picker, with the caller's and the survey's counts of today (China time). */
  record Item(long id, String name, String targetName, Instant opensAt, Instant closesAt, boolean open,
      String callingHours, long myAttempts, long myCompletes, long surveyCompletes) {}

  @GetMapping("/cati/")
  String list(Scope scope, Model model) {
    Instant now = clock.instant();
    List<Survey> phone = surveys.list(scope).stream()
        .filter(s -> s.status() == Survey.Status.FIELDING && s.mode(SurveyMode.PHONE).isPresent())
        // a call centre works a survey's whole area: its interviewers sit at that area or above (the queue's rule)
        .filter(s -> scope.covers(s.targetPath())).toList();
    Instant dayStart = LocalDate.ofInstant(now, Survey.CHINA).atStartOfDay(Survey.CHINA).toInstant();
    Map<Long, CatiScreenRepository.Today> today = repository.today(scope.username(),
        phone.stream().map(Survey::id).toList(), dayStart);
    List<Item> items = phone.stream().map(s -> {
      Survey.Mode m = s.mode(SurveyMode.PHONE).orElseThrow();
      CatiScreenRepository.Today t = today.getOrDefault(s.id(), new CatiScreenRepository.Today(0, 0, 0));
      return new Item(s.id(), s.name(), s.targetName(), m.opensAt(), m.closesAt(), m.isOpen(now), shown(hours(m)),
          t.myAttempts(), t.myCompletes(), t.surveyCompletes());
    }).toList();
    model.addAttribute("items", items);
    return "cati/list";
  }

  @GetMapping("/cati/surveys/{surveyId}")
  String screen(Scope scope, @PathVariable long surveyId, Model model) {
    Survey survey = surveys.get(scope, surveyId);
    if (!scope.covers(survey.targetPath())) {
      throw new OutOfScope("phone survey " + surveyId + " is worked from its area or above");
    }
    Survey.Mode phone = survey.mode(SurveyMode.PHONE).orElseThrow(() -> new NotFound("phone mode of " + surveyId));
    Instant now = clock.instant();
    Locale locale = LocaleContextHolder.getLocale();
    String province = survey.targetCode().substring(0, Math.min(2, survey.targetCode().length()));
    model.addAttribute("survey", survey);
    model.addAttribute("working", survey.status() == Survey.Status.FIELDING && phone.isOpen(now));
    model.addAttribute("callingHours", hours(phone));
    model.addAttribute("holdMinutes", CallingRules.of(phone.design()).holdMinutes());
    model.addAttribute("excludedDates", text(phone.design().get("excludedDates")).orElse(""));
    model.addAttribute("callerId", CALLER_IDS.getOrDefault(province, ""));
    model.addAttribute("bureau", repository.areaName(province).orElse(""));
    model.addAttribute("areaNames", areaNames(province));
    model.addAttribute("stratumLevel", "town".equals(survey.stratumLevel()) ? "town" : "county");
    model.addAttribute("screenTexts", texts.computeIfAbsent(locale, CatiScreenController::textsOf));
    model.addAttribute("lang", "en".equals(locale.getLanguage()) ? "en" : "zh");
    model.addAttribute("today", LocalDate.ofInstant(now, Survey.CHINA).toString());
    model.addAttribute("operator", scope.username());
    model.addAttribute("now", now.toString()); // the screen keeps time by the server's clock
    return "cati/screen";
  }

  /**
   * The names of the province's cities and counties, as JSON: a case's area is the prefix's area in the draw (a
   * county, or a city for mobile numbers), shown by name on the call screen. Division names are public.
   */
  private String areaNames(String province) {
    Map<String, String> names = new TreeMap<>();
    for (OrgLevel level : List.of(OrgLevel.CITY, OrgLevel.COUNTY)) {
      org.areasUnder(province, level).forEach(n -> names.put(n.code(), n.name()));
    }
    return JSON.writeValueAsString(names);
  }

  /** Calling hours as people read them: {@code 09:00–12:00、14:00–21:00}. */
  static String shown(String hours) {
    return hours.replace(" ", "").replace("-", "–").replace(",", "、");
  }

  private static String hours(Survey.Mode phone) {
    return text(phone.design().get("callingHours")).orElse(DEFAULT_HOURS);
  }

  private static Optional<String> text(Object o) {
    return o == null || String.valueOf(o).isBlank() ? Optional.empty() : Optional.of(String.valueOf(o).strip());
  }

  /** The screen's texts and the AAPOR codes' labels as JSON, safe inside a {@code <script type="application/json">}. */
  private static String textsOf(Locale locale) {
    ResourceBundle bundle = ResourceBundle.getBundle("messages",
        "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    Map<String, String> out = new TreeMap<>();
    for (String key : bundle.keySet()) {
      if (PREFIXES.stream().anyMatch(key::startsWith)) {
        out.put(key, bundle.getString(key));
      }
    }
    return JSON.writeValueAsString(out).replace("</", "<\\/");
  }
}
