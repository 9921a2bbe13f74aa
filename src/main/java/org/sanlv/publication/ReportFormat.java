package org.sanlv.publication;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.sanlv.survey.Survey;
import org.springframework.stereotype.Component;

/**
 * How a publication's numbers read, the same on the page, the print view, the PDF and the Excel: rates as
 * percentages with one decimal, points with two, dates in China time. A missing number is a dash.
 */
@Component("publicationFormat")
public class ReportFormat {

  static final String NONE = "—";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(Survey.CHINA);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Survey.CHINA);

  /** 93.1% for a proportion, 0.87 for a mean. */
  public String rate(Double v, boolean proportion) {
    if (v == null) {
      return NONE;
    }
    return proportion ? String.format(Locale.ROOT, "%.1f%%", v * 100) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** 92.0–94.2 (percent for a proportion). */
  public String interval(Double low, Double high, boolean proportion) {
    if (low == null || high == null) {
      return NONE;
    }
    return proportion ? String.format(Locale.ROOT, "%.1f–%.1f", low * 100, high * 100)
        : String.format(Locale.ROOT, "%.2f–%.2f", low, high);
  }

  /** A difference in percentage points with its sign: +1.2, −0.8. */
  public String diff(Double v, boolean proportion) {
    if (v == null) {
      return NONE;
    }
    double shown = proportion ? v * 100 : v;
    String s = String.format(Locale.ROOT, proportion ? "%.1f" : "%.2f", Math.abs(shown));
    return (shown < 0 && !s.matches("[0.]+") ? "−" : "+") + s;
  }

  /** A rule's number as written: 2, 0.5. */
  public String plain(Double v) {
    return Labels.trim(v);
  }

  /** Points deducted: 1.25. */
  public String points(Double v) {
    return v == null ? NONE : String.format(Locale.ROOT, "%.2f", v);
  }

  /** The 95% range of a deduction: 0.00–2.10. */
  public String range(Double low, Double high) {
    return low == null || high == null ? NONE : String.format(Locale.ROOT, "%.2f–%.2f", low, high);
  }

  public String day(Instant at) {
    return at == null ? NONE : DAY.format(at);
  }

  public String minute(Instant at) {
    return at == null ? NONE : MINUTE.format(at);
  }

  /** The first 12 hex digits of a digest, as printed under a report. */
  public String shortDigest(String sha256) {
    return sha256 == null ? NONE : sha256.substring(0, Math.min(12, sha256.length()));
  }
}
