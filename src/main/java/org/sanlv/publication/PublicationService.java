package org.sanlv.publication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.results.ResultsService;
import org.sanlv.scoring.CountyTotal;
import org.sanlv.scoring.ScoreRow;
import org.sanlv.scoring.Scores;
import org.sanlv.scoring.ScoringService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publications (晾晒): a survey's results and scores frozen as a dated snapshot ({@link Snapshot}), read back as
 * stored. Publishing needs {@link Permission#PUBLISH} and the survey's area in the caller's subtree (the province
 * admin publishes the official survey, a county admin its county's mock surveys). A published ranking is meant to
 * be circulated: everyone who may read the survey (its area's subtree and the areas above) sees the whole table.
 *
 * <p>Scores use the responses without integrity flags, as the results page does by default.
 */
@Service
public class PublicationService {

  /** The sources in the order the tables show them (see {@link ResultsService#SOURCE_OF_MODE}). */
  static final List<String> SOURCES = List.of("bureau", "third_party", "online");

  // Sorted map keys and record order make the JSON text a function of the snapshot: the digest can be checked by
  // writing the snapshot read back from jsonb (which reorders keys) again.
  static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private final PublicationRepository repository;
  private final SurveyService surveys;
  private final ResultsService results;
  private final ScoringService scoring;
  private final OrgService org;
  private final AuditLog audit;
  private final Clock clock;

  PublicationService(PublicationRepository repository, SurveyService surveys, ResultsService results,
      ScoringService scoring, OrgService org, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.surveys = surveys;
    this.results = results;
    this.scoring = scoring;
    this.org = org;
    this.audit = audit;
    this.clock = clock;
  }

  /** A line of the list of publications. */
  public record Summary(long id, long surveyId, String surveyName, String kind, Integer year, String areaName,
      String level, String title, String publishedBy, Instant publishedAt) {}

  /** Whether the caller may publish this survey's results: the right, and the survey's area in its subtree. */
  public boolean mayPublish(Scope scope, Survey survey) {
    return scope.may(Permission.PUBLISH) && scope.covers(survey.targetPath());
  }

  /** The surveys the caller may publish, newest first. */
  public List<Survey> publishable(Scope scope) {
    return surveys.list(scope).stream().filter(s -> mayPublish(scope, s))
        .sorted(Comparator.comparing(Survey::createdAt).reversed()).toList();
  }

  /**
   * Freezes the survey's ranking tables as they are now.
   *
   * @param areaCode whose results: null or the survey's own area (a part of it is not offered)
   * @throws InputRejected on a bad title or area, or when the survey has no complete responses
   */
  @Transactional
  public Publication publish(Scope scope, long surveyId, String areaCode, String title) {
    String t = title == null ? "" : title.strip();
    if (t.isEmpty() || t.length() > 200) {
      throw new InputRejected(Problem.at(0, "title", "publication.error.title"));
    }
    Survey survey = surveys.get(scope, surveyId);
    if (!mayPublish(scope, survey)) {
      throw new OutOfScope("publish survey " + surveyId);
    }
    if (areaCode != null && !areaCode.isBlank() && !areaCode.equals(survey.targetCode())) {
      throw new InputRejected(Problem.at(0, "areaCode", "publication.error.area", areaCode, survey.targetName()));
    }
    Snapshot snapshot = snapshot(scope, survey);
    String json = JSON.writeValueAsString(snapshot);
    String sha = sha256(json);
    long id = repository.insert(survey.id(), survey.targetCode(), snapshot.level(), t,
        snapshot.rules().id() == 0 ? null : snapshot.rules().id(), json, sha, scope.username(), snapshot.publishedAt());
    audit.record(scope.username(), "publication.publish", survey.slug(),
        Map.of("publication", id, "sha256", sha, "title", t));
    return get(scope, id);
  }

  /** A publication as stored, if the caller may read it (its area's subtree, or an area above the caller). */
  public Publication get(Scope scope, long id) {
    PublicationRepository.Row row = repository.byId(id).orElseThrow(() -> new NotFound("publication " + id));
    if (!scope.covers(row.areaPath()) && !scope.isBelow(row.areaPath())) {
      throw new OutOfScope("publication " + id);
    }
    Snapshot snapshot = JSON.readValue(row.snapshotJson(), Snapshot.class);
    boolean intact = sha256(JSON.writeValueAsString(snapshot)).equals(row.sha256());
    return new Publication(row.id(), row.surveyId(), row.areaCode(), row.areaPath(), row.level(), row.title(),
        row.rulesId(), row.sha256(), row.publishedBy(), row.publishedAt(), snapshot, intact);
  }

  /** The publications the caller may read, newest first. */
  public List<Summary> list(Scope scope) {
    return repository.all().stream().filter(s -> scope.covers(s.areaPath()) || scope.isBelow(s.areaPath()))
        .map(s -> new Summary(s.id(), s.surveyId(), s.surveyName(), s.kind(), s.year(), s.areaName(), s.level(),
            s.title(), s.publishedBy(), s.publishedAt()))
        .toList();
  }

  /** Where a publication sits in the tree, for the scope check of {@code publicationId}. */
  public java.util.Optional<String> pathOf(long id) {
    return repository.areaPath(id);
  }

  /**
   * The trend up to a publication: the publications of the same area and level published up to it (one per survey,
   * its latest), oldest first, read from their snapshots: per indicator the whole's rate and each county's (town's)
   * in each round, from the combined table where there is one, else the single source's.
   */
  public Trend trend(Publication publication) {
    Map<Long, PublicationRepository.Row> latestPerSurvey = new LinkedHashMap<>();
    for (PublicationRepository.Row row : repository.sameAreaUpTo(publication.areaCode(), publication.level(),
        publication.publishedAt())) {
      if (row.publishedAt().isAfter(publication.publishedAt())
          || (row.publishedAt().equals(publication.publishedAt()) && row.id() > publication.id())) {
        continue;
      }
      latestPerSurvey.remove(row.surveyId()); // a later publication of the same survey replaces it, at its place
      latestPerSurvey.put(row.surveyId(), row);
    }
    List<Trend.Round> rounds = new ArrayList<>();
    List<Snapshot> snapshots = new ArrayList<>();
    for (PublicationRepository.Row row : latestPerSurvey.values()) {
      Snapshot s = row.id() == publication.id() ? publication.snapshot()
          : JSON.readValue(row.snapshotJson(), Snapshot.class);
      snapshots.add(s);
      rounds.add(new Trend.Round(row.id(), row.title(), s.survey().name(), s.survey().kind(), s.survey().year(),
          row.publishedAt(), row.id() == publication.id()));
    }
    List<Trend.Line> lines = new ArrayList<>();
    for (Snapshot.IndicatorPart indicator : publication.snapshot().indicators()) {
      List<Double> whole = new ArrayList<>();
      Map<String, Trend.Stratum> strata = new LinkedHashMap<>();
      for (int k = 0; k < snapshots.size(); k++) {
        Snapshot.SourcePart table = mainTable(snapshots.get(k), indicator.name());
        whole.add(table == null || table.whole() == null ? null : table.whole().rate());
        if (table == null) {
          continue;
        }
        for (Snapshot.RowPart row : table.rows()) {
          Trend.Stratum s = strata.computeIfAbsent(row.code(),
              c -> new Trend.Stratum(c, row.name(), new ArrayList<>(java.util.Collections.nCopies(snapshots.size(), null))));
          s.rates().set(k, row.value() == null ? null : row.value().rate());
        }
      }
      List<Trend.Stratum> sorted = new ArrayList<>(strata.values());
      sorted.sort(Comparator.comparing(Trend.Stratum::name));
      lines.add(new Trend.Line(indicator.name(), indicator.labelZh(), indicator.labelEn(), indicator.percent(), whole,
          sorted));
    }
    return new Trend(rounds, lines);
  }

  /** The table a trend reads: the combined one, else the only source's (else the first). */
  static Snapshot.SourcePart mainTable(Snapshot snapshot, String indicator) {
    for (Snapshot.IndicatorPart i : snapshot.indicators()) {
      if (i.name().equals(indicator) && !i.sources().isEmpty()) {
        Snapshot.SourcePart combined = Snapshot.source(i, ResultsService.COMBINED);
        return combined != null ? combined : i.sources().get(0);
      }
    }
    return null;
  }

  /** Audits an export of a publication (PDF, Excel, print view's download). */
  public void auditExport(Scope scope, Publication publication, String format) {
    audit.record(scope.username(), "export.publication", "publication:" + publication.id(),
        Map.of("format", format, "sha256", publication.sha256()));
  }

  private Snapshot snapshot(Scope scope, Survey survey) {
    Map<String, ResultsService.Results> bySource = new LinkedHashMap<>();
    for (String source : SOURCES) {
      ResultsService.Results r = results.results(scope, survey.id(), "source:" + source);
      if (r.responses() > 0 && !r.unflagged().isEmpty()) {
        bySource.put(source, r);
      }
    }
    if (bySource.isEmpty()) {
      throw new InputRejected(Problem.of("publication.error.noResponses", survey.name()));
    }
    Scores scores = scoring.scores(scope, survey.id());
    var rules = scores.rules();
    // the combined table weighs the sources as the rules do (seed 1: 按一定比例折算), like the combined scores
    Map<String, Double> weights = new LinkedHashMap<>();
    rules.sources().forEach((source, w) -> {
      if (w != null && w > 0 && bySource.containsKey(source)) {
        weights.put(source, w);
      }
    });
    Map<String, String> names = new LinkedHashMap<>();
    for (OrgLevel level : List.of(OrgLevel.TOWN, OrgLevel.COUNTY)) {
      org.areasUnder(survey.targetCode(), level).forEach(n -> names.put(n.code(), n.name()));
    }
    Map<String, ScoreRow> scoreOf = new LinkedHashMap<>();
    for (ScoreRow row : scores.rows()) {
      scoreOf.put(row.indicator() + "|" + row.source() + "|" + row.code(), row);
    }
    List<Snapshot.IndicatorPart> indicators = new ArrayList<>();
    List<String> shown = new ArrayList<>(bySource.keySet());
    if (weights.size() > 1) {
      shown.add(ResultsService.COMBINED);
    }
    for (ResultsService.IndicatorResults base : bySource.values().iterator().next().unflagged()) {
      String name = base.indicator().name();
      Double points = rules.pointsPerPoint().get(name);
      Map<String, ResultsService.IndicatorResults> perSource = new LinkedHashMap<>();
      bySource.forEach((source, r) -> r.unflagged().stream().filter(i -> i.indicator().name().equals(name))
          .findFirst().ifPresent(i -> perSource.put(source, i)));
      List<Snapshot.SourcePart> tables = new ArrayList<>();
      for (Map.Entry<String, ResultsService.IndicatorResults> e : perSource.entrySet()) {
        List<Snapshot.RowPart> rows = new ArrayList<>();
        for (ResultsService.Row row : e.getValue().rows()) {
          Interval d = row.difference().wald();
          rows.add(row(name, e.getKey(), row.code(), names.getOrDefault(row.code(), row.name()), value(row.estimate()),
              row.difference().difference(), d.low(), d.high(), row.difference().significant(), points != null,
              scoreOf));
        }
        tables.add(table(e.getKey(), value(e.getValue().overall()), rows, points != null, rules.minN()));
      }
      if (weights.size() > 1 && weights.keySet().stream().allMatch(perSource::containsKey)) {
        tables.add(combined(name, perSource, weights, names, points != null, scoreOf, rules.minN()));
      }
      indicators.add(new Snapshot.IndicatorPart(name, base.indicator().labelZh(), base.indicator().labelEn(),
          base.indicator().proportion(), points != null, points, tables));
    }
    List<Snapshot.TotalPart> totals = new ArrayList<>();
    for (CountyTotal t : scores.totals()) {
      totals.add(new Snapshot.TotalPart(t.code(), names.getOrDefault(t.code(), t.name()), fin(t.deduction()),
          fin(t.expectedDeduction()), t.rank()));
    }
    totals.sort(Comparator.comparing((Snapshot.TotalPart t) -> t.rank() == null ? Integer.MAX_VALUE : t.rank())
        .thenComparing(Snapshot.TotalPart::name));
    int responses = 0;
    int flagged = 0;
    for (ResultsService.Results r : bySource.values()) {
      responses += r.responses();
      flagged += r.flagged();
    }
    Instant now = clock.instant();
    return new Snapshot(Snapshot.FORMAT,
        new Snapshot.SurveyPart(survey.id(), survey.name(), survey.kind().name(), scores.year(), responses - flagged,
            flagged),
        survey.targetCode(), survey.targetName(), survey.stratumLevel(), survey.targetName(), now,
        repository.lastResponseAt(survey.id()).orElse(now),
        new Snapshot.RulesPart(scores.rulesId(), rules.year(), rules.average().name(), rules.fraction().name(),
            rules.minN(), rules.sources(), rules.pointsPerPoint(), rules.caps()),
        shown, indicators, totals);
  }

  /**
   * The combined table: each county's rate Σ w_s p_s / Σ w_s over the rules' sources, SE √(Σ w_s² se_s²) / Σ w_s
   * (the sources are independent samples), Wald 95% CI; the difference from the whole likewise. A county missing
   * from a source has no combined row (as in the scores).
   */
  private static Snapshot.SourcePart combined(String indicator, Map<String, ResultsService.IndicatorResults> perSource,
      Map<String, Double> weights, Map<String, String> names, boolean scored, Map<String, ScoreRow> scoreOf, int minN) {
    double total = weights.values().stream().collect(java.util.stream.Collectors.summingDouble(v -> v));
    Map<String, Map<String, ResultsService.Row>> byCode = new LinkedHashMap<>();
    weights.keySet().forEach(source -> perSource.get(source).rows()
        .forEach(r -> byCode.computeIfAbsent(r.code(), c -> new LinkedHashMap<>()).put(source, r)));
    double wholeRate = 0;
    double wholeVar = 0;
    long wholeN = 0;
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      Estimate o = perSource.get(w.getKey()).overall();
      wholeRate += w.getValue() * o.estimate() / total;
      wholeVar += Math.pow(w.getValue() * o.standardError() / total, 2);
      wholeN += o.n();
    }
    List<Snapshot.RowPart> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, ResultsService.Row>> e : byCode.entrySet()) {
      if (e.getValue().size() != weights.size()) {
        continue;
      }
      double rate = 0;
      double var = 0;
      double diff = 0;
      double diffVar = 0;
      long n = 0;
      String name = null;
      for (Map.Entry<String, Double> w : weights.entrySet()) {
        ResultsService.Row r = e.getValue().get(w.getKey());
        double share = w.getValue() / total;
        rate += share * r.estimate().estimate();
        var += Math.pow(share * r.estimate().standardError(), 2);
        diff += share * r.difference().difference();
        diffVar += Math.pow(share * r.difference().standardError(), 2);
        n += r.estimate().n();
        name = r.name();
      }
      double se = Math.sqrt(var);
      double dse = Math.sqrt(diffVar);
      Snapshot.Value v = new Snapshot.Value(fin(rate), fin(se), fin(rate - Z * se), fin(rate + Z * se), n);
      double low = diff - Z * dse;
      double high = diff + Z * dse;
      rows.add(row(indicator, ResultsService.COMBINED, e.getKey(), names.getOrDefault(e.getKey(), name), v, diff, low,
          high, low > 0 || high < 0, scored, scoreOf));
    }
    double wholeSe = Math.sqrt(wholeVar);
    return table(ResultsService.COMBINED, new Snapshot.Value(fin(wholeRate), fin(wholeSe), fin(wholeRate - Z * wholeSe),
        fin(wholeRate + Z * wholeSe), wholeN), rows, scored, minN);
  }

  private static final double Z = 1.959963984540054;

  /** One county in one table; its score, rank and "beyond the noise" come from the scores when it is scored. */
  private static Snapshot.RowPart row(String indicator, String source, String code, String name, Snapshot.Value value,
      double diff, double diffLow, double diffHigh, boolean significant, boolean scored, Map<String, ScoreRow> scoreOf) {
    ScoreRow score = scored ? scoreOf.get(indicator + "|" + source + "|" + code) : null;
    return new Snapshot.RowPart(code, name, value, fin(diff), fin(diffLow), fin(diffHigh),
        score != null ? score.beyondNoise() : significant, score != null ? score.rank() : null,
        score == null ? null : new Snapshot.ScorePart(fin(score.average()), fin(score.gapPoints()),
            fin(score.deduction()), fin(score.expectedDeduction()), fin(score.deductionLow()),
            fin(score.deductionHigh())));
  }

  /** A table in rank order (ranked by rate here when the rules give no ranks: an indicator not scored). */
  private static Snapshot.SourcePart table(String source, Snapshot.Value whole, List<Snapshot.RowPart> rows,
      boolean scored, int minN) {
    List<Snapshot.RowPart> ranked = scored && rows.stream().anyMatch(r -> r.score() != null) ? rows : ranked(rows, minN);
    List<Snapshot.RowPart> sorted = new ArrayList<>(ranked);
    sorted.sort(Comparator.comparing((Snapshot.RowPart r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank())
        .thenComparing(r -> r.value().rate() == null ? 0 : -r.value().rate()).thenComparing(Snapshot.RowPart::name));
    return new Snapshot.SourcePart(source, whole, sorted);
  }

  /** Ranks by rate where the rules give none (an indicator not scored): 1 = best, ties share the better rank. */
  static List<Snapshot.RowPart> ranked(List<Snapshot.RowPart> rows, int minN) {
    List<Snapshot.RowPart> rankable = rows.stream()
        .filter(r -> r.value().rate() != null && r.value().n() >= minN)
        .sorted(Comparator.comparing((Snapshot.RowPart r) -> -r.value().rate())).toList();
    Map<String, Integer> rankOf = new LinkedHashMap<>();
    for (int i = 0; i < rankable.size(); i++) {
      Snapshot.RowPart r = rankable.get(i);
      boolean tie = i > 0 && rankable.get(i - 1).value().rate().equals(r.value().rate());
      rankOf.put(r.code(), tie ? rankOf.get(rankable.get(i - 1).code()) : i + 1);
    }
    List<Snapshot.RowPart> out = new ArrayList<>();
    for (Snapshot.RowPart r : rows) {
      out.add(new Snapshot.RowPart(r.code(), r.name(), r.value(), r.diff(), r.diffLow(), r.diffHigh(), r.beyondNoise(),
          rankOf.get(r.code()), r.score()));
    }
    return out;
  }

  private static Snapshot.Value value(Estimate e) {
    Interval ci = e.logit() != null && Double.isFinite(e.logit().low()) ? e.logit() : e.wald();
    return new Snapshot.Value(fin(e.estimate()), fin(e.standardError()), fin(ci.low()), fin(ci.high()), e.n());
  }

  private static Double fin(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static String sha256(String json) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
