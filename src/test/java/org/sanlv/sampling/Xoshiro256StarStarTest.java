package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Xoshiro256StarStarTest {

  @Test
  void splitMix64MatchesTheReferenceImplementation() {
    // splitmix64.c (Vigna) started at 0: first output 0xe220a8397b1dcdaf, second 0x6e789e6aa1b965f4
    long[] state = {0};
    assertThat(Xoshiro256StarStar.splitMix64(state)).isEqualTo(0xe220a8397b1dcdafL);
    assertThat(Xoshiro256StarStar.splitMix64(state)).isEqualTo(0x6e789e6aa1b965f4L);
  }

  @Test
  void xoshiroMatchesTheReferenceImplementationFromState1234() {
    // xoshiro256starstar.c with s = {1, 2, 3, 4}: 11520, 0, 1509978240, 1215971899390074240
    Xoshiro256StarStar rng = Xoshiro256StarStar.ofState(1, 2, 3, 4);
    assertThat(rng.nextLong()).isEqualTo(11520L);
    assertThat(rng.nextLong()).isEqualTo(0L);
    assertThat(rng.nextLong()).isEqualTo(1509978240L);
    assertThat(rng.nextLong()).isEqualTo(1215971899390074240L);
  }

  @Test
  void theStreamOfASeedIsPinned() {
    // Checked against an independent Python transcription of splitmix64.c + xoshiro256starstar.c (seed 42);
    // a change here changes every published sample drawn with this code.
    Xoshiro256StarStar rng = Xoshiro256StarStar.seeded(42);
    long[] first = {rng.nextLong(), rng.nextLong(), rng.nextLong()};
    assertThat(first).containsExactly(PINNED_42);
  }

  static final long[] PINNED_42 = {1546998764402558742L, 6990951692964543102L, -5902157311460992607L};

  @Test
  void boundedDrawsStayInRange() {
    Xoshiro256StarStar rng = Xoshiro256StarStar.seeded(7);
    for (long bound : new long[] {1, 2, 3, 10, 10_000, 1L << 40, Long.MAX_VALUE}) {
      for (int i = 0; i < 1000; i++) {
        assertThat(rng.nextLong(bound)).isBetween(0L, bound - 1);
      }
    }
  }
}
