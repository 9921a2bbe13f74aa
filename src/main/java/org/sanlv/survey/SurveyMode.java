package org.sanlv.survey;

import java.util.Locale;

/** How respondents are reached. */
public enum SurveyMode {
  /** 入户: two-stage household sample, CAPI. */
  HOUSEHOLD,
  /** 电话: random-digit dialling, CATI. */
  PHONE,
  /** 街头拦截: quotas by location type and time slot. */
  INTERCEPT,
  /** 网络: a public link, self-selected. */
  ONLINE;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SurveyMode fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
