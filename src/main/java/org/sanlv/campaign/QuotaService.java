package org.sanlv.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The quotas of a campaign (seed 1, app. 5): for every town under the campaign's area a target computed from the
 * org data, the figures the town reported per period, the share and a status; summed per county and for the whole.
 * Everything is filtered to the caller's subtree: a town officer sees and reports its own town only.
 */
@Service
public class QuotaService {

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  /** The largest figure a town may report: more than the population of China, so a typo is caught. */
  static final long MAX_VALUE = 10_000_000_000L;

  /** Where a town stands on one period of one quota, the colour of its cell. */
  public enum Status {
    /** reached the target (green) */
    MET,
    /** reported, below the target, the period still open (amber) */
    BEHIND,
    /** reported, below the target, the period over (red) */
    MISSED,
    /** nothing reported yet, the period still open (grey) */
    NOT_REPORTED,
    /** nothing reported and the period over (red) */
    LATE,
    /** the period has not begun */
    NOT_STARTED,
    /** the town lacks the figure the target is computed from (villages, population or households) */
    NO_FIGURE
  }

  /** One column of the board: a quota's period. */
  public record Column(Quota quota, Quota.Period period, boolean open, boolean started) {
    public String key() {
      return quota.kind().code() + "_" + period.start();
    }
  }

  /** A town's cell: its target (null without the figure), what it reported (null when nothing), share, status. */
  public record Cell(Long target, Long value, Double share, Status status) {}

  /** A town's row with the figures its targets come from. */
  public record Town(String code, String name, String countyCode, String countyName, Long villages, Long population,
      Long households, List<Cell> cells) {}

  /**
   * A roll-up of one column: sums of targets and reported figures over the towns that have a target, the share of
   * those sums, and counts of towns: all, with a target, having met it, having reported.
   */
  public record Sum(long target, long value, Double share, int towns, int withTarget, int met, int reported) {}

  /** A county's (or the whole board's) roll-up, one {@link Sum} per column. */
  public record Rollup(String code, String name, List<Sum> sums) {}

  /** The whole board of a campaign as the caller may see it. */
  public record Board(long campaignId, String campaignName, int year, String areaCode, String areaName,
      LocalDate today, List<Quota> quotas, List<Column> columns, List<Town> towns, List<Rollup> counties,
      Rollup total) {}

  /** A figure a town reports: which quota, the first day of the period, the value. */
  public record Figure(String quota, LocalDate periodStart, long value) {}

  private final QuotaRepository repository;
  private final AuditLog audit;
  private final Clock clock;

  QuotaService(QuotaRepository repository, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
  }

  /** Today in China: periods open and close on Beijing days. */
  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), CHINA);
  }

  /** The quotas of a campaign, the seed's defaults written on first use. */
  @Transactional
  public List<Quota> quotas(Scope scope, long campaignId) {
    QuotaRepository.CampaignRow c = readable(scope, campaignId);
    return quotas(c, scope.username());
  }

  private List<Quota> quotas(QuotaRepository.CampaignRow c, String by) {
    List<Quota> quotas = repository.quotas(c.id());
    if (quotas.isEmpty()) {
      repository.insertDefaults(Quota.defaults(c.id(), c.year()), by);
      quotas = repository.quotas(c.id());
    }
    List<Quota> sorted = new ArrayList<>(quotas);
    sorted.sort(Comparator.comparing(Quota::kind));
    return sorted;
  }

  /** The board of a campaign: towns in the caller's subtree, with their cells, and the roll-ups. */
  @Transactional
  public Board board(Scope scope, long campaignId) {
    QuotaRepository.CampaignRow c = readable(scope, campaignId);
    List<Quota> quotas = quotas(c, scope.username());
    LocalDate today = today();
    List<Column> columns = new ArrayList<>();
    for (Quota q : quotas) {
      for (Quota.Period p : q.periods()) {
        columns.add(new Column(q, p, p.isOpen(today), p.hasStarted(today)));
      }
    }
    Map<String, Long> reported = new HashMap<>();
    for (QuotaRepository.ReportRow r : repository.latestReports(c.id(), scope.path())) {
      reported.put(r.townCode() + "|" + r.quota() + "_" + r.periodStart(), r.value());
    }
    List<Town> towns = new ArrayList<>();
    for (QuotaRepository.TownRow t : repository.towns(c.areaPath(), scope.path())) {
      List<Cell> cells = new ArrayList<>();
      for (Column col : columns) {
        Long basis = switch (col.quota().kind().basis()) {
          case VILLAGES -> t.villages();
          case POPULATION -> t.population();
          case HOUSEHOLDS -> t.households();
        };
        cells.add(cell(col, col.quota().target(basis), reported.get(t.code() + "|" + col.key())));
      }
      towns.add(new Town(t.code(), t.name(), t.countyCode(), t.countyName(), t.villages(), t.population(),
          t.households(), cells));
    }
    Map<String, List<Town>> byCounty = new LinkedHashMap<>();
    towns.forEach(t -> byCounty.computeIfAbsent(t.countyCode(), k -> new ArrayList<>()).add(t));
    List<Rollup> counties = byCounty.values().stream()
        .map(ts -> rollup(ts.get(0).countyCode(), ts.get(0).countyName(), ts, columns.size())).toList();
    // a town officer's sums are its own town's: named so, not after the county it cannot see whole
    boolean own = !scope.covers(c.areaPath()) && towns.size() == 1;
    return new Board(c.id(), c.name(), c.year(), c.areaCode(), c.areaName(), today, quotas, columns, towns, counties,
        rollup(own ? towns.get(0).code() : c.areaCode(), own ? towns.get(0).name() : c.areaName(), towns,
            columns.size()));
  }

  static Cell cell(Column col, Long target, Long value) {
    Double share = target == null || value == null ? null
        : target == 0 ? 1.0 : value / (double) target;
    Status status;
    if (target == null) {
      status = Status.NO_FIGURE;
    } else if (value != null && value >= target) {
      status = Status.MET;
    } else if (value != null) {
      status = col.open() ? Status.BEHIND : Status.MISSED;
    } else if (!col.started()) {
      status = Status.NOT_STARTED;
    } else {
      status = col.open() ? Status.NOT_REPORTED : Status.LATE;
    }
    return new Cell(target, value, share, status);
  }

  static Rollup rollup(String code, String name, List<Town> towns, int columns) {
    List<Sum> sums = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      long target = 0;
      long value = 0;
      int withTarget = 0;
      int met = 0;
      int reported = 0;
      for (Town t : towns) {
        Cell cell = t.cells().get(i);
        if (cell.value() != null) {
          reported++;
        }
        if (cell.target() != null) {
          withTarget++;
          target += cell.target();
          value += cell.value() == null ? 0 : cell.value();
          met += cell.status() == Status.MET ? 1 : 0;
        }
      }
      sums.add(new Sum(target, value, target == 0 ? null : value / (double) target, towns.size(), withTarget, met,
          reported));
    }
    return new Rollup(code, name, sums);
  }

  /**
   * A town's figures for some periods; each becomes a new row (the older ones stay as history). All or nothing:
   * one bad figure rejects the lot with every problem named.
   */
  @Transactional
  public void report(Scope scope, long campaignId, String townCode, List<Figure> figures) {
    QuotaRepository.CampaignRow c = readable(scope, campaignId);
    List<Quota> quotas = quotas(c, scope.username());
    QuotaRepository.TownRow town = repository.towns(c.areaPath(), scope.path()).stream()
        .filter(t -> t.code().equals(townCode)).findFirst()
        .orElseThrow(() -> new InputRejected(Problem.at(0, "code", "campaign.quota.error.town", townCode)));
    LocalDate today = today();
    List<Problem> problems = new ArrayList<>();
    List<Object[]> accepted = new ArrayList<>();
    for (Figure f : figures) {
      Quota q = Quota.Kind.of(f.quota()).flatMap(k -> quotas.stream().filter(x -> x.kind() == k).findFirst())
          .orElse(null);
      if (q == null) {
        problems.add(Problem.at(0, "quota", "campaign.quota.error.quota", String.valueOf(f.quota())));
        continue;
      }
      if (f.periodStart() == null || q.period(f.periodStart()).isEmpty()) {
        problems.add(Problem.at(0, "periodStart", "campaign.quota.error.period", String.valueOf(f.periodStart())));
        continue;
      }
      if (!q.period(f.periodStart()).get().hasStarted(today)) {
        problems.add(Problem.at(0, "periodStart", "campaign.quota.error.notStarted", f.periodStart().toString()));
        continue;
      }
      if (f.value() < 0 || f.value() > MAX_VALUE) {
        problems.add(Problem.at(0, "value", "campaign.quota.error.value", String.valueOf(f.value())));
        continue;
      }
      accepted.add(new Object[] {q.kind(), f.periodStart(), f.value()});
    }
    if (figures.isEmpty()) {
      problems.add(Problem.of("campaign.quota.error.nothing"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    var now = clock.instant();
    for (Object[] a : accepted) {
      repository.insertReport(c.id(), (Quota.Kind) a[0], town.code(), (LocalDate) a[1], (Long) a[2],
          scope.username(), now);
    }
    audit.record(scope.username(), "campaign.quota.report", town.code(), Map.of("campaign", c.id(),
        "figures", accepted.stream().map(a -> ((Quota.Kind) a[0]).code() + "@" + a[1] + "=" + a[2]).toList()));
  }

  /**
   * Changes a quota's ratio and dates (CAMPAIGN_MANAGE, checked by the caller's handler): the campaign's area must
   * be inside the caller's subtree, the dates inside the campaign's year.
   */
  @Transactional
  public Quota update(Scope scope, long campaignId, String quota, BigDecimal ratio, LocalDate startsOn,
      LocalDate endsOn) {
    QuotaRepository.CampaignRow c = readable(scope, campaignId);
    if (!scope.covers(c.areaPath())) {
      throw new OutOfScope("campaign " + campaignId);
    }
    List<Quota> quotas = quotas(c, scope.username());
    Quota.Kind kind = Quota.Kind.of(quota)
        .orElseThrow(() -> new InputRejected(Problem.at(0, "quota", "campaign.quota.error.quota", quota)));
    List<Problem> problems = new ArrayList<>();
    if (ratio == null || ratio.signum() <= 0 || ratio.compareTo(new BigDecimal("1000")) > 0 || ratio.scale() > 4) {
      problems.add(Problem.at(0, "ratio", "campaign.quota.error.ratio", String.valueOf(ratio)));
    }
    LocalDate first = LocalDate.of(c.year(), 1, 1);
    LocalDate last = LocalDate.of(c.year(), 12, 31);
    if (startsOn == null || startsOn.isBefore(first) || startsOn.isAfter(last)) {
      problems.add(Problem.at(0, "startsOn", "campaign.quota.error.date", String.valueOf(startsOn), String.valueOf(c.year())));
    }
    if (endsOn == null || endsOn.isBefore(first) || endsOn.isAfter(last)) {
      problems.add(Problem.at(0, "endsOn", "campaign.quota.error.date", String.valueOf(endsOn), String.valueOf(c.year())));
    }
    if (problems.isEmpty() && endsOn.isBefore(startsOn)) {
      problems.add(Problem.at(0, "endsOn", "campaign.quota.error.order", endsOn.toString(), startsOn.toString()));
    }
    Quota old = quotas.stream().filter(q -> q.kind() == kind).findFirst().orElseThrow();
    if (problems.isEmpty() && new Quota(campaignId, kind, old.cadence(), ratio, startsOn, endsOn).periods().isEmpty()) {
      problems.add(Problem.at(0, "endsOn", "campaign.quota.error.noPeriod"));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    BigDecimal stored = ratio.stripTrailingZeros();
    repository.update(campaignId, kind, stored, startsOn, endsOn, scope.username(), clock.instant());
    audit.record(scope.username(), "campaign.quota.update", String.valueOf(campaignId), Map.of("quota", kind.code(),
        "ratio", stored.toPlainString(), "startsOn", startsOn.toString(), "endsOn", endsOn.toString()));
    return new Quota(campaignId, kind, old.cadence(), stored, startsOn, endsOn);
  }

  /**
   * The campaign, when the caller may see it: its area is inside the caller's subtree, or above the caller (a town
   * officer sees its county's campaign, with its own town only).
   */
  private QuotaRepository.CampaignRow readable(Scope scope, long campaignId) {
    QuotaRepository.CampaignRow c = repository.campaign(campaignId)
        .orElseThrow(() -> new NotFound("campaign " + campaignId));
    if (!scope.covers(c.areaPath()) && !scope.isBelow(c.areaPath())) {
      throw new OutOfScope("campaign " + campaignId);
    }
    return c;
  }
}
