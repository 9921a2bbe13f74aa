package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sanlv.platform.Problem;

/**
 * The stratified two-stage draw. In each stratum h with target n_h:
 *
 * <ol>
 *   <li>{@code n_b = ⌈n_h / m⌉} blocks are wanted (all blocks when the stratum has no more).
 *   <li>The stratum's blocks, sorted by id, are put in random order (or sorted by town, id).
 *   <li>Certainty blocks: with {@code T} the total size of the blocks not yet taken and {@code r} the blocks
 *       still wanted, every block with {@code r · M_i ≥ T} (size at least the interval {@code T/r}) is taken
 *       with probability 1; repeated until no block qualifies (Särndal, Swensson and Wretman 1992, §3.6.2;
 *       Cochran 1977, §9A.4).
 *   <li>Systematic PPS on the rest, in exact integer arithmetic: on the line {@code [0, r·T)} block i holds
 *       {@code [r·C_{i−1}, r·C_i)} ({@code C} the cumulative sizes); a random start {@code s} uniform on the
 *       integers {@code 0..T−1} and the points {@code s + kT}, {@code k = 0..r−1}, select the blocks they fall
 *       in. Each span is shorter than {@code T}, so no block is hit twice, exactly r blocks are drawn, and
 *       {@code π_i = r · M_i / T} exactly (Madow 1949; Cochran 1977, §9A.5).
 *   <li>In each drawn block {@code m_i = min(m, M_i)} of the household numbers {@code 1..M_i} by simple random
 *       sampling without replacement (Floyd's algorithm, Bentley 1987), so {@code π = π_i · m_i / M_i}; for a
 *       non-certainty block with {@code M_i ≥ m} this is {@code r·m / T}, the same for every household
 *       (self-weighting).
 * </ol>
 *
 * <p>Each stratum draws from its own stream, seeded from the draw's seed and the stratum code, so strata do
 * not depend on each other's draws.
 */
final class HouseholdDraw {

  private HouseholdDraw() {}

  static HouseholdSample draw(BlockFrame frame, HouseholdDesign design, Map<String, Integer> targets, long seed) {
    List<Block> blocks = frame.blocks();
    List<Problem> problems = new ArrayList<>();
    Map<String, IntList> byStratum = new HashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      String stratum = design.strata().of(blocks.get(i));
      if (stratum.isEmpty()) {
        if (problems.size() < 100) {
          problems.add(Problem.of("sampling.error.townMissing", blocks.get(i).id()));
        }
        continue;
      }
      byStratum.computeIfAbsent(stratum, s -> new IntList()).add(i);
    }
    TreeSet<String> all = new TreeSet<>(byStratum.keySet());
    all.addAll(targets.keySet());
    for (String stratum : all) {
      Integer n = targets.get(stratum);
      if (n == null) {
        problems.add(Problem.of("sampling.error.noTarget", stratum));
      } else if (!byStratum.containsKey(stratum) && n > 0) {
        problems.add(Problem.of("sampling.error.emptyStratum", stratum, n));
      } else if (n < 0) {
        problems.add(Problem.of("sampling.error.badTarget", stratum, n));
      }
    }
    Frames.reject(problems);

    Builder out = new Builder();
    List<HouseholdSample.StratumSummary> summaries = new ArrayList<>();
    for (String stratum : new TreeSet<>(byStratum.keySet())) {
      summaries.add(drawStratum(stratum, byStratum.get(stratum).toArray(), blocks, design, targets.get(stratum),
          Fingerprint.streamFor(seed, "household", stratum), out));
    }
    return new HouseholdSample(seed, frame.fingerprint(), design, new TreeMap<>(targets), summaries, out.blocks,
        out.numerator.toArray(), out.denominator.toArray(), out.householdBlock.toIntArray(),
        out.householdNumber.toIntArray());
  }

  private static HouseholdSample.StratumSummary drawStratum(String stratum, int[] order, List<Block> blocks,
      HouseholdDesign design, int target, Xoshiro256StarStar rng, Builder out) {
    if (design.order() == HouseholdDesign.BlockOrder.RANDOM) {
      rng.shuffle(order);
    } else {
      // indices are in id order already; a stable sort by town keeps id order within a town
      Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
      Arrays.sort(boxed, Comparator.comparing(i -> blocks.get(i).town()));
      for (int i = 0; i < boxed.length; i++) {
        order[i] = boxed[i];
      }
    }
    int k = order.length;
    long[] size = new long[k];
    long frameHouseholds = 0;
    for (int j = 0; j < k; j++) {
      size[j] = blocks.get(order[j]).households();
      frameHouseholds += size[j];
    }
    int m = design.householdsPerBlock();
    int wanted = (int) Math.min(k, (target + (long) m - 1) / m);
    boolean[] certain = new boolean[k];
    int certainCount = 0;
    if (wanted == k) {
      Arrays.fill(certain, true);
      certainCount = k;
    } else {
      boolean changed = true;
      while (changed && wanted > certainCount) {
        changed = false;
        long total = 0;
        for (int j = 0; j < k; j++) {
          total += certain[j] ? 0 : size[j];
        }
        long r = wanted - certainCount;
        for (int j = 0; j < k; j++) {
          if (!certain[j] && Math.multiplyExact(r, size[j]) >= total) {
            certain[j] = true;
            certainCount++;
            changed = true;
          }
        }
      }
    }
    long r = wanted - certainCount;
    long total = 0;
    for (int j = 0; j < k; j++) {
      total += certain[j] ? 0 : size[j];
    }
    long point = r > 0 && total > 0 ? rng.nextLong(total) : Long.MAX_VALUE;
    long cumulative = 0;
    int drawn = 0;
    int households = 0;
    int[] chosen = new int[m];
    for (int j = 0; j < k; j++) {
      boolean take = certain[j];
      if (!take) {
        long high = Math.multiplyExact(r, cumulative + size[j]);
        cumulative += size[j];
        if (point < high) {
          take = true;
          point += total;
        }
      }
      if (!take) {
        continue;
      }
      drawn++;
      int mi = (int) Math.min(m, size[j]);
      int sampleIndex = out.blocks.size();
      out.blocks.add(new HouseholdSample.SampledBlock(stratum, blocks.get(order[j]), certain[j],
          certain[j] ? 1.0 : (double) (r * size[j]) / (double) total, mi));
      out.numerator.add(certain[j] ? 1 : r * size[j]);
      out.denominator.add(certain[j] ? 1 : total);
      int count = srs(mi, size[j], rng, chosen);
      Arrays.sort(chosen, 0, count);
      for (int c = 0; c < count; c++) {
        out.householdBlock.add(sampleIndex);
        out.householdNumber.add(chosen[c]);
      }
      households += count;
    }
    return new HouseholdSample.StratumSummary(stratum, target, k, frameHouseholds, wanted, certainCount, drawn,
        households);
  }

  /**
   * Floyd's algorithm: {@code mi} distinct numbers of {@code 1..big} into {@code chosen}, each subset equally
   * likely; when {@code mi == big} all of them.
   */
  static int srs(int mi, long big, Xoshiro256StarStar rng, int[] chosen) {
    if (mi >= big) {
      for (int c = 0; c < big; c++) {
        chosen[c] = c + 1;
      }
      return (int) big;
    }
    int count = 0;
    for (long j = big - mi + 1; j <= big; j++) {
      int t = (int) (1 + rng.nextLong(j));
      boolean seen = false;
      for (int c = 0; c < count; c++) {
        if (chosen[c] == t) {
          seen = true;
          break;
        }
      }
      chosen[count++] = seen ? (int) j : t;
    }
    return count;
  }

  private static final class Builder {
    final List<HouseholdSample.SampledBlock> blocks = new ArrayList<>();
    final LongList numerator = new LongList();
    final LongList denominator = new LongList();
    final IntList householdBlock = new IntList();
    final IntList householdNumber = new IntList();
  }

  /** A growable {@code int[]}. */
  static final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }

    int[] toIntArray() {
      return toArray();
    }
  }

  /** A growable {@code long[]}. */
  static final class LongList {
    private long[] a = new long[16];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
