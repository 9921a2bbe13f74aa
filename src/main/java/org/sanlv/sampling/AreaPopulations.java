package org.sanlv.sampling;

import java.util.Map;
import java.util.TreeMap;

/**
 * Populations of areas (cities, counties or towns, by code), for share-of-population sample sizes and the RDD
 * allocation; with its fingerprint (SHA-256 over the code-sorted pairs).
 */
public record AreaPopulations(Map<String, Long> populations, String fingerprint) {

  public AreaPopulations {
    populations = Map.copyOf(populations);
  }

  public static AreaPopulations of(Map<String, Long> populations) {
    Fingerprint fp = new Fingerprint("populations/v1");
    new TreeMap<>(populations).forEach((area, population) -> {
      if (population == null || population <= 0) {
        throw new IllegalArgumentException("population of " + area + " must be positive: " + population);
      }
      fp.add(area, population);
    });
    return new AreaPopulations(populations, fp.hex());
  }

  public long of(String area) {
    return populations.getOrDefault(area, 0L);
  }
}
