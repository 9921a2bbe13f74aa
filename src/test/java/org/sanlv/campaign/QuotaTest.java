package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The quota arithmetic by hand: periods (weeks crossing month ends), targets and their rounding. */
class QuotaTest {

  private static Quota weekly(int year) {
    return Quota.defaults(1, year).stream().filter(q -> q.kind() == Quota.Kind.SMS_WEEK).findFirst().orElseThrow();
  }

  private static List<LocalDate> starts(Quota q) {
    return q.periods().stream().map(Quota.Period::start).toList();
  }

  @Nested
  class Weeks {

    @Test
    void october2022HasFourWeeksBecauseItsFirstAndLastWeeksHaveTheirThursdayOutside() {
      // 1 Oct 2022 is a Saturday: 26 Sep–2 Oct has its Thursday on 29 Sep (September's); 31 Oct–6 Nov on 3 Nov.
      assertThat(starts(weekly(2022))).containsExactly(LocalDate.of(2022, 10, 3), LocalDate.of(2022, 10, 10),
          LocalDate.of(2022, 10, 17), LocalDate.of(2022, 10, 24));
    }

    @Test
    void october2024HasFiveWeeksIncludingBothWeeksThatCrossItsEnds() {
      // 1 Oct 2024 is a Tuesday: 30 Sep–6 Oct (Thursday 3 Oct) and 28 Oct–3 Nov (Thursday 31 Oct) are October's.
      assertThat(starts(weekly(2024))).containsExactly(LocalDate.of(2024, 9, 30), LocalDate.of(2024, 10, 7),
          LocalDate.of(2024, 10, 14), LocalDate.of(2024, 10, 21), LocalDate.of(2024, 10, 28));
      assertThat(weekly(2024).periods().get(4).end()).isEqualTo(LocalDate.of(2024, 11, 3));
    }

    @Test
    void october2026StartsWithTheWeekOfThursdayTheFirst() {
      // 1 Oct 2026 is a Thursday: 28 Sep–4 Oct is October's first week; 26 Oct–1 Nov (Thursday 29 Oct) its last.
      assertThat(starts(weekly(2026))).containsExactly(LocalDate.of(2026, 9, 28), LocalDate.of(2026, 10, 5),
          LocalDate.of(2026, 10, 12), LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 26));
    }

    @Test
    void aWeekIsFoundOnlyByItsMonday() {
      assertThat(weekly(2026).period(LocalDate.of(2026, 10, 5))).isPresent();
      assertThat(weekly(2026).period(LocalDate.of(2026, 10, 6))).isEmpty();
      assertThat(weekly(2026).period(LocalDate.of(2026, 11, 2))).isEmpty();
    }
  }

  @Test
  void monthsAreNovemberAndDecember() {
    Quota monthly = Quota.defaults(1, 2022).stream().filter(q -> q.kind() == Quota.Kind.SMS_MONTH).findFirst()
        .orElseThrow();
    assertThat(monthly.periods()).containsExactly(
        new Quota.Period(LocalDate.of(2022, 11, 1), LocalDate.of(2022, 11, 30)),
        new Quota.Period(LocalDate.of(2022, 12, 1), LocalDate.of(2022, 12, 31)));
  }

  @Test
  void aMonthWindowStartingMidMonthBeginsWithTheNextFullMonth() {
    Quota q = new Quota(1, Quota.Kind.SMS_MONTH, Quota.Cadence.MONTH, new BigDecimal("0.8"),
        LocalDate.of(2022, 10, 15), LocalDate.of(2022, 12, 31));
    assertThat(starts(q)).containsExactly(LocalDate.of(2022, 11, 1), LocalDate.of(2022, 12, 1));
  }

  @Test
  void onceQuotasAreDueOnTheirDate() {
    Quota team = Quota.defaults(1, 2022).get(0);
    assertThat(team.kind()).isEqualTo(Quota.Kind.TEAM);
    assertThat(team.periods()).hasSize(1);
    assertThat(team.periods().get(0).end()).isEqualTo(LocalDate.of(2022, 9, 20));
    assertThat(team.periods().get(0).isOpen(LocalDate.of(2022, 9, 20))).isTrue();
    assertThat(team.periods().get(0).isOpen(LocalDate.of(2022, 9, 21))).isFalse();
  }

  @Nested
  class Targets {

    @Test
    void halfOfTheTownsPopulationRoundsUp() {
      assertThat(weekly(2022).target(12_345L)).isEqualTo(6_173L); // 6,172.5 → at least 6,173
      assertThat(weekly(2022).target(12_346L)).isEqualTo(6_173L);
    }

    @Test
    void eightyPercentOfThePopulationPerMonth() {
      Quota monthly = Quota.defaults(1, 2022).stream().filter(q -> q.kind() == Quota.Kind.SMS_MONTH).findFirst()
          .orElseThrow();
      assertThat(monthly.target(12_345L)).isEqualTo(9_876L); // 9,876.0 exactly
      assertThat(monthly.target(12_346L)).isEqualTo(9_877L); // 9,876.8 → 9,877
    }

    @Test
    void fiveTimesTheVillagesAndEveryHousehold() {
      List<Quota> d = Quota.defaults(1, 2022);
      assertThat(d.get(0).target(12L)).isEqualTo(60L);
      assertThat(d.get(1).kind()).isEqualTo(Quota.Kind.HOUSEHOLDS);
      assertThat(d.get(1).target(4_321L)).isEqualTo(4_321L);
    }

    @Test
    void aMissingFigureGivesNoTarget() {
      assertThat(weekly(2022).target(null)).isNull();
    }
  }
}
