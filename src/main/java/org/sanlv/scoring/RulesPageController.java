package org.sanlv.scoring;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.sanlv.indicator.IndicatorService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The deduction rules page: a province's rules per survey year (the current version, its YAML, the versions with
 * their notes). The province admin edits the YAML and saves it as a new version; errors are shown by line and key
 * and nothing is saved. Others in scope read them. Old years keep their versions: saving writes only the year chosen.
 */
@Controller
@Requires(Permission.ORG_READ)
class RulesPageController {

  private final ScoringService scoring;
  private final OrgService org;
  private final SurveyService surveys;
  private final IndicatorService indicators;
  private final Clock clock;

  RulesPageController(ScoringService scoring, OrgService org, SurveyService surveys, IndicatorService indicators,
      Clock clock) {
    this.scoring = scoring;
    this.indicators = indicators;
    this.org = org;
    this.surveys = surveys;
    this.clock = clock;
  }

  @GetMapping("/scoring/rules")
  String rules(Scope scope, @RequestParam(required = false) String area, @RequestParam(required = false) Integer year,
      Model model) {
    OrgNode province = province(scope, area);
    int chosen = year == null ? defaultYear(scope, province) : checkedYear(year);
    page(scope, province, chosen, null, null, model);
    return "scoring/rules";
  }

  @PostMapping("/scoring/rules")
  @Requires(Permission.SCORING_RULES)
  String save(Scope scope, @RequestParam(required = false) String area, @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "") String yaml, @RequestParam(required = false) String note, Model model,
      RedirectAttributes redirect) {
    OrgNode province = province(scope, area);
    if (year == null) {
      throw new InputRejected(Problem.of("scoring.error.noYear"));
    }
    int chosen = checkedYear(year);
    try {
      RulesVersion saved = scoring.save(scope, province.code(), chosen, yaml, note == null || note.isBlank() ? null : note);
      redirect.addFlashAttribute("saved", saved.version());
      return "redirect:/scoring/rules?area=" + province.code() + "&year=" + chosen;
    } catch (InputRejected e) {
      page(scope, province, chosen, yaml, e.problems(), model);
      model.addAttribute("note", note);
      return "scoring/rules";
    }
  }

  private void page(Scope scope, OrgNode province, int year, String draft, List<Problem> problems, Model model) {
    List<RulesVersion> versions = scoring.versions(scope, province.code(), year);
    RulesVersion current = versions.stream().max(java.util.Comparator.comparingInt(RulesVersion::version))
        .orElse(null);
    TreeSet<Integer> years = new TreeSet<>(java.util.Comparator.reverseOrder());
    years.add(2022); // the shipped rules' year
    years.add(year);
    years.add(LocalDate.ofInstant(clock.instant(), Survey.CHINA).getYear());
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    boolean en = "en".equals(LocaleContextHolder.getLocale().getLanguage());
    Survey newest = null;
    for (Survey s : surveys.list(scope)) {
      if (s.targetPath().startsWith(province.path())) {
        surveyYear(s).ifPresent(years::add);
        newest = newest == null || s.createdAt().isAfter(newest.createdAt()) ? s : newest;
      }
    }
    // the indicators' names as the province's newest survey defines them (the rules name them by their code)
    if (newest != null) {
      indicators.indicators(newest).forEach(i -> labels.put(i.name(), en ? i.labelEn() : i.labelZh()));
    }
    model.addAttribute("labels", labels);
    model.addAttribute("province", province);
    model.addAttribute("provinces", provinces(scope));
    model.addAttribute("year", year);
    model.addAttribute("years", List.copyOf(years));
    model.addAttribute("versions", versions.stream()
        .sorted(java.util.Comparator.comparingInt(RulesVersion::version).reversed()).toList());
    model.addAttribute("current", current);
    String text = draft != null ? draft : current != null ? current.sourceText() : scoring.shippedRules().sourceText();
    model.addAttribute("yaml", text);
    model.addAttribute("mayEdit", scope.may(Permission.SCORING_RULES));
    model.addAttribute("problems", problems);
  }

  /** The survey year, as the scores take it ({@link ScoringService#yearOf}). */
  static java.util.Optional<Integer> surveyYear(Survey s) {
    return java.util.Optional.of(ScoringService.yearOf(s));
  }

  /** The latest year with a survey of the province the caller sees, else this year. */
  private int defaultYear(Scope scope, OrgNode province) {
    return surveys.list(scope).stream().filter(s -> s.targetPath().startsWith(province.path()))
        .map(RulesPageController::surveyYear).flatMap(java.util.Optional::stream)
        .max(Integer::compare).orElse(LocalDate.ofInstant(clock.instant(), Survey.CHINA).getYear());
  }

  private static int checkedYear(int year) {
    if (year < 2000 || year > 2100) {
      throw new InputRejected(Problem.of("scoring.error.badYear", year));
    }
    return year;
  }

  /**
   * The province whose rules are shown: the one asked for, which the caller must be in or above; else the
   * caller's own province (a county admin reads its province's rules), else the first province the caller covers.
   */
  private OrgNode province(Scope scope, String area) {
    List<OrgNode> provinces = provinces(scope);
    if (area != null && !area.isBlank()) {
      return provinces.stream().filter(p -> p.code().equals(area)).findFirst()
          .orElseThrow(() -> new InputRejected(Problem.of("scoring.error.badArea", area)));
    }
    if (provinces.isEmpty()) {
      throw new InputRejected(Problem.of("scoring.error.noProvince"));
    }
    return provinces.get(0);
  }

  /** The provinces the caller covers, or the one above the caller. */
  private List<OrgNode> provinces(Scope scope) {
    List<OrgNode> under = org.areasUnder(scope.nodeCode(), OrgLevel.PROVINCE);
    if (!under.isEmpty()) {
      return under;
    }
    // below a province: the second element of the path /CN/33/…
    String[] parts = scope.path().split("/");
    if (parts.length > 2) {
      return org.areasUnder(parts[2], OrgLevel.PROVINCE);
    }
    return List.of();
  }

}
