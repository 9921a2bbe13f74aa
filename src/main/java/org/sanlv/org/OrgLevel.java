package org.sanlv.org;

import java.util.Locale;

/** The levels of the organisation tree, from the platform root down to villages, plus units. */
public enum OrgLevel {
  ROOT, PROVINCE, CITY, COUNTY, TOWN, VILLAGE, UNIT;

  /** Whether a node of this level may hang directly under a node of level {@code parent}. */
  public boolean mayHangUnder(OrgLevel parent) {
    if (this == UNIT) {
      return parent != ROOT; // units (departments, enterprises…) attach at any level of a province
    }
    if (this == ROOT || parent == UNIT || parent == VILLAGE) {
      return false;
    }
    return ordinal() == parent.ordinal() + 1;
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OrgLevel fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
