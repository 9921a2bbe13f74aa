package org.sanlv.publication;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a publication shows, as it was when published: names (never codes alone), the rules, every
 * indicator's table per source with CIs, ranks and deductions, and the overall deductions. The pages, the print
 * view, the PDF and the Excel render from this record alone; nothing recomputes it. Stored as JSON with its
 * SHA-256; numbers that cannot be computed (an interval of a one-PSU county) are null, never NaN.
 *
 * @param format the layout of this record, for readers of old publications
 * @param level {@code county} (an official survey ranks counties) or {@code town} (a mock survey ranks towns)
 * @param wholeName what the whole is called beside a county or town: 全省, or the county's name for a mock survey
 * @param dataAsOf the time of the last response counted
 * @param sources the sources in the order the tables show them: {@code bureau}, {@code third_party}, {@code online},
 *     then {@code combined} when there are two or more
 * @param totals the overall ranking: the combined deduction over the scored indicators
 */
public record Snapshot(
    int format,
    SurveyPart survey,
    String areaCode,
    String areaName,
    String level,
    String wholeName,
    Instant publishedAt,
    Instant dataAsOf,
    RulesPart rules,
    List<String> sources,
    List<IndicatorPart> indicators,
    List<TotalPart> totals) {

  /** The layout written by this version. */
  public static final int FORMAT = 1;

  public Snapshot {
    sources = sources == null ? List.of() : sources;
    indicators = indicators == null ? List.of() : indicators;
    totals = totals == null ? List.of() : totals;
  }

  /**
   * @param kind {@code OFFICIAL} or {@code MOCK}
   * @param year the survey year (China-time year of its earliest mode opening)
   * @param responses complete responses counted (integrity-flagged ones left out)
   * @param flagged responses left out because they carry integrity flags
   */
  public record SurveyPart(long id, String name, String kind, int year, int responses, int flagged) {}

  /**
   * The rules the scores used.
   *
   * @param id 0 when the shipped default rules applied
   * @param average {@code POOLED} or {@code COUNTY_MEAN}
   * @param fraction {@code PROPORTIONAL} or {@code WHOLE_POINTS}
   */
  public record RulesPart(long id, int year, String average, String fraction, int minN, Map<String, Double> sources,
      Map<String, Double> pointsPerPoint, Map<String, Double> caps) {}

  /**
   * One indicator.
   *
   * @param scored whether the rules deduct points for it (the others are shown, ranked by rate, not scored)
   * @param pointsPerPoint the rules' points per percentage point below the average, null when not scored
   */
  public record IndicatorPart(String name, String labelZh, String labelEn, boolean proportion, boolean scored,
      Double pointsPerPoint, List<SourcePart> sources) {

    public IndicatorPart {
      sources = sources == null ? List.of() : sources;
    }

    public String label(String language) {
      return "en".equals(language) && labelEn != null ? labelEn : labelZh;
    }

    /**
     * Shown as a percentage: a proportion, or a mean of shares (awareness: the share of 12 frauds recognised) whose
     * values all lie in [0, 1], as the results page shows them.
     */
    public boolean percent() {
      return proportion || sources.stream().allMatch(t -> t.whole() == null || t.whole().rate() == null
          || (t.whole().rate() >= 0 && t.whole().rate() <= 1));
    }
  }

  /** One source's table of one indicator: the whole and its counties (towns), best rate first. */
  public record SourcePart(String source, Value whole, List<RowPart> rows) {

    public SourcePart {
      rows = rows == null ? List.of() : rows;
    }
  }

  /** An estimate: the rate (proportion, or a mean), its SE, the 95% CI, and the respondents. */
  public record Value(Double rate, Double se, Double low, Double high, long n) {}

  /**
   * One county (town) in one source's table.
   *
   * @param diff the county minus the whole, with its 95% CI
   * @param beyondNoise the difference's CI excludes 0 (from the scores when scored, else from the results)
   * @param rank by rate, 1 = best, ties share the better rank; null = too few responses to rank
   * @param score the deduction and its honest part, null when the indicator is not scored
   */
  public record RowPart(String code, String name, Value value, Double diff, Double diffLow, Double diffHigh,
      boolean beyondNoise, Integer rank, ScorePart score) {}

  /**
   * A county's deduction for one indicator and source (or combined).
   *
   * @param average the average the rules compare with, as a proportion
   * @param gapPoints 100 × (average − rate)
   * @param deductionLow the 95% range of the deduction given the sampling error
   */
  public record ScorePart(Double average, Double gapPoints, Double deduction, Double expectedDeduction,
      Double deductionLow, Double deductionHigh) {}

  /** A county's total: the combined deductions summed over the scored indicators, and its place. */
  public record TotalPart(String code, String name, Double deduction, Double expectedDeduction, Integer rank) {}

  /** The table of one source of an indicator, if it has one. */
  public static SourcePart source(IndicatorPart indicator, String source) {
    return indicator.sources().stream().filter(s -> s.source().equals(source)).findFirst().orElse(null);
  }
}
