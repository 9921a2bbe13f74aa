package org.sanlv.sampling;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * How many households a stratum gets: a fixed n, a share of its population between a minimum and a maximum
 * (the seeds' 5‰ base), or the planner's n for a wanted precision. The phone and intercept sizes then follow
 * from the household n by {@link ModeShare} (the seeds' 50%).
 *
 * <p>Text form (CLI, settings): {@code fixed:400}; {@code share:0.005,min:300,max:1200} (min and max
 * optional); {@code plan:e=0.02,p=0.9,deff=1.5} (p and deff optional, defaults 0.9 and 1).
 */
public sealed interface SampleSizeRule {

  /** The n of a stratum of this population (persons; ignored by {@link Fixed}). */
  int sizeFor(long population);

  /** Whether {@link #sizeFor} needs the population. */
  boolean needsPopulation();

  /** The n of every stratum, in code order. */
  default Map<String, Integer> sizesFor(Map<String, Long> populationByStratum) {
    Map<String, Integer> sizes = new TreeMap<>();
    populationByStratum.forEach((stratum, population) -> sizes.put(stratum, sizeFor(population)));
    return sizes;
  }

  static Fixed fixed(int n) {
    return new Fixed(n);
  }

  static ShareOfPopulation shareOfPopulation(String share) {
    return new ShareOfPopulation(new BigDecimal(share), 0, Integer.MAX_VALUE);
  }

  static Planned planned(SampleSizePlanner planner) {
    return new Planned(planner);
  }

  /** The same n in every stratum. */
  record Fixed(int n) implements SampleSizeRule {
    public Fixed {
      if (n < 0) {
        throw new IllegalArgumentException("n must not be negative: " + n);
      }
    }

    @Override
    public int sizeFor(long population) {
      return n;
    }

    @Override
    public boolean needsPopulation() {
      return false;
    }

    @Override
    public String toString() {
      return "fixed:" + n;
    }
  }

  /**
   * {@code n = min(max, max(min, ⌈share · N⌉))}: the share of the stratum's population {@code N}, rounded
   * up (so that the sample is never below the share), then held between min and max. The share is a
   * decimal, computed exactly ({@code 0.005 · 1 200 000 = 6000}, not 6000.000000000001).
   */
  record ShareOfPopulation(BigDecimal share, int min, int max) implements SampleSizeRule {
    public ShareOfPopulation {
      if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("share must be in (0, 1]: " + share);
      }
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("need 0 <= min <= max: min " + min + ", max " + max);
      }
    }

    public ShareOfPopulation withMin(int newMin) {
      return new ShareOfPopulation(share, newMin, max);
    }

    public ShareOfPopulation withMax(int newMax) {
      return new ShareOfPopulation(share, min, newMax);
    }

    @Override
    public int sizeFor(long population) {
      if (population < 0) {
        throw new IllegalArgumentException("population must not be negative: " + population);
      }
      BigDecimal n = share.multiply(BigDecimal.valueOf(population)).setScale(0, RoundingMode.CEILING);
      long v = n.min(BigDecimal.valueOf(Integer.MAX_VALUE)).longValueExact();
      return (int) Math.min(max, Math.max(min, v));
    }

    @Override
    public boolean needsPopulation() {
      return true;
    }

    @Override
    public String toString() {
      return "share:" + share.toPlainString() + (min > 0 ? ",min:" + min : "")
          + (max < Integer.MAX_VALUE ? ",max:" + max : "");
    }
  }

  /** The planner's n with the finite population correction for the stratum's population. */
  record Planned(SampleSizePlanner planner) implements SampleSizeRule {
    @Override
    public int sizeFor(long population) {
      return population > 0 ? planner.sampleSize(population) : planner.sampleSize();
    }

    @Override
    public boolean needsPopulation() {
      return false;
    }

    @Override
    public String toString() {
      return planner.toString();
    }
  }

  /**
   * Parses the text form; a bad text is refused with {@code sampling.error.badRule} naming it.
   *
   * @throws InputRejected when the text is not a rule
   */
  static SampleSizeRule parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      int colon = t.indexOf(':');
      String kind = colon < 0 ? t : t.substring(0, colon);
      Map<String, String> args = new HashMap<>();
      String first = null;
      if (colon >= 0) {
        for (String part : t.substring(colon + 1).split(",")) {
          String[] kv = part.split("[:=]", 2);
          if (kv.length == 1 && first == null) {
            first = kv[0].strip();
          } else if (kv.length == 2 && args.put(kv[0].strip(), kv[1].strip()) == null) {
            continue;
          } else {
            throw new IllegalArgumentException(part);
          }
        }
      }
      switch (kind) {
        case "fixed" -> {
          if (!args.isEmpty()) {
            throw new IllegalArgumentException(t);
          }
          return fixed(Integer.parseInt(first));
        }
        case "share" -> {
          ShareOfPopulation rule = shareOfPopulation(first);
          int min = Integer.parseInt(args.getOrDefault("min", "0"));
          int max = args.containsKey("max") ? Integer.parseInt(args.get("max")) : Integer.MAX_VALUE;
          args.keySet().removeAll(java.util.List.of("min", "max"));
          if (!args.isEmpty()) {
            throw new IllegalArgumentException(t);
          }
          return new ShareOfPopulation(rule.share(), min, max);
        }
        case "plan" -> {
          if (first != null || !args.containsKey("e")) {
            throw new IllegalArgumentException(t);
          }
          SampleSizePlanner p = SampleSizePlanner.withDefaults()
              .withHalfWidth(Double.parseDouble(args.remove("e")))
              .withExpectedRate(Double.parseDouble(args.getOrDefault("p", "0.9")))
              .withDesignEffect(Double.parseDouble(args.getOrDefault("deff", "1")));
          if (args.containsKey("z")) {
            p = p.withZ(Double.parseDouble(args.get("z")));
          }
          args.keySet().removeAll(java.util.List.of("p", "deff", "z"));
          if (!args.isEmpty()) {
            throw new IllegalArgumentException(t);
          }
          return planned(p);
        }
        default -> throw new IllegalArgumentException(t);
      }
    } catch (RuntimeException e) {
      throw new InputRejected(Problem.of("sampling.error.badRule", text));
    }
  }
}
