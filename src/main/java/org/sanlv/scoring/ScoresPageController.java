package org.sanlv.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.indicator.Indicator;
import org.sanlv.indicator.IndicatorService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.results.ResultsService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A survey's scores page: per scored indicator and source (and combined) the counties' rates against the average
 * with 95% error bars, the deduction beside the expected deduction and its 95% range, whether the gap is beyond the
 * noise, the rank ("too few to rank" under the rules' minimum n), the n a county would need for a 1-point gap to be
 * beyond the noise, the counties' totals, and a what-if panel that asks the what-if API.
 */
@Controller
@Requires(Permission.ORG_READ)
class ScoresPageController {

  private final ScoringService scoring;
  private final ResultsService results;
  private final IndicatorService indicators;

  ScoresPageController(ScoringService scoring, ResultsService results, IndicatorService indicators) {
    this.scoring = scoring;
    this.results = results;
    this.indicators = indicators;
  }

  /** A tab: its value, its label (a message key or an indicator's name), whether chosen. */
  record Tab(String value, String label, boolean active) {}

  /**
   * One county's line: its score, the 95% CI of its rate (from the results it was scored on; null when the results
   * have none), and the n that would make a 1-point gap beyond the noise at its observed design effect (null when
   * the design effect is not defined or the tab is the combined one).
   */
  record Line(ScoreRow row, Double low, Double high, Long planningN) {

    public boolean ranked() {
      return row.rank() != null;
    }
  }

  @GetMapping("/surveys/{surveyId}/scores")
  String scores(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) String indicator,
      @RequestParam(required = false) String source, @RequestParam(required = false) Long rules, Model model) {
    Scores scores = rules == null ? scoring.scores(scope, surveyId) : scoring.scores(scope, surveyId, rules);
    ResultsService.Results all = results.results(scope, surveyId);
    boolean en = "en".equals(LocaleContextHolder.getLocale().getLanguage());
    Map<String, String> labels = new LinkedHashMap<>();
    // the survey's indicator definitions name them even before there are results
    indicators.indicators(all.survey()).forEach(i -> labels.put(i.name(), en ? i.labelEn() : i.labelZh()));

    List<String> scored = scores.rules().pointsPerPoint().keySet().stream().toList();
    String chosenIndicator = pick(indicator, scored, "indicator");
    List<String> sources = new ArrayList<>(scores.rules().sources().keySet());
    sources.add(ScoreRow.COMBINED);
    String chosenSource = pick(source, sources, "source");

    List<Tab> indicatorTabs = scored.stream()
        .map(i -> new Tab(i, labels.getOrDefault(i, i), i.equals(chosenIndicator))).toList();
    List<Tab> sourceTabs = sources.stream()
        .map(s -> new Tab(s, "scoring.source." + s, s.equals(chosenSource))).toList();
    List<String> unscored = labels.entrySet().stream().filter(e -> !scored.contains(e.getKey()))
        .map(Map.Entry::getValue).toList();

    List<ScoreRow> rows = scores.rows().stream()
        .filter(r -> r.indicator().equals(chosenIndicator) && r.source().equals(chosenSource))
        .sorted(Comparator.comparing((ScoreRow r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank())
            .thenComparing(ScoreRow::rate, Comparator.reverseOrder()))
        .toList();
    Map<String, Estimate> estimates = ScoreRow.COMBINED.equals(chosenSource) ? Map.of()
        : estimates(scope, surveyId, "source:" + chosenSource, chosenIndicator);
    Map<String, Long> planning = new LinkedHashMap<>();
    if (!ScoreRow.COMBINED.equals(chosenSource)) {
      for (ScoringService.PlanningRow p : scoring.planning(scope, surveyId)) {
        if (p.indicator().equals(chosenIndicator) && p.source().equals(chosenSource) && p.nForOnePoint() != null) {
          planning.put(p.code(), p.nForOnePoint());
        }
      }
    }
    List<Line> lines = new ArrayList<>();
    for (ScoreRow row : rows) {
      Estimate e = estimates.get(row.code());
      Interval ci = e == null ? null : e.logit() != null && Double.isFinite(e.logit().low()) ? e.logit() : e.wald();
      boolean ciDefined = ci != null && Double.isFinite(ci.low()) && Double.isFinite(ci.high());
      lines.add(new Line(row, ciDefined ? ci.low() : null, ciDefined ? ci.high() : null, planning.get(row.code())));
    }
    double average = rows.isEmpty() ? Double.NaN : rows.get(0).average();
    boolean combined = ScoreRow.COMBINED.equals(chosenSource);
    // the chart: rates (percent) with their CIs, or on the combined tab deductions with their 95% range
    model.addAttribute("chartValues", join(lines, l -> combined ? l.row().deduction() : l.row().rate() * 100));
    model.addAttribute("chartLow", join(lines, l -> combined ? l.row().deductionLow() : l.low() == null ? null
        : l.low() * 100));
    model.addAttribute("chartHigh", join(lines, l -> combined ? l.row().deductionHigh() : l.high() == null ? null
        : l.high() * 100));

    model.addAttribute("survey", all.survey());
    model.addAttribute("scores", scores);
    model.addAttribute("indicatorTabs", indicatorTabs);
    model.addAttribute("sourceTabs", sourceTabs);
    model.addAttribute("indicator", chosenIndicator);
    model.addAttribute("indicatorLabel", labels.getOrDefault(chosenIndicator, chosenIndicator));
    model.addAttribute("source", chosenSource);
    model.addAttribute("combined", ScoreRow.COMBINED.equals(chosenSource));
    model.addAttribute("unscored", unscored);
    model.addAttribute("lines", lines);
    model.addAttribute("average", average);
    model.addAttribute("pointsPerPoint", scores.rules().pointsPerPoint().get(chosenIndicator));
    model.addAttribute("cap", scores.rules().caps().get(chosenIndicator));
    model.addAttribute("totals", scores.totals().stream()
        .sorted(Comparator.comparing((CountyTotal t) -> t.rank() == null ? Integer.MAX_VALUE : t.rank())
            .thenComparing(CountyTotal::deduction))
        .toList());
    model.addAttribute("labels", labels);
    model.addAttribute("scoredIndicators", scored);
    model.addAttribute("weights", scores.rules().sources());
    model.addAttribute("rulesId", rules);
    // the what-if panel picks among the caller's counties (all of them for the province)
    model.addAttribute("whatIfCounties", scores.rows().stream()
        .filter(r -> r.indicator().equals(chosenIndicator) && r.source().equals(ScoreRow.COMBINED))
        .sorted(Comparator.comparing(ScoreRow::code)).toList());
    return "scoring/scores";
  }

  private static String join(List<Line> lines, java.util.function.Function<Line, Double> value) {
    return lines.stream().map(value).map(v -> v == null || !Double.isFinite(v) ? "" : String.valueOf(v))
        .collect(java.util.stream.Collectors.joining("|"));
  }

  /** The value asked for when it is one of the choices; the first choice when none is asked; else a clear error. */
  private static String pick(String asked, List<String> choices, String what) {
    if (asked == null || asked.isBlank()) {
      if (choices.isEmpty()) {
        return "";
      }
      return choices.get(0);
    }
    if (!choices.contains(asked)) {
      throw new InputRejected(Problem.of("scoring.error.unknownChoice", asked));
    }
    return asked;
  }

  /** The counties' estimates of one indicator from one source, unflagged (the side the scores are computed on). */
  private Map<String, Estimate> estimates(Scope scope, long surveyId, String mode, String indicator) {
    Map<String, Estimate> out = new LinkedHashMap<>();
    ResultsService.Results r = results.results(scope, surveyId, mode);
    for (ResultsService.IndicatorResults i : r.unflagged()) {
      Indicator def = i.indicator();
      if (def.name().equals(indicator)) {
        i.rows().forEach(row -> out.put(row.code(), row.estimate()));
      }
    }
    return out;
  }
}
