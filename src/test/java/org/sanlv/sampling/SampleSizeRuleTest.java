package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.Problem;

/**
 * Three counties of different size (populations invented, of the order of Zhejiang's): small 48,000,
 * middle 412,345, large 1,234,567. Rule as in seed 1: 5‰ of the population, here held in [300, 3000].
 */
class SampleSizeRuleTest {

  static final long SMALL = 48_000;
  static final long MIDDLE = 412_345;
  static final long LARGE = 1_234_567;

  final SampleSizeRule.ShareOfPopulation fivePerMille =
      SampleSizeRule.shareOfPopulation("0.005").withMin(300).withMax(3000);

  @Nested
  class FivePerMilleWithMinAndMax {

    @Test
    void smallCountyIsRaisedToTheMinimum() {
      // 0.005 × 48,000 = 240 → below min 300 → 300
      assertThat(fivePerMille.sizeFor(SMALL)).isEqualTo(300);
    }

    @Test
    void middleCountyGetsItsShareRoundedUp() {
      // 0.005 × 412,345 = 2061.725 → ⌈⌉ = 2062, inside [300, 3000]
      assertThat(fivePerMille.sizeFor(MIDDLE)).isEqualTo(2062);
    }

    @Test
    void largeCountyIsCutToTheMaximum() {
      // 0.005 × 1,234,567 = 6172.835 → 6173 → above max 3000 → 3000
      assertThat(fivePerMille.sizeFor(LARGE)).isEqualTo(3000);
    }

    @Test
    void withoutBoundsTheShareIsExactDecimalArithmetic() {
      // 0.005 × 1,200,000 = 6000 exactly (a double product would be 6000.000000000001 → 6001 after ceil)
      assertThat(SampleSizeRule.shareOfPopulation("0.005").sizeFor(1_200_000)).isEqualTo(6000);
      // 0.005 × 1,234,567 = 6172.835 → 6173
      assertThat(SampleSizeRule.shareOfPopulation("0.005").sizeFor(LARGE)).isEqualTo(6173);
    }
  }

  @Nested
  class HalfOfTheHouseholdSample {

    @Test
    void phoneAndInterceptGetHalfOfEachCountysHouseholdN() {
      Map<String, Integer> household = fivePerMille.sizesFor(
          Map.of("small", SMALL, "middle", MIDDLE, "large", LARGE));
      assertThat(household).containsExactly(Map.entry("large", 3000), Map.entry("middle", 2062),
          Map.entry("small", 300));
      // 50% of 3000 = 1500; of 2062 = 1031; of 300 = 150
      assertThat(ModeShare.HALF.sizesFrom(household)).containsExactly(Map.entry("large", 1500),
          Map.entry("middle", 1031), Map.entry("small", 150));
    }

    @Test
    void anOddHouseholdNIsRoundedUp() {
      // 0.005 × 300,100 = 1500.5 → 1501; half of 1501 = 750.5 → 751
      int household = SampleSizeRule.shareOfPopulation("0.005").sizeFor(300_100);
      assertThat(household).isEqualTo(1501);
      assertThat(ModeShare.HALF.sizeFrom(household)).isEqualTo(751);
    }
  }

  @Nested
  class Planner {

    // R: z <- qnorm(0.975); n0 <- 1.5 * z^2 * 0.9 * 0.1 / 0.02^2   # 1296.49235198
    //    n0 / (1 + (n0 - 1) / N) for N = 48000, 412345, 1234567     # 1262.42035379 1292.43183093 1295.13330441
    final SampleSizePlanner plan =
        SampleSizePlanner.withDefaults().withHalfWidth(0.02).withExpectedRate(0.9).withDesignEffect(1.5);

    @Test
    void givesCochransSampleSizeRoundedUp() {
      assertThat(plan.unroundedSampleSize()).isCloseTo(1296.49235198, within(1e-8));
      assertThat(plan.sampleSize()).isEqualTo(1297);
    }

    @Test
    void appliesTheFinitePopulationCorrectionForEachCounty() {
      assertThat(plan.sampleSize(SMALL)).isEqualTo(1263);
      assertThat(plan.sampleSize(MIDDLE)).isEqualTo(1293);
      assertThat(plan.sampleSize(LARGE)).isEqualTo(1296);
    }

    @Test
    void theTextbookCaseGives385() {
      // R: qnorm(0.975)^2 * 0.25 / 0.05^2  # 384.145882069
      assertThat(SampleSizePlanner.withDefaults().withHalfWidth(0.05).withExpectedRate(0.5).sampleSize())
          .isEqualTo(385);
    }

    @Test
    void aSmallPopulationNeedsFarFewer() {
      // R: n0 <- 2 * qnorm(0.975)^2 * 0.85 * 0.15 / 0.03^2  # 1088.41333253; n0 / (1 + (n0 - 1)/3000) # 798.852
      assertThat(SampleSizePlanner.withDefaults().withHalfWidth(0.03).withExpectedRate(0.85).withDesignEffect(2)
          .sampleSize(3000)).isEqualTo(799);
    }
  }

  @Nested
  class TextForm {

    @Test
    void parsesTheThreeKinds() {
      assertThat(SampleSizeRule.parse("fixed:400")).isEqualTo(SampleSizeRule.fixed(400));
      assertThat(SampleSizeRule.parse("share:0.005,min:300,max:1200"))
          .isEqualTo(SampleSizeRule.shareOfPopulation("0.005").withMin(300).withMax(1200));
      assertThat(SampleSizeRule.parse("plan:e=0.02,p=0.9,deff=1.5").sizeFor(SMALL)).isEqualTo(1263);
      assertThat(SampleSizeRule.parse("share:0.005,min:300,max:1200").toString())
          .isEqualTo("share:0.005,min:300,max:1200");
    }

    @Test
    void badTextIsRefusedNamingIt() {
      for (String bad : new String[] {"", "fixed", "fixed:-1", "share:2", "share:0.005,min:900,max:300",
          "share:0.005,mni:3", "plan:p=0.9", "random:3"}) {
        assertThat(FramesTest.problems(() -> SampleSizeRule.parse(bad)))
            .containsExactly(Problem.of("sampling.error.badRule", bad));
      }
    }
  }
}
