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
  LATE,
  /** Fieldwork (CAPI): near-identical answers in a cluster of one interviewer's interviews (see {@link FieldworkRules}). */
  CAPI_DUPLICATE_ANSWERS,
  /** Fieldwork: shorter than the questions answered allow for reading them aloud. */
  CAPI_FAST,
  /** Fieldwork: one interviewer's interviews starting in the same minute or overlapping in time. */
  CAPI_SAME_MINUTE,
  /** Fieldwork: recorded far from the sampled block or the intercept site. */
  CAPI_GPS_FAR,
  /** Fieldwork: the interviewer's answer distribution differs from the county's other interviewers'. */
  CAPI_INTERVIEWER_OUTLIER,
  /** Fieldwork: synced for an assignment reassigned while the device was offline (set by the sync; kept). */
  CAPI_REASSIGNED,
  /** Fieldwork: the device clock was far off at sync, so its times are doubtful. */
  CAPI_CLOCK_SKEW;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Flag fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
