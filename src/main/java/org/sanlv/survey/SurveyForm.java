package org.sanlv.survey;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/**
 * Reads the survey setup form: per mode a checkbox {@code mode_household}, its window {@code household_opens} /
 * {@code household_closes} (China time, {@code yyyy-MM-ddTHH:mm}) and design fields {@code household_*}.
 */
final class SurveyForm {

  /** Design fields per mode, with their defaults (the seeds' rules). */
  static final Map<SurveyMode, Map<String, String>> DESIGN_DEFAULTS = Map.of(
      SurveyMode.HOUSEHOLD, ordered("rule", "share", "share", "0.005", "min", "", "max", "", "fixed", "",
          "householdsPerBlock", "10"),
      SurveyMode.PHONE, ordered("shareOfHousehold", "0.5", "numbersPerInterview", "10", "replicateSize", "500"),
      SurveyMode.INTERCEPT, ordered("shareOfHousehold", "0.5"),
      SurveyMode.ONLINE, ordered("targetPerStratum", ""));

  private SurveyForm() {}

  static List<Survey.Mode> modes(Map<String, String> form) {
    List<Survey.Mode> modes = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (SurveyMode mode : SurveyMode.values()) {
      String key = mode.dbValue();
      if (form.get("mode_" + key) == null) {
        continue;
      }
      LocalDateTime opens = time(form, key + "_opens", problems);
      LocalDateTime closes = time(form, key + "_closes", problems);
      Map<String, Object> design = new LinkedHashMap<>();
      DESIGN_DEFAULTS.get(mode).forEach((field, fallback) -> {
        String value = form.getOrDefault(key + "_" + field, fallback).trim();
        if (!value.isEmpty()) {
          design.put(field, value);
        }
      });
      if (opens != null && closes != null) {
        modes.add(new Survey.Mode(mode, opens.atZone(Survey.CHINA).toInstant(), closes.atZone(Survey.CHINA).toInstant(),
            design));
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return modes;
  }

  private static LocalDateTime time(Map<String, String> form, String field, List<Problem> problems) {
    String value = form.getOrDefault(field, "").trim();
    try {
      return LocalDateTime.parse(value);
    } catch (DateTimeParseException e) {
      problems.add(Problem.at(0, field, "survey.error.badTime", value));
      return null;
    }
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  static String label(SurveyMode mode) {
    return "mode." + mode.name().toLowerCase(Locale.ROOT);
  }
}
