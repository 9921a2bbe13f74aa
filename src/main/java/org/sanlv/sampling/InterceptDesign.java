package org.sanlv.sampling;

import java.util.EnumMap;
import java.util.Map;

/**
 * Shares that split a county's intercept n into quota cells of location type × day type × time of day. A
 * cell's share is the product of its three shares, renormalised over the cells in use; types with share 0
 * get no cell.
 *
 * <p>Defaults: the five location types seed 1 names (市场、商场、企业、学校、机关事业单位) equally, transport and
 * other 0; weekday 5/7 and weekend 2/7 (days of the week); morning, afternoon and evening a third each. With
 * {@code onlyTypesWithSites} (the default) a county's types without any site in the site frame are dropped
 * and the others renormalised.
 */
public record InterceptDesign(Map<LocationType, Double> typeShares, Map<DayType, Double> dayShares,
    Map<TimeOfDay, Double> timeShares, boolean onlyTypesWithSites) {

  /** Weekday (Monday–Friday) or weekend. */
  public enum DayType { WEEKDAY, WEEKEND }

  /** Morning (to 12:00), afternoon (12:00–18:00), evening (from 18:00). */
  public enum TimeOfDay { MORNING, AFTERNOON, EVENING }

  public InterceptDesign {
    typeShares = copy(typeShares, LocationType.class);
    dayShares = copy(dayShares, DayType.class);
    timeShares = copy(timeShares, TimeOfDay.class);
  }

  public static InterceptDesign withDefaults() {
    Map<LocationType, Double> types = new EnumMap<>(LocationType.class);
    for (LocationType t : LocationType.values()) {
      types.put(t, t == LocationType.TRANSPORT || t == LocationType.OTHER ? 0.0 : 1.0);
    }
    return new InterceptDesign(types, Map.of(DayType.WEEKDAY, 5.0, DayType.WEEKEND, 2.0),
        Map.of(TimeOfDay.MORNING, 1.0, TimeOfDay.AFTERNOON, 1.0, TimeOfDay.EVENING, 1.0), true);
  }

  public InterceptDesign withTypeShares(Map<LocationType, Double> shares) {
    return new InterceptDesign(shares, dayShares, timeShares, onlyTypesWithSites);
  }

  public InterceptDesign withDayShares(Map<DayType, Double> shares) {
    return new InterceptDesign(typeShares, shares, timeShares, onlyTypesWithSites);
  }

  public InterceptDesign withTimeShares(Map<TimeOfDay, Double> shares) {
    return new InterceptDesign(typeShares, dayShares, shares, onlyTypesWithSites);
  }

  public InterceptDesign withOnlyTypesWithSites(boolean only) {
    return new InterceptDesign(typeShares, dayShares, timeShares, only);
  }

  private static <E extends Enum<E>> Map<E, Double> copy(Map<E, Double> shares, Class<E> type) {
    Map<E, Double> copy = new EnumMap<>(type);
    double sum = 0;
    for (Map.Entry<E, Double> e : shares.entrySet()) {
      double v = e.getValue();
      if (!(v >= 0 && v < 1e9)) {
        throw new IllegalArgumentException("share of " + e.getKey() + " must be a non-negative number: " + v);
      }
      copy.put(e.getKey(), v);
      sum += v;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("the shares of " + type.getSimpleName() + " must not all be zero");
    }
    return Map.copyOf(copy);
  }
}
