package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The field interviews' design keys and the intercepts' quota-cell populations (issue 19). */
class FieldWeightingTest {

  @Test
  void aHouseholdKeyGivesItsBlockItsBaseWeightAndItsAdults() {
    FieldWeighting.Household h = FieldWeighting.household("h\u001e12/B-7\u001e80.97\u001e3");
    assertThat(h.psu()).isEqualTo("12/B-7");
    assertThat(h.weight()).isEqualTo(80.97 * 3);
    assertThat(FieldWeighting.household("i\u001emarket\u001eweekday\u001emorning")).isNull();
    assertThat(FieldWeighting.household(null)).isNull();
  }

  @Test
  void aCellsShareIsTheProductOfTheDesignsShares() {
    // location types: five of 1 (transport and other 0); days 5 : 2; time slots 1 : 1 : 1
    assertThat(FieldWeighting.designShare("market\u001eweekend\u001eevening")).isEqualTo(2.0);
    assertThat(FieldWeighting.designShare("transport\u001eweekday\u001emorning")).isZero();
    assertThat(FieldWeighting.designShare("nowhere\u001eweekday\u001emorning")).isZero();
    assertThat(FieldWeighting.designShare("market\u001esomeday\u001emorning")).isZero();
  }

  @Test
  void theCountysPopulationIsSplitOverTheCellsWithCompletesAndTheUnplacedTakeTheAverage() {
    String[] stratum = {"a", "a", "a", "a", "b"};
    String[] field = {"i\u001emarket\u001eweekday\u001emorning", "i\u001eschool\u001eweekend\u001emorning",
        "i\u001etransport\u001eweekday\u001emorning", null, "i\u001emall\u001eweekday\u001eevening"};
    long[] count = {3, 2, 1, 4, 6};
    FieldWeighting.Cells cells = FieldWeighting.intercept(stratum, field, count, Map.of("a", 1000.0, "b", 500.0));
    // a: 5 of 10 respondents in cells with a share (5 and 2), 5 unplaced (transport has no share, one has no cell)
    assertThat(cells.cell()).containsExactly("a|market\u001eweekday\u001emorning", "a|school\u001eweekend\u001emorning",
        "a|?", "a|?", "b|mall\u001eweekday\u001eevening");
    assertThat(cells.population().get("a|?")).isCloseTo(500, within(1e-9));
    assertThat(cells.population().get("a|market\u001eweekday\u001emorning")).isCloseTo(500 * 5.0 / 7, within(1e-9));
    assertThat(cells.population().get("a|school\u001eweekend\u001emorning")).isCloseTo(500 * 2.0 / 7, within(1e-9));
    assertThat(cells.population().get("b|mall\u001eweekday\u001eevening")).isCloseTo(500, within(1e-9));
    assertThat(cells.population().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1500, within(1e-9));
    assertThat(cells.cells()).isEqualTo(3);
  }
}
