package org.sanlv.org;

import java.util.Locale;

/** Kinds of unit attached to an area: member departments (成员单位), enterprises, cooperatives. */
public enum UnitType {
  DEPARTMENT, ENTERPRISE, COOPERATIVE, OTHER;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static UnitType fromDb(String value) {
    return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
  }
}
