package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CallingRulesTest {

  /** Beijing time as an instant (Asia/Shanghai is UTC+8 all year). */
  private static Instant bj(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(CallingRules.CHINA).toInstant();
  }

  private static final CallingRules DEFAULTS = CallingRules.of(Map.of());

  @Nested
  class Defaults {

    @Test
    void blankDesignTakesTheDefaults() {
      assertThat(DEFAULTS.hoursText()).isEqualTo("09:00-12:00,14:00-21:00");
      assertThat(DEFAULTS.minGapMinutes()).isEqualTo(60);
      assertThat(DEFAULTS.maxAttempts()).isEqualTo(6);
      assertThat(DEFAULTS.holdMinutes()).isEqualTo(20);
      assertThat(DEFAULTS.targetPerStratum()).isEmpty();
      assertThat(DEFAULTS.excludedDates()).isEmpty();
    }

    @Test
    void designValuesAsTextOrNumbers() {
      CallingRules r = CallingRules.of(Map.of("minGapMinutes", 30, "maxAttempts", "8", "holdMinutes", " 5 ",
          "targetPerStratum", "120", "callingHours", "8:30-11:30，13:00-20:00"));
      assertThat(r.minGapMinutes()).isEqualTo(30);
      assertThat(r.maxAttempts()).isEqualTo(8);
      assertThat(r.holdMinutes()).isEqualTo(5);
      assertThat(r.targetPerStratum()).hasValue(120);
      assertThat(r.hoursText()).isEqualTo("08:30-11:30,13:00-20:00");
    }

    @Test
    void unreadableHoursFallBackToTheDefault() {
      assertThat(CallingRules.of(Map.of("callingHours", "12:00-09:00")).hoursText()).isEqualTo(CallingRules.DEFAULT_HOURS);
      assertThat(CallingRules.windows("09:00-12:00,11:00-13:00")).as("overlapping").isNull();
      assertThat(CallingRules.windows("9-12")).isNull();
    }
  }

  @Nested
  class Open {

    @Test
    void windowsIncludeTheirStartAndExcludeTheirEndInChinaTime() {
      assertThat(DEFAULTS.open(bj("2026-11-18T08:59:59"))).isFalse();
      assertThat(DEFAULTS.open(bj("2026-11-18T09:00:00"))).isTrue();
      assertThat(DEFAULTS.open(bj("2026-11-18T11:59:59"))).isTrue();
      assertThat(DEFAULTS.open(bj("2026-11-18T12:00:00"))).isFalse();
      assertThat(DEFAULTS.open(bj("2026-11-18T14:00:00"))).isTrue();
      assertThat(DEFAULTS.open(bj("2026-11-18T20:59:00"))).isTrue();
      assertThat(DEFAULTS.open(bj("2026-11-18T21:00:00"))).isFalse();
      // 01:30 UTC is 09:30 in Beijing: the server's zone plays no part
      assertThat(DEFAULTS.open(Instant.parse("2026-11-18T01:30:00Z"))).isTrue();
      assertThat(DEFAULTS.open(Instant.parse("2026-11-18T13:30:00Z"))).as("21:30 Beijing").isFalse();
    }

    @Test
    void noDaylightSavingShiftInSummerOrWinter() {
      // Europe or America would move an hour between these dates; Asia/Shanghai does not
      assertThat(DEFAULTS.open(Instant.parse("2026-07-01T01:00:00Z"))).isTrue();
      assertThat(DEFAULTS.open(Instant.parse("2026-01-01T01:00:00Z"))).isTrue();
      assertThat(DEFAULTS.open(Instant.parse("2026-03-29T00:59:59Z"))).isFalse();
      assertThat(DEFAULTS.open(Instant.parse("2026-10-25T01:00:00Z"))).isTrue();
    }

    @Test
    void excludedDatesHaveNoHours() {
      CallingRules r = CallingRules.of(Map.of("excludedDates", "2026-10-01, 2026-10-02"));
      assertThat(r.excludedDates()).containsExactlyInAnyOrder(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"));
      assertThat(r.open(bj("2026-10-01T10:00:00"))).isFalse();
      assertThat(r.open(bj("2026-10-03T10:00:00"))).isTrue();
      assertThat(r.allows(bj("2026-10-02T15:00:00"))).isFalse();
      assertThat(r.allows(bj("2026-10-03T15:00:00"))).isTrue();
    }
  }

  @Nested
  class NextOpening {

    @Test
    void openNowIsNow() {
      Instant t = bj("2026-11-18T10:30:30");
      assertThat(DEFAULTS.nextOpening(t)).isEqualTo(t);
    }

    @Test
    void lunchBreakOpensAtTwo() {
      assertThat(DEFAULTS.nextOpening(bj("2026-11-18T12:00:00"))).isEqualTo(bj("2026-11-18T14:00:00"));
    }

    @Test
    void eveningOpensNextMorningAcrossMidnight() {
      assertThat(DEFAULTS.nextOpening(bj("2026-11-18T21:00:00"))).isEqualTo(bj("2026-11-19T09:00:00"));
      assertThat(DEFAULTS.nextOpening(bj("2026-11-18T23:59:59"))).isEqualTo(bj("2026-11-19T09:00:00"));
      // 16:30 UTC is 00:30 the next day in Beijing
      assertThat(DEFAULTS.nextOpening(Instant.parse("2026-11-18T16:30:00Z"))).isEqualTo(bj("2026-11-19T09:00:00"));
    }

    @Test
    void excludedWeekendIsSkipped() {
      // Saturday 21 and Sunday 22 November 2026 excluded: Friday evening opens on Monday
      CallingRules r = CallingRules.of(Map.of("excludedDates", "2026-11-21,2026-11-22"));
      assertThat(r.nextOpening(bj("2026-11-20T21:30:00"))).isEqualTo(bj("2026-11-23T09:00:00"));
      assertThat(r.nextOpening(bj("2026-11-21T10:00:00"))).isEqualTo(bj("2026-11-23T09:00:00"));
    }

    @Test
    void everyDayExcludedNeverOpens() {
      CallingRules r = new CallingRules(java.util.List.of(), java.util.Set.of(), 60, 6, 20, java.util.OptionalInt.empty());
      assertThat(r.nextOpening(bj("2026-11-18T10:00:00"))).isEqualTo(Instant.MAX);
    }
  }
}
