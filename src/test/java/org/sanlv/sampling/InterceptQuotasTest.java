package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.Problem;

class InterceptQuotasTest {

  @Test
  void cellsSumExactlyToTheCountyNByLargestRemainder() {
    // Default: 5 types equally, weekday 5/7, weekend 2/7, thirds of the day: 30 cells.
    // A weekday cell's share is 1/5·5/7·1/3 = 1/21 → 300/21 = 14.29; a weekend cell's 2/105 → 5.71.
    // Floors: 15·14 + 15·5 = 285; the 15 left go to the larger remainders (weekend .71): weekday 14, weekend 6.
    List<QuotaCell> cells = Draws.interceptQuotas(Map.of("330604", 300), InterceptDesign.withDefaults(), null);
    assertThat(cells).hasSize(30);
    assertThat(cells.stream().mapToInt(QuotaCell::target).sum()).isEqualTo(300);
    assertThat(cells).filteredOn(c -> c.day() == InterceptDesign.DayType.WEEKDAY)
        .extracting(QuotaCell::target).containsOnly(14);
    assertThat(cells).filteredOn(c -> c.day() == InterceptDesign.DayType.WEEKEND)
        .extracting(QuotaCell::target).containsOnly(6);
    assertThat(cells).extracting(QuotaCell::type).doesNotContain(LocationType.TRANSPORT, LocationType.OTHER);
  }

  @Test
  void halfOfTheHouseholdNForThreeCountiesIsSplitExactly() {
    Map<String, Integer> intercept = ModeShare.HALF.sizesFrom(Map.of("330604", 3000, "330102", 2062, "330782", 300));
    List<QuotaCell> cells = Draws.interceptQuotas(intercept, InterceptDesign.withDefaults(), null);
    for (Map.Entry<String, Integer> county : intercept.entrySet()) {
      assertThat(cells.stream().filter(c -> c.county().equals(county.getKey())).mapToInt(QuotaCell::target).sum())
          .isEqualTo(county.getValue());
    }
  }

  @Test
  void onlyTypesWithSitesInTheCountyGetCellsAndTheCellsListTheSites() {
    SiteFrame sites = Frames.sites("""
        county,site_id,name,type
        330604,S1,百官菜市场,market
        330604,S2,上虞中学,school
        330604,S3,城东菜场,市场
        """, TestAreas.KNOWN);
    List<QuotaCell> cells = Draws.interceptQuotas(Map.of("330604", 120), InterceptDesign.withDefaults(), sites);
    assertThat(cells).hasSize(12).extracting(QuotaCell::type).containsOnly(LocationType.MARKET, LocationType.SCHOOL);
    assertThat(cells.stream().mapToInt(QuotaCell::target).sum()).isEqualTo(120);
    assertThat(cells.get(0).siteIds()).containsExactly("S1", "S3");
  }

  @Test
  void aCountyWithoutAnySiteIsRefused() {
    SiteFrame sites = Frames.sites("county,site_id,name,type\n330604,S1,菜场,market\n", TestAreas.KNOWN);
    assertThat(FramesTest.problems(() -> Draws.interceptQuotas(Map.of("330604", 10, "330102", 10),
        InterceptDesign.withDefaults(), sites))).containsExactly(Problem.of("sampling.error.noSites", "330102"));
  }

  @Test
  void customSharesAreRespected() {
    InterceptDesign design = InterceptDesign.withDefaults()
        .withTypeShares(Map.of(LocationType.MALL, 3.0, LocationType.TRANSPORT, 1.0))
        .withDayShares(Map.of(InterceptDesign.DayType.WEEKEND, 1.0))
        .withTimeShares(Map.of(InterceptDesign.TimeOfDay.AFTERNOON, 1.0));
    // two cells: mall weekend afternoon 3/4 of 100 = 75, transport 25
    assertThat(Draws.interceptQuotas(Map.of("330604", 100), design, null)).extracting(QuotaCell::type,
        QuotaCell::target).containsExactly(org.assertj.core.groups.Tuple.tuple(LocationType.MALL, 75),
        org.assertj.core.groups.Tuple.tuple(LocationType.TRANSPORT, 25));
  }

  @Test
  void onlineHasATargetOnlyWhenARuleIsGiven() {
    assertThat(Draws.onlineTargets(null, Map.of("330604", 779_000L))).isEmpty();
    assertThat(Draws.onlineTargets(SampleSizeRule.shareOfPopulation("0.001"), Map.of("330604", 779_000L)))
        .containsExactly(Map.entry("330604", 779));
  }
}
