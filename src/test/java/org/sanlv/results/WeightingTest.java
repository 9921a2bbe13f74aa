package org.sanlv.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sanlv.org.PopulationCell;

/** The weighting rules of online and phone responses (README "Weighting"). */
class WeightingTest {

  static final Weighting.Age YOUNG = new Weighting.Age(16, 29);
  static final Weighting.Age MIDDLE = new Weighting.Age(30, 49);
  static final Weighting.Age OLD = new Weighting.Age(50, Integer.MAX_VALUE);

  /** Margins of three bands, both sexes, 1000 people per cell. */
  static List<PopulationCell> margins() {
    List<PopulationCell> out = new ArrayList<>();
    for (String sex : List.of("m", "f")) {
      out.add(new PopulationCell(sex, 16, 29, 1000));
      out.add(new PopulationCell(sex, 30, 49, 1000));
      out.add(new PopulationCell(sex, 50, null, 1000));
    }
    return out;
  }

  static Weighting.Plan plan(Weighting.Age[] age, String[] sex, long[] count, boolean asksSex) {
    String[] strata = new String[age.length];
    java.util.Arrays.fill(strata, "h");
    return Weighting.plan(strata, age, sex, count, Map.of("h", 60_000L), Map.of("h", margins()), true, asksSex);
  }

  /** Each group's final weight: its cell's population over the cell's respondents. */
  static double[] weights(Weighting.Plan p, long[] count) {
    Map<String, Long> n = new java.util.HashMap<>();
    for (int i = 0; i < count.length; i++) {
      n.merge(p.cells()[i], count[i], Long::sum);
    }
    double[] w = new double[count.length];
    for (int i = 0; i < count.length; i++) {
      w[i] = p.population().get(p.cells()[i]) / n.get(p.cells()[i]);
    }
    return w;
  }

  @Test
  void everyCellWithEnoughRespondentsIsItsOwnAndTheStratumWeighsItsPopulation() {
    Weighting.Age[] age = {YOUNG, MIDDLE, OLD, YOUNG, MIDDLE, OLD};
    String[] sex = {"m", "m", "m", "f", "f", "f"};
    long[] count = {5, 10, 20, 5, 10, 20};
    Weighting.Plan p = plan(age, sex, count, true);
    assertThat(p.kind()).isEqualTo(Weighting.Kind.AGE_SEX);
    assertThat(p.population()).hasSize(6);
    double[] w = weights(p, count);
    // the population 60,000 in six equal cells of 10,000
    assertThat(w[0]).isCloseTo(10_000.0 / 5, within(1e-9));
    assertThat(w[2]).isCloseTo(10_000.0 / 20, within(1e-9));
    assertThat(p.population().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(60_000, within(1e-6));
  }

  @Test
  void aSparseCellIsMergedWithTheNextOlderBandOfItsSexAndTheOldestWithTheNextYounger() {
    Weighting.Age[] age = {YOUNG, MIDDLE, OLD, YOUNG, MIDDLE, OLD};
    String[] sex = {"m", "m", "m", "f", "f", "f"};
    long[] count = {2, 10, 20, 6, 10, 3};
    Weighting.Plan p = plan(age, sex, count, true);
    // men: 16–29 (2) joins 30–49; women: 70+ … 50+ (3) joins 30–49
    assertThat(p.cells()[0]).isEqualTo(p.cells()[1]);
    assertThat(p.cells()[2]).isNotEqualTo(p.cells()[1]);
    assertThat(p.cells()[5]).isEqualTo(p.cells()[4]);
    assertThat(p.cells()[3]).isNotEqualTo(p.cells()[4]);
    assertThat(p.population()).hasSize(4);
    double[] w = weights(p, count);
    assertThat(w[0]).isCloseTo(20_000.0 / 12, within(1e-9));
  }

  @Test
  void respondentsWithoutAgeOrSexTakeTheStratumsAverageWeight() {
    Weighting.Age[] age = {YOUNG, MIDDLE, OLD, YOUNG, MIDDLE, OLD, Weighting.Age.UNKNOWN, MIDDLE};
    String[] sex = {"m", "m", "m", "f", "f", "f", "m", null};
    long[] count = {5, 5, 5, 5, 5, 5, 3, 2};
    Weighting.Plan p = plan(age, sex, count, true);
    double[] w = weights(p, count);
    assertThat(w[6]).isCloseTo(60_000.0 / 35, within(1e-9));
    assertThat(w[7]).isCloseTo(60_000.0 / 35, within(1e-9));
    assertThat(w[0]).isCloseTo(60_000.0 * 30 / 35 / 6 / 5, within(1e-9));
  }

  @Test
  void withoutSexInTheQuestionnaireTheMarginsAreSummedOverSex() {
    Weighting.Age[] age = {YOUNG, MIDDLE, OLD};
    long[] count = {10, 10, 20};
    Weighting.Plan p = plan(age, new String[3], count, false);
    assertThat(p.kind()).isEqualTo(Weighting.Kind.AGE);
    double[] w = weights(p, count);
    assertThat(w[0]).isCloseTo(20_000.0 / 10, within(1e-9));
    assertThat(w[2]).isCloseTo(20_000.0 / 20, within(1e-9));
  }

  @Test
  void tooFewRespondentsMakeTheStratumOneCell() {
    Weighting.Age[] age = {YOUNG, OLD};
    long[] count = {3, 3};
    Weighting.Plan p = plan(age, new String[] {"m", "f"}, count, true);
    assertThat(p.kind()).isEqualTo(Weighting.Kind.POPULATION);
    assertThat(p.postStratified()).isZero();
    assertThat(p.cells()).containsOnly("h");
    assertThat(weights(p, count)[0]).isCloseTo(10_000, within(1e-9));
  }

  @Test
  void aStratumWithoutPopulationTakesTheAverageWeightAndWithoutAnyEveryResponseWeighsOne() {
    String[] strata = {"a", "b"};
    Weighting.Age[] age = {Weighting.Age.UNKNOWN, Weighting.Age.UNKNOWN};
    long[] count = {10, 30};
    Weighting.Plan p = Weighting.plan(strata, age, new String[2], count, Map.of("a", 5_000L), Map.of(), false, false);
    assertThat(p.withoutPopulation()).isEqualTo(1);
    assertThat(p.population().get("b")).isCloseTo(30 * 500.0, within(1e-9));
    Weighting.Plan none = Weighting.plan(strata, age, new String[2], count, Map.of(), Map.of(), false, false);
    assertThat(none.kind()).isEqualTo(Weighting.Kind.NONE);
    assertThat(none.baseWeights()).containsOnly(1.0);
  }
}
