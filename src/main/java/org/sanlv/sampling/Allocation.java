package org.sanlv.sampling;

/** Integer allocation in proportion to sizes. */
final class Allocation {

  private Allocation() {}

  /**
   * Hamilton's largest-remainder method: unit i gets {@code ⌊n·s_i/S⌋} and the {@code n − Σ⌊…⌋} units left go
   * one each to the largest remainders {@code n·s_i mod S}, ties to the smaller index; the result sums to
   * {@code n} exactly (Balinski and Young 2001, ch. 2). All sizes must be non-negative, their sum positive.
   */
  static int[] largestRemainder(int n, long[] sizes) {
    long sum = 0;
    for (long s : sizes) {
      if (s < 0) {
        throw new IllegalArgumentException("size must not be negative: " + s);
      }
      sum = Math.addExact(sum, s);
    }
    if (sum == 0) {
      throw new IllegalArgumentException("sizes must not all be zero");
    }
    int[] quota = new int[sizes.length];
    long[] remainder = new long[sizes.length];
    long given = 0;
    for (int i = 0; i < sizes.length; i++) {
      java.math.BigInteger product = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(sizes[i]));
      java.math.BigInteger[] qr = product.divideAndRemainder(java.math.BigInteger.valueOf(sum));
      quota[i] = qr[0].intValueExact();
      remainder[i] = qr[1].longValueExact();
      given += quota[i];
    }
    for (long left = n - given; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < sizes.length; i++) {
        if (remainder[i] >= 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      quota[best]++;
      remainder[best] = -1; // each unit at most one extra
    }
    return quota;
  }
}
