package org.sanlv.results;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.sanlv.sampling.InterceptDesign;
import org.sanlv.sampling.LocationType;

/**
 * The weights of field interviews (CAPI, issue 19), read from their assignments ({@link ResultsRepository#FIELD_DESIGN}).
 *
 * <p>Household interviews: the two-stage design of the draw, R's {@code svydesign(ids = ~block, strata = ~stratum,
 * weights = ~w)} with {@code w = base weight × adults}: the base weight is the household's 1/π from the draw (block
 * probability × households in block / households taken, as the sampler computed it), times the adults in the
 * household because one adult is selected in it (next birthday or Kish grid; 1 when the interviewer did not record
 * the number). The blocks are the PSUs, with-replacement (ultimate cluster) variance; no post-stratification: the
 * draw's probabilities already weight to the population, and the area figures count all residents, not adults.
 *
 * <p>Intercept interviews: within a county each quota cell (location type × day type × time of day) weighs the
 * county's population × the cell's share, {@code w = N_h · s_c / n_c}, so that the county's weights add up to its
 * population. The shares are those of the intercept design the draws use ({@link InterceptDesign#withDefaults()}:
 * location types equal, weekday 5/7 and weekend 2/7, each time slot a third), renormalised over the cells that have
 * completes (an empty cell's share goes to the others in proportion). Intercepts without an assignment, or in a cell
 * the design gives no share, form one cell of the county weighing {@code N_h · n_unknown / n_h} (the county's average
 * weight), and the cells share the rest.
 */
final class FieldWeighting {

  private FieldWeighting() {}

  /** A household interview's PSU ({@code draw/block}), base weight 1/π and adults in the household. */
  record Household(String psu, double baseWeight, int adults) {
    double weight() {
      return baseWeight * adults;
    }
  }

  /** The household design of a field key, or null when the key is not a household's. */
  static Household household(String field) {
    if (field == null || !field.startsWith("h\u001e")) {
      return null;
    }
    String[] p = field.split("\u001e", -1);
    return new Household(p[1], Double.parseDouble(p[2]), Integer.parseInt(p[3]));
  }

  /** The quota cell of an intercept's field key ({@code location␞day␞time}), or null when not an intercept's. */
  static String interceptCell(String field) {
    if (field == null || !field.startsWith("i\u001e")) {
      return null;
    }
    return field.substring(2);
  }

  /**
   * A quota cell's share in the intercept design: the product of its location type's, day type's and time slot's
   * shares (not renormalised); 0 for names the design does not know.
   */
  static double designShare(String cell) {
    String[] p = cell.split("\u001e", -1);
    if (p.length != 3) {
      return 0;
    }
    InterceptDesign d = InterceptDesign.withDefaults();
    try {
      LocationType type = LocationType.parse(p[0]).orElse(null);
      InterceptDesign.DayType day = InterceptDesign.DayType.valueOf(p[1].toUpperCase(java.util.Locale.ROOT));
      InterceptDesign.TimeOfDay time = InterceptDesign.TimeOfDay.valueOf(p[2].toUpperCase(java.util.Locale.ROOT));
      if (type == null) {
        return 0;
      }
      return d.typeShares().getOrDefault(type, 0.0) * d.dayShares().getOrDefault(day, 0.0)
          * d.timeShares().getOrDefault(time, 0.0);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** The post-stratification of intercepts to their quota cells: each group's cell and the cells' populations. */
  record Cells(String[] cell, Map<String, Double> population, int cells) {}

  /**
   * @param stratum each group's stratum (county, or town)
   * @param field each group's field key (null: no assignment)
   * @param count each group's respondents
   * @param stratumPopulation each stratum's population N_h (after {@link Weighting}'s rule for missing figures)
   */
  static Cells intercept(String[] stratum, String[] field, long[] count, Map<String, Double> stratumPopulation) {
    int g = stratum.length;
    String[] cell = new String[g];
    Map<String, Long> n = new TreeMap<>();
    Map<String, Long> unknown = new TreeMap<>();
    Map<String, Map<String, Double>> shares = new TreeMap<>(); // stratum → cell → design share
    for (int i = 0; i < g; i++) {
      n.merge(stratum[i], count[i], Long::sum);
      String c = interceptCell(field[i]);
      double share = c == null ? 0 : designShare(c);
      if (share > 0) {
        cell[i] = stratum[i] + "|" + c;
        shares.computeIfAbsent(stratum[i], h -> new LinkedHashMap<>()).put(cell[i], share);
      } else {
        cell[i] = stratum[i] + "|?";
        unknown.merge(stratum[i], count[i], Long::sum);
      }
    }
    Map<String, Double> population = new LinkedHashMap<>();
    int cells = 0;
    for (Map.Entry<String, Long> e : n.entrySet()) {
      String h = e.getKey();
      double bigN = stratumPopulation.get(h);
      long u = unknown.getOrDefault(h, 0L);
      if (u > 0) {
        population.put(h + "|?", bigN * u / e.getValue());
      }
      Map<String, Double> own = shares.getOrDefault(h, Map.of());
      double total = own.values().stream().collect(java.util.stream.Collectors.summingDouble(v -> v));
      for (Map.Entry<String, Double> c : own.entrySet()) {
        population.put(c.getKey(), bigN * (1 - (double) u / e.getValue()) * c.getValue() / total);
        cells++;
      }
    }
    return new Cells(cell, population, cells);
  }
}
