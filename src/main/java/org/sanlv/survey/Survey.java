package org.sanlv.survey;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A survey with its modes.
 *
 * @param targetCode the area surveyed: a province (official assessment) or a county (mock survey)
 * @param targetPath its tree path, for scope checks
 * @param stratumLevel {@code county} or {@code town}
 */
public record Survey(
    long id,
    String slug,
    String name,
    long instrumentId,
    String targetCode,
    String targetName,
    String targetPath,
    String stratumLevel,
    Kind kind,
    Status status,
    String createdBy,
    Instant createdAt,
    List<Mode> modes) {

  /** Fieldwork windows are set and shown in China time. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  public enum Kind { OFFICIAL, MOCK }

  public enum Status {
    DRAFT, FIELDING, CLOSED;

    public String dbValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One mode with its window and design parameters. */
  public record Mode(SurveyMode mode, Instant opensAt, Instant closesAt, Map<String, Object> design) {

    public Mode {
      design = design == null ? Map.of() : design; // an API client may leave it out: the defaults apply
    }

    public boolean isOpen(Instant now) {
      return !now.isBefore(opensAt) && now.isBefore(closesAt);
    }
  }

  public Optional<Mode> mode(SurveyMode mode) {
    return modes.stream().filter(m -> m.mode() == mode).findFirst();
  }
}
