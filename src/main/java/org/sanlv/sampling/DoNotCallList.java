package org.sanlv.sampling;

import java.util.Arrays;

/**
 * Numbers never to be dialled, as digits without separators (11-digit mobile {@code 13905751234}, landline
 * with area code {@code 057582121234}), held as a sorted {@code long[]} (8 bytes a number).
 */
public final class DoNotCallList {

  private static final DoNotCallList EMPTY = new DoNotCallList(new long[0], new Fingerprint("dnc/v1").hex());

  private final long[] numbers;
  private final String fingerprint;

  private DoNotCallList(long[] sortedDistinct, String fingerprint) {
    this.numbers = sortedDistinct;
    this.fingerprint = fingerprint;
  }

  public static DoNotCallList empty() {
    return EMPTY;
  }

  /** A list of these numbers (digits only; repeats are kept once). */
  public static DoNotCallList of(long... numbers) {
    long[] sorted = numbers.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    long[] distinct = Arrays.copyOf(sorted, n);
    Fingerprint fp = new Fingerprint("dnc/v1");
    for (long number : distinct) {
      fp.add(number);
    }
    return new DoNotCallList(distinct, fp.hex());
  }

  public boolean contains(long number) {
    return Arrays.binarySearch(numbers, number) >= 0;
  }

  public int size() {
    return numbers.length;
  }

  /** SHA-256 over the sorted distinct numbers. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The numbers in {@code [from, to)}, sorted; used to pre-mark a prefix's excluded suffixes. */
  long[] between(long from, long to) {
    int a = Arrays.binarySearch(numbers, from);
    int b = Arrays.binarySearch(numbers, to);
    a = a < 0 ? -a - 1 : a;
    b = b < 0 ? -b - 1 : b;
    return Arrays.copyOfRange(numbers, a, b);
  }
}
