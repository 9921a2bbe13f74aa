package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.results.ResultsService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Comparisons: a survey beside another of the same year that covers the same county or town (the official
 * assessment beside a county's mock survey), indicator by indicator with CIs and the difference; and the survey's
 * modes side by side for one area. Both use the responses without integrity flags, as the scores do.
 */
@Controller
@Requires(Permission.ORG_READ)
class ComparePageController {

  private static final double Z = 1.959963984540054;

  private final SurveyService surveys;
  private final ResultsService results;

  ComparePageController(SurveyService surveys, ResultsService results) {
    this.surveys = surveys;
    this.results = results;
  }

  /** An estimate as the page shows it: value, 95% CI (null ends when undefined), n. */
  record Cell(double estimate, Double low, Double high, long n) {

    static Cell of(Estimate e) {
      Interval ci = e.logit() != null && Double.isFinite(e.logit().low()) ? e.logit() : e.wald();
      boolean defined = Double.isFinite(ci.low()) && Double.isFinite(ci.high());
      return new Cell(e.estimate(), defined ? ci.low() : null, defined ? ci.high() : null, e.n());
    }
  }

  /**
   * One indicator in both surveys; the difference (this − other) with its Wald CI, the two being independent
   * samples.
   */
  record Pair(String label, boolean proportion, Cell mine, Cell other, Double diff, Double diffLow, Double diffHigh) {

    public boolean significant() {
      return diffLow != null && (diffLow > 0 || diffHigh < 0);
    }
  }

  /** One indicator across the modes (a null cell: the mode has no estimate there). */
  record ModeLine(String label, boolean proportion, List<Cell> cells) {}

  /** An area both surveys estimate. */
  record Area(String code, String name) {}

  @GetMapping("/surveys/{surveyId}/compare")
  String compare(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) Long other,
      @RequestParam(required = false) String area, Model model) {
    Survey survey = surveys.get(scope, surveyId);
    Optional<Integer> year = RulesPageController.surveyYear(survey);
    List<Survey> candidates = surveys.list(scope).stream()
        .filter(s -> s.id() != survey.id() && s.status() != Survey.Status.DRAFT)
        .filter(s -> RulesPageController.surveyYear(s).equals(year))
        .filter(s -> s.targetPath().startsWith(survey.targetPath()) || survey.targetPath().startsWith(s.targetPath()))
        // the other kind first: official beside mock is the comparison people come for
        .sorted(java.util.Comparator.comparing((Survey s) -> s.kind() == survey.kind())
            .thenComparing(Survey::createdAt, java.util.Comparator.reverseOrder()))
        .toList();
    Survey chosen = null;
    if (other != null) {
      chosen = candidates.stream().filter(s -> s.id() == other).findFirst()
          .orElseThrow(() -> new InputRejected(Problem.of("compare.error.badOther", other)));
    } else if (!candidates.isEmpty()) {
      chosen = candidates.get(0);
    }
    boolean en = "en".equals(LocaleContextHolder.getLocale().getLanguage());
    ResultsService.Results mine = results.results(scope, survey.id());
    Map<String, Map<String, Estimate>> mineByArea = byArea(survey, mine.unflagged());
    Map<String, String> names = names(survey, mine.unflagged());

    List<Area> areas = new ArrayList<>();
    List<Pair> pairs = new ArrayList<>();
    String chosenArea = null;
    if (chosen != null) {
      ResultsService.Results theirs = results.results(scope, chosen.id());
      Map<String, Map<String, Estimate>> theirsByArea = byArea(chosen, theirs.unflagged());
      names.putAll(names(chosen, theirs.unflagged()));
      for (String code : mineByArea.keySet()) {
        if (theirsByArea.containsKey(code)) {
          areas.add(new Area(code, names.getOrDefault(code, code)));
        }
      }
      chosenArea = pickArea(area, areas);
      if (chosenArea != null) {
        Map<String, Estimate> a = mineByArea.get(chosenArea);
        Map<String, Estimate> b = theirsByArea.get(chosenArea);
        for (ResultsService.IndicatorResults i : mine.unflagged()) {
          Estimate x = a.get(i.indicator().name());
          Estimate y = b.get(i.indicator().name());
          if (x == null || y == null) {
            continue;
          }
          double d = x.estimate() - y.estimate();
          double se = Math.sqrt(x.standardError() * x.standardError() + y.standardError() * y.standardError());
          boolean defined = Double.isFinite(se);
          pairs.add(new Pair(en ? i.indicator().labelEn() : i.indicator().labelZh(), i.indicator().proportion(),
              Cell.of(x), Cell.of(y), d, defined ? d - Z * se : null, defined ? d + Z * se : null));
        }
      }
    } else {
      mineByArea.keySet().forEach(code -> areas.add(new Area(code, names.getOrDefault(code, code))));
      chosenArea = pickArea(area, areas);
    }

    // the modes side by side, for the area chosen (or the survey's whole area when it is the caller's)
    String modesArea = chosenArea != null ? chosenArea : areas.isEmpty() ? null : areas.get(0).code();
    List<SurveyMode> modes = new ArrayList<>();
    List<ModeLine> modeLines = new ArrayList<>();
    if (modesArea != null) {
      Map<SurveyMode, Map<String, Estimate>> byMode = new LinkedHashMap<>();
      for (Survey.Mode m : survey.modes()) {
        ResultsService.Results r = results.results(scope, survey.id(), m.mode().dbValue());
        Map<String, Estimate> at = byArea(survey, r.unflagged()).get(modesArea);
        if (at != null && !at.isEmpty()) {
          byMode.put(m.mode(), at);
        }
      }
      modes.addAll(byMode.keySet());
      for (ResultsService.IndicatorResults i : mine.unflagged()) {
        List<Cell> cells = new ArrayList<>();
        for (SurveyMode m : modes) {
          Estimate e = byMode.get(m).get(i.indicator().name());
          cells.add(e == null ? null : Cell.of(e));
        }
        modeLines.add(new ModeLine(en ? i.indicator().labelEn() : i.indicator().labelZh(), i.indicator().proportion(),
            cells));
      }
    }
    model.addAttribute("survey", survey);
    model.addAttribute("year", year.orElse(null));
    model.addAttribute("candidates", candidates);
    model.addAttribute("other", chosen);
    model.addAttribute("areas", areas);
    model.addAttribute("area", chosenArea);
    model.addAttribute("areaName", chosenArea == null ? null : names.getOrDefault(chosenArea, chosenArea));
    model.addAttribute("pairs", pairs);
    model.addAttribute("modesArea", modesArea == null ? null : names.getOrDefault(modesArea, modesArea));
    model.addAttribute("modes", modes);
    model.addAttribute("modeLines", modeLines);
    return "scoring/compare";
  }

  private static String pickArea(String asked, List<Area> areas) {
    if (asked != null && !asked.isBlank()) {
      return areas.stream().map(Area::code).filter(asked::equals).findFirst()
          .orElseThrow(() -> new InputRejected(Problem.of("compare.error.badArea", asked)));
    }
    return areas.isEmpty() ? null : areas.get(0).code();
  }

  /**
   * Per area code, the estimate of each indicator: the survey's whole target area (its overall) and each of its
   * strata the caller sees (a county admin sees its own county's row of the province's survey).
   */
  private static Map<String, Map<String, Estimate>> byArea(Survey survey, List<ResultsService.IndicatorResults> list) {
    Map<String, Map<String, Estimate>> out = new LinkedHashMap<>();
    for (ResultsService.IndicatorResults i : list) {
      if (i.overall() != null && i.overall().n() > 0) {
        out.computeIfAbsent(survey.targetCode(), c -> new LinkedHashMap<>()).put(i.indicator().name(), i.overall());
      }
      for (ResultsService.Row row : i.rows()) {
        out.computeIfAbsent(row.code(), c -> new LinkedHashMap<>()).put(i.indicator().name(), row.estimate());
      }
    }
    return out;
  }

  private static Map<String, String> names(Survey survey, List<ResultsService.IndicatorResults> list) {
    Map<String, String> names = new LinkedHashMap<>();
    names.put(survey.targetCode(), survey.targetName());
    for (ResultsService.IndicatorResults i : list) {
      for (ResultsService.Row row : i.rows()) {
        if (row.name() != null && !row.name().isBlank()) {
          names.put(row.code(), row.name());
        }
      }
    }
    return names;
  }
}
