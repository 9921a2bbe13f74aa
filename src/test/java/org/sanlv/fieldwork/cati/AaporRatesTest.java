package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.fieldwork.cati.AaporCode.Category;

/**
 * The rates against the formulas of AAPOR's Standard Definitions (9th edition, 2016, pp. 60–64), written out here by
 * hand for each table rather than through the class's own helpers.
 */
class AaporRatesTest {

  static Map<Category, Long> table(long i, long p, long r, long nc, long o, long uh, long uo, long ne) {
    Map<Category, Long> t = new EnumMap<>(Category.class);
    t.put(Category.I, i);
    t.put(Category.P, p);
    t.put(Category.R, r);
    t.put(Category.NC, nc);
    t.put(Category.O, o);
    t.put(Category.UH, uh);
    t.put(Category.UO, uo);
    t.put(Category.NE, ne);
    return t;
  }

  static void expect(AaporRates a, String name, double expected) {
    assertThat(a.value(name)).as(name).isCloseTo(expected, within(1e-15));
  }

  @Test
  void everyRateOfATableWithEProportional() {
    // I=400 P=50 R=300 NC=200 O=50 UH=600 UO=100 NE=300
    AaporRates a = AaporRates.of(table(400, 50, 300, 200, 50, 600, 100, 300), OptionalDouble.empty());
    // e = (I+P+R+NC+O) / (I+P+R+NC+O+NE) = 1000 / 1300
    double e = (400.0 + 50 + 300 + 200 + 50) / (400.0 + 50 + 300 + 200 + 50 + 300);
    assertThat(a.e()).isCloseTo(e, within(1e-15));
    assertThat(a.eProportional()).isTrue();
    double all = (400.0 + 50) + (300 + 200 + 50) + (600 + 100);
    double withE = (400.0 + 50) + (300 + 200 + 50) + e * (600 + 100);
    double known = (400.0 + 50) + (300 + 200 + 50);
    expect(a, "RR1", 400 / all);
    expect(a, "RR2", 450 / all);
    expect(a, "RR3", 400 / withE);
    expect(a, "RR4", 450 / withE);
    expect(a, "RR5", 400 / known);
    expect(a, "RR6", 450 / known);
    expect(a, "COOP1", 400.0 / (450 + 300 + 50));
    expect(a, "COOP2", 450.0 / (450 + 300 + 50));
    expect(a, "COOP3", 400.0 / (450 + 300));
    expect(a, "COOP4", 450.0 / (450 + 300));
    expect(a, "REF1", 300 / all);
    expect(a, "REF2", 300 / withE);
    expect(a, "REF3", 300 / known);
    expect(a, "CON1", (450.0 + 300 + 50) / all);
    expect(a, "CON2", (450.0 + 300 + 50) / withE);
    expect(a, "CON3", (450.0 + 300 + 50) / known);
    // a few in plain numbers, as a reader checks them on paper
    assertThat(a.rr(1)).isCloseTo(400.0 / 1700, within(1e-15));
    assertThat(a.rr(3)).isCloseTo(400 / (1000 + 700 * 10.0 / 13), within(1e-15));
    assertThat(a.total()).isEqualTo(2000);
  }

  @Test
  void everyRateOfAnotherTableWithEFixed() {
    // I=12 P=3 R=7 NC=20 O=2 UH=31 UO=5 NE=40, e = 0.35
    AaporRates a = AaporRates.of(table(12, 3, 7, 20, 2, 31, 5, 40), OptionalDouble.of(0.35));
    assertThat(a.e()).isEqualTo(0.35);
    assertThat(a.eProportional()).isFalse();
    double all = 15.0 + 29 + 36;
    double withE = 15.0 + 29 + 0.35 * 36;
    double known = 15.0 + 29;
    double[] expected = {0.35, 12 / all, 15 / all, 12 / withE, 15 / withE, 12 / known, 15 / known,
        12.0 / (15 + 7 + 2), 15.0 / (15 + 7 + 2), 12.0 / (15 + 7), 15.0 / (15 + 7),
        7 / all, 7 / withE, 7 / known, (15.0 + 7 + 2) / all, (15.0 + 7 + 2) / withE, (15.0 + 7 + 2) / known};
    for (int k = 0; k < expected.length; k++) {
      expect(a, AaporRates.NAMES.get(k), expected[k]);
    }
    assertThat(a.values().keySet()).containsExactlyElementsOf(AaporRates.NAMES);
  }

  @Test
  void eOfZeroOrOneGivesTheBoundingRates() {
    Map<Category, Long> t = table(10, 2, 5, 5, 1, 20, 4, 9);
    AaporRates none = AaporRates.of(t, OptionalDouble.of(0));
    AaporRates allEligible = AaporRates.of(t, OptionalDouble.of(1));
    // e = 0: RR3 = RR5; e = 1: RR3 = RR1
    assertThat(none.rr(3)).isEqualTo(none.rr(5));
    assertThat(allEligible.rr(3)).isEqualTo(allEligible.rr(1));
    assertThat(allEligible.con(2)).isEqualTo(allEligible.con(1));
  }

  @Nested
  class ZeroDenominators {

    @Test
    void anEmptyTableHasNoRatesAndNoException() {
      AaporRates a = AaporRates.of(Map.of(), OptionalDouble.empty());
      a.values().forEach((name, v) -> assertThat(v).as(name).isNaN());
    }

    @Test
    void onlyUnknownCasesLeaveEProportionalUndefinedButRr1Zero() {
      AaporRates a = AaporRates.of(table(0, 0, 0, 0, 0, 50, 0, 0), OptionalDouble.empty());
      assertThat(a.e()).isNaN();
      assertThat(a.rr(1)).isZero();
      assertThat(a.ref(1)).isZero();
      assertThat(a.rr(3)).isNaN();
      assertThat(a.rr(5)).isNaN();
      assertThat(a.coop(1)).isNaN();
    }

    @Test
    void withoutUnknownCasesAnUndefinedEDoesNotMatter() {
      // only not-eligible numbers: e = 0/40 = 0; no eligible case, so every rate is NaN
      AaporRates ne = AaporRates.of(table(0, 0, 0, 0, 0, 0, 0, 40), OptionalDouble.empty());
      assertThat(ne.e()).isZero();
      assertThat(ne.rr(3)).isNaN();
      // eligible cases only: e = 1, RR3 = RR5 = RR1
      AaporRates known = AaporRates.of(table(3, 0, 1, 0, 0, 0, 0, 0), OptionalDouble.empty());
      assertThat(known.rr(3)).isEqualTo(0.75).isEqualTo(known.rr(1));
    }

    @Test
    void noContactsLeaveCooperationUndefined() {
      AaporRates a = AaporRates.of(table(0, 0, 0, 9, 0, 3, 0, 2), OptionalDouble.empty());
      assertThat(a.coop(1)).isNaN();
      assertThat(a.con(1)).isZero();
      assertThat(a.e()).isCloseTo(9.0 / 11, within(1e-15));
    }
  }

  @Test
  void refusesABadEOrCountsOrRateNumbers() {
    assertThatThrownBy(() -> AaporRates.of(Map.of(), OptionalDouble.of(1.5))).hasMessageContaining("1.5");
    assertThatThrownBy(() -> AaporRates.of(Map.of(), OptionalDouble.of(Double.NaN))).hasMessageContaining("NaN");
    assertThatThrownBy(() -> AaporRates.of(Map.of(Category.R, -1L), OptionalDouble.empty())).hasMessageContaining("-1");
    AaporRates a = AaporRates.of(Map.of(), OptionalDouble.empty());
    assertThatThrownBy(() -> a.rr(7)).hasMessageContaining("RR7");
    assertThatThrownBy(() -> a.value("RR0")).hasMessageContaining("RR0");
    assertThatThrownBy(() -> a.value("X")).hasMessageContaining("X");
  }
}
