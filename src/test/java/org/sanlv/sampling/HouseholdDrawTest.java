package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.Problem;

class HouseholdDrawTest {

  /**
   * One county of 12 blocks, 2076 households. With m = 10 and n = 40, n_b = 4 blocks:
   * interval 2076/4 = 519 → B12 (900) is certain; then 1176/3 = 392 → B11 (400) is certain too; then
   * 776/2 = 388 → none. The other ten blocks are drawn by systematic PPS with π_i = 2·M_i/776, B01 (6
   * households, fewer than m) gives all 6.
   */
  static final long[] SIZES = {6, 40, 55, 60, 75, 80, 90, 100, 120, 150, 400, 900};

  static BlockFrame county() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      blocks.add(new Block(String.format("B%02d", i + 1), "330604", "33060400" + (1 + i % 3), SIZES[i], 0));
    }
    return BlockFrame.of(blocks);
  }

  static double expectedProbability(int i) {
    return SIZES[i] >= 400 ? 1.0 : 2.0 * SIZES[i] / 776;
  }

  static final HouseholdDesign DESIGN = HouseholdDesign.of(HouseholdDesign.StratumLevel.COUNTY, 10);
  static final Map<String, Integer> N40 = Map.of("330604", 40);

  @Nested
  class InclusionProbabilities {

    @Test
    void recordsTheProbabilitiesOfTheDesign() {
      HouseholdSample sample = Draws.household(county(), DESIGN, N40, 42);
      assertThat(sample.strata()).containsExactly(
          new HouseholdSample.StratumSummary("330604", 40, 12, 2076, 4, 2, 4, sample.householdCount()));
      for (HouseholdSample.SampledBlock b : sample.blocks()) {
        int i = Integer.parseInt(b.block().id().substring(1)) - 1;
        assertThat(b.blockProbability()).isCloseTo(expectedProbability(i), within(1e-15));
        assertThat(b.certainty()).isEqualTo(SIZES[i] >= 400);
      }
      for (HouseholdSample.SampledHousehold h : sample.households()) {
        long big = h.block().block().households();
        assertThat(h.householdProbability()).isCloseTo(Math.min(10, big) / (double) big, within(1e-15));
        assertThat(h.probability()).isCloseTo(h.block().blockProbability() * h.householdProbability(),
            within(1e-15));
        assertThat(h.weight()).isCloseTo(1 / h.probability(), within(1e-9));
        assertThat(h.number()).isBetween(1, (int) big);
      }
    }

    /**
     * 5,000 draws (seeds 1..5000). For each block the number of draws that select it is Binomial(5000, π_i)
     * (the draws use independent streams). The tolerance is Bernstein's bound at α = 1e−6/12 per block, so
     * by the union bound a correct sampler fails this test with probability at most 1e−6 for a fresh set of
     * seeds; with these fixed seeds the test is deterministic.
     */
    @Test
    void drawsBlocksWithProbabilityProportionalToSize() {
      int draws = 5000;
      long[] selected = new long[SIZES.length];
      BlockFrame frame = county();
      for (int seed = 1; seed <= draws; seed++) {
        HouseholdSample sample = Draws.household(frame, DESIGN, N40, seed);
        assertThat(sample.blocks()).hasSize(4);
        for (HouseholdSample.SampledBlock b : sample.blocks()) {
          selected[Integer.parseInt(b.block().id().substring(1)) - 1]++;
        }
      }
      for (int i = 0; i < SIZES.length; i++) {
        double pi = expectedProbability(i);
        double tolerance = Tolerance.bernstein(draws, pi, 1e-6 / SIZES.length);
        assertThat((double) selected[i]).as("block B%02d, π = %f", i + 1, pi)
            .isCloseTo(draws * pi, within(tolerance));
      }
    }

    @Test
    void sortedOrderKeepsTheSameProbabilities() {
      int draws = 3000;
      long[] selected = new long[SIZES.length];
      BlockFrame frame = county();
      HouseholdDesign sorted = DESIGN.withOrder(HouseholdDesign.BlockOrder.SORTED);
      for (int seed = 1; seed <= draws; seed++) {
        for (HouseholdSample.SampledBlock b : Draws.household(frame, sorted, N40, seed).blocks()) {
          selected[Integer.parseInt(b.block().id().substring(1)) - 1]++;
        }
      }
      for (int i = 0; i < SIZES.length; i++) {
        double pi = expectedProbability(i);
        assertThat((double) selected[i]).isCloseTo(draws * pi,
            within(Tolerance.bernstein(draws, pi, 1e-6 / SIZES.length)));
      }
    }

    /**
     * Household numbers within the 900-household certainty block are a simple random sample: over 5,000
     * draws (50,000 numbers) the counts in 9 buckets of 100 numbers are uniform. Without-replacement
     * sampling within a draw makes the counts less variable than multinomial, so the χ²(8) critical value
     * 42.70 at 1e−6 (R: qchisq(1e-6, 8, lower.tail = FALSE)) is conservative.
     */
    @Test
    void drawsHouseholdsWithinABlockUniformly() {
      long[] buckets = new long[9];
      BlockFrame frame = county();
      for (int seed = 1; seed <= 5000; seed++) {
        for (HouseholdSample.SampledHousehold h : Draws.household(frame, DESIGN, N40, seed).households()) {
          if (h.block().block().id().equals("B12")) {
            buckets[(h.number() - 1) / 100]++;
          }
        }
      }
      double[] expected = new double[9];
      java.util.Arrays.fill(expected, 50_000 / 9.0);
      assertThat(Tolerance.chiSquare(buckets, expected)).isLessThan(42.70);
    }

    @Test
    void householdsOfABlockAreDistinctAndSorted() {
      HouseholdSample sample = Draws.household(county(), DESIGN, N40, 3);
      Map<String, List<Integer>> byBlock = new HashMap<>();
      sample.households().forEach(h -> byBlock.computeIfAbsent(h.block().block().id(), k -> new ArrayList<>())
          .add(h.number()));
      byBlock.forEach((id, numbers) -> {
        assertThat(numbers).doesNotHaveDuplicates().isSorted();
        assertThat(numbers).hasSize((int) Math.min(10, county().blocks().stream()
            .filter(b -> b.id().equals(id)).findFirst().orElseThrow().households()));
      });
    }
  }

  @Nested
  class Weights {

    /**
     * The size measure is the household count, so the Horvitz–Thompson total of households is exact: a
     * certainty block contributes M_i, a PPS block M_i/π_i = T/r. The expected error of the weight total is
     * therefore 0 up to floating rounding, in every draw (not only on average).
     */
    @Test
    void householdWeightsSumToTheFramesHouseholdTotal() {
      BlockFrame frame = county();
      for (int seed = 1; seed <= 500; seed++) {
        assertThat(Draws.household(frame, DESIGN, N40, seed).weightTotal())
            .isCloseTo(frame.totalHouseholds(), within(1e-9 * frame.totalHouseholds()));
      }
    }

    @Test
    void nonCertaintyBlocksAreSelfWeighting() {
      for (HouseholdSample.SampledHousehold h : Draws.household(county(), DESIGN, N40, 11).households()) {
        if (!h.block().certainty() && h.block().block().households() >= 10) {
          assertThat(h.weight()).isCloseTo(776.0 / 20, within(1e-9)); // T / (r·m)
        }
      }
    }

    @Test
    void aTargetAsLargeAsTheFrameTakesEveryBlockWithCertainty() {
      HouseholdSample sample = Draws.household(county(), DESIGN, Map.of("330604", 5000), 1);
      assertThat(sample.blocks()).hasSize(12).allMatch(HouseholdSample.SampledBlock::certainty);
      assertThat(sample.weightTotal()).isCloseTo(2076, within(1e-9));
    }
  }

  @Nested
  class Reproducibility {

    static String csv(HouseholdSample sample) {
      StringBuilder out = new StringBuilder();
      sample.writeCsv(out);
      return out.toString();
    }

    @Test
    void sameSeedAndFrameGiveTheSameSampleBitForBit() {
      assertThat(csv(Draws.household(county(), DESIGN, N40, 42)))
          .isEqualTo(csv(Draws.household(county(), DESIGN, N40, 42)));
    }

    @Test
    void differentSeedsGiveDifferentSamples() {
      assertThat(csv(Draws.household(county(), DESIGN, N40, 42)))
          .isNotEqualTo(csv(Draws.household(county(), DESIGN, N40, 43)));
    }

    @Test
    void theOrderOfTheFrameFileDoesNotMatter() {
      List<Block> shuffled = new ArrayList<>(county().blocks());
      Collections.reverse(shuffled);
      BlockFrame reversed = BlockFrame.of(shuffled);
      assertThat(reversed.fingerprint()).isEqualTo(county().fingerprint());
      assertThat(csv(Draws.household(reversed, DESIGN, N40, 42))).isEqualTo(csv(Draws.household(county(), DESIGN,
          N40, 42)));
    }

    @Test
    void addingACountyDoesNotChangeTheOthersSample() {
      List<Block> more = new ArrayList<>(county().blocks());
      more.add(new Block("X1", "330102", "", 300, 0));
      more.add(new Block("X2", "330102", "", 200, 0));
      HouseholdSample both = Draws.household(BlockFrame.of(more), DESIGN, Map.of("330604", 40, "330102", 10), 42);
      List<String> shangyu = both.blocks().stream().filter(b -> b.stratum().equals("330604"))
          .map(b -> b.block().id()).toList();
      assertThat(shangyu).isEqualTo(Draws.household(county(), DESIGN, N40, 42).blocks().stream()
          .map(b -> b.block().id()).toList());
    }

    @Test
    void theSampleRecordsItsSeedFrameAndDesign() {
      HouseholdSample sample = Draws.household(county(), DESIGN, N40, 42);
      assertThat(sample.seed()).isEqualTo(42);
      assertThat(sample.frameFingerprint()).isEqualTo(county().fingerprint());
      assertThat(sample.design()).isEqualTo(DESIGN);
      assertThat(sample.targetByStratum()).isEqualTo(N40);
    }

    /** Pinned: a change to this output means a published sample can no longer be re-drawn; think twice. */
    @Test
    void theFirstRowsForSeed42ArePinned() {
      String[] lines = csv(Draws.household(county(), DESIGN, N40, 42)).split("\n");
      assertThat(lines[0]).isEqualTo(HouseholdSample.CSV_HEADER);
      assertThat(lines).hasSize(1 + Draws.household(county(), DESIGN, N40, 42).householdCount());
      assertThat(String.join("\n", java.util.Arrays.copyOfRange(lines, 1, 3))).isEqualTo(PINNED_42);
    }

    // B03 (55 households, PPS): π_i = 2·55/776, households 10/55, π = 20/776, weight 776/20 = 38.8
    static final String PINNED_42 = """
        330604,330604,330604003,B03,55,0,1,0.141752577319588,0.181818181818182,0.0257731958762887,38.8
        330604,330604,330604003,B03,55,0,3,0.141752577319588,0.181818181818182,0.0257731958762887,38.8""";
  }

  @Nested
  class Strata {

    @Test
    void townStrataDrawInEveryTown() {
      Map<String, Integer> targets = Draws.householdTargets(county(), HouseholdDesign.StratumLevel.TOWN,
          SampleSizeRule.fixed(20), null);
      assertThat(targets).containsOnlyKeys("330604001", "330604002", "330604003");
      HouseholdSample sample = Draws.household(county(),
          HouseholdDesign.of(HouseholdDesign.StratumLevel.TOWN, 10), targets, 5);
      assertThat(sample.strata()).extracting(HouseholdSample.StratumSummary::blocksDrawn).containsOnly(2);
    }

    @Test
    void townStrataNeedEveryBlocksTown() {
      BlockFrame frame = BlockFrame.of(List.of(new Block("A", "330604", "330604001", 50, 0),
          new Block("B", "330604", "", 50, 0)));
      assertThat(FramesTest.problems(() -> Draws.household(frame,
          HouseholdDesign.of(HouseholdDesign.StratumLevel.TOWN, 10), Map.of("330604001", 10), 1)))
          .containsExactly(Problem.of("sampling.error.townMissing", "B"));
    }

    @Test
    void everyStratumNeedsATargetAndEveryTargetBlocks() {
      assertThat(FramesTest.problems(() -> Draws.household(county(), DESIGN, Map.of("330102", 10), 1)))
          .containsExactly(Problem.of("sampling.error.emptyStratum", "330102", 10),
              Problem.of("sampling.error.noTarget", "330604"));
    }

    @Test
    void shareRulesNeedAPopulation() {
      assertThat(FramesTest.problems(() -> Draws.householdTargets(county(), HouseholdDesign.StratumLevel.COUNTY,
          SampleSizeRule.shareOfPopulation("0.005"), null)))
          .containsExactly(Problem.of("sampling.error.noPopulation", "330604"));
      assertThat(Draws.householdTargets(county(), HouseholdDesign.StratumLevel.COUNTY,
          SampleSizeRule.shareOfPopulation("0.005").withMin(300),
          AreaPopulations.of(Map.of("330604", 779_000L)))).containsExactly(Map.entry("330604", 3895));
    }
  }
}
