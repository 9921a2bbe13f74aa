package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * The front door for drawing samples. Every draw is reproducible: the same seed and the same frame (same
 * fingerprint) give the same sample bit for bit on any JDK, because the random numbers come from this
 * module's own xoshiro256** and every order is fixed (frames are sorted by id before anything random).
 */
public final class Draws {

  private Draws() {}

  /**
   * The households per stratum from a rule: strata are the frame's counties or towns; the population of a
   * stratum is taken from {@code populations} when given, else summed over the frame's block populations.
   *
   * @param populations area populations, or null to use the frame's population column
   * @throws InputRejected ({@code sampling.error.noPopulation}) when the rule needs a population a stratum lacks
   */
  public static Map<String, Integer> householdTargets(BlockFrame frame, HouseholdDesign.StratumLevel strata,
      SampleSizeRule rule, AreaPopulations populations) {
    Map<String, Long> population = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    boolean[] blockWithoutPopulation = {false};
    for (Block b : frame.blocks()) {
      String stratum = strata.of(b);
      if (stratum.isEmpty()) {
        problems.add(Problem.of("sampling.error.townMissing", b.id()));
        continue;
      }
      population.merge(stratum, b.population(), Long::sum);
      blockWithoutPopulation[0] |= b.population() == 0;
    }
    if (populations != null) {
      population.replaceAll((stratum, p) -> populations.of(stratum));
    }
    if (rule.needsPopulation()) {
      population.forEach((stratum, p) -> {
        if (p <= 0) {
          problems.add(Problem.of("sampling.error.noPopulation", stratum));
        }
      });
      if (populations == null && blockWithoutPopulation[0] && problems.isEmpty()) {
        problems.add(Problem.of("sampling.error.blockWithoutPopulation"));
      }
    }
    Frames.reject(problems.size() > 100 ? new ArrayList<>(problems.subList(0, 100)) : problems);
    return rule.sizesFor(population);
  }

  /**
   * Draws a stratified two-stage household sample (systematic PPS of blocks with certainty selection, then
   * m households per block by SRS); see {@code HouseholdDraw} for the algorithm and its sources.
   *
   * @param targets the households wanted per stratum; every stratum of the frame needs one
   * @throws InputRejected when a stratum lacks a target or a town code, or a target has no blocks
   */
  public static HouseholdSample household(BlockFrame frame, HouseholdDesign design, Map<String, Integer> targets,
      long seed) {
    return HouseholdDraw.draw(frame, design, targets, seed);
  }

  /**
   * Generates RDD numbers: allocated to areas in proportion to population (largest remainder), evenly over an
   * area's prefixes, 4 random digits under each prefix, no repeats, no do-not-call numbers, in random release
   * order cut into replicates; see {@code RddDraw}.
   *
   * @throws InputRejected when an area has no population or a prefix cannot hold its allocation
   */
  public static RddSample rdd(PrefixFrame frame, AreaPopulations populations, DoNotCallList doNotCall,
      RddDesign design, long seed) {
    return RddDraw.draw(frame, populations, doNotCall, design, seed);
  }

  /**
   * Quota cells of county × location type × day type × time of day. In each county the cell targets are the
   * county's n split in proportion to the cell shares (product of the design's three shares) by the largest
   * remainder method, so the cells sum exactly to the county's n; ties go to the earlier cell (type, day,
   * time in enum order). Nothing random: quotas are a plan, not a draw.
   *
   * @param nByCounty intercept n per county (e.g. {@link ModeShare#HALF} of the household n)
   * @param sites the intercept sites, or null when none are listed (then every type with a share is used)
   */
  public static List<QuotaCell> interceptQuotas(Map<String, Integer> nByCounty, InterceptDesign design,
      SiteFrame sites) {
    Map<String, Map<LocationType, List<String>>> siteIds = new HashMap<>();
    if (sites != null) {
      for (InterceptSite s : sites.sites()) {
        siteIds.computeIfAbsent(s.county(), c -> new HashMap<>()).computeIfAbsent(s.type(), t -> new ArrayList<>())
            .add(s.id());
      }
    }
    List<Problem> problems = new ArrayList<>();
    List<QuotaCell> cells = new ArrayList<>();
    for (Map.Entry<String, Integer> county : new TreeMap<>(nByCounty).entrySet()) {
      Map<LocationType, List<String>> here = siteIds.getOrDefault(county.getKey(), Map.of());
      Set<LocationType> types = EnumSet.noneOf(LocationType.class);
      for (LocationType t : LocationType.values()) {
        boolean hasSites = sites == null || !design.onlyTypesWithSites() || here.containsKey(t);
        if (design.typeShares().getOrDefault(t, 0.0) > 0 && hasSites) {
          types.add(t);
        }
      }
      if (types.isEmpty()) {
        if (county.getValue() > 0) {
          problems.add(Problem.of("sampling.error.noSites", county.getKey()));
        }
        continue;
      }
      List<QuotaCell> countyCells = new ArrayList<>();
      List<Double> shares = new ArrayList<>();
      for (LocationType t : types) {
        for (InterceptDesign.DayType d : InterceptDesign.DayType.values()) {
          for (InterceptDesign.TimeOfDay h : InterceptDesign.TimeOfDay.values()) {
            double share = design.typeShares().getOrDefault(t, 0.0) * design.dayShares().getOrDefault(d, 0.0)
                * design.timeShares().getOrDefault(h, 0.0);
            if (share > 0) {
              countyCells.add(new QuotaCell(county.getKey(), t, d, h, 0, here.getOrDefault(t, List.of())));
              shares.add(share);
            }
          }
        }
      }
      int[] targets = largestRemainder(county.getValue(), shares);
      for (int i = 0; i < countyCells.size(); i++) {
        QuotaCell c = countyCells.get(i);
        cells.add(new QuotaCell(c.county(), c.type(), c.day(), c.time(), targets[i], c.siteIds()));
      }
    }
    Frames.reject(problems);
    return cells;
  }

  /**
   * Online (CAWI) has no sample: self-selected respondents within a window. A per-county target, when wanted,
   * comes from a rule over the counties' populations; with no rule the map is empty (open, no target).
   */
  public static Map<String, Integer> onlineTargets(SampleSizeRule ruleOrNull, Map<String, Long> populationByCounty) {
    return ruleOrNull == null ? Map.of() : ruleOrNull.sizesFor(populationByCounty);
  }

  /** Largest remainder over double shares: {@code n·s_i/S}, floors, then the largest fractional parts. */
  static int[] largestRemainder(int n, List<Double> shares) {
    double sum = 0;
    for (double s : shares) {
      sum += s;
    }
    int[] quota = new int[shares.size()];
    double[] fraction = new double[shares.size()];
    int given = 0;
    for (int i = 0; i < quota.length; i++) {
      double exact = n * shares.get(i) / sum;
      quota[i] = (int) Math.floor(exact + 1e-9);
      fraction[i] = exact - quota[i];
      given += quota[i];
    }
    for (int left = n - given; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < quota.length; i++) {
        if (fraction[i] > fraction[best] + 1e-12) {
          best = i;
        }
      }
      quota[best]++;
      fraction[best] = -1;
    }
    return quota;
  }
}
