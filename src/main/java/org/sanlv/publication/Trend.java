package org.sanlv.publication;

import java.time.Instant;
import java.util.List;

/**
 * A publication's trend: the rounds (earlier publications of the same area and level, and itself) and per
 * indicator the whole's rate and each county's (town's) in each round; null where a round has no value.
 */
public record Trend(List<Round> rounds, List<Line> lines) {

  /** The rounds' names for the chart's axis, separated by '|': the publication's title and its date. */
  public String roundLabels() {
    ReportFormat f = new ReportFormat();
    return String.join("|", rounds.stream().map(r -> r.title().replace('|', '/') + "\n" + f.day(r.publishedAt()))
        .toList());
  }

  /** Values for a chart's data attribute: × 100 for a percentage, empty where there is none, separated by '|'. */
  public static String series(List<Double> values, boolean percent) {
    return String.join("|", values.stream().map(v -> v == null ? "" : String.valueOf(percent ? v * 100 : v)).toList());
  }

  /** One earlier publication (or this one: {@code current}). */
  public record Round(long publicationId, String title, String surveyName, String kind, int year,
      Instant publishedAt, boolean current) {}

  /** One indicator across the rounds. */
  public record Line(String indicator, String labelZh, String labelEn, boolean proportion, List<Double> whole,
      List<Stratum> strata) {

    public String label(String language) {
      return "en".equals(language) && labelEn != null ? labelEn : labelZh;
    }

    /** The whole's values for the chart. */
    public String wholeSeries() {
      return series(whole, proportion);
    }

    /** A county's (town's) values for the chart; empty for none. */
    public String seriesOf(Stratum stratum) {
      return stratum == null ? "" : series(stratum.rates(), proportion);
    }

    /** One county's (town's) line, or null. */
    public Stratum stratum(String code) {
      return code == null ? null : strata.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
    }
  }

  /** One county or town across the rounds. */
  public record Stratum(String code, String name, List<Double> rates) {}
}
