package org.sanlv.home;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sanlv.estimation.Estimate;
import org.sanlv.estimation.Interval;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.results.ResultsService;
import org.sanlv.survey.AreaFilter;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.stereotype.Service;

/**
 * What the first page shows each role. Everyone but interviewers: the surveys of their areas (the province's
 * covering them and their own mock surveys), running first, then drafts and the latest closed ones, with today's and
 * all complete responses per mode, progress against the online target and the next step. Province roles and those
 * who manage a survey also see its flagged responses to review; province roles a results glance (loaded after the
 * page, see {@link #glance}). Interviewers: their household and intercept work ({@link InterviewerWork}), with the
 * way into the interviewer app. Every count is limited to the areas the caller
 * may see ({@link SurveyService#visibleAreas}).
 */
@Service
public class HomeService {

  /** Days of the responses-per-day chart, today included. */
  static final int CHART_DAYS = 14;
  /** Surveys drawn in the chart (the rest are in the table). */
  static final int CHART_SERIES = 5;
  /** Surveys listed on the page per status (running, draft, closed); the surveys page lists them all. */
  static final Map<Survey.Status, Integer> SHOWN = Map.of(Survey.Status.FIELDING, 20, Survey.Status.DRAFT, 5,
      Survey.Status.CLOSED, 5);

  /**
   * How long a survey's counts are reused: a home page is opened again and again, and on a large survey counting
   * takes a moment; a figure up to this old is fine for a home page (the monitoring page is live).
   */
  static final Duration FIGURES_TTL = Duration.ofSeconds(60);

  private record FiguresKey(long surveyId, AreaFilter visible) {}

  private record Figures(List<HomeRepository.DayCounts> counts, Instant loadedAt) {}

  private final Map<FiguresKey, Figures> figures = new ConcurrentHashMap<>();
  private final HomeRepository repository;
  private final SurveyService surveys;
  private final OrgService org;
  private final ResultsService results;
  private final Clock clock;

  HomeService(HomeRepository repository, SurveyService surveys, OrgService org, ResultsService results, Clock clock) {
    this.repository = repository;
    this.surveys = surveys;
    this.org = org;
    this.results = results;
    this.clock = clock;
  }

  /** Which home page a role gets. */
  public enum View { PROVINCE, AREA, INTERVIEWER }

  /** Complete responses of one mode: today (China time) and in total. */
  public record ModeFigures(SurveyMode mode, long today, long total) {}

  /** The next thing to do about a survey: a message key and, when there is a page for it, its link. */
  public record Next(String key, String href) {}

  /**
   * One survey as the caller sees it.
   *
   * @param online complete online responses (what {@code target} counts)
   * @param target the online target (target per stratum × the caller's strata), or null when the survey has none
   * @param flagged complete responses carrying integrity flags (the ones the results page can leave out)
   */
  public record SurveyCard(Survey survey, List<ModeFigures> modes, long today, long total, long online, Long target,
      long flagged, boolean mayManage, Next next) {

    /** Online responses as a whole percentage of the target (may exceed 100), or null without a target. */
    public Long percentOfTarget() {
      return target == null || target == 0 ? null : Math.round(100.0 * online / target);
    }
  }

  /** One line of the chart: a survey's complete responses per day. */
  public record Series(long surveyId, String name, List<Long> values) {}

  /** Complete responses per day of the running surveys, oldest day first. */
  public record Chart(List<LocalDate> days, List<Series> series) {}

  /**
   * An interviewer's field work (household and intercept, surveys in fieldwork): assignments still open, visits
   * planned for today (China day), interviews waiting for the supervisor's review, and interviews sent back.
   */
  public record InterviewerWork(long open, long plannedToday, long inReview, long returned) {

    /** Nothing to do and nothing waiting: the page says that a supervisor hands out the work. */
    public boolean nothing() {
      return open == 0 && inReview == 0 && returned == 0;
    }
  }

  /**
   * The home page.
   *
   * @param chart null when no running survey has responses in the last days
   * @param mayCreateMock a county role that may run a mock survey and has none yet
   * @param work the interviewer's work; null on the other views
   */
  public record Home(View view, List<SurveyCard> surveys, Chart chart, boolean mayCreateMock, LocalDate today,
      InterviewerWork work) {

    /** The cards of one status ({@code FIELDING}, {@code DRAFT}, {@code CLOSED}), for the page's sections. */
    public List<SurveyCard> withStatus(String status) {
      return surveys.stream().filter(c -> c.survey().status().name().equals(status)).toList();
    }
  }

  public Home home(Scope scope) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), Survey.CHINA);
    View view = viewOf(scope.role());
    if (view == View.INTERVIEWER) {
      return new Home(view, List.of(), null, false, today, interviewerWork(scope.username(), today));
    }
    List<Survey> all = surveys.list(scope).stream()
        .sorted(Comparator.comparing((Survey s) -> statusOrder(s.status()))
            .thenComparing(Survey::createdAt, Comparator.reverseOrder()))
        .toList();
    Map<Survey.Status, Integer> counted = new java.util.EnumMap<>(Survey.Status.class);
    List<SurveyCard> cards = new ArrayList<>();
    for (Survey survey : all) {
      if (counted.merge(survey.status(), 1, Integer::sum) <= SHOWN.get(survey.status())) {
        cards.add(card(scope, survey, today));
      }
    }
    boolean mayCreateMock = view == View.AREA && scope.may(Permission.SURVEYS_MANAGE)
        && cards.stream().noneMatch(c -> c.survey().kind() == Survey.Kind.MOCK);
    return new Home(view, cards, chart(scope, cards, today), mayCreateMock, today, null);
  }

  /** Always live (a few index lookups): the interviewer comes back to this page to see what changed. */
  private InterviewerWork interviewerWork(String interviewer, LocalDate today) {
    HomeRepository.FieldWork w = repository.fieldWork(interviewer, today);
    return new InterviewerWork(w.open(), w.plannedToday(), w.inReview(), w.returned());
  }

  static View viewOf(Role role) {
    return switch (role) {
      case PROVINCE_ADMIN, PROVINCE_ANALYST -> View.PROVINCE;
      case INTERVIEWER -> View.INTERVIEWER;
      default -> View.AREA;
    };
  }

  private static int statusOrder(Survey.Status status) {
    return switch (status) {
      case FIELDING -> 0;
      case DRAFT -> 1;
      case CLOSED -> 2;
    };
  }

  private SurveyCard card(Scope scope, Survey survey, LocalDate today) {
    AreaFilter visible = surveys.visibleAreas(scope, survey);
    Map<SurveyMode, ModeFigures> byMode = new LinkedHashMap<>();
    survey.modes().forEach(m -> byMode.put(m.mode(), new ModeFigures(m.mode(), 0, 0)));
    long total = 0, todayCount = 0, flagged = 0;
    for (HomeRepository.DayCounts c : counts(survey, visible)) {
      SurveyMode mode = SurveyMode.fromDb(c.mode());
      long onDay = c.day().equals(today) ? c.complete() : 0;
      ModeFigures before = byMode.getOrDefault(mode, new ModeFigures(mode, 0, 0));
      byMode.put(mode, new ModeFigures(mode, before.today() + onDay, before.total() + c.complete()));
      total += c.complete();
      todayCount += onDay;
      flagged += c.flagged();
    }
    long online = byMode.containsKey(SurveyMode.ONLINE) ? byMode.get(SurveyMode.ONLINE).total() : 0;
    boolean mayManage = surveys.mayManage(scope, survey);
    return new SurveyCard(survey, List.copyOf(byMode.values()), todayCount, total, online,
        onlineTarget(survey, visible), flagged, mayManage, next(survey, total, flagged, mayManage));
  }

  /** A survey's counts by mode and day, reused for {@link #FIGURES_TTL} (a draft has none to count). */
  private List<HomeRepository.DayCounts> counts(Survey survey, AreaFilter visible) {
    if (survey.status() == Survey.Status.DRAFT) {
      return List.of();
    }
    Instant now = clock.instant();
    FiguresKey key = new FiguresKey(survey.id(), visible);
    Figures cached = figures.get(key);
    // a clock set back (tests) makes an entry stale too
    if (cached == null || now.isBefore(cached.loadedAt()) || now.isAfter(cached.loadedAt().plus(FIGURES_TTL))) {
      if (figures.size() > 10_000) {
        figures.clear(); // bounded: one entry per survey and set of visible areas
      }
      cached = new Figures(repository.completeByModeAndDay(survey.id(), visible, "town".equals(survey.stratumLevel())),
          now);
      figures.put(key, cached);
    }
    return cached.counts();
  }

  /** Forgets the reused counts (the benchmark measures a first look). */
  void forgetCounts() {
    figures.clear();
  }

  /** Target per stratum × the strata the caller sees, when the survey's online mode sets one. */
  private Long onlineTarget(Survey survey, AreaFilter visible) {
    Object perStratum = survey.mode(SurveyMode.ONLINE).map(m -> m.design().get("targetPerStratum")).orElse(null);
    long target;
    try {
      target = perStratum == null ? 0 : Long.parseLong(perStratum.toString().trim());
    } catch (NumberFormatException e) {
      return null; // the survey form refuses such values; an old row is shown without a target
    }
    if (target <= 0) {
      return null;
    }
    OrgLevel level = "town".equals(survey.stratumLevel()) ? OrgLevel.TOWN : OrgLevel.COUNTY;
    long strata = org.areasUnder(survey.targetCode(), level).stream().filter(n -> visible.includes(n.code())).count();
    return strata == 0 ? null : target * strata;
  }

  /**
   * The next step: start a draft (or wait for the province to), review flagged responses, share the link while
   * nothing has come in, follow progress, read the results of a closed survey. The monitoring page shows every
   * stratum of a survey, so only those who manage the survey are sent there; the others read their own results.
   */
  private static Next next(Survey survey, long total, long flagged, boolean mayManage) {
    String base = "/surveys/" + survey.id();
    return switch (survey.status()) {
      case DRAFT -> mayManage ? new Next("home.next.draft", base) : new Next("home.next.draftWaiting", null);
      case CLOSED -> new Next("home.next.results", base + "/results");
      case FIELDING -> {
        if (!mayManage) {
          yield new Next(total == 0 ? "home.next.fieldingWaiting" : "home.next.results", base + "/results");
        }
        if (flagged > 0) {
          yield new Next("home.next.flags", base + "/monitor");
        }
        if (total == 0 && survey.mode(SurveyMode.ONLINE).isPresent()) {
          yield new Next("home.next.share", base + "/online");
        }
        yield new Next("home.next.monitor", base + "/monitor");
      }
    };
  }

  private Chart chart(Scope scope, List<SurveyCard> cards, LocalDate today) {
    LocalDate first = today.minusDays(CHART_DAYS - 1);
    List<LocalDate> days = first.datesUntil(today.plusDays(1)).toList();
    List<Series> series = new ArrayList<>();
    for (SurveyCard card : cards) {
      if (series.size() == CHART_SERIES) {
        break;
      }
      if (card.survey().status() != Survey.Status.FIELDING || card.total() == 0) {
        continue;
      }
      Survey survey = card.survey();
      Map<LocalDate, Long> perDay = new LinkedHashMap<>();
      counts(survey, surveys.visibleAreas(scope, survey)).forEach(c -> perDay.merge(c.day(), c.complete(), Long::sum));
      if (days.stream().anyMatch(perDay::containsKey)) {
        series.add(new Series(survey.id(), survey.name(), days.stream().map(d -> perDay.getOrDefault(d, 0L)).toList()));
      }
    }
    return series.isEmpty() ? null : new Chart(days, series);
  }

  /**
   * A survey's headline indicator (the first one defined) at a glance: the whole area's rate with its 95% CI and
   * how many of the caller's strata are significantly below or above it (the difference's CI excludes 0).
   *
   * @param estimate null when there are too few responses for an estimate
   */
  public record Glance(Survey survey, String labelZh, String labelEn, boolean proportion, Estimate estimate,
      Interval interval, int strata, int below, int above) {}

  /** Through {@link ResultsService} (and its cache): loaded after the home page, never holding it up. */
  public Glance glance(Scope scope, long surveyId) {
    ResultsService.Results r = results.results(scope, surveyId);
    if (r.all().isEmpty()) {
      return new Glance(r.survey(), null, null, false, null, null, 0, 0, 0);
    }
    ResultsService.IndicatorResults headline = r.all().get(0);
    Estimate overall = headline.overall();
    Interval ci = overall.logit() != null && !Double.isNaN(overall.logit().low()) ? overall.logit() : overall.wald();
    int below = 0, above = 0;
    for (ResultsService.Row row : headline.rows()) {
      Interval d = row.difference().wald();
      below += d.high() < 0 ? 1 : 0;
      above += d.low() > 0 ? 1 : 0;
    }
    return new Glance(r.survey(), headline.indicator().labelZh(), headline.indicator().labelEn(),
        headline.indicator().proportion(), overall, ci, headline.rows().size(), below, above);
  }
}
