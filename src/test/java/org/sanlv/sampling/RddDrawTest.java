package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.Problem;

class RddDrawTest {

  /** Three cities: 杭州 3301 with 6 mobile prefixes, 绍兴 3306 with 4, 金华 3307 with 2. */
  static PrefixFrame prefixes() {
    List<NumberPrefix> list = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      list.add(new NumberPrefix("139571" + i, NumberPrefix.Kind.MOBILE, "移动", "3301"));
    }
    for (int i = 0; i < 4; i++) {
      list.add(new NumberPrefix("133575" + i, NumberPrefix.Kind.MOBILE, "电信", "3306"));
    }
    for (int i = 0; i < 2; i++) {
      list.add(new NumberPrefix("130579" + i, NumberPrefix.Kind.MOBILE, "联通", "3307"));
    }
    return PrefixFrame.of(list);
  }

  static final AreaPopulations POPULATIONS =
      AreaPopulations.of(Map.of("3301", 11_940_000L, "3306", 4_450_000L, "3307", 7_100_000L));

  /** The do-not-call list: the first 3,000 numbers of 1305790 and a few scattered ones. */
  static DoNotCallList doNotCall() {
    long[] numbers = new long[3003];
    for (int s = 0; s < 3000; s++) {
      numbers[s] = 1305790_0000L + s;
    }
    numbers[3000] = 1395710_1234L;
    numbers[3001] = 1335753_9999L;
    numbers[3002] = 1305791_5000L;
    return DoNotCallList.of(numbers);
  }

  static final RddDesign DESIGN = new RddDesign(20_000, 1000);

  @Nested
  class Allocation {

    @Test
    void allocatesNumbersToAreasByPopulationWithLargestRemainder() {
      // P = 23,490,000. 20,000·P_a/P: 3301 → 10166.03, 3306 → 3788.85, 3307 → 6045.13; floors sum to 19,999,
      // the one left goes to the largest remainder (3306, .85): 10166, 3789, 6045.
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, DoNotCallList.empty(), DESIGN, 1);
      assertThat(sample.allocationByArea()).containsExactlyInAnyOrderEntriesOf(
          Map.of("3301", 10166, "3306", 3789, "3307", 6045));
      Map<String, Integer> perPrefix = new java.util.TreeMap<>();
      sample.numbers().forEach(n -> perPrefix.merge(n.prefix().prefix(), 1, Integer::sum));
      // 3301: 10166 over 6 prefixes = 1694 each and 2 with one more; 3307: 6045 over 2 = 3022 and 3023
      assertThat(perPrefix.entrySet().stream().filter(e -> e.getKey().startsWith("13957")).map(Map.Entry::getValue))
          .containsOnly(1694, 1695).hasSize(6);
      assertThat(perPrefix.get("1305790") + perPrefix.get("1305791")).isEqualTo(6045);
      assertThat(Math.abs(perPrefix.get("1305790") - perPrefix.get("1305791"))).isEqualTo(1);
    }

    @Test
    void anAreaWithoutPopulationIsRefused() {
      assertThat(FramesTest.problems(() -> Draws.rdd(prefixes(),
          AreaPopulations.of(Map.of("3301", 100L, "3306", 100L)), DoNotCallList.empty(), DESIGN, 1)))
          .containsExactly(Problem.of("sampling.error.noPopulation", "3307"));
    }

    @Test
    void aPrefixCannotGiveMoreNumbersThanItHolds() {
      PrefixFrame one = PrefixFrame.of(List.of(new NumberPrefix("1305790", NumberPrefix.Kind.MOBILE, "", "3307")));
      assertThat(FramesTest.problems(() -> Draws.rdd(one, POPULATIONS, doNotCall(), new RddDesign(8000, 100), 1)))
          .containsExactly(Problem.of("sampling.error.prefixFull", "1305790", 7000, 8000));
    }
  }

  @Nested
  class Numbers {

    @Test
    void noNumberRepeatsAndNoDoNotCallNumberAppears() {
      DoNotCallList dnc = doNotCall();
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, dnc, DESIGN, 7);
      Set<String> seen = new HashSet<>();
      for (RddSample.RddNumber n : sample.numbers()) {
        assertThat(seen.add(n.number())).as("repeated %s", n.number()).isTrue();
        assertThat(dnc.contains(Long.parseLong(n.number()))).as("do-not-call %s", n.number()).isFalse();
        assertThat(n.number()).hasSize(11).startsWith(n.prefix().prefix());
      }
      assertThat(seen).hasSize(20_000);
      // 1305790 gets about 3022 of its 7000 dialable numbers, drawing from 10,000: about 30% of its draws hit the list
      assertThat(sample.doNotCallSkipped()).isGreaterThan(500);
      assertThat(sample.duplicatesSkipped()).isGreaterThan(0);
    }

    /**
     * Each of the 4 suffix positions has uniform digits: 20,000 numbers, χ²(9) per position below 48.05, the
     * critical value at 1e−6/4 (R: qchisq(1e-6/4, 9, lower.tail = FALSE)), and the first two suffix digits
     * uniform over 100 buckets, χ²(99) below 183.69 (qchisq(1e-6/2, 99, lower.tail = FALSE)); false-failure
     * probability ≤ 1e−6 + 1e−6/2 for a fresh seed (sampling without replacement within a prefix only makes
     * the statistic smaller). No do-not-call list here: it removes suffixes on purpose.
     */
    @Test
    void suffixesAreUniform() {
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, DoNotCallList.empty(), DESIGN, 2024);
      long[][] digits = new long[4][10];
      long[] pairs = new long[100];
      for (RddSample.RddNumber n : sample.numbers()) {
        String suffix = n.number().substring(7);
        for (int p = 0; p < 4; p++) {
          digits[p][suffix.charAt(p) - '0']++;
        }
        pairs[Integer.parseInt(suffix.substring(0, 2))]++;
      }
      double[] expected10 = new double[10];
      java.util.Arrays.fill(expected10, 2000);
      for (int p = 0; p < 4; p++) {
        assertThat(Tolerance.chiSquare(digits[p], expected10)).as("position %d", p + 1).isLessThan(48.05);
      }
      double[] expected100 = new double[100];
      java.util.Arrays.fill(expected100, 200);
      assertThat(Tolerance.chiSquare(pairs, expected100)).isLessThan(183.69);
    }

    @Test
    void landlinePrefixesGiveNumbersWithAreaCode() {
      PrefixFrame landline = PrefixFrame.of(List.of(
          new NumberPrefix("0575-8212", NumberPrefix.Kind.LANDLINE, "电信", "330604")));
      RddSample sample = Draws.rdd(landline, AreaPopulations.of(Map.of("330604", 779_000L)),
          DoNotCallList.of(Long.parseLong("057582120000")), new RddDesign(50, 10), 3);
      assertThat(sample.numbers()).allSatisfy(n -> assertThat(n.number()).matches("05758212[0-9]{4}")
          .isNotEqualTo("057582120000"));
    }
  }

  @Nested
  class Replicates {

    @Test
    void numbersAreReleasedInReplicatesOfTheConfiguredSize() {
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, DoNotCallList.empty(), new RddDesign(20_000, 1500), 1);
      assertThat(sample.replicateCount()).isEqualTo(14);
      Map<Integer, Integer> sizes = new java.util.TreeMap<>();
      sample.numbers().forEach(n -> sizes.merge(n.replicate(), 1, Integer::sum));
      assertThat(sizes.get(1)).isEqualTo(1500);
      assertThat(sizes.get(14)).isEqualTo(20_000 - 13 * 1500);
      assertThat(sample.number(0).order()).isEqualTo(1);
    }

    @Test
    void eachReplicateIsAMiniatureOfTheWholeSample() {
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, DoNotCallList.empty(), DESIGN, 1);
      Map<String, Integer> first = new java.util.TreeMap<>();
      sample.numbers().subList(0, 1000).forEach(n -> first.merge(n.prefix().area(), 1, Integer::sum));
      // expected 508, 189, 302 of 1000; hypergeometric sd below 16, so ±6 sd is ±96
      assertThat(first.get("3301")).isBetween(508 - 96, 508 + 96);
      assertThat(first.get("3306")).isBetween(189 - 96, 189 + 96);
      assertThat(first.get("3307")).isBetween(302 - 96, 302 + 96);
    }
  }

  @Nested
  class Reproducibility {

    static String csv(RddSample sample) {
      StringBuilder out = new StringBuilder();
      sample.writeCsv(out);
      return out.toString();
    }

    @Test
    void sameSeedGivesTheSameNumbersInTheSameOrder() {
      assertThat(csv(Draws.rdd(prefixes(), POPULATIONS, doNotCall(), DESIGN, 42)))
          .isEqualTo(csv(Draws.rdd(prefixes(), POPULATIONS, doNotCall(), DESIGN, 42)));
    }

    @Test
    void differentSeedsGiveDifferentNumbers() {
      assertThat(csv(Draws.rdd(prefixes(), POPULATIONS, doNotCall(), DESIGN, 42)))
          .isNotEqualTo(csv(Draws.rdd(prefixes(), POPULATIONS, doNotCall(), DESIGN, 43)));
    }

    @Test
    void theSampleRecordsItsSeedAndFingerprints() {
      RddSample sample = Draws.rdd(prefixes(), POPULATIONS, doNotCall(), DESIGN, 42);
      assertThat(sample.seed()).isEqualTo(42);
      assertThat(sample.frameFingerprint()).isEqualTo(prefixes().fingerprint());
      assertThat(sample.populationsFingerprint()).isEqualTo(POPULATIONS.fingerprint());
      assertThat(sample.doNotCallFingerprint()).isEqualTo(doNotCall().fingerprint());
      assertThat(sample.design()).isEqualTo(DESIGN);
    }
  }
}
