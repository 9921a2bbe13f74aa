package org.sanlv.home;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.results.ResultsService;
import org.sanlv.scoring.CountyTotal;
import org.sanlv.scoring.ScoreRow;
import org.sanlv.scoring.Scores;
import org.sanlv.scoring.ScoringService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The home page's dashboard, one per level: the province sees all counties of its latest official survey (rates
 * with 95% error bars, significance against the province, each county's total deduction and rank); a county its
 * place among the counties and its towns from its latest mock survey; a town its own results. Loaded after the home
 * page (htmx), never holding it up. Figures are the unflagged side, as the scores are.
 */
@Component
class Dashboards {

  private final SurveyService surveys;
  private final ResultsService results;
  private final ScoringService scoring;
  private final OrgService org;

  Dashboards(SurveyService surveys, ResultsService results, ScoringService scoring, OrgService org) {
    this.surveys = surveys;
    this.results = results;
    this.scoring = scoring;
    this.org = org;
  }

  /** Which dashboard: the province's, a county's, a town's (units below a town see their town's). */
  enum Kind { PROVINCE, COUNTY, TOWN }

  /**
   * One area in a chart: its rate and 95% CI, whether it differs from the whole beyond the noise
   * ({@code below}, {@code above}, {@code none}), and its total deduction and rank when it was scored.
   */
  record Bar(String code, String name, double rate, Double low, Double high, String noise, Double deduction,
      Integer rank, boolean ranked) {}

  /** One indicator of one area (a county's combined score or a town's own result). */
  record Line(String label, double rate, Double low, Double high, String noise, Double deduction, Integer rank,
      boolean scored) {}

  /**
   * The dashboard.
   *
   * @param survey the survey the chart comes from (official for the province, mock for a county's towns), or null
   * @param indicator the headline indicator's label
   * @param whole the whole area's rate of the headline indicator, for the chart's line
   * @param place a county's (or town's county's) place among all counties in the official survey, or null
   * @param official the official survey of the place, or null
   * @param lines a county's scored indicators (combined) or a town's own results
   */
  record Dashboard(Kind kind, String areaName, Survey survey, String indicator, Double whole, List<Bar> bars,
      CountyTotal place, Survey official, List<Line> lines) {

    public boolean empty() {
      return survey == null && place == null && (lines == null || lines.isEmpty());
    }
  }

  Dashboard dashboard(Scope scope) {
    OrgNode me = org.top(scope);
    List<Survey> visible = surveys.list(scope).stream().filter(s -> s.status() != Survey.Status.DRAFT)
        .sorted(Comparator.comparing(Survey::createdAt).reversed()).toList();
    Optional<Survey> officialAbove = visible.stream().filter(s -> s.kind() == Survey.Kind.OFFICIAL).findFirst();
    if (me.level() == OrgLevel.ROOT || me.level() == OrgLevel.PROVINCE || me.level() == OrgLevel.CITY) {
      return province(scope, me, officialAbove.filter(s -> scope.covers(s.targetPath())).orElse(null));
    }
    if (me.level() == OrgLevel.COUNTY) {
      return county(scope, me, officialAbove.orElse(null),
          visible.stream().filter(s -> s.kind() == Survey.Kind.MOCK && scope.covers(s.targetPath())).findFirst()
              .orElse(null));
    }
    return town(scope, me, officialAbove.orElse(null),
        visible.stream().filter(s -> s.kind() == Survey.Kind.MOCK).findFirst().orElse(null));
  }

  private Dashboard province(Scope scope, OrgNode me, Survey official) {
    if (official == null) {
      return new Dashboard(Kind.PROVINCE, me.name(), null, null, null, List.of(), null, null, List.of());
    }
    Scores scores = scoring.scores(scope, official.id());
    Map<String, CountyTotal> totals = new LinkedHashMap<>();
    scores.totals().forEach(t -> totals.put(t.code(), t));
    String headline = scores.rules().pointsPerPoint().keySet().stream().findFirst().orElse(null);
    ResultsService.IndicatorResults chosen = headline(results.results(scope, official.id()), headline);
    if (chosen == null) {
      return new Dashboard(Kind.PROVINCE, me.name(), official, null, null, List.of(), null, official, List.of());
    }
    List<Bar> bars = new ArrayList<>();
    for (ResultsService.Row row : chosen.rows()) {
      CountyTotal t = totals.get(row.code());
      bars.add(bar(row, t == null ? null : t.deduction(), t == null ? null : t.rank(), t != null && t.rank() != null));
    }
    bars.sort(Comparator.comparing(Bar::rate).reversed());
    return new Dashboard(Kind.PROVINCE, me.name(), official, label(chosen), chosen.overall().estimate(), bars, null,
        official, List.of());
  }

  private Dashboard county(Scope scope, OrgNode me, Survey official, Survey mock) {
    CountyTotal place = null;
    List<Line> lines = new ArrayList<>();
    if (official != null) {
      Scores scores = scoring.scores(scope, official.id());
      place = scores.totals().stream().filter(t -> t.code().equals(me.code())).findFirst().orElse(null);
      Map<String, String> labels = labels(results.results(scope, official.id()));
      for (ScoreRow r : scores.rows()) {
        if (r.code().equals(me.code()) && ScoreRow.COMBINED.equals(r.source())) {
          lines.add(new Line(labels.getOrDefault(r.indicator(), r.indicator()), r.rate(), null, null,
              r.beyondNoise() ? (r.gapPoints() > 0 ? "below" : "above") : "none", r.deduction(), r.rank(), true));
        }
      }
    }
    if (mock == null) {
      return new Dashboard(Kind.COUNTY, me.name(), null, null, null, List.of(), place, official, lines);
    }
    ResultsService.Results r = results.results(scope, mock.id());
    ResultsService.IndicatorResults chosen = headline(r, null);
    List<Bar> bars = new ArrayList<>();
    if (chosen != null) {
      chosen.rows().forEach(row -> bars.add(bar(row, null, null, true)));
      bars.sort(Comparator.comparing(Bar::rate).reversed());
    }
    return new Dashboard(Kind.COUNTY, me.name(), mock, chosen == null ? null : label(chosen),
        chosen == null ? null : chosen.overall().estimate(), bars, place, official, lines);
  }

  private Dashboard town(Scope scope, OrgNode me, Survey official, Survey mock) {
    // a unit reporter sits below a town: the town is the first town on its path
    String town = me.level() == OrgLevel.TOWN ? me.code() : townOf(me);
    String name = town == null ? me.name() : town.equals(me.code()) ? me.name()
        : org.areasUnder(town, OrgLevel.TOWN).stream().findFirst().map(OrgNode::name).orElse(me.name());
    List<Line> lines = new ArrayList<>();
    if (mock != null && town != null) {
      ResultsService.Results r = results.results(scope, mock.id());
      boolean en = english();
      for (ResultsService.IndicatorResults i : r.unflagged()) {
        for (ResultsService.Row row : i.rows()) {
          if (row.code().equals(town)) {
            Bar b = bar(row, null, null, true);
            lines.add(new Line(en ? i.indicator().labelEn() : i.indicator().labelZh(), b.rate(), b.low(), b.high(),
                b.noise(), null, null, false));
          }
        }
      }
    }
    return new Dashboard(Kind.TOWN, name, lines.isEmpty() ? null : mock, null, null, List.of(), null, official,
        lines);
  }

  private static String townOf(OrgNode node) {
    // path /CN/33/3306/330604/330604001/U…/: province, city, county, then the town
    String[] parts = node.path().split("/");
    return parts.length > 6 ? parts[5] : null;
  }

  private static ResultsService.IndicatorResults headline(ResultsService.Results r, String name) {
    List<ResultsService.IndicatorResults> list = r.unflagged();
    if (list.isEmpty()) {
      return null;
    }
    return list.stream().filter(i -> i.indicator().name().equals(name)).findFirst().orElse(list.get(0));
  }

  private static Bar bar(ResultsService.Row row, Double deduction, Integer rank, boolean ranked) {
    Estimate e = row.estimate();
    Interval ci = e.logit() != null && Double.isFinite(e.logit().low()) ? e.logit() : e.wald();
    boolean defined = Double.isFinite(ci.low()) && Double.isFinite(ci.high());
    Interval d = row.difference().wald();
    String noise = d.high() < 0 ? "below" : d.low() > 0 ? "above" : "none";
    return new Bar(row.code(), row.name(), e.estimate(), defined ? ci.low() : null, defined ? ci.high() : null, noise,
        deduction, rank, ranked);
  }

  private static boolean english() {
    return "en".equals(LocaleContextHolder.getLocale().getLanguage());
  }

  private static String label(ResultsService.IndicatorResults i) {
    return english() ? i.indicator().labelEn() : i.indicator().labelZh();
  }

  private static Map<String, String> labels(ResultsService.Results r) {
    Map<String, String> labels = new LinkedHashMap<>();
    r.all().forEach(i -> labels.put(i.indicator().name(), label(i)));
    return labels;
  }
}
