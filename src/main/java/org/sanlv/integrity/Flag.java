package org.sanlv.integrity;

import java.util.Locale;

/** Why a response looks doubtful. A flag never deletes data; estimates choose to include or exclude flagged responses. */
public enum Flag {
  /** Another response of the survey came earlier from the same device token. */
  DUPLICATE_DEVICE,
  /** Another response of the survey came earlier from the same verified phone number. */
  DUPLICATE_PHONE,
  /** Completed faster than the form's length allows for reading (see {@link IntegrityRules}). */
  SPEEDER,
  /** The same answer to every item of the form's rating battery, answered fast (see {@link IntegrityRules}). */
  STRAIGHT_LINE,
  /** One of many responses from one network within a short time (offices share networks, so never blocked). */
  BURST,
  /** Opened inside the online window, submitted after it closed. */
  LATE;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Flag fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
