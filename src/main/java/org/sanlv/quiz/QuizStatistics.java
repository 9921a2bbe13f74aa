package org.sanlv.quiz;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.springframework.stereotype.Service;

/** How many residents completed the quiz, per area: a publicity activity of the campaign (aggregates only). */
@Service
public class QuizStatistics {

  /** Dates are China dates. */
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /**
   * Completions of one area (its own links and those of the areas below it, or only its own for its own row).
   *
   * @param completions all of them, flagged ones included (nothing is hidden)
   * @param bursts those of them stored flagged as a burst from one network (see {@code sanlv.quiz.burst-threshold})
   */
  public record AreaCount(String code, String name, long completions, long bursts) {}

  private final QuizRepository repository;

  QuizStatistics(QuizRepository repository) {
    this.repository = repository;
  }

  /**
   * Completions per child area of {@code areaCode} (a county's towns, a province's or city's counties), the area's
   * own links as its own first row; between two China dates, both inclusive (null: open).
   *
   * @throws OutOfScope without {@link Permission#ORG_READ} or outside the caller's subtree
   * @throws NotFound for an unknown area
   */
  public List<AreaCount> completionsBelow(Scope scope, String areaCode, LocalDate from, LocalDate to) {
    if (!scope.may(Permission.ORG_READ)) {
      throw new OutOfScope("quiz statistics");
    }
    QuizRepository.Area area = areaCode == null || !areaCode.matches("[A-Za-z0-9-]{1,40}") ? null
        : repository.area(areaCode).orElse(null);
    if (area == null) {
      throw new NotFound(String.valueOf(areaCode));
    }
    if (!scope.covers(area.path())) {
      throw new OutOfScope(areaCode);
    }
    Instant start = from == null ? Instant.parse("2000-01-01T00:00:00Z") : from.atStartOfDay(CHINA).toInstant();
    Instant end = to == null ? Instant.parse("2101-01-01T00:00:00Z") : to.plusDays(1).atStartOfDay(CHINA).toInstant();
    return repository.completionsBelow(areaCode, start, end);
  }
}
