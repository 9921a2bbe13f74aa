package org.sanlv.fieldwork;

import java.util.Locale;

/** Where a stored response stands. Only {@link #COMPLETE} responses, validated by the instrument engine, count. */
public enum ResponseStatus {
  IN_PROGRESS, COMPLETE, INELIGIBLE,
  /** Kept but not counted: e.g. a scripted submission caught by the honeypot. */
  REJECTED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ResponseStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
