package org.sanlv.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.estimation.Estimate;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.results.ResultsService;
import org.sanlv.results.ResultsService.IndicatorResults;
import org.sanlv.results.ResultsService.Results;
import org.sanlv.results.ResultsService.Row;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scores of a survey under its year's rules, and the rules' versions.
 *
 * <p>The scores are computed on the results without flagged responses (the results page's default: a response an
 * integrity rule flagged is left out until a reviewer clears it), per source ({@code source:bureau},
 * {@code source:third_party}, {@code source:online}) over every county of the survey, then filtered to the caller's
 * subtree: ranks are among all counties. The survey year is the China-time year of its earliest mode opening.
 */
@Service
public class ScoringService {

  /** The rules shipped with the platform (seed 1's, Zhejiang 2022), used where an area has none for the year. */
  static final String DEFAULT_RULES = "scoring/zhejiang-2022.yaml";

  private final ScoringRepository repository;
  private final ResultsService results;
  private final SurveyService surveys;
  private final OrgService orgs;
  private final AuditLog audit;
  private final Clock clock;
  private final RulesVersion shipped;

  ScoringService(ScoringRepository repository, ResultsService results, SurveyService surveys, OrgService org,
      AuditLog audit, Clock clock) {
    this.repository = repository;
    this.results = results;
    this.surveys = surveys;
    this.orgs = org;
    this.audit = audit;
    this.clock = clock;
    this.shipped = shippedDefault();
  }

  /** What-if: the county's rows (each source and combined) before and after the change. */
  public record WhatIfResult(String code, String indicator, double points, double factor, List<ScoreRow> before,
      List<ScoreRow> after) {}

  /**
   * Planning: the responses a county needs in a source so that a 1-point gap is beyond the noise at its observed
   * design effect and rate ({@link Planning#nFor}); null where the rate or design effect gives none.
   */
  public record PlanningRow(String code, String name, String indicator, String source, double rate, long n,
      double deff, Long nForOnePoint) {}

  /** The rules that apply to the survey: the latest version of its area's and year's, else the shipped default. */
  public Rules rulesFor(long surveyId) {
    Survey survey = surveys.byId(surveyId).orElseThrow(() -> new NotFound("survey " + surveyId));
    return applying(survey).rules();
  }

  /** The version that applies: the survey's area's, else the nearest area above it with rules for the year. */
  RulesVersion applying(Survey survey) {
    int year = yearOf(survey);
    return repository.latest(codesUp(survey.targetPath()), year).orElse(shipped);
  }

  /** The shipped default (id 0). */
  public RulesVersion shippedRules() {
    return shipped;
  }

  /** The survey year: the China-time year of the earliest mode opening (of its creation when it has no mode). */
  public static int yearOf(Survey survey) {
    Instant first = survey.modes().stream().map(Survey.Mode::opensAt).min(Comparator.naturalOrder())
        .orElse(survey.createdAt());
    return first.atZone(Survey.CHINA).getYear();
  }

  /** Every stored version of an area's rules for a year, newest first. */
  public List<RulesVersion> versions(String areaCode, int year) {
    return repository.versions(areaCode, year);
  }

  /**
   * The versions a caller may read: of an area in their subtree or above it (a county reads the province's rules).
   */
  public List<RulesVersion> versions(Scope scope, String areaCode, int year) {
    String path = orgs.pathOf(areaCode).orElseThrow(() -> new InputRejected(
        Problem.at(0, "area", "scoring.rules.unknownArea", areaCode)));
    if (!scope.covers(path) && !scope.isBelow(path)) {
      throw new OutOfScope("area " + areaCode);
    }
    return repository.versions(areaCode, year);
  }

  /** One stored version, readable as {@link #versions(Scope, String, int)}; 0 = the shipped default. */
  public RulesVersion version(Scope scope, long rulesId) {
    if (rulesId == 0) {
      return shipped;
    }
    RulesVersion v = repository.byId(rulesId).orElseThrow(() -> new NotFound("rules " + rulesId));
    String path = orgs.pathOf(v.areaCode()).orElseThrow(() -> new NotFound("rules " + rulesId));
    if (!scope.covers(path) && !scope.isBelow(path)) {
      throw new NotFound("rules " + rulesId);
    }
    return v;
  }

  /**
   * Stores a new version of the rules (province admin only): checked as {@link RulesFile#parse}, its year must be
   * the year it is saved for. Older versions and other years are kept as they are.
   */
  @Transactional
  public RulesVersion save(Scope scope, String areaCode, int year, String yaml, String note) {
    if (!scope.may(Permission.SCORING_RULES)) {
      throw new OutOfScope(Permission.SCORING_RULES.name());
    }
    List<Problem> problems = new ArrayList<>();
    String path = areaCode == null ? null : orgs.pathOf(areaCode).orElse(null);
    if (path == null) {
      problems.add(Problem.at(0, "area", "scoring.rules.unknownArea", areaCode));
    } else if (!scope.covers(path)) {
      throw new OutOfScope("area " + areaCode);
    }
    if (year < 2000 || year > 2100) {
      problems.add(Problem.at(0, "year", "scoring.rules.year", String.valueOf(year)));
    }
    if (note != null && note.length() > 2000) {
      problems.add(Problem.at(0, "note", "scoring.rules.noteTooLong", 2000));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    Rules rules = RulesFile.parse(yaml);
    if (rules.year() != year) {
      throw new InputRejected(Problem.at(yearLine(yaml), "year", "scoring.rules.yearDiffers", rules.year(), year));
    }
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    RulesVersion saved = repository.append(areaCode, year, rules, yaml, cleanNote, scope.username(), clock.instant());
    audit.record(scope.username(), "scoring.rules.save", areaCode + "/" + year,
        Map.of("id", saved.id(), "version", saved.version()));
    return saved;
  }

  /** The survey's scores under the rules that apply to it. */
  public Scores scores(Scope scope, long surveyId) {
    Survey survey = surveys.get(scope, surveyId);
    return scores(scope, survey, applying(survey));
  }

  /** The survey's scores under one stored version of rules (0: the shipped default). */
  public Scores scores(Scope scope, long surveyId, long rulesId) {
    Survey survey = surveys.get(scope, surveyId);
    return scores(scope, survey, version(scope, rulesId));
  }

  /** The county's scores on one indicator before and after its rate moves by {@code points} and n by {@code factor}. */
  public WhatIfResult whatIf(Scope scope, long surveyId, String code, String indicator, double points,
      double factor) {
    Survey survey = surveys.get(scope, surveyId);
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    List<Problem> problems = new ArrayList<>();
    RulesVersion v = applying(survey);
    if (code == null || code.isBlank()) {
      problems.add(Problem.at(0, "code", "import.error.required"));
    }
    if (indicator == null || !v.rules().pointsPerPoint().containsKey(indicator)) {
      problems.add(Problem.at(0, "indicator", "scoring.whatIf.notScored", indicator == null ? "" : indicator));
    }
    if (!Double.isFinite(points) || Math.abs(points) > 100) {
      problems.add(Problem.at(0, "points", "scoring.whatIf.points"));
    }
    if (!Double.isFinite(factor) || !(factor > 0) || factor > 100) {
      problems.add(Problem.at(0, "factor", "scoring.whatIf.factor"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    if (!visible.includes(code)) {
      throw new OutOfScope("code " + code);
    }
    Inputs in = inputs(survey, v.rules());
    List<ScoreRow> before = Scorer.score(onlyIndicator(v.rules(), indicator), in.sources()).stream()
        .filter(r -> r.code().equals(code)).toList();
    if (before.isEmpty()) {
      throw new InputRejected(Problem.at(0, "code", "scoring.whatIf.noCounty", code));
    }
    List<ScoreRow> after = WhatIf.whatIfAll(v.rules(), in.sources(), code, indicator, points, factor);
    return new WhatIfResult(code, indicator, points, factor, before, after);
  }

  /** Per county in the caller's subtree, scored indicator and source: the n for a 1-point gap beyond the noise. */
  public List<PlanningRow> planning(Scope scope, long surveyId) {
    Survey survey = surveys.get(scope, surveyId);
    RulesVersion v = applying(survey);
    return planning(v.rules(), inputs(survey, v.rules()), surveys.visibleAreas(scope, survey));
  }

  /** Scores and planning under the same rules, read from the results once (the scores API). */
  record ScoresAndPlanning(Scores scores, List<PlanningRow> planning) {}

  ScoresAndPlanning scoresAndPlanning(Scope scope, long surveyId, Long rulesId) {
    Survey survey = surveys.get(scope, surveyId);
    RulesVersion v = rulesId == null ? applying(survey) : version(scope, rulesId);
    Inputs in = inputs(survey, v.rules());
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    return new ScoresAndPlanning(scores(survey, v, in, visible), planning(v.rules(), in, visible));
  }

  private static List<PlanningRow> planning(Rules rules, Inputs in, AreaFilter visible) {
    List<PlanningRow> out = new ArrayList<>();
    for (String indicator : rules.pointsPerPoint().keySet()) {
      for (Map.Entry<String, SourceResults> s : in.sources().entrySet()) {
        List<DomainInput> rows = s.getValue().byIndicator().get(indicator);
        if (rows == null) {
          continue;
        }
        for (DomainInput r : rows) {
          if (!visible.includes(r.code())) {
            continue;
          }
          Double deff = in.deff().get(s.getKey() + "|" + indicator + "|" + r.code());
          double d = deff != null && Double.isFinite(deff) && deff > 0 ? deff
              : Planning.designEffect(r.se(), r.rate(), r.n());
          Long n = d > 0 && Double.isFinite(d) && r.rate() > 0 && r.rate() < 1 ? Planning.nFor(d, r.rate(), 1) : null;
          out.add(new PlanningRow(r.code(), r.name(), indicator, s.getKey(), r.rate(), r.n(), d, n));
        }
      }
    }
    return out;
  }

  private Scores scores(Scope scope, Survey survey, RulesVersion v) {
    return scores(survey, v, inputs(survey, v.rules()), surveys.visibleAreas(scope, survey));
  }

  private Scores scores(Survey survey, RulesVersion v, Inputs in, AreaFilter visible) {
    List<ScoreRow> rows = Scorer.score(v.rules(), in.sources());
    List<CountyTotal> totals = Scorer.totals(rows);
    return new Scores(survey.id(), yearOf(survey), v.id(), v.rules(),
        rows.stream().filter(r -> visible.includes(r.code())).toList(),
        totals.stream().filter(t -> visible.includes(t.code())).toList(), clock.instant());
  }

  /** The sources' results as the scorer takes them, and each county's design effect (for planning). */
  record Inputs(Map<String, SourceResults> sources, Map<String, Double> deff) {}

  /**
   * Each source's results without flagged responses, over all counties of the survey: read with the survey's own
   * area as scope (the caller's access to the survey is checked before), so that averages and ranks are the
   * province's, whoever looks.
   */
  Inputs inputs(Survey survey, Rules rules) {
    Scope whole = new Scope("scoring", Role.PROVINCE_ANALYST, survey.targetCode(), survey.targetPath());
    Map<String, SourceResults> sources = new LinkedHashMap<>();
    Map<String, Double> deff = new java.util.HashMap<>();
    List<String> names = new ArrayList<>(rules.sources().keySet());
    List<Results> perSource = results.resultsOf(whole, survey.id(),
        names.stream().map(source -> "source:" + source).toList(), Set.of());
    for (int k = 0; k < names.size(); k++) {
      String source = names.get(k);
      Results r = perSource.get(k);
      if (r.unflagged().isEmpty()) {
        continue;
      }
      Map<String, List<DomainInput>> byIndicator = new LinkedHashMap<>();
      Map<String, WholeInput> wholes = new LinkedHashMap<>();
      for (IndicatorResults ir : r.unflagged()) {
        String name = ir.indicator().name();
        List<DomainInput> rows = new ArrayList<>(ir.rows().size());
        for (Row row : ir.rows()) {
          Estimate e = row.estimate();
          double diff = row.difference() == null ? Double.NaN : row.difference().difference();
          double diffSe = row.difference() == null ? Double.NaN : row.difference().standardError();
          rows.add(new DomainInput(row.code(), row.name(), e.estimate(), e.standardError(), e.n(), diff, diffSe));
          deff.put(source + "|" + name + "|" + row.code(), e.designEffect());
        }
        byIndicator.put(name, rows);
        if (ir.overall() != null) {
          wholes.put(name, new WholeInput(ir.overall().estimate(), ir.overall().standardError()));
        }
      }
      sources.put(source, new SourceResults(byIndicator, wholes));
    }
    return new Inputs(sources, deff);
  }

  private static Rules onlyIndicator(Rules rules, String indicator) {
    Map<String, Double> caps = rules.caps().containsKey(indicator) ? Map.of(indicator, rules.caps().get(indicator))
        : Map.of();
    return new Rules(rules.year(), rules.average(), rules.fraction(), rules.minN(), rules.sources(),
        Map.of(indicator, rules.pointsPerPoint().get(indicator)), caps);
  }

  /** The area codes of a path from the node up to the root: /CN/33/3306/ → 3306, 33, CN. */
  private static List<String> codesUp(String path) {
    List<String> codes = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        codes.add(0, part);
      }
    }
    return codes;
  }

  private static int yearLine(String yaml) {
    String[] lines = yaml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].stripLeading().startsWith("year:")) {
        return i + 1;
      }
    }
    return 1;
  }

  private static RulesVersion shippedDefault() {
    try (InputStream in = new ClassPathResource(DEFAULT_RULES).getInputStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Rules rules = RulesFile.parse(text);
      return new RulesVersion(0, null, rules.year(), 0, rules, text, null, null, Instant.EPOCH);
    } catch (IOException e) {
      throw new IllegalStateException("the shipped rules " + DEFAULT_RULES + " cannot be read", e);
    }
  }
}
