package org.sanlv.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * One quota of a campaign: what each town must reach, as a ratio of one of its figures, per period.
 *
 * <p>Periods: {@link Cadence#WEEK} has one period per ISO week (Monday–Sunday) whose <b>Thursday</b> lies in
 * {@code startsOn..endsOn} — the ISO 8601 rule that gives a week to the year of its Thursday, applied to the month, so
 * a week crossing a month end belongs to the month holding most of its days (2022: 26 Sep–2 Oct is September's,
 * 31 Oct–6 Nov is November's; October has four weeks; 2024: 30 Sep–6 Oct and 28 Oct–3 Nov are October's, five
 * weeks). SMS sent on the days of a crossing week count for that whole week. {@link Cadence#MONTH} has one period per
 * calendar month whose 1st lies in the window; {@link Cadence#ONCE} one period ending on {@code endsOn} (the due date).
 *
 * @param ratio the multiple of the basis: 5 (× villages), 0.5 (× population), 1 (× households)
 */
public record Quota(long campaignId, Kind kind, Cadence cadence, BigDecimal ratio, LocalDate startsOn,
    LocalDate endsOn) {

  /** The quotas of seed 1, app. 5 and what each is counted against, in the order of their dates. */
  public enum Kind {
    /** 平安宣传队伍: people in the town's publicity team ≥ 5 × its villages/communities (item 1), by 9月20日. */
    TEAM("team", Basis.VILLAGES),
    /** 敲门行动: households reached by at least one publicity item ≥ every household, by the end of September (item 4). */
    HOUSEHOLDS("households", Basis.HOUSEHOLDS),

    /** 宣传短信: SMS sent per week in October ≥ 50 % of the town's population (item 2). */
    SMS_WEEK("sms-week", Basis.POPULATION),
    /** 宣传短信: SMS sent per month in November–December ≥ 80 % of the population (item 2). */
    SMS_MONTH("sms-month", Basis.POPULATION);
    private final String code;
    private final Basis basis;

    Kind(String code, Basis basis) {
      this.code = code;
      this.basis = basis;
    }

    public String code() {
      return code;
    }

    public Basis basis() {
      return basis;
    }

    public static java.util.Optional<Kind> of(String code) {
      for (Kind k : values()) {
        if (k.code.equals(code)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /** The org figure of a town a quota is a multiple of. */
  public enum Basis { VILLAGES, POPULATION, HOUSEHOLDS }

  public enum Cadence {
    ONCE, WEEK, MONTH;

    public String dbValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Cadence fromDb(String v) {
      return valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** One reporting period, both days included. */
  public record Period(LocalDate start, LocalDate end) {
    public boolean isOpen(LocalDate today) {
      return !today.isAfter(end);
    }

    public boolean hasStarted(LocalDate today) {
      return !today.isBefore(start);
    }
  }

  /**
   * The seed's quotas for a campaign of {@code year} (seed 1, app. 5): team ×5 villages by 20 September, SMS ≥ 50 %
   * of the population in each week of October and ≥ 80 % in each month of November and December, every household
   * by 30 September.
   */
  public static List<Quota> defaults(long campaignId, int year) {
    return List.of(
        new Quota(campaignId, Kind.TEAM, Cadence.ONCE, new BigDecimal("5"), LocalDate.of(year, 1, 1),
            LocalDate.of(year, 9, 20)),
        new Quota(campaignId, Kind.HOUSEHOLDS, Cadence.ONCE, BigDecimal.ONE, LocalDate.of(year, 1, 1),
            LocalDate.of(year, 9, 30)),
        new Quota(campaignId, Kind.SMS_WEEK, Cadence.WEEK, new BigDecimal("0.5"), LocalDate.of(year, 10, 1),
            LocalDate.of(year, 10, 31)),
        new Quota(campaignId, Kind.SMS_MONTH, Cadence.MONTH, new BigDecimal("0.8"), LocalDate.of(year, 11, 1),
            LocalDate.of(year, 12, 31)));
  }

  /** The periods of this quota, in order (see the class comment for the rules). */
  public List<Period> periods() {
    List<Period> periods = new ArrayList<>();
    switch (cadence) {
      case ONCE -> periods.add(new Period(startsOn, endsOn));
      case WEEK -> {
        LocalDate monday = startsOn.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (; !monday.plusDays(3).isAfter(endsOn); monday = monday.plusWeeks(1)) {
          if (!monday.plusDays(3).isBefore(startsOn)) {
            periods.add(new Period(monday, monday.plusDays(6)));
          }
        }
      }
      case MONTH -> {
        LocalDate first = startsOn.withDayOfMonth(1);
        if (first.isBefore(startsOn)) {
          first = first.plusMonths(1);
        }
        for (; !first.isAfter(endsOn); first = first.plusMonths(1)) {
          periods.add(new Period(first, first.with(TemporalAdjusters.lastDayOfMonth())));
        }
      }
    }
    return periods;
  }

  /** The period starting on this day, if the quota has one. */
  public java.util.Optional<Period> period(LocalDate start) {
    return periods().stream().filter(p -> p.start().equals(start)).findFirst();
  }

  /**
   * The target for a town whose basis figure is {@code basis}: ⌈ratio × basis⌉ (a quota of "at least 50 %" of
   * 12,345 people is met by 6,173 SMS, not 6,172), or null when the figure is unknown.
   */
  public Long target(Long basis) {
    if (basis == null) {
      return null;
    }
    return ratio.multiply(BigDecimal.valueOf(basis)).setScale(0, RoundingMode.CEILING).longValueExact();
  }
}
