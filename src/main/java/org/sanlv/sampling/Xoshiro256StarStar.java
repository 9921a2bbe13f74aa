package org.sanlv.sampling;

/**
 * The xoshiro256** generator of Blackman and Vigna (2018, "Scrambled linear pseudorandom number generators",
 * https://prng.di.unimi.it/xoshiro256starstar.c), seeded through SplitMix64 (Steele, Lea and Flood 2014) as its
 * authors recommend. Written out here rather than taken from {@code java.util.random} so that the stream for a
 * seed is fixed by this file alone and cannot change with the JDK: a seed is part of a published sample.
 */
final class Xoshiro256StarStar {

  private long s0;
  private long s1;
  private long s2;
  private long s3;

  private Xoshiro256StarStar(long s0, long s1, long s2, long s3) {
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** A generator whose four state words are the first four outputs of SplitMix64 started at {@code seed}. */
  static Xoshiro256StarStar seeded(long seed) {
    long[] x = {seed};
    return new Xoshiro256StarStar(splitMix64(x), splitMix64(x), splitMix64(x), splitMix64(x));
  }

  /** A generator with a given state, for the reference vectors of the C code. */
  static Xoshiro256StarStar ofState(long s0, long s1, long s2, long s3) {
    return new Xoshiro256StarStar(s0, s1, s2, s3);
  }

  /** One step of SplitMix64: advances {@code state[0]} by the golden gamma and returns the mixed value. */
  static long splitMix64(long[] state) {
    long z = state[0] += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The next 64 random bits. */
  long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /**
   * A uniform integer in {@code [0, bound)}, without modulo bias: 63-bit draws are rejected when they fall in
   * the incomplete last block of size {@code 2^63 mod bound} (the method of {@code java.util.Random.nextLong}
   * with a bound, written out so that it cannot change).
   */
  long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long m = bound - 1;
    long r = nextLong() >>> 1;
    if ((bound & m) == 0L) {
      return r & m;
    }
    for (long u = r; u - (r = u % bound) + m < 0L; u = nextLong() >>> 1) {
      // rejected: u fell in the incomplete last block
    }
    return r;
  }

  int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /** Shuffles {@code a} in place (Fisher–Yates, Durstenfeld's version, from the end). */
  void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
