package org.sanlv.sampling;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TextFile;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A survey's samples: frames imported per survey (kept as imported, with their fingerprint), the sample size
 * of every stratum from the survey's rules with the planner beside it, seeded draws per mode written with COPY,
 * and the overview. Draws are reproducible: the same seed and frame give the same sample, bit for bit.
 */
@Service
public class SamplingService {

  /** Frames a survey can hold. */
  public enum FrameKind {
    BLOCKS, PREFIXES, DNC, SITES;

    String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One stratum's sizes.
   *
   * @param plannedN the planner's n for the target half-width, or null when no target was given
   */
  public record StratumPlan(String code, String name, long population, boolean demoFigures, int householdN,
      int phoneN, int interceptN, Integer plannedN) {}

  /** The sample sizes of a survey, with the rule that produced them. */
  public record Plan(List<StratumPlan> strata, MessageSourceResolvable householdRule, BigDecimal phoneShare,
      BigDecimal interceptShare) {

    public int total(java.util.function.ToIntFunction<StratumPlan> column) {
      return strata.stream().mapToInt(column).sum();
    }

    public int householdTotal() {
      return total(StratumPlan::householdN);
    }

    public int phoneTotal() {
      return total(StratumPlan::phoneN);
    }

    public int interceptTotal() {
      return total(StratumPlan::interceptN);
    }
  }

  /** The current draw of a mode with its units per stratum (or per area for numbers). */
  public record ModeSample(SurveyMode mode, SamplingRepository.DrawInfo draw, Map<String, Integer> unitsByStratum,
      Map<String, Integer> blocksByStratum, Map<String, String> names) {

    /** The name of a stratum or area code (the code itself when unknown). */
    public String name(String code) {
      return names.getOrDefault(code, code);
    }

    public List<String> labels() {
      return unitsByStratum.keySet().stream().map(this::name).toList();
    }
  }

  private final SamplingRepository repository;
  private final SurveyService surveys;
  private final OrgService org;
  private final AuditLog audit;

  SamplingService(SamplingRepository repository, SurveyService surveys, OrgService org, AuditLog audit) {
    this.repository = repository;
    this.surveys = surveys;
    this.org = org;
    this.audit = audit;
  }

  /** The strata of the survey with their sizes; {@code halfWidth}, {@code rate}, {@code deff} feed the planner. */
  public Plan plan(Scope scope, long surveyId, Double halfWidth, Double rate, Double deff) {
    Survey survey = surveys.get(scope, surveyId);
    Map<String, Object> design = survey.mode(SurveyMode.HOUSEHOLD).map(Survey.Mode::design).orElse(Map.of());
    SampleSizeRule rule = householdRule(design);
    BigDecimal phoneShare = share(survey, SurveyMode.PHONE);
    BigDecimal interceptShare = share(survey, SurveyMode.INTERCEPT);
    SampleSizePlanner planner = planner(halfWidth, rate, deff);
    List<StratumPlan> strata = new ArrayList<>();
    for (OrgNode stratum : strata(survey)) {
      long population = stratum.population() == null ? 0 : stratum.population();
      int household = rule.needsPopulation() && population == 0 ? 0 : rule.sizeFor(population);
      strata.add(new StratumPlan(stratum.code(), stratum.name(), population, stratum.figuresDemo(), household,
          new ModeShare(phoneShare).sizeFrom(household), new ModeShare(interceptShare).sizeFrom(household),
          planner == null ? null : planner.sampleSize(Math.max(population, 1))));
    }
    return new Plan(strata, describe(rule), phoneShare, interceptShare);
  }

  /** A rule in the reader's words (每层人口的 5‰，最少 300 户), never in the command line's syntax. */
  static MessageSourceResolvable describe(SampleSizeRule rule) {
    if (rule instanceof SampleSizeRule.Fixed f) {
      return new DefaultMessageSourceResolvable(new String[] {"sample.rule.fixed"}, new Object[] {f.n()});
    }
    if (rule instanceof SampleSizeRule.ShareOfPopulation s) {
      String key = "sample.rule.share" + (s.min() > 0 ? "Min" : "") + (s.max() < Integer.MAX_VALUE ? "Max" : "");
      String permille = s.share().movePointRight(3).stripTrailingZeros().toPlainString() + "‰";
      return new DefaultMessageSourceResolvable(new String[] {key}, new Object[] {permille, s.min(), s.max()});
    }
    return new DefaultMessageSourceResolvable(new String[] {"sample.rule.plan"}, new Object[] {rule.toString()});
  }

  /**
   * The planner for a page's inputs (null without a half-width; rate 0.9 and design effect 1.5 by default).
   *
   * @throws InputRejected naming each input outside the planner's domain: half-width and rate in (0, 1), design
   *     effect in [1, 100], all finite (a query string can say {@code NaN} or {@code Infinity})
   */
  static SampleSizePlanner planner(Double halfWidth, Double rate, Double deff) {
    List<Problem> problems = new ArrayList<>();
    if (halfWidth != null && !(halfWidth > 0 && halfWidth < 1)) {
      problems.add(Problem.at(0, "halfWidth", "sampling.error.halfWidth", String.valueOf(halfWidth)));
    }
    if (rate != null && !(rate > 0 && rate < 1)) {
      problems.add(Problem.at(0, "rate", "sampling.error.rate", String.valueOf(rate)));
    }
    if (deff != null && !(deff >= 1 && deff <= 100)) {
      problems.add(Problem.at(0, "deff", "sampling.error.deff", String.valueOf(deff)));
    }
    Frames.reject(problems);
    if (halfWidth == null) {
      return null;
    }
    SampleSizePlanner planner = SampleSizePlanner.withDefaults().withHalfWidth(halfWidth)
        .withExpectedRate(rate == null ? 0.9 : rate).withDesignEffect(deff == null ? 1.5 : deff);
    if (!Double.isFinite(planner.unroundedSampleSize())) { // e = 1e-200: e² is 0
      throw new InputRejected(Problem.at(0, "halfWidth", "sampling.error.halfWidth", String.valueOf(halfWidth)));
    }
    return planner;
  }

  public Optional<SamplingRepository.FrameInfo> frame(Scope scope, long surveyId, FrameKind kind) {
    surveys.get(scope, surveyId);
    return repository.latestFrame(surveyId, kind.dbValue());
  }

  /** Checks a frame file completely and stores it, or stores nothing and reports every problem by line. */
  @Transactional
  public SamplingRepository.FrameInfo importFrame(Scope scope, long surveyId, FrameKind kind, byte[] file,
      String fileName) {
    Survey survey = requireManage(scope, surveyId);
    String text = TextFile.decode(file).text();
    Set<String> known = knownAreas(survey);
    String fingerprint;
    int rows;
    switch (kind) {
      case BLOCKS -> {
        BlockFrame frame = Frames.blocks(text, known::contains);
        fingerprint = frame.fingerprint();
        rows = frame.blocks().size();
      }
      case PREFIXES -> {
        PrefixFrame frame = Frames.prefixes(text, known::contains);
        fingerprint = frame.fingerprint();
        rows = frame.prefixes().size();
      }
      case DNC -> {
        DoNotCallList list = Frames.doNotCall(text);
        fingerprint = list.fingerprint();
        rows = list.size();
      }
      default -> {
        SiteFrame frame = Frames.sites(text, known::contains);
        fingerprint = frame.fingerprint();
        rows = frame.sites().size();
      }
    }
    long id = repository.insertFrame(surveyId, kind.dbValue(), fingerprint, rows,
        text.getBytes(StandardCharsets.UTF_8), scope.username());
    audit.record(scope.username(), "sampling.frame", survey.slug(), Map.of("kind", kind.dbValue(), "rows", rows,
        "fingerprint", fingerprint, "file", String.valueOf(fileName)));
    return repository.latestFrame(surveyId, kind.dbValue()).filter(f -> f.id() == id).orElseThrow();
  }

  /**
   * Draws a mode's sample with a seed. A mode that already has a sample is redrawn only when {@code replace} is
   * set and fieldwork has not started (survey still a draft); the earlier draw is kept, marked as replaced.
   */
  @Transactional
  public SamplingRepository.DrawInfo draw(Scope scope, long surveyId, SurveyMode mode, long seed, boolean replace) {
    Survey survey = requireManage(scope, surveyId);
    if (survey.mode(mode).isEmpty()) {
      throw new InputRejected(Problem.of("sampling.error.modeNotInSurvey", Problem.term("mode." + mode.name())));
    }
    Optional<SamplingRepository.DrawInfo> current = repository.currentDraw(surveyId, mode.dbValue());
    if (current.isPresent() && survey.status() != Survey.Status.DRAFT) {
      throw new InputRejected(Problem.of("sampling.error.fieldworkStarted", current.get().id()));
    }
    if (current.isPresent() && !replace) {
      throw new InputRejected(Problem.of("sampling.error.redrawConfirm", current.get().id(), current.get().seed()));
    }
    Plan plan = plan(scope, surveyId, null, null, null);
    Map<String, Object> parameters = new LinkedHashMap<>(survey.mode(mode).orElseThrow().design());
    long drawId = switch (mode) {
      case HOUSEHOLD -> drawHouseholds(survey, plan, parameters, seed, scope.username());
      case PHONE -> drawNumbers(survey, plan, parameters, seed, scope.username());
      case INTERCEPT -> planQuotas(survey, plan, parameters, seed, scope.username());
      case ONLINE -> throw new InputRejected(Problem.of("sampling.error.onlineHasNoSample"));
    };
    repository.supersede(surveyId, mode.dbValue(), drawId);
    SamplingRepository.DrawInfo draw = repository.currentDraw(surveyId, mode.dbValue()).orElseThrow();
    audit.record(scope.username(), "sampling.draw", survey.slug(), Map.of("mode", mode.dbValue(), "seed", seed,
        "draw", drawId, "units", draw.unitCount(), "replaced", current.map(c -> (Object) c.id()).orElse("")));
    return draw;
  }

  /** The current sample of every mode of the survey that has one. */
  public List<ModeSample> overview(Scope scope, long surveyId) {
    Survey survey = surveys.get(scope, surveyId);
    Map<String, String> names = new java.util.HashMap<>();
    strata(survey).forEach(n -> names.put(n.code(), n.name()));
    org.areasUnder(survey.targetPath().split("/")[2], OrgLevel.CITY).forEach(n -> names.put(n.code(), n.name()));
    List<ModeSample> samples = new ArrayList<>();
    for (SurveyMode mode : SurveyMode.values()) {
      repository.currentDraw(surveyId, mode.dbValue()).ifPresent(d -> samples.add(switch (mode) {
        case HOUSEHOLD -> new ModeSample(mode, d, repository.householdsByStratum(d.id()), repository.blocksByStratum(d.id()), names);
        case PHONE -> new ModeSample(mode, d, repository.numbersByArea(d.id()), Map.of(), names);
        default -> new ModeSample(mode, d, repository.quotaByCounty(d.id()), Map.of(), names);
      }));
    }
    return samples;
  }

  public List<SamplingRepository.DrawInfo> draws(Scope scope, long surveyId) {
    surveys.get(scope, surveyId);
    return repository.draws(surveyId);
  }

  /**
   * The survey whose current sample of this mode the caller may export: refused without
   * {@link Permission#RAW_DATA_EXPORT} or when nothing has been drawn yet (checked before any
   * header of the download is written).
   */
  public Survey exportable(Scope scope, long surveyId, SurveyMode mode) {
    if (!scope.may(Permission.RAW_DATA_EXPORT)) {
      throw new OutOfScope(Permission.RAW_DATA_EXPORT.name());
    }
    Survey survey = surveys.get(scope, surveyId);
    repository.currentDraw(surveyId, mode.dbValue())
        .orElseThrow(() -> new InputRejected(Problem.of("sampling.error.noDraw", Problem.term("mode." + mode.name()))));
    return survey;
  }

  /**
   * The current sample of a mode as rows (header first), for CSV and XLSX export: only the rows of the caller's
   * subtree (a county admin gets its own county's households and numbers), recorded in the audit log. Raw rows:
   * the caller needs {@link Permission#RAW_DATA_EXPORT}.
   */
  public void export(Scope scope, long surveyId, SurveyMode mode, java.util.function.Consumer<List<Object>> row) {
    Survey survey = exportable(scope, surveyId, mode);
    SamplingRepository.DrawInfo draw = repository.currentDraw(surveyId, mode.dbValue()).orElseThrow();
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    // committed on its own before the first row leaves (no transaction here): an interrupted download is on record
    audit.record(scope.username(), "export.sample", survey.slug(),
        Map.of("mode", mode.dbValue(), "draw", draw.id(), "areas", visible.describe()));
    switch (mode) {
      case HOUSEHOLD -> {
        row.accept(List.of((Object[]) HouseholdSample.CSV_HEADER.split(",")));
        repository.households(draw.id(), visible, row);
      }
      case PHONE -> {
        row.accept(List.of((Object[]) RddSample.CSV_HEADER.split(",")));
        repository.numbers(draw.id(), visible, row);
      }
      default -> {
        row.accept(List.of("county", "location_type", "day_type", "time_of_day", "target"));
        repository.quotas(draw.id(), visible, row);
      }
    }
  }

  private long drawHouseholds(Survey survey, Plan plan, Map<String, Object> parameters, long seed, String by) {
    SamplingRepository.FrameInfo info = repository.latestFrame(survey.id(), FrameKind.BLOCKS.dbValue())
        .orElseThrow(() -> new InputRejected(Problem.of("sampling.error.noFrame", Problem.term("sample.frame." + FrameKind.BLOCKS.dbValue()))));
    BlockFrame frame = Frames.blocks(new String(repository.frameContent(info.id()), StandardCharsets.UTF_8), a -> true);
    HouseholdDesign.StratumLevel level = survey.stratumLevel().equals("town")
        ? HouseholdDesign.StratumLevel.TOWN : HouseholdDesign.StratumLevel.COUNTY;
    int perBlock = positive(parameters.getOrDefault("householdsPerBlock", "10"), "householdsPerBlock");
    Map<String, Integer> targets = new TreeMap<>();
    Set<String> inFrame = new HashSet<>();
    frame.blocks().forEach(b -> inFrame.add(level.of(b)));
    plan.strata().stream().filter(s -> inFrame.contains(s.code()) || s.householdN() > 0)
        .forEach(s -> targets.put(s.code(), s.householdN()));
    inFrame.forEach(code -> targets.putIfAbsent(code, 0));
    HouseholdSample sample = Draws.household(frame, HouseholdDesign.of(level, perBlock), targets, seed);
    parameters.put("targets", targets);
    long drawId = repository.insertDraw(survey.id(), "household", seed, info.id(), info.fingerprint(), parameters,
        sample.householdCount(), by);
    repository.copy("sample_household", HouseholdSample.CSV_HEADER_WITH_BLOCK, drawId, out -> sample.writeCsv(out, true));
    return drawId;
  }

  private long drawNumbers(Survey survey, Plan plan, Map<String, Object> parameters, long seed, String by) {
    SamplingRepository.FrameInfo info = repository.latestFrame(survey.id(), FrameKind.PREFIXES.dbValue())
        .orElseThrow(() -> new InputRejected(Problem.of("sampling.error.noFrame", Problem.term("sample.frame." + FrameKind.PREFIXES.dbValue()))));
    PrefixFrame frame = Frames.prefixes(new String(repository.frameContent(info.id()), StandardCharsets.UTF_8), a -> true);
    DoNotCallList doNotCall = repository.latestFrame(survey.id(), FrameKind.DNC.dbValue())
        .map(d -> Frames.doNotCall(new String(repository.frameContent(d.id()), StandardCharsets.UTF_8)))
        .orElse(DoNotCallList.empty());
    Map<String, Long> populations = new TreeMap<>();
    for (NumberPrefix p : frame.prefixes()) {
      populations.computeIfAbsent(p.area(), area -> org.areaPopulation(area).orElse(0L));
    }
    int interviews = plan.total(StratumPlan::phoneN);
    int perInterview = positive(parameters.getOrDefault("numbersPerInterview", "10"), "numbersPerInterview");
    int replicate = positive(parameters.getOrDefault("replicateSize", "500"), "replicateSize");
    RddSample sample = Draws.rdd(frame, AreaPopulations.of(populations), doNotCall,
        new RddDesign(Math.max(1, interviews * perInterview), replicate), seed);
    parameters.put("interviews", interviews);
    parameters.put("doNotCallFingerprint", doNotCall.fingerprint());
    long drawId = repository.insertDraw(survey.id(), "phone", seed, info.id(), info.fingerprint(), parameters,
        sample.size(), by);
    repository.copy("sample_number", "release_order, replicate, number, prefix, kind, carrier, area", drawId,
        sample::writeCsv);
    return drawId;
  }

  private long planQuotas(Survey survey, Plan plan, Map<String, Object> parameters, long seed, String by) {
    Optional<SamplingRepository.FrameInfo> sites = repository.latestFrame(survey.id(), FrameKind.SITES.dbValue());
    SiteFrame siteFrame = sites.map(s -> Frames.sites(new String(repository.frameContent(s.id()), StandardCharsets.UTF_8), a -> true))
        .orElse(null);
    Map<String, Integer> nByStratum = new TreeMap<>();
    plan.strata().forEach(s -> nByStratum.put(s.code(), s.interceptN()));
    List<QuotaCell> cells = Draws.interceptQuotas(nByStratum, InterceptDesign.withDefaults(), siteFrame);
    long drawId = repository.insertDraw(survey.id(), "intercept", seed, sites.map(SamplingRepository.FrameInfo::id).orElse(null),
        sites.map(SamplingRepository.FrameInfo::fingerprint).orElse(null), parameters,
        cells.stream().mapToInt(QuotaCell::target).sum(), by);
    repository.copy("sample_quota", "county, location_type, day_type, time_of_day, target", drawId, out -> {
      try {
        out.append("county,location_type,day_type,time_of_day,target\n");
        for (QuotaCell c : cells) {
          out.append(c.county()).append(',').append(c.type().name().toLowerCase(Locale.ROOT)).append(',')
              .append(c.day().name().toLowerCase(Locale.ROOT)).append(',').append(c.time().name().toLowerCase(Locale.ROOT))
              .append(',').append(String.valueOf(c.target())).append('\n');
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return drawId;
  }

  private List<OrgNode> strata(Survey survey) {
    return org.areasUnder(survey.targetCode(), survey.stratumLevel().equals("town") ? OrgLevel.TOWN : OrgLevel.COUNTY);
  }

  /** Codes a frame may name: the cities, counties and towns of the survey's province. */
  private Set<String> knownAreas(Survey survey) {
    String province = survey.targetPath().split("/")[2];
    Set<String> known = new HashSet<>();
    for (OrgLevel level : List.of(OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.TOWN)) {
      org.areasUnder(province, level).forEach(n -> known.add(n.code()));
    }
    return known;
  }

  private Survey requireManage(Scope scope, long surveyId) {
    return surveys.manageable(scope, surveyId);
  }

  static SampleSizeRule householdRule(Map<String, Object> design) {
    try {
      if ("fixed".equals(String.valueOf(design.getOrDefault("rule", "share")))) {
        return SampleSizeRule.fixed(Integer.parseInt(String.valueOf(design.get("fixed")).trim()));
      }
      SampleSizeRule.ShareOfPopulation rule = SampleSizeRule.shareOfPopulation(
          String.valueOf(design.getOrDefault("share", "0.005")).trim());
      String min = String.valueOf(design.getOrDefault("min", "")).trim();
      String max = String.valueOf(design.getOrDefault("max", "")).trim();
      if (!min.isEmpty()) {
        rule = rule.withMin(Integer.parseInt(min));
      }
      if (!max.isEmpty()) {
        rule = rule.withMax(Integer.parseInt(max));
      }
      return rule;
    } catch (RuntimeException e) {
      throw new InputRejected(Problem.of("sampling.error.badRule", String.valueOf(design)));
    }
  }

  private static BigDecimal share(Survey survey, SurveyMode mode) {
    try {
      return new BigDecimal(String.valueOf(survey.mode(mode).map(m -> m.design().getOrDefault("shareOfHousehold", "0.5"))
          .orElse("0.5")).trim());
    } catch (NumberFormatException e) {
      throw new InputRejected(Problem.of("sampling.error.badOption", Problem.term("mode." + mode.name())));
    }
  }

  private static int positive(Object value, String name) {
    try {
      int n = Integer.parseInt(String.valueOf(value).trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputRejected(Problem.at(0, name, "sampling.error.notPositive", String.valueOf(value)));
  }
}
