package org.sanlv.results;

import org.sanlv.estimation.DomainResults;
import org.sanlv.estimation.Domains;
import org.sanlv.estimation.Difference;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.GroupedDesign;
import org.sanlv.estimation.GroupedEstimator;
import org.sanlv.estimation.Interval;
import org.sanlv.estimation.LonelyPsu;
import org.sanlv.indicator.Indicator;
import org.sanlv.indicator.IndicatorService;
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
import org.sanlv.org.OrgNode;
import org.sanlv.org.PopulationCell;
import org.sanlv.results.ResultsRepository.Grouping;
import java.util.HashMap;
import java.util.TreeMap;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;

/**
 * A survey's results: every indicator per county (the strata) and for the whole target area, with SE, 95% CI,
 * design effect, n and effective n, each county's difference from the whole with its CI, computed with and
 * without the responses carrying integrity flags.
 *
 * <p>Design: strata = county (town for a county's mock survey), each respondent its own PSU, weighted to the
 * strata's populations and post-stratified to sex × age band within them ({@link Weighting}); field interviews
 * have designs of their own ({@link FieldWeighting}: household interviews the draw's two-stage design with blocks
 * as PSUs, intercepts their quota cells), and a part that mixes them with other modes is estimated per mode and
 * composed. Field interviews count while pending or approved in review ({@link ResultsRepository#COUNTED}).
 * The sums are grouped in PostgreSQL
 * ({@link ResultsRepository#groups}) and estimated by {@link GroupedEstimator}: a million responses are a few
 * thousand groups.
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

  /**
   * How one mode's or source's responses were weighted (see {@link Weighting}): {@code kind} NONE (no population
   * figures: weight 1), POPULATION (to each stratum's population), AGE or AGE_SEX (and post-stratified within);
   * {@code postStratified} of {@code strata} strata had cells; {@code withoutPopulation} took the average weight.
   *
   * HOUSEHOLD (field interviews' two-stage design: {@code units} blocks as PSUs in {@code strata} strata) and
   * INTERCEPT (to the quota cells' population shares: {@code units} cells in {@code postStratified} strata) are
   * those of {@link FieldWeighting}.
   *
   * @param part the mode, {@code source:…}, or {@code all}
   * @param level {@code county} or {@code town}: the strata
   */
  public record WeightingNote(String part, String kind, String level, int strata, int postStratified,
      int withoutPopulation, int units) {

    public WeightingNote(String part, String kind, String level, int strata, int postStratified,
        int withoutPopulation) {
      this(part, kind, level, strata, postStratified, withoutPopulation, 0);
    }

    WeightingNote as(String otherPart) {
      return new WeightingNote(otherPart, kind, level, strata, postStratified, withoutPopulation, units);
    }
  }

  /** Results of the survey, computed on all responses and on those without integrity flags. */
  public record Results(Survey survey, int responses, int flagged, List<IndicatorResults> all,
      List<IndicatorResults> unflagged, List<WeightingNote> weighting) {}

  /** Selector of the composite of all sources (see {@link #combined}). */
  public static final String COMBINED = "combined";

  /**
   * The sources of the assessment: the statistics bureau does the household and phone interviews, a third party
   * the street intercepts; online responses are their own source.
   */
  public static final Map<String, String> SOURCE_OF_MODE = Map.of(
      "household", "bureau", "phone", "bureau", "intercept", "third_party", "online", "online");

  /** What a part of the responses gives: its indicators' results and how it was weighted (a note per mode mixed). */
  private record Part(List<IndicatorResults> results, List<WeightingNote> weighting) {}

  /**
   * The composite of the sources: each source is estimated on its own (its own design), then
   * θ̂ = Σ_s λ_s θ̂_s with λ_s proportional to the source's number of complete responses, the same λ for every
   * county and for the whole area, so that a county's difference from the whole is Σ_s λ_s d̂_s with
   * Var = Σ_s λ_s² Var(d̂_s): the sources are independent samples. CIs are Wald; design effect is not defined.
   */
  private Results combined(Query q, Figures f, Data data, Set<String> excludeFlags) {
    Map<String, Long> sizes = new TreeMap<>();
    Grouping first = data.groupings().get(0);
    long total = 0;
    for (int i = 0; i < first.size(); i++) {
      sizes.merge(sourceOf(first.mode()[i]), first.count()[i], Long::sum);
      total += first.count()[i];
    }
    List<List<IndicatorResults>> perSource = new ArrayList<>();
    List<List<IndicatorResults>> perSourceClean = new ArrayList<>();
    List<WeightingNote> notes = new ArrayList<>();
    List<Double> lambda = new ArrayList<>();
    long flagged = 0;
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      String source = e.getKey();
      Part all = estimate(q, f, data, "source:" + source, (mode, flags) -> sourceOf(mode).equals(source));
      perSource.add(all.results());
      perSourceClean.add(estimate(q, f, data, "source:" + source,
          (mode, flags) -> sourceOf(mode).equals(source) && !excluded(flags, excludeFlags)).results());
      notes.addAll(all.weighting());
      lambda.add((double) e.getValue() / total);
      flagged += count(first, (mode, flags) -> sourceOf(mode).equals(source) && excluded(flags, excludeFlags));
    }
    return new Results(q.survey(), (int) total, (int) flagged, composite(perSource, lambda),
        composite(perSourceClean, lambda), notes);
  }

  private static String sourceOf(String mode) {
    return SOURCE_OF_MODE.getOrDefault(mode, mode);
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

  /**
   * What the results need from the store: the answers referenced by the survey's indicators (and per indicator
   * its own set of them), and where age and sex are asked.
   */
  private record Query(Survey survey, List<Indicator> indicators, List<String> columns, Set<String> selectMultiple,
      List<List<String>> setOfIndicator, Demographics demographics) {}

  /**
   * The questions that give a respondent's age ({@code age}: an integer, or a select_one whose choice labels are
   * bands such as "16-29岁", "70岁及以上") and sex ({@code sex} or {@code gender}: a select_one whose choice
   * labels are 男/女 or male/female), with the code → value of their choices.
   */
  record Demographics(String ageQuestion, boolean ageInteger, Map<String, Weighting.Age> ageOfChoice,
      String sexQuestion, Map<String, String> sexOfChoice) {}

  private Query query(Scope scope, long surveyId) {
    return query(surveys.get(scope, surveyId));
  }

  private Query query(Survey survey) {
    InterviewFlow flow = instruments.flow(survey.instrumentId());
    List<Indicator> indicators = definitions.indicators(survey);
    Set<String> selectMultiple = new HashSet<>();
    flow.rows().stream().filter(q -> q.type() == QuestionType.SELECT_MULTIPLE).forEach(q -> selectMultiple.add(q.name()));
    List<String> all = names(flow);
    Set<String> referenced = new LinkedHashSet<>();
    List<List<String>> sets = new ArrayList<>();
    for (Indicator d : indicators) {
      Set<String> own = new java.util.TreeSet<>();
      for (String text : d.where() == null ? List.of(d.expression()) : List.of(d.expression(), d.where())) {
        for (int slot : AnswerExpressions.compile(text, all, selectMultiple).references()) {
          own.add(all.get(slot));
        }
      }
      referenced.addAll(own);
      sets.add(List.copyOf(own));
    }
    return new Query(survey, indicators, new ArrayList<>(referenced), selectMultiple, sets, demographics(flow));
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[0-9]{1,3}");

  static Demographics demographics(InterviewFlow flow) {
    String age = null;
    boolean ageInteger = false;
    Map<String, Weighting.Age> ageOfChoice = new HashMap<>();
    String sex = null;
    Map<String, String> sexOfChoice = new HashMap<>();
    for (var q : flow.rows()) {
      String name = q.name().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("age") && q.type() == QuestionType.INTEGER) {
        age = q.name();
        ageInteger = true;
      } else if (name.equals("age") && q.type() == QuestionType.SELECT_ONE) {
        age = q.name();
        for (var c : choices(flow, q)) {
          String label = String.join(" ", c.label().values());
          java.util.regex.Matcher m = NUMBER.matcher(label);
          List<Integer> numbers = new ArrayList<>();
          while (m.find()) {
            numbers.add(Integer.parseInt(m.group()));
          }
          boolean over = label.matches("(?s).*(以上|及以上|\\+|plus|over|and older).*");
          if (numbers.size() == 1 && over) {
            ageOfChoice.put(c.name(), new Weighting.Age(numbers.get(0), Integer.MAX_VALUE));
          } else if (numbers.size() >= 2 && numbers.get(0) <= numbers.get(1)) {
            ageOfChoice.put(c.name(), new Weighting.Age(numbers.get(0), numbers.get(1)));
          }
        }
      } else if ((name.equals("sex") || name.equals("gender")) && q.type() == QuestionType.SELECT_ONE) {
        sex = q.name();
        for (var c : choices(flow, q)) {
          for (String label : c.label().values()) {
            String l = label.trim().toLowerCase(java.util.Locale.ROOT);
            if (l.equals("男") || l.equals("male") || l.equals("男性")) {
              sexOfChoice.put(c.name(), "m");
            } else if (l.equals("女") || l.equals("female") || l.equals("女性")) {
              sexOfChoice.put(c.name(), "f");
            }
          }
        }
      }
    }
    return new Demographics(age, ageInteger, ageOfChoice, sex, sexOfChoice);
  }

  private static List<org.sanlv.instrument.Choice> choices(InterviewFlow flow, org.sanlv.instrument.Question q) {
    return flow.instrument().choiceList(q.listName()).map(l -> l.choices()).orElse(List.of());
  }

  /** The strata of a survey with their names, populations and sex × age margins (org's area figures). */
  private record Figures(String level, Map<String, String> names, Map<String, Long> population,
      Map<String, List<PopulationCell>> margins, int[] ageBounds) {}

  private Figures figures(Survey survey) {
    String level = survey.stratumLevel().equals("town") ? "town" : "county";
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Long> population = new HashMap<>();
    for (OrgNode n : org.areasUnder(survey.targetCode(), level.equals("town") ? OrgLevel.TOWN : OrgLevel.COUNTY)) {
      names.put(n.code(), n.name());
      if (n.population() != null) {
        population.put(n.code(), n.population());
      }
    }
    Map<String, List<PopulationCell>> margins = org.populationMargins(names.keySet());
    java.util.TreeSet<Integer> bounds = new java.util.TreeSet<>();
    for (List<PopulationCell> cells : margins.values()) {
      for (PopulationCell c : cells) {
        bounds.add(c.ageFrom());
        if (c.ageTo() != null) {
          bounds.add(c.ageTo() + 1);
        }
      }
    }
    return new Figures(level, names, population, margins, bounds.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The grouped responses of one version of the survey's data. */
  private record Data(List<Grouping> groupings, Map<List<String>, Grouping> bySet) {}

  private record DataKey(long surveyId, long version, List<String> columns, List<List<String>> sets,
      ResultsRepository.Keys keys) {
    @Override
    public boolean equals(Object o) {
      return o instanceof DataKey k && surveyId == k.surveyId && version == k.version && columns.equals(k.columns)
          && sets.equals(k.sets) && keys.townStrata() == k.keys.townStrata()
          && java.util.Objects.equals(keys.ageQuestion(), k.keys.ageQuestion())
          && keys.ageInteger() == k.keys.ageInteger() && java.util.Arrays.equals(keys.ageBounds(), k.keys.ageBounds())
          && java.util.Objects.equals(keys.sexQuestion(), k.keys.sexQuestion());
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(surveyId, version, columns, sets);
    }
  }

  /** Results are those of one version of the responses and one of everything else they read (V12, V24). */
  private record ResultsKey(long surveyId, long version, long inputVersion, String mode, Set<String> excludeFlags) {}

  /** What a survey's results are computed from besides its responses: its indicators, questions and area figures. */
  private record Inputs(Query query, Figures figures) {}

  /**
   * A survey's inputs as of {@code inputVersion} (V24's counter, which every change of area figures, margins,
   * indicator definitions, surveys and questionnaires raises): read once per version, so that a look at unchanged
   * results reads two counters and nothing else. The caller's right to the survey is checked on every look.
   */
  private Inputs inputs(Scope scope, long surveyId, long inputVersion) {
    Survey survey = surveys.get(scope, surveyId);
    List<Long> key = List.of(surveyId, inputVersion);
    Inputs in = inputsCache.get(key);
    if (in == null) {
      in = new Inputs(query(survey), figures(survey));
      inputsCache.put(key, in);
    }
    return in;
  }

  /** A small least-recently-used map: the results of the last surveys looked at, on this node. */
  private static <K, V> Map<K, V> lru(int size) {
    return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > size;
      }
    });
  }

  private final Map<DataKey, Data> dataCache = lru(8);
  private final Map<ResultsKey, Results> resultsCache = lru(64);
  private final Map<List<Long>, Inputs> inputsCache = lru(16);

  /** Forgets every kept result on this node (the benchmark measures the first look with it). */
  void forget() {
    dataCache.clear();
    resultsCache.clear();
    inputsCache.clear();
  }

  /** Moves the deltas written since into the kept cells every few seconds, so that a look reads cells. */
  @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "${sanlv.results.fold-every-ms:10000}",
      fixedDelayString = "${sanlv.results.fold-every-ms:10000}")
  void foldCells() {
    repository.foldAll();
  }

  private Data data(Query q, Figures f, long version) {
    List<List<String>> sets = q.setOfIndicator().stream().distinct().toList();
    Demographics d = q.demographics();
    ResultsRepository.Keys keys = new ResultsRepository.Keys(f.level().equals("town"), d.ageQuestion(),
        d.ageInteger(), f.ageBounds(), d.sexQuestion());
    DataKey key = new DataKey(q.survey().id(), version, q.columns(), sets, keys);
    Data cached = dataCache.get(key);
    if (cached != null) {
      return cached;
    }
    List<Grouping> groupings = repository.groups(q.survey().id(), q.columns(), sets, q.selectMultiple(), keys);
    Map<List<String>, Grouping> bySet = new HashMap<>();
    groupings.forEach(g -> bySet.put(g.set(), g));
    Data data = new Data(groupings, bySet);
    dataCache.put(key, data);
    return data;
  }

  /** The SQL the results ran on the store before issue 18 (the benchmark's COPY baseline, kept as it was). */
  String querySql(Scope scope, long surveyId) {
    Query q = query(scope, surveyId);
    return ResultsRepository.completeResponsesSql(q.columns(), q.selectMultiple());
  }

  public Results results(Scope scope, long surveyId) {
    return results(scope, surveyId, null);
  }

  /** The results of one mode's responses only (household, phone, intercept, online), or of all when null. */
  public Results results(Scope scope, long surveyId, String mode) {
    return results(scope, surveyId, mode, Set.of());
  }

  /**
   * The results of one mode, one source ({@code source:bureau}), the {@link #COMBINED} composite, or all (null);
   * the "without flagged" side leaves out responses carrying any of {@code excludeFlags} (empty = any flag at all).
   *
   * <p>Computed from the responses grouped in PostgreSQL and kept per survey for as long as its responses, the
   * indicators and the area figures stay the same (the key is read before the data: what is kept is never older
   * than its key, on any node).
   */
  public Results results(Scope scope, long surveyId, String mode, Set<String> excludeFlags) {
    return resultsOf(scope, surveyId, java.util.Collections.singletonList(mode), excludeFlags).get(0);
  }

  /** The results of several modes or sources ({@code mode} as above) of one version of the survey's data. */
  public List<Results> resultsOf(Scope scope, long surveyId, List<String> modes, Set<String> excludeFlags) {
    long[] versions = repository.versions(surveyId);
    Inputs in = inputs(scope, surveyId, versions[1]);
    Query q = in.query();
    AreaFilter visible = surveys.visibleAreas(scope, q.survey());
    Set<String> exclude = excludeFlags == null ? Set.of() : Set.copyOf(excludeFlags);
    List<Results> out = new ArrayList<>();
    for (String mode : modes) {
      ResultsKey key = new ResultsKey(surveyId, versions[0], versions[1], mode, exclude);
      Results r = resultsCache.get(key);
      if (r == null) {
        r = compute(q, in.figures(), data(q, in.figures(), versions[0]), mode, exclude);
        resultsCache.put(key, r);
      }
      out.add(visibleOnly(r, visible));
    }
    return out;
  }

  private Results compute(Query q, Figures f, Data data, String mode, Set<String> excludeFlags) {
    if (data.groupings().isEmpty() || data.groupings().get(0).size() == 0) {
      return new Results(q.survey(), 0, 0, List.of(), List.of(), List.of());
    }
    if (COMBINED.equals(mode)) {
      return combined(q, f, data, excludeFlags);
    }
    java.util.function.BiPredicate<String, String[]> in = (m, flags) -> mode == null || mode.equals(m)
        || mode.equals("source:" + SOURCE_OF_MODE.get(m));
    Part all = estimate(q, f, data, mode == null ? "all" : mode, in);
    Part clean = estimate(q, f, data, mode == null ? "all" : mode,
        (m, flags) -> in.test(m, flags) && !excluded(flags, excludeFlags));
    Grouping first = data.groupings().get(0);
    long responses = count(first, in);
    long flagged = count(first, (m, flags) -> in.test(m, flags) && excluded(flags, excludeFlags));
    return new Results(q.survey(), (int) responses, (int) flagged, all.results(), clean.results(),
        all.weighting());
  }

  private static long count(Grouping g, java.util.function.BiPredicate<String, String[]> in) {
    long n = 0;
    for (int i = 0; i < g.size(); i++) {
      if (in.test(g.mode()[i], g.flags()[i])) {
        n += g.count()[i];
      }
    }
    return n;
  }

  /**
   * The indicators over the groups a predicate keeps: per set of questions its own grouped design (weighting
   * per {@link Weighting}: strata = county or town, each respondent its own PSU, post-stratified), the expressions
   * once per group, and {@link GroupedEstimator#meanByDomain} with the strata as domains.
   */
  private Part estimate(Query q, Figures f, Data data, String part,
      java.util.function.BiPredicate<String, String[]> in) {
    // Field interviews have a design of their own (blocks as PSUs, or quota cells): a part that mixes them with
    // other modes is estimated per mode and composed as the sources are (λ ∝ complete responses).
    Grouping first = data.groupings().get(0);
    Map<String, Long> modes = new TreeMap<>();
    for (int i = 0; i < first.size(); i++) {
      if (in.test(first.mode()[i], first.flags()[i])) {
        modes.merge(first.mode()[i], first.count()[i], Long::sum);
      }
    }
    if (modes.size() > 1 && modes.keySet().stream().anyMatch(m -> fieldDesign(first, m) != null)) {
      List<List<IndicatorResults>> perMode = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      List<WeightingNote> notes = new ArrayList<>();
      for (String mode : modes.keySet()) {
        Part p = estimateOne(q, f, data, mode, (m, flags) -> m.equals(mode) && in.test(m, flags));
        notes.addAll(p.weighting());
        if (!p.results().isEmpty()) { // a mode with fewer than two responses has no estimate to compose
          perMode.add(p.results());
          sizes.add(modes.get(mode));
        }
      }
      long total = sizes.stream().mapToLong(Long::longValue).sum();
      return new Part(composite(perMode, sizes.stream().map(n -> (double) n / total).toList()), notes);
    }
    return estimateOne(q, f, data, part, in);
  }

  /**
   * The design kind of one mode's field interviews in a grouping: HOUSEHOLD when every household response has an
   * assignment, INTERCEPT when any intercept has one; null otherwise (weighted as online and phone responses).
   */
  private static Weighting.Kind fieldDesign(Grouping g, String mode) {
    boolean any = false;
    for (int i = 0; i < g.size(); i++) {
      if (!g.mode()[i].equals(mode)) {
        continue;
      }
      if (mode.equals("household")) {
        if (FieldWeighting.household(g.field()[i]) == null) {
          return null;
        }
        any = true;
      } else if (mode.equals("intercept") && FieldWeighting.interceptCell(g.field()[i]) != null) {
        return Weighting.Kind.INTERCEPT;
      }
    }
    return any ? Weighting.Kind.HOUSEHOLD : null;
  }

  private Part estimateOne(Query q, Figures f, Data data, String part,
      java.util.function.BiPredicate<String, String[]> in) {
    Map<List<String>, KeptDesign> designs = new HashMap<>(); // one design per set of questions
    WeightingNote note = null;
    List<IndicatorResults> out = new ArrayList<>();
    for (int k = 0; k < q.indicators().size(); k++) {
      Indicator d = q.indicators().get(k);
      List<String> set = q.setOfIndicator().get(k);
      KeptDesign design = designs.get(set);
      if (design == null) {
        design = design(q, f, data.bySet().get(set), in);
        designs.put(set, design);
      }
      if (design.estimator() == null) {
        note = note == null ? design.note() : note;
        continue; // fewer than two responses: nothing to estimate
      }
      GroupedEstimator estimator = design.estimator();
      Object[][] rows = design.answers();
      Domains domains = design.domains();
      WeightingNote planned = design.note();
      note = note == null ? planned.as(part) : note;
      AnswerExpressions value = AnswerExpressions.compile(d.expression(), q.columns(), q.selectMultiple());
      AnswerExpressions where = d.where() == null ? null
          : AnswerExpressions.compile(d.where(), q.columns(), q.selectMultiple());
      int g = rows.length;
      double[] y = new double[g];
      boolean[] inWhere = where == null ? null : new boolean[g];
      for (int i = 0; i < g; i++) {
        y[i] = d.proportion() ? (value.test(rows[i]) ? 1 : 0) : value.number(rows[i]);
        if (inWhere != null) {
          inWhere[i] = where.test(rows[i]);
        }
      }
      DomainResults r = estimator.meanByDomain(y, inWhere, domains);
      List<Row> list = new ArrayList<>();
      for (int j = 0; j < r.domains().size(); j++) {
        Estimate e = r.domains().get(j);
        list.add(new Row(e.domain(), f.names().getOrDefault(e.domain(), e.domain()), e, r.differences().get(j)));
      }
      out.add(new IndicatorResults(d, r.overall(), list));
    }
    if (note != null && !note.part().equals(part)) {
      note = note.as(part);
    }
    return new Part(out, List.of(note == null ? new WeightingNote(part, Weighting.Kind.NONE.name(), f.level(), 0, 0, 0)
        : note));
  }

  /**
   * The weighted design of one grouping's kept groups: its estimator (null when fewer than two responses are kept),
   * the kept groups' answers, the strata as domains, and how they were weighted.
   */
  private record KeptDesign(GroupedEstimator estimator, Object[][] answers, Domains domains, WeightingNote note) {}

  private KeptDesign design(Query q, Figures f, Grouping g, java.util.function.BiPredicate<String, String[]> in) {
    List<Integer> kept = new ArrayList<>();
    long n = 0;
    for (int i = 0; i < g.size(); i++) {
      if (in.test(g.mode()[i], g.flags()[i])) {
        kept.add(i);
        n += g.count()[i];
      }
    }
    int size = kept.size();
    String[] strata = new String[size];
    Weighting.Age[] age = new Weighting.Age[size];
    String[] sex = new String[size];
    String[] field = new String[size];
    long[] count = new long[size];
    Object[][] rows = new Object[size][];
    java.util.Set<String> keptModes = new java.util.TreeSet<>();
    for (int j = 0; j < size; j++) {
      int i = kept.get(j);
      keptModes.add(g.mode()[i]);
      field[j] = g.field()[i];
      strata[j] = g.stratum()[i];
      age[j] = age(q.demographics(), f.ageBounds(), g.age()[i]);
      sex[j] = g.sex()[i] == null ? null : q.demographics().sexOfChoice().get(g.sex()[i]);
      count[j] = g.count()[i];
      rows[j] = g.answers()[i];
    }
    Weighting.Kind own = keptModes.size() == 1 ? fieldDesign(g, keptModes.iterator().next()) : null;
    if (own != null) {
      return fieldDesign(own, f, strata, field, count, rows, n);
    }
    Weighting.Plan plan = Weighting.plan(strata, age, sex, count, f.population(), f.margins(),
        q.demographics().ageQuestion() != null, q.demographics().sexQuestion() != null);
    WeightingNote note = new WeightingNote("", plan.kind().name(), f.level(), plan.strata(), plan.postStratified(),
        plan.withoutPopulation());
    if (n < 2) {
      return new KeptDesign(null, null, null, note);
    }
    GroupedDesign design = GroupedDesign.of(strata, null, plan.baseWeights(), count).withLonelyPsu(LonelyPsu.ADJUST)
        .postStratify(plan.cells(), plan.population());
    return new KeptDesign(GroupedEstimator.of(design), rows, Domains.of(strata), note);
  }

  /** The design of one mode's field interviews ({@link FieldWeighting}): two-stage household, or intercept cells. */
  private static KeptDesign fieldDesign(Weighting.Kind kind, Figures f, String[] strata, String[] field, long[] count,
      Object[][] rows, long n) {
    int size = strata.length;
    Set<String> strataSeen = new java.util.TreeSet<>(java.util.Arrays.asList(strata));
    if (kind == Weighting.Kind.HOUSEHOLD) {
      String[] psus = new String[size];
      double[] w = new double[size];
      Set<String> blocks = new HashSet<>();
      for (int j = 0; j < size; j++) {
        FieldWeighting.Household h = FieldWeighting.household(field[j]);
        psus[j] = h.psu();
        w[j] = h.weight();
        blocks.add(strata[j] + '\u0000' + h.psu());
      }
      WeightingNote note = new WeightingNote("", kind.name(), f.level(), strataSeen.size(), 0, 0, blocks.size());
      if (n < 2) {
        return new KeptDesign(null, null, null, note);
      }
      GroupedDesign design = GroupedDesign.of(strata, psus, w, count).withLonelyPsu(LonelyPsu.ADJUST);
      return new KeptDesign(GroupedEstimator.of(design), rows, Domains.of(strata), note);
    }
    // intercept: each stratum weighs its population (Weighting's rule when a figure is missing), split by cell
    Weighting.Plan plan = Weighting.plan(strata, new Weighting.Age[size], new String[size], count, f.population(),
        Map.of(), false, false);
    Map<String, Double> stratumPop = new HashMap<>();
    for (int j = 0; j < size; j++) {
      stratumPop.merge(strata[j], plan.baseWeights()[j] * count[j], Double::sum);
    }
    FieldWeighting.Cells cells = FieldWeighting.intercept(strata, field, count, stratumPop);
    WeightingNote note = new WeightingNote("", kind.name(), f.level(), plan.strata(), plan.strata(),
        plan.withoutPopulation(), cells.cells());
    if (n < 2) {
      return new KeptDesign(null, null, null, note);
    }
    GroupedDesign design = GroupedDesign.of(strata, null, plan.baseWeights(), count).withLonelyPsu(LonelyPsu.ADJUST)
        .postStratify(cells.cell(), cells.population());
    return new KeptDesign(GroupedEstimator.of(design), rows, Domains.of(strata), note);
  }

  /** A group's age range from its key: an integer age's band number (width_bucket of the bounds) or a choice code. */
  static Weighting.Age age(Demographics d, int[] bounds, String key) {
    if (key == null || d.ageQuestion() == null) {
      return Weighting.Age.UNKNOWN;
    }
    if (!d.ageInteger()) {
      return d.ageOfChoice().getOrDefault(key, Weighting.Age.UNKNOWN);
    }
    int b = Integer.parseInt(key);
    if (b <= 0) {
      return Weighting.Age.UNKNOWN; // younger than every band
    }
    return new Weighting.Age(bounds[b - 1], b < bounds.length ? bounds[b] - 1 : Integer.MAX_VALUE);
  }

  /** The weight the results give a stored response (see {@link #weights}). */
  public interface ResponseWeights {
    /**
     * The weight of a response of this mode and stratum with these answers and field design (the assignment's
     * block or quota cell, {@link ResultsRepository#FIELD_DESIGN}; null for others); null when it has none
     * (a rejected field interview, say).
     */
    Double of(String mode, String stratum, String field, Map<String, String> answers);

    /** The weight of a response without an assignment. */
    default Double of(String mode, String stratum, Map<String, String> answers) {
      return of(mode, stratum, null, answers);
    }

    /**
     * The response's PSU in the results' design when it is not the response itself: a household interview's block
     * ({@code draw/block}) when its mode is estimated with the two-stage design; null otherwise.
     */
    default String psu(String mode, String field) {
      return null;
    }
  }

  /**
   * The weight the results give each complete response, for the export's {@code weight} column: that of its
   * mode's results (its mode's responses weighted together, flagged ones included), as {@link Weighting} plans it.
   * Strata are those of the results: {@code stratum_code} for surveys by town, else {@code county_code}.
   */
  public ResponseWeights weights(Scope scope, long surveyId) {
    long[] versions = repository.versions(surveyId);
    Inputs in = inputs(scope, surveyId, versions[1]);
    Query q = in.query();
    Figures f = in.figures();
    Data data = data(q, f, versions[0]);
    Map<String, Double> weightOf = new HashMap<>();
    Set<String> clustered = new HashSet<>();
    if (!data.groupings().isEmpty()) {
      Grouping g = data.groupings().get(0);
      Set<String> modes = new java.util.TreeSet<>(java.util.Arrays.asList(g.mode()));
      for (String mode : modes) {
        if (fieldDesign(g, mode) == Weighting.Kind.HOUSEHOLD) {
          clustered.add(mode);
        }
        KeptDesign design = design(q, f, g, (m, flags) -> m.equals(mode));
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
          if (g.mode()[i].equals(mode)) {
            kept.add(i);
          }
        }
        if (design.estimator() == null) {
          continue;
        }
        double[] w = design.estimator().design().weights();
        for (int j = 0; j < kept.size(); j++) {
          int i = kept.get(j);
          weightOf.put(weightKey(mode, g.stratum()[i], g.age()[i], g.sex()[i], g.field()[i]), w[j]);
        }
      }
    }
    Demographics d = q.demographics();
    int[] bounds = f.ageBounds();
    return new ResponseWeights() {
      @Override
      public String psu(String mode, String field) {
        FieldWeighting.Household h = clustered.contains(mode) ? FieldWeighting.household(field) : null;
        return h == null ? null : h.psu();
      }

      @Override
      public Double of(String mode, String stratum, String field, Map<String, String> answers) {
        return weightOf(weightOf, d, bounds, mode, stratum, field, answers);
      }
    };
  }

  private static Double weightOf(Map<String, Double> weightOf, Demographics d, int[] bounds, String mode,
      String stratum, String field, Map<String, String> answers) {
    String age = d.ageQuestion() == null ? null : answers.get(d.ageQuestion());
    if (age != null && d.ageInteger()) {
      // as the query's width_bucket: the number of band bounds at or below the age
      if (bounds.length == 0) {
        age = null;
      } else if (age.matches("[0-9]{1,3}")) {
        int a = Integer.parseInt(age);
        int b = 0;
        while (b < bounds.length && bounds[b] <= a) {
          b++;
        }
        age = String.valueOf(b);
      } else {
        age = null;
      }
    }
    String sex = d.sexQuestion() == null ? null : answers.get(d.sexQuestion());
    return weightOf.get(weightKey(mode, stratum, age, sex, field));
  }

  private static String weightKey(String mode, String stratum, String age, String sex, String field) {
    return mode + '\u0000' + stratum + '\u0000' + (age == null ? "\u0001" : age) + '\u0000'
        + (sex == null ? "\u0001" : sex) + '\u0000' + (field == null ? "\u0001" : field);
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
    return new Results(r.survey(), r.responses(), r.flagged(), keep.apply(r.all()), keep.apply(r.unflagged()),
        r.weighting());
  }

  private static List<String> names(InterviewFlow flow) {
    return flow.rows().stream().map(q -> q.name()).filter(s -> !s.isBlank()).toList();
  }


}
