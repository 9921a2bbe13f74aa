package org.sanlv.sampling;

import java.util.List;

/**
 * An intercept quota cell: how many interviews a county needs at one location type in one time slot, and the
 * sites of that type in the county.
 */
public record QuotaCell(String county, LocationType type, InterceptDesign.DayType day,
    InterceptDesign.TimeOfDay time, int target, List<String> siteIds) {

  public QuotaCell {
    siteIds = List.copyOf(siteIds);
  }
}
