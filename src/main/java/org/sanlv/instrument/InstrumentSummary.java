package org.sanlv.instrument;

import java.time.Instant;

/** A stored questionnaire version as lists show it. */
public record InstrumentSummary(
    long id,
    String formId,
    String version,
    String provinceCode,
    int year,
    String titleZh,
    String titleEn,
    int questionCount,
    boolean builtIn,
    String uploadedBy,
    Instant uploadedAt) {

  public String title(String language) {
    return "en".equals(language) && !titleEn.isBlank() ? titleEn : titleZh;
  }
}
