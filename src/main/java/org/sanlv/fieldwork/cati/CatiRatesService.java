package org.sanlv.fieldwork.cati;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.sanlv.fieldwork.AaporCommand;
import org.sanlv.fieldwork.cati.AaporCode.Category;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * AAPOR outcome rates ({@link AaporRates}) of a phone survey's cases, per county, per interviewer or per day.
 *
 * <p>Rules: every released case counts once, as its disposition so far ({@code cati_case.disposition}: the final
 * code once final, else the code the queue's rules derive from the attempts; {@code 3.11} never attempted). A case's
 * county is the one the screening assigned, else its number's prefix area (a city for mobile numbers); its
 * interviewer is the one of its last attempt; its day the China date of its last attempt; never-attempted cases form
 * a group of their own for interviewer and day. The caller sees the cases whose county (or prefix area) lies in
 * their subtree ({@link SurveyService#visibleAreas}). e by the proportional method is estimated once over all the
 * cases the caller sees and shared by every group, so that groups differ by their outcomes and not by the noise of
 * a small group's own e; a given e applies to every group alike.
 */
@Service
public class CatiRatesService {

  /** What the rows of the table are. */
  public enum By {
    COUNTY, INTERVIEWER, DAY;

    public String param() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code county} (also blank), {@code interviewer} or {@code day}. */
    public static By of(String text) {
      String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        return COUNTY;
      }
      for (By b : values()) {
        if (b.param().equals(t)) {
          return b;
        }
      }
      throw new InputRejected(Problem.of("cati.rates.error.badBy", text));
    }
  }

  /**
   * One row of the table: {@code key} the county code, username or ISO date ({@code null}: never attempted),
   * {@code name} what a reader sees (area name, display name, date; {@code null} when never attempted).
   */
  public record Group(String key, String name, AaporRates rates) {}

  /** The table: its groups in order, the whole, and the e they share. */
  public record RatesTable(Survey survey, By by, boolean eProportional, double e, List<Group> groups, AaporRates total,
      AreaFilter visible) {}

  private final SurveyService surveys;
  private final CatiRatesRepository repository;

  CatiRatesService(SurveyService surveys, CatiRatesRepository repository) {
    this.surveys = surveys;
    this.repository = repository;
  }

  /** The caller's table; {@code by} and {@code e} as the page and API take them (blank: county, proportional). */
  @Transactional(readOnly = true)
  public RatesTable rates(Scope scope, long surveyId, String by, String e) {
    By grouping = By.of(by);
    OptionalDouble eFixed = AaporCommand.parseE(e)
        .orElseThrow(() -> new InputRejected(Problem.of("cati.rates.error.badE", e)));
    Survey survey = surveys.get(scope, surveyId);
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    List<CatiRatesRepository.Cell> cells = switch (grouping) {
      case COUNTY -> repository.casesByCounty(surveyId);
      case INTERVIEWER -> repository.casesByLastInterviewer(surveyId);
      case DAY -> repository.casesByLastDay(surveyId);
    };
    Map<String, Map<Category, Long>> byGroup = new LinkedHashMap<>();
    Map<Category, Long> whole = new EnumMap<>(Category.class);
    for (CatiRatesRepository.Cell cell : cells) {
      if (!visible.includes(cell.area())) {
        continue;
      }
      Category category = category(cell.disposition());
      byGroup.computeIfAbsent(cell.group(), g -> new EnumMap<>(Category.class)).merge(category, cell.cases(), Long::sum);
      whole.merge(category, cell.cases(), Long::sum);
    }
    AaporRates total = AaporRates.of(whole, eFixed);
    Map<String, String> names = names(grouping, byGroup.keySet());
    List<Group> groups = new ArrayList<>();
    byGroup.forEach((key, counts) -> groups.add(new Group(key, key == null ? null : names.getOrDefault(key, key),
        AaporRates.withE(counts, total.e(), total.eProportional()))));
    groups.sort(order(grouping));
    return new RatesTable(survey, grouping, total.eProportional(), total.e(), List.copyOf(groups), total, visible);
  }

  // A disposition the catalog does not know (none is stored: the queue checks codes) would count as 3.90.
  private static Category category(String disposition) {
    return AaporCode.parse(disposition).map(AaporCode::category).orElse(Category.UO);
  }

  private Map<String, String> names(By by, Set<String> keys) {
    Set<String> present = new TreeSet<>();
    keys.stream().filter(Objects::nonNull).forEach(present::add);
    return switch (by) {
      case COUNTY -> repository.areaNames(present);
      case INTERVIEWER -> repository.displayNames(present);
      case DAY -> Map.of();
    };
  }

  /**
   * Counties by code and after them the cities of unscreened mobile numbers (a shorter code), interviewers by name
   * in Chinese order, days in calendar order; never attempted last.
   */
  private static Comparator<Group> order(By by) {
    Comparator<Group> within = switch (by) {
      case COUNTY -> Comparator.comparing((Group g) -> -g.key().length()).thenComparing(Group::key);
      case INTERVIEWER -> Comparator.comparing(Group::name, Collator.getInstance(Locale.CHINA)).thenComparing(Group::key);
      case DAY -> Comparator.comparing(Group::key);
    };
    return Comparator.comparing((Group g) -> g.key() == null)
        .thenComparing((a, b) -> a.key() == null || b.key() == null ? 0 : within.compare(a, b));
  }
}
