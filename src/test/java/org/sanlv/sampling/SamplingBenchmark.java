package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A province-wide draw in memory: 200,000 blocks / 20 million households over 90 counties (household design,
 * 5‰ of population, m = 10) plus 150,000 RDD numbers over 11 cities × 200 prefixes with a 100,000-number
 * do-not-call list. Excluded from the default build; run with
 * {@code ./mvnw -o test -Dtest='SamplingBenchmark' -Dtest.tags.excluded=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * Peak heap is the sum of the heap pools' peak usage since a reset after a full GC (an upper bound of the
 * true peak), minus nothing: it includes the generated frame.
 */
@Tag("benchmark")
class SamplingBenchmark {

  @Test
  void provinceWideDrawInMemory() {
    long t0 = System.nanoTime();
    // ---- synthetic frame (not timed as part of the draw)
    Xoshiro256StarStar rng = Xoshiro256StarStar.seeded(2024);
    List<Block> blocks = new ArrayList<>(200_000);
    Map<String, Long> population = new TreeMap<>();
    long households = 0;
    for (int i = 0; i < 200_000; i++) {
      int county = i % 90;
      String code = String.format("33%02d%02d", 1 + county / 9, 1 + county % 9);
      long size = 20 + rng.nextLong(161); // 20..180, mean 100
      households += size;
      blocks.add(new Block(String.format("B%07d", i), code, "", size, 0));
      population.merge(code, size * 13 / 4, Long::sum); // 3.25 persons a household
    }
    List<NumberPrefix> prefixes = new ArrayList<>();
    Map<String, Long> cityPopulation = new TreeMap<>();
    for (int c = 0; c < 11; c++) {
      String city = String.format("33%02d", c + 1);
      cityPopulation.put(city, 3_000_000L + 1_000_000L * c);
      for (int p = 0; p < 200; p++) {
        prefixes.add(new NumberPrefix(String.format("13%d%04d", c % 10, c * 200 + p), NumberPrefix.Kind.MOBILE, "移动",
            city));
      }
    }
    long[] dnc = new long[100_000];
    for (int i = 0; i < dnc.length; i++) {
      NumberPrefix p = prefixes.get((int) rng.nextLong(prefixes.size()));
      dnc[i] = Long.parseLong(p.digits()) * 10_000 + rng.nextLong(10_000);
    }
    long generated = System.nanoTime();
    System.gc();
    long heapBefore = usedHeap();
    resetPeaks();

    // ---- timed: frame preparation (sort + fingerprint), sizes, household draw, RDD draw, CSV serialisation
    long start = System.nanoTime();
    BlockFrame frame = BlockFrame.of(blocks);
    PrefixFrame prefixFrame = PrefixFrame.of(prefixes);
    DoNotCallList doNotCall = DoNotCallList.of(dnc);
    AreaPopulations cities = AreaPopulations.of(cityPopulation);
    long prepared = System.nanoTime();
    Map<String, Integer> targets = Draws.householdTargets(frame, HouseholdDesign.StratumLevel.COUNTY,
        SampleSizeRule.shareOfPopulation("0.005").withMin(300), AreaPopulations.of(population));
    HouseholdSample sample = Draws.household(frame, HouseholdDesign.of(HouseholdDesign.StratumLevel.COUNTY, 10),
        targets, 42);
    long householdDrawn = System.nanoTime();
    RddSample numbers = Draws.rdd(prefixFrame, cities, doNotCall, new RddDesign(150_000, 1000), 42);
    long rddDrawn = System.nanoTime();
    long[] chars = {0};
    Writer sink = new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        chars[0] += len;
      }

      @Override
      public void write(String str, int off, int len) {
        chars[0] += len;
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    sample.writeCsv(sink);
    numbers.writeCsv(sink);
    long written = System.nanoTime();
    long peak = peakHeap();
    System.gc();
    long heapAfter = usedHeap();

    System.out.printf(Locale.ROOT, """
        sampling benchmark: %,d blocks, %,d households, %d counties; %,d prefixes, %,d do-not-call numbers
          synthetic frame generation     %6d ms (not counted)
          frame sort + fingerprints      %6d ms
          household draw (%,d households in %,d blocks)  %6d ms
          RDD draw (%,d numbers, %d replicates)  %6d ms
          CSV serialisation (%,d chars)  %6d ms
          total in-memory                %6d ms
          heap: after GC before %,d MB, peak (sum of pool peaks) %,d MB, after GC with samples %,d MB
        """, blocks.size(), households, targets.size(), prefixes.size(), doNotCall.size(),
        ms(t0, generated), ms(start, prepared), sample.householdCount(), sample.blocks().size(),
        ms(prepared, householdDrawn), numbers.size(), numbers.replicateCount(), ms(householdDrawn, rddDrawn),
        chars[0], ms(rddDrawn, written), ms(start, written), heapBefore >> 20, peak >> 20, heapAfter >> 20);

    assertThat(sample.weightTotal()).isCloseTo(households, org.assertj.core.api.Assertions.within(1e-6 * households));
    assertThat(numbers.size()).isEqualTo(150_000);
    assertThat(ms(start, written)).as("in-memory draw time, ms").isLessThan(5000);
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
