package org.sanlv.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scorer against values worked out by hand. Normal values from R: {@code pnorm(0.5) = 0.6914624612740131},
 * {@code dnorm(0.5) = 0.3520653267642995}, {@code pnorm(5) = 0.9999997133484281},
 * {@code dnorm(5) = 1.4867195147342977e-06}, {@code pnorm(2.5) = 0.9937903346742238},
 * {@code dnorm(2.5) = 0.01752830049356854}.
 */
class ScorerTest {

  static final double Z = 1.959963984540054;
  static final double EPS = 1e-9;

  // Whole 0.80. A above (no deduction), B 0.5 points below (a fraction), C 10 points below (large), D too few.
  static final List<DomainInput> BUREAU = List.of(
      new DomainInput("A", "甲县", 0.85, 0.02, 100, 0.05, 0.02),
      new DomainInput("B", "乙县", 0.795, 0.01, 100, -0.005, 0.01),
      new DomainInput("C", "丙县", 0.70, 0.02, 100, -0.10, 0.02),
      new DomainInput("D", "丁县", 0.60, 0.08, 10, -0.20, 0.08));

  static Rules rules(Average average, Fraction fraction, Map<String, Double> sources, Map<String, Double> caps) {
    return new Rules(2022, average, fraction, 30, sources, Map.of("safety", 2.0), caps);
  }

  static Map<String, SourceResults> one(List<DomainInput> rows, double whole) {
    return Map.of("bureau", new SourceResults(Map.of("safety", rows), Map.of("safety", new WholeInput(whole, 0.005))));
  }

  static ScoreRow row(List<ScoreRow> rows, String code, String source) {
    return rows.stream().filter(r -> r.code().equals(code) && r.source().equals(source)).findFirst().orElseThrow();
  }

  @Nested
  class Pooled {

    final List<ScoreRow> rows = Scorer.score(rules(Average.POOLED, Fraction.PROPORTIONAL, Map.of("bureau", 1.0),
        Map.of()), one(BUREAU, 0.80));

    @Test
    void aCountyAboveTheAverageLosesNothing() {
      ScoreRow a = row(rows, "A", "bureau");
      assertThat(a.average()).isEqualTo(0.80);
      assertThat(a.gapPoints()).isCloseTo(-5, within(EPS));
      assertThat(a.deduction()).isZero();
      assertThat(a.rank()).isEqualTo(1);
      assertThat(a.beyondNoise()).isTrue(); // 0.05 ± 0.039 excludes 0 (above)
    }

    @Test
    void halfAPointBelowCostsOnePointProportionally() {
      ScoreRow b = row(rows, "B", "bureau");
      assertThat(b.gapPoints()).isCloseTo(0.5, within(EPS));
      assertThat(b.deduction()).isCloseTo(1.0, within(EPS));
      assertThat(b.beyondNoise()).isFalse();
      assertThat(b.rank()).isEqualTo(2);
      // 2·100·(0.005·Φ(0.5) + 0.01·φ(0.5))
      assertThat(b.expectedDeduction()).isCloseTo(200 * (0.005 * 0.6914624612740131 + 0.01 * 0.3520653267642995),
          within(EPS));
      assertThat(b.expectedDeduction()).isCloseTo(1.395593117, within(1e-8));
      assertThat(b.deductionLow()).isZero(); // d + 1.96 se = 0.0146 > 0
      assertThat(b.deductionHigh()).isCloseTo(200 * (0.005 + Z * 0.01), within(EPS)); // 4.92
    }

    @Test
    void tenPointsBelowCostsTwentyAndIsBeyondTheNoise() {
      ScoreRow c = row(rows, "C", "bureau");
      assertThat(c.deduction()).isCloseTo(20, within(EPS));
      assertThat(c.beyondNoise()).isTrue();
      assertThat(c.rank()).isEqualTo(3);
      assertThat(c.expectedDeduction()).isCloseTo(200 * (0.1 * 0.9999997133484281 + 0.02 * 1.4867195147342977e-06),
          within(EPS));
      assertThat(c.deductionLow()).isCloseTo(200 * (0.1 - Z * 0.02), within(EPS)); // 12.16
      assertThat(c.deductionHigh()).isCloseTo(200 * (0.1 + Z * 0.02), within(EPS)); // 27.84
    }

    @Test
    void aCountyUnderTheMinimumIsTooFewToRankAndLosesNothing() {
      ScoreRow d = row(rows, "D", "bureau");
      assertThat(d.rank()).isNull();
      assertThat(d.deduction()).isZero();
      assertThat(d.expectedDeduction()).isZero();
      assertThat(d.gapPoints()).isCloseTo(20, within(EPS)); // shown, not deducted
    }

    @Test
    void theExpectedDeductionAgreesWithAMonteCarloDraw() {
      Random random = new Random(20221);
      for (String code : List.of("B", "C")) {
        ScoreRow r = row(rows, code, "bureau");
        int draws = 400_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < draws; i++) {
          double d = r.diff() + r.diffSe() * random.nextGaussian();
          double loss = 200 * Math.max(0, -d);
          sum += loss;
          sumSq += loss * loss;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        assertThat(Math.abs(mean - r.expectedDeduction())).as(code).isLessThan(4 * se);
      }
    }

    @Test
    void theCombinedRowOfOneSourceIsThatSource() {
      ScoreRow c = row(rows, "C", ScoreRow.COMBINED);
      assertThat(c.deduction()).isCloseTo(20, within(EPS));
      assertThat(c.rank()).isEqualTo(3);
      assertThat(row(rows, "D", ScoreRow.COMBINED).rank()).isNull();
    }
  }

  @Test
  void wholePointsCountOnlyCompletePointsBelow() {
    List<ScoreRow> rows = Scorer.score(rules(Average.POOLED, Fraction.WHOLE_POINTS, Map.of("bureau", 1.0), Map.of()),
        one(BUREAU, 0.80));
    assertThat(row(rows, "B", "bureau").deduction()).isZero(); // 0.5 points: no whole point
    assertThat(row(rows, "C", "bureau").deduction()).isCloseTo(20, within(EPS)); // 0.80 − 0.70 = 9.9999…: 10
    // a gap of 2.7 points: 2 whole points, 4 deducted; the expected deduction stays proportional
    List<ScoreRow> more = Scorer.score(rules(Average.POOLED, Fraction.WHOLE_POINTS, Map.of("bureau", 1.0), Map.of()),
        one(List.of(new DomainInput("E", "戊县", 0.773, 0.01, 100, -0.027, 0.01)), 0.80));
    assertThat(row(more, "E", "bureau").deduction()).isCloseTo(4, within(EPS));
    assertThat(row(more, "E", "bureau").expectedDeduction()).isGreaterThan(5);
  }

  @Test
  void theCountyMeanIsTheUnweightedMeanWithItsOwnVariance() {
    List<ScoreRow> rows = Scorer.score(rules(Average.COUNTY_MEAN, Fraction.PROPORTIONAL, Map.of("bureau", 1.0),
        Map.of()), one(BUREAU, 0.80));
    double mean = (0.85 + 0.795 + 0.70) / 3; // D has too few responses: not in the mean
    ScoreRow b = row(rows, "B", "bureau");
    assertThat(b.average()).isCloseTo(mean, within(EPS));
    assertThat(b.diff()).isCloseTo(0.795 - mean, within(EPS));
    // (1 − 1/3)² · 0.01² + (0.02² + 0.02²) / 3²
    assertThat(b.diffSe()).isCloseTo(Math.sqrt(4.0 / 9 * 0.0001 + 0.0008 / 9), within(EPS));
    assertThat(b.deduction()).isZero(); // above the mean
    ScoreRow c = row(rows, "C", "bureau");
    assertThat(c.gapPoints()).isCloseTo(100 * (mean - 0.70), within(EPS)); // 8.1667
    assertThat(c.deduction()).isCloseTo(2 * 100 * (mean - 0.70), within(EPS)); // 16.333
    double s = Math.sqrt(4.0 / 9 * 0.0004 + (0.0004 + 0.0001) / 9);
    double d = 0.70 - mean;
    assertThat(c.diffSe()).isCloseTo(s, within(EPS));
    assertThat(c.deductionHigh()).isCloseTo(200 * -(d - Z * s), within(EPS));
  }

  @Test
  void twoSourcesCombineByTheirWeights() {
    List<DomainInput> third = List.of(
        new DomainInput("A", "甲县", 0.78, 0.02, 80, -0.02, 0.02),
        new DomainInput("B", "乙县", 0.83, 0.02, 80, 0.03, 0.02),
        new DomainInput("C", "丙县", 0.77, 0.02, 80, -0.03, 0.02));
    Map<String, SourceResults> inputs = new LinkedHashMap<>();
    inputs.put("bureau", one(BUREAU.subList(0, 3), 0.80).get("bureau"));
    inputs.put("third_party", new SourceResults(Map.of("safety", third),
        Map.of("safety", new WholeInput(0.80, 0.005))));
    Map<String, Double> weights = new LinkedHashMap<>();
    weights.put("bureau", 0.6);
    weights.put("third_party", 0.4);
    List<ScoreRow> rows = Scorer.score(rules(Average.POOLED, Fraction.PROPORTIONAL, weights, Map.of()), inputs);
    // A: bureau 0, third party 2 points below = 4 → 0.4 · 4 = 1.6
    assertThat(row(rows, "A", "third_party").deduction()).isCloseTo(4, within(EPS));
    assertThat(row(rows, "A", ScoreRow.COMBINED).deduction()).isCloseTo(1.6, within(EPS));
    // C: bureau 20, third party 6 → 0.6 · 20 + 0.4 · 6 = 14.4
    ScoreRow c = row(rows, "C", ScoreRow.COMBINED);
    assertThat(c.deduction()).isCloseTo(14.4, within(EPS));
    assertThat(c.rate()).isCloseTo(0.6 * 0.70 + 0.4 * 0.77, within(EPS));
    assertThat(c.expectedDeduction()).isCloseTo(0.6 * row(rows, "C", "bureau").expectedDeduction()
        + 0.4 * row(rows, "C", "third_party").expectedDeduction(), within(EPS));
    assertThat(c.diffSe()).isCloseTo(Math.sqrt(0.36 * 0.0004 + 0.16 * 0.0004), within(EPS));
    // combined rates: A 0.822, B 0.809, C 0.728
    assertThat(row(rows, "A", ScoreRow.COMBINED).rank()).isEqualTo(1);
    assertThat(row(rows, "B", ScoreRow.COMBINED).rank()).isEqualTo(2);
    assertThat(c.rank()).isEqualTo(3);
    List<CountyTotal> totals = Scorer.totals(rows);
    assertThat(totals).extracting(CountyTotal::code).containsExactly("A", "B", "C");
    assertThat(totals.get(2).deduction()).isCloseTo(14.4, within(EPS));
    assertThat(totals).extracting(CountyTotal::rank).containsExactly(2, 1, 3); // B loses 0.6 · 1 = 0.6 only
  }

  @Test
  void tiesShareTheBetterRank() {
    List<DomainInput> rows = List.of(
        new DomainInput("A", "甲", 0.9, 0.01, 100, 0.1, 0.01),
        new DomainInput("B", "乙", 0.8, 0.01, 100, 0, 0.01),
        new DomainInput("C", "丙", 0.8, 0.01, 100, 0, 0.01),
        new DomainInput("D", "丁", 0.7, 0.01, 100, -0.1, 0.01));
    List<ScoreRow> scored = Scorer.score(rules(Average.POOLED, Fraction.PROPORTIONAL, Map.of("bureau", 1.0),
        Map.of()), one(rows, 0.8));
    assertThat(scored.stream().filter(r -> r.source().equals("bureau")).map(ScoreRow::rank))
        .containsExactly(1, 2, 2, 4);
  }

  @Test
  void aCapLimitsTheDeductionItsRangeAndItsExpectation() {
    List<ScoreRow> rows = Scorer.score(rules(Average.POOLED, Fraction.PROPORTIONAL, Map.of("bureau", 1.0),
        Map.of("safety", 10.0)), one(BUREAU, 0.80));
    ScoreRow c = row(rows, "C", "bureau");
    assertThat(c.deduction()).isEqualTo(10);
    assertThat(c.deductionLow()).isEqualTo(10);
    assertThat(c.deductionHigh()).isEqualTo(10);
    // 200 · (E[X⁺] − E[(X − 0.05)⁺]), X ~ N(0.1, 0.02²)
    double all = 0.1 * 0.9999997133484281 + 0.02 * 1.4867195147342977e-06;
    double over = 0.05 * 0.9937903346742238 + 0.02 * 0.01752830049356854;
    assertThat(c.expectedDeduction()).isCloseTo(200 * (all - over), within(EPS));
    assertThat(row(rows, "B", "bureau").deduction()).isCloseTo(1, within(EPS)); // under the cap: unchanged
  }

  @Nested
  class WhatIfAndPlanning {

    final Rules rules = rules(Average.POOLED, Fraction.PROPORTIONAL, Map.of("bureau", 1.0), Map.of());
    final SourceResults bureau = one(BUREAU, 0.80).get("bureau");

    @Test
    void raisingARateByPointsLowersTheDeductionAndMovesTheRank() {
      ScoreRow c = WhatIf.whatIf(rules, bureau, "C", "safety", 12, 1);
      assertThat(c.rate()).isCloseTo(0.82, within(EPS));
      assertThat(c.deduction()).isZero();
      assertThat(c.rank()).isEqualTo(2); // above B (0.795), below A (0.85)
      assertThat(c.diff()).isCloseTo(0.02, within(EPS));
    }

    @Test
    void aLargerSampleNarrowsTheRangeButNotTheDeduction() {
      ScoreRow b = WhatIf.whatIf(rules, bureau, "B", "safety", 0, 4);
      assertThat(b.n()).isEqualTo(400);
      assertThat(b.diffSe()).isCloseTo(0.005, within(EPS));
      assertThat(b.deduction()).isCloseTo(1, within(EPS));
      assertThat(b.deductionHigh()).isCloseTo(200 * (0.005 + Z * 0.005), within(EPS));
      // a county under the minimum that grows past it is ranked
      assertThat(WhatIf.whatIf(rules, bureau, "D", "safety", 0, 3).rank()).isEqualTo(4);
    }

    @Test
    void theCountyMeanIsRecomputedInAWhatIf() {
      Rules mean = rules(Average.COUNTY_MEAN, Fraction.PROPORTIONAL, Map.of("bureau", 1.0), Map.of());
      ScoreRow c = WhatIf.whatIf(mean, bureau, "C", "safety", 3, 1);
      assertThat(c.average()).isCloseTo((0.85 + 0.795 + 0.73) / 3, within(EPS));
    }

    @Test
    void aWhatIfIsWhatScoringTheChangedInputsGives() {
      List<DomainInput> third = List.of(
          new DomainInput("A", "甲县", 0.78, 0.02, 80, -0.02, 0.02),
          new DomainInput("B", "乙县", 0.83, 0.02, 80, 0.03, 0.02),
          new DomainInput("C", "丙县", 0.77, 0.02, 20, -0.03, 0.02),
          new DomainInput("D", "丁县", 0.80, 0.02, 80, 0, 0.02));
      Map<String, SourceResults> inputs = new LinkedHashMap<>();
      inputs.put("bureau", bureau);
      inputs.put("third_party", new SourceResults(Map.of("safety", third),
          Map.of("safety", new WholeInput(0.80, 0.005))));
      for (Average average : Average.values()) {
        Rules r = rules(average, Fraction.WHOLE_POINTS, Map.of("bureau", 0.5, "third_party", 0.5),
            Map.of("safety", 12.0));
        for (String code : List.of("A", "B", "C", "D")) {
          for (double points : new double[] {-5, 0, 3, 12}) {
            for (double factor : new double[] {0.2, 1, 4}) {
              Map<String, SourceResults> changed = new LinkedHashMap<>();
              for (Map.Entry<String, SourceResults> e : inputs.entrySet()) {
                List<DomainInput> rows = e.getValue().byIndicator().get("safety").stream()
                    .map(d -> !d.code().equals(code) ? d : new DomainInput(d.code(), d.name(),
                        Math.min(1, Math.max(0, d.rate() + points / 100)), d.se() / Math.sqrt(factor),
                        Math.round(d.n() * factor), d.diff() + (Math.min(1, Math.max(0, d.rate() + points / 100))
                        - d.rate()), d.diffSe() / Math.sqrt(factor)))
                    .toList();
                changed.put(e.getKey(), new SourceResults(Map.of("safety", rows), e.getValue().whole()));
              }
              List<ScoreRow> expected = Scorer.score(r, changed).stream().filter(x -> x.code().equals(code)).toList();
              assertThat(WhatIf.whatIfAll(r, inputs, code, "safety", points, factor))
                  .as("%s %s %s %s", average, code, points, factor).isEqualTo(expected);
            }
          }
        }
      }
    }

    @Test
    void planningGivesTheNForWhichAOnePointGapIsBeyondTheNoise() {
      // n > 1.5 · 0.8 · 0.2 · (100 · 1.96 / 1)² = 9219.50…
      assertThat(Planning.nFor(1.5, 0.8, 1)).isEqualTo(9220);
      long n = Planning.nFor(2, 0.6, 2);
      double se = Math.sqrt(2 * 0.24 / n);
      assertThat(Z * se).isLessThan(0.02);
      assertThat(Z * Math.sqrt(2 * 0.24 / (n - 1))).isGreaterThanOrEqualTo(0.02);
      assertThat(Planning.designEffect(0.02, 0.8, 800)).isCloseTo(0.0004 / (0.16 / 800), within(EPS));
    }
  }
}
