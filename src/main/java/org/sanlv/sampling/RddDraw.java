package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.platform.Problem;

/**
 * Random-digit dialling from number prefixes.
 *
 * <ol>
 *   <li>Allocation to areas: area a with population {@code P_a} of {@code P = Σ P_a} (over the areas that have
 *       prefixes) gets {@code ⌊n·P_a/P⌋}, and the units left over go to the largest remainders
 *       {@code n·P_a mod P}, ties to the smaller area code (Hamilton's method), so the areas sum to n exactly.
 *   <li>Within an area, evenly over its k prefixes: each gets {@code ⌊q/k⌋}, and {@code q mod k} prefixes,
 *       chosen at random, one more.
 *   <li>Within a prefix, suffixes {@code 0000..9999} uniformly at random; a suffix already drawn or on the
 *       do-not-call list is drawn again. The result is a simple random sample without replacement of the
 *       prefix's dialable suffixes: uniform, no number twice, no do-not-call number.
 *   <li>Release order: all numbers in a random permutation, cut into replicates of the configured size, so
 *       each replicate is a random subsample of the whole.
 * </ol>
 *
 * <p>Areas should not overlap (the populations of a city and of a county inside it would both count): draw
 * mobile prefixes (by city) and landline prefixes (by county) as two draws.
 */
final class RddDraw {

  private static final int SUFFIXES = 10_000;

  private RddDraw() {}

  static RddSample draw(PrefixFrame frame, AreaPopulations populations, DoNotCallList dnc, RddDesign design,
      long seed) {
    List<NumberPrefix> prefixes = frame.prefixes();
    Map<String, List<Integer>> prefixesByArea = new TreeMap<>();
    for (int i = 0; i < prefixes.size(); i++) {
      prefixesByArea.computeIfAbsent(prefixes.get(i).area(), a -> new ArrayList<>()).add(i);
    }
    List<Problem> problems = new ArrayList<>();
    String[] areas = prefixesByArea.keySet().toArray(String[]::new);
    long[] population = new long[areas.length];
    for (int a = 0; a < areas.length; a++) {
      population[a] = populations.of(areas[a]);
      if (population[a] <= 0) {
        problems.add(Problem.of("sampling.error.noPopulation", areas[a]));
      }
    }
    if (prefixes.isEmpty()) {
      problems.add(Problem.of("import.error.noRows"));
    }
    Frames.reject(problems);

    int[] areaQuota = Allocation.largestRemainder(design.numbers(), population);
    int[] quota = new int[prefixes.size()];
    Map<String, Integer> allocation = new TreeMap<>();
    for (int a = 0; a < areas.length; a++) {
      allocation.put(areas[a], areaQuota[a]);
      List<Integer> members = prefixesByArea.get(areas[a]);
      int k = members.size();
      int[] order = new int[k];
      for (int j = 0; j < k; j++) {
        order[j] = j;
      }
      Fingerprint.streamFor(seed, "rdd-allocation", areas[a]).shuffle(order);
      for (int j = 0; j < k; j++) {
        quota[members.get(order[j])] = areaQuota[a] / k + (j < areaQuota[a] % k ? 1 : 0);
      }
    }
    // capacity: 10,000 suffixes less the prefix's do-not-call numbers
    long[][] excluded = new long[prefixes.size()][];
    for (int i = 0; i < prefixes.size(); i++) {
      long base = Long.parseLong(prefixes.get(i).digits()) * SUFFIXES;
      excluded[i] = dnc.between(base, base + SUFFIXES);
      int capacity = SUFFIXES - excluded[i].length;
      if (quota[i] > capacity) {
        problems.add(Problem.of("sampling.error.prefixFull", prefixes.get(i).prefix(), capacity, quota[i]));
      }
    }
    Frames.reject(problems);

    int total = design.numbers();
    int[] prefixIndex = new int[total];
    short[] suffix = new short[total];
    int n = 0;
    long dncSkipped = 0;
    long duplicates = 0;
    long[] drawnBits = new long[SUFFIXES / 64 + 1];
    long[] dncBits = new long[SUFFIXES / 64 + 1];
    for (int i = 0; i < prefixes.size(); i++) {
      if (quota[i] == 0) {
        continue;
      }
      java.util.Arrays.fill(drawnBits, 0L);
      java.util.Arrays.fill(dncBits, 0L);
      long base = Long.parseLong(prefixes.get(i).digits()) * SUFFIXES;
      for (long number : excluded[i]) {
        int s = (int) (number - base);
        dncBits[s >>> 6] |= 1L << s;
      }
      Xoshiro256StarStar rng = Fingerprint.streamFor(seed, "rdd", prefixes.get(i).digits());
      for (int q = 0; q < quota[i]; ) {
        int s = rng.nextInt(SUFFIXES);
        long bit = 1L << s;
        if ((dncBits[s >>> 6] & bit) != 0) {
          dncSkipped++;
        } else if ((drawnBits[s >>> 6] & bit) != 0) {
          duplicates++;
        } else {
          drawnBits[s >>> 6] |= bit;
          prefixIndex[n] = i;
          suffix[n] = (short) s;
          n++;
          q++;
        }
      }
    }
    // release order: one random permutation of all numbers
    Xoshiro256StarStar rng = Fingerprint.streamFor(seed, "rdd-order", "");
    for (int i = total - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tp = prefixIndex[i];
      prefixIndex[i] = prefixIndex[j];
      prefixIndex[j] = tp;
      short ts = suffix[i];
      suffix[i] = suffix[j];
      suffix[j] = ts;
    }
    return new RddSample(seed, frame.fingerprint(), populations.fingerprint(), dnc.fingerprint(), design,
        allocation, prefixes, prefixIndex, suffix, dncSkipped, duplicates);
  }
}
