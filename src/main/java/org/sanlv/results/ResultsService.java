package org.sanlv.results;

import org.sanlv.estimation.DomainResults;
import org.sanlv.estimation.Domains;
import org.sanlv.estimation.Difference;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Estimator;
import org.sanlv.estimation.Interval;
import org.sanlv.estimation.LonelyPsu;
import org.sanlv.estimation.SurveyDesign;
import org.sanlv.indicator.Indicator;
import org.sanlv.indicator.IndicatorService;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.instrument.AnswerExpressions;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.QuestionType;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

/**
 * A survey's results: every indicator per county (the strata) and for the whole target area, with SE, 95% CI,
 * design effect, n and effective n, each county's difference from the whole with its CI, computed with and
 * without the responses carrying integrity flags.
 *
 * <p>Design: online and phone responses are self-weighting within county: strata = county, each respondent its
 * own PSU, weight 1 (household samples bring their base weights with the CAPI issue).
 */
@Service
public class ResultsService {

  private final ResultsRepository repository;
  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final OrgService org;
  private final IndicatorService definitions;

  ResultsService(ResultsRepository repository, SurveyService surveys, InstrumentService instruments, OrgService org,
      IndicatorService definitions) {
    this.repository = repository;
    this.surveys = surveys;
    this.instruments = instruments;
    this.org = org;
    this.definitions = definitions;
  }

  /** One indicator's results. */
  public record IndicatorResults(Indicator indicator, Estimate overall, List<Row> rows) {}

  /** One county: its estimate and its difference from the whole. */
  public record Row(String code, String name, Estimate estimate, Difference difference) {}

  /** Results of the survey, computed on all responses and on those without integrity flags. */
  public record Results(Survey survey, int responses, int flagged, List<IndicatorResults> all,
      List<IndicatorResults> unflagged) {}

  /** Selector of the composite of all sources (see {@link #combined}). */
  public static final String COMBINED = "combined";

  /**
   * The sources of the assessment: the statistics bureau does the household and phone interviews, a third party
   * the street intercepts; online responses are their own source.
   */
  public static final Map<String, String> SOURCE_OF_MODE = Map.of(
      "household", "bureau", "phone", "bureau", "intercept", "third_party", "online", "online");

  /**
   * The composite of the sources: each source is estimated on its own (its own design), then
   * θ̂ = Σ_s λ_s θ̂_s with λ_s proportional to the source's number of complete responses, the same λ for every
   * county and for the whole area, so that a county's difference from the whole is Σ_s λ_s d̂_s with
   * Var = Σ_s λ_s² Var(d̂_s): the sources are independent samples. CIs are Wald; design effect is not defined.
   */
  private Results combined(Survey survey, List<Indicator> indicators, List<String> columns, Set<String> selectMultiple,
      ResultsRepository.Responses data, Map<String, String> names, Set<String> excludeFlags) {
    Map<String, boolean[]> sourceRows = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (int i = 0; i < data.size(); i++) {
      String source = SOURCE_OF_MODE.getOrDefault(data.mode()[i], data.mode()[i]);
      sourceRows.computeIfAbsent(source, k -> new boolean[data.size()])[i] = true;
      sizes.merge(source, 1, Integer::sum);
    }
    List<List<IndicatorResults>> perSource = new ArrayList<>();
    List<List<IndicatorResults>> perSourceClean = new ArrayList<>();
    List<Double> lambda = new ArrayList<>();
    int flagged = 0;
    for (Map.Entry<String, boolean[]> e : sourceRows.entrySet()) {
      boolean[] clean = e.getValue().clone();
      for (int i = 0; i < clean.length; i++) {
        if (clean[i] && excluded(data.flags()[i], excludeFlags)) {
          clean[i] = false;
          flagged++;
        }
      }
      perSource.add(compute(indicators, columns, selectMultiple, data, e.getValue(), names));
      perSourceClean.add(compute(indicators, columns, selectMultiple, data, clean, names));
      lambda.add((double) sizes.get(e.getKey()) / data.size());
    }
    return new Results(survey, data.size(), flagged, composite(perSource, lambda), composite(perSourceClean, lambda));
  }

  private static boolean excluded(String[] flags, Set<String> excludeFlags) {
    if (excludeFlags == null || excludeFlags.isEmpty()) {
      return flags.length > 0;
    }
    for (String flag : flags) {
      if (excludeFlags.contains(flag)) {
        return true;
      }
    }
    return false;
  }

  private static List<IndicatorResults> composite(List<List<IndicatorResults>> perSource, List<Double> lambda) {
    List<IndicatorResults> out = new ArrayList<>();
    if (perSource.isEmpty() || perSource.stream().anyMatch(List::isEmpty)) {
      return perSource.size() == 1 ? perSource.get(0) : out;
    }
    double z = 1.959963984540054;
    for (int k = 0; k < perSource.get(0).size(); k++) {
      int indicator = k;
      Estimate overall = mix(perSource.stream().map(l -> l.get(indicator).overall()).toList(), lambda, "all", z);
      Map<String, List<ResultsService.Row>> byCounty = new java.util.TreeMap<>();
      for (List<IndicatorResults> source : perSource) {
        for (Row row : source.get(indicator).rows()) {
          byCounty.computeIfAbsent(row.code(), c -> new ArrayList<>()).add(row);
        }
      }
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<String, List<Row>> county : byCounty.entrySet()) {
        if (county.getValue().size() != perSource.size()) {
          continue; // a county missing from a source has no composite
        }
        List<Row> parts = county.getValue();
        Estimate e = mix(parts.stream().map(Row::estimate).toList(), lambda, county.getKey(), z);
        double d = 0;
        double var = 0;
        for (int s = 0; s < parts.size(); s++) {
          d += lambda.get(s) * parts.get(s).difference().difference();
          var += lambda.get(s) * lambda.get(s) * Math.pow(parts.get(s).difference().standardError(), 2);
        }
        double se = Math.sqrt(var);
        rows.add(new Row(county.getKey(), parts.get(0).name(), e,
            new Difference(county.getKey(), d, se, new Interval(d - z * se, d + z * se))));
      }
      out.add(new IndicatorResults(perSource.get(0).get(indicator).indicator(), overall, rows));
    }
    return out;
  }

  private static Estimate mix(List<Estimate> parts, List<Double> lambda, String domain, double z) {
    double est = 0;
    double var = 0;
    int n = 0;
    double nEff = 0;
    for (int s = 0; s < parts.size(); s++) {
      est += lambda.get(s) * parts.get(s).estimate();
      var += lambda.get(s) * lambda.get(s) * Math.pow(parts.get(s).standardError(), 2);
      n += parts.get(s).n();
      nEff += parts.get(s).effectiveN();
    }
    double se = Math.sqrt(var);
    return new Estimate(domain, est, se, new Interval(est - z * se, est + z * se), null, Double.NaN, n, nEff, 0);
  }

  /** What the results need from the store: the answers referenced by the survey's indicators. */
  private record Query(Survey survey, List<Indicator> indicators, List<String> columns, Set<String> selectMultiple) {}

  private Query query(Scope scope, long surveyId) {
    Survey survey = surveys.get(scope, surveyId);
    InterviewFlow flow = instruments.flow(survey.instrumentId());
    List<Indicator> indicators = definitions.indicators(survey);
    Set<String> selectMultiple = new HashSet<>();
    flow.rows().stream().filter(q -> q.type() == QuestionType.SELECT_MULTIPLE).forEach(q -> selectMultiple.add(q.name()));
    List<String> all = names(flow);
    Set<String> referenced = new LinkedHashSet<>();
    for (Indicator d : indicators) {
      for (String text : d.where() == null ? List.of(d.expression()) : List.of(d.expression(), d.where())) {
        for (int slot : AnswerExpressions.compile(text, all, selectMultiple).references()) {
          referenced.add(all.get(slot));
        }
      }
    }
    return new Query(survey, indicators, new ArrayList<>(referenced), selectMultiple);
  }

  /** The SQL the results run on the store (for the benchmark against a plain COPY of the same columns). */
  String querySql(Scope scope, long surveyId) {
    Query q = query(scope, surveyId);
    return ResultsRepository.completeResponsesSql(q.columns(), q.selectMultiple());
  }

  @org.springframework.transaction.annotation.Transactional(readOnly = true) // a cursor: rows stream in batches
  public Results results(Scope scope, long surveyId) {
    return results(scope, surveyId, null);
  }

  /** The results of one mode's responses only (household, phone, intercept, online), or of all when null. */
  @org.springframework.transaction.annotation.Transactional(readOnly = true)
  public Results results(Scope scope, long surveyId, String mode) {
    return results(scope, surveyId, mode, Set.of());
  }

  /**
   * The results of one mode, one source ({@code source:bureau}), the {@link #COMBINED} composite, or all (null);
   * the "without flagged" side leaves out responses carrying any of {@code excludeFlags} (empty = any flag at all).
   */
  @org.springframework.transaction.annotation.Transactional(readOnly = true)
  public Results results(Scope scope, long surveyId, String mode, Set<String> excludeFlags) {
    Query q = query(scope, surveyId);
    Survey survey = q.survey();
    List<Indicator> indicators = q.indicators();
    List<String> columns = q.columns();
    Set<String> selectMultiple = q.selectMultiple();
    ResultsRepository.Responses data = repository.completeResponses(surveyId, columns, selectMultiple);
    Map<String, String> countyNames = new LinkedHashMap<>();
    org.areasUnder(survey.targetCode(), survey.stratumLevel().equals("town") ? OrgLevel.TOWN : OrgLevel.COUNTY)
        .forEach(n -> countyNames.put(n.code(), n.name()));
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    if (COMBINED.equals(mode)) {
      return visibleOnly(combined(survey, indicators, columns, selectMultiple, data, countyNames, excludeFlags), visible);
    }
    boolean[] all = new boolean[data.size()];
    boolean[] clean = new boolean[data.size()];
    int flagged = 0;
    int responses = 0;
    for (int i = 0; i < clean.length; i++) {
      all[i] = mode == null || mode.equals(data.mode()[i]) || mode.equals("source:" + SOURCE_OF_MODE.get(data.mode()[i]));
      clean[i] = all[i] && !excluded(data.flags()[i], excludeFlags);
      responses += all[i] ? 1 : 0;
      flagged += all[i] && !clean[i] ? 1 : 0;
    }
    return visibleOnly(new Results(survey, responses, flagged, compute(indicators, columns, selectMultiple, data, all,
        countyNames), compute(indicators, columns, selectMultiple, data, clean, countyNames)), visible);
  }

  /**
   * The caller's own counties (or towns) only: a county official sees its own rate and its difference from the
   * whole, not its neighbours' rates (the whole stays, since the difference reveals it anyway).
   */
  private static Results visibleOnly(Results r, AreaFilter visible) {
    if (visible.all()) {
      return r;
    }
    java.util.function.Function<List<IndicatorResults>, List<IndicatorResults>> keep = list -> list.stream()
        .map(i -> new IndicatorResults(i.indicator(), i.overall(),
            i.rows().stream().filter(row -> visible.includes(row.code())).toList()))
        .toList();
    return new Results(r.survey(), r.responses(), r.flagged(), keep.apply(r.all()), keep.apply(r.unflagged()));
  }

  private static List<IndicatorResults> compute(List<Indicator> indicators, List<String> columns,
      Set<String> selectMultiple, ResultsRepository.Responses data, boolean[] keep, Map<String, String> names) {
    int n = 0;
    for (int i = 0; i < data.size(); i++) {
      n += keep == null || keep[i] ? 1 : 0;
    }
    List<IndicatorResults> out = new ArrayList<>();
    if (n < 2) {
      return out;
    }
    String[] strata = new String[n];
    Object[][] rows = new Object[n][];
    for (int i = 0, j = 0; i < data.size(); i++) {
      if (keep == null || keep[i]) {
        strata[j] = data.county()[i];
        rows[j++] = data.answers()[i];
      }
    }
    double[] weights = new double[n];
    java.util.Arrays.fill(weights, 1.0);
    Estimator estimator = Estimator.of(SurveyDesign.of(strata, null, weights).withLonelyPsu(LonelyPsu.ADJUST));
    Domains domains = Domains.of(strata);
    for (Indicator d : indicators) {
      AnswerExpressions value = AnswerExpressions.compile(d.expression(), columns, selectMultiple);
      AnswerExpressions where = d.where() == null ? null : AnswerExpressions.compile(d.where(), columns, selectMultiple);
      double[] y = new double[n];
      boolean[] in = where == null ? null : new boolean[n];
      for (int i = 0; i < n; i++) {
        y[i] = d.proportion() ? (value.test(rows[i]) ? 1 : 0) : value.number(rows[i]);
        if (in != null) {
          in[i] = where.test(rows[i]);
        }
      }
      DomainResults r = estimator.meanByDomain(y, in, domains);
      List<Row> list = new ArrayList<>();
      for (int k = 0; k < r.domains().size(); k++) {
        Estimate e = r.domains().get(k);
        list.add(new Row(e.domain(), names.getOrDefault(e.domain(), e.domain()), e, r.differences().get(k)));
      }
      out.add(new IndicatorResults(d, r.overall(), list));
    }
    return out;
  }

  private static List<String> names(InterviewFlow flow) {
    return flow.rows().stream().map(q -> q.name()).filter(s -> !s.isBlank()).toList();
  }


}
