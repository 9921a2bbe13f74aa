package org.sanlv.sampling;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mode's n as a share of the household n: seed 1 (app. 2, 测评方式) gives phone and intercept each "入户调查样本的
 * 50%". {@code n = ⌈fraction · n_household⌉}, rounded up so that an odd household n never loses a unit.
 */
public record ModeShare(BigDecimal fraction) {

  /** 50% of the household n, for phone and for intercept (seed 1). */
  public static final ModeShare HALF = new ModeShare(new BigDecimal("0.5"));

  public ModeShare {
    if (fraction.signum() < 0) {
      throw new IllegalArgumentException("fraction must not be negative: " + fraction);
    }
  }

  public int sizeFrom(int householdN) {
    return fraction.multiply(BigDecimal.valueOf(householdN)).setScale(0, RoundingMode.CEILING)
        .min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValueExact();
  }

  public Map<String, Integer> sizesFrom(Map<String, Integer> householdNByStratum) {
    Map<String, Integer> sizes = new TreeMap<>();
    householdNByStratum.forEach((stratum, n) -> sizes.put(stratum, sizeFrom(n)));
    return sizes;
  }
}
