package org.sanlv.publication;

import java.time.Instant;
import java.util.List;

/**
 * A publication's trend: the rounds (earlier publications of the same area and level, and itself) and per
 * indicator the whole's rate and each county's (town's) in each round; null where a round has no value.
 */
public record Trend(List<Round> rounds, List<Line> lines) {

  /** One earlier publication (or this one: {@code current}). */
  public record Round(long publicationId, String title, String surveyName, String kind, int year,
      Instant publishedAt, boolean current) {}

  /** One indicator across the rounds. */
  public record Line(String indicator, String labelZh, String labelEn, List<Double> whole, List<Stratum> strata) {

    public String label(String language) {
      return "en".equals(language) && labelEn != null ? labelEn : labelZh;
    }
  }

  /** One county or town across the rounds. */
  public record Stratum(String code, String name, List<Double> rates) {}
}
