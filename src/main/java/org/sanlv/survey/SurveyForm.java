package org.sanlv.survey;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
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
 * {@code household_closes} and design fields {@code household_*}. Windows are typed and shown in China time
 * ({@code yyyy-MM-ddTHH:mm}, Asia/Shanghai, whatever the server's or the browser's zone); shares are typed in the
 * unit beside the field (‰ or %) and stored as the decimals the API takes (5‰ → 0.005). Problems found here name
 * the form's field ({@code household_closes}) and the value as typed, so the page can say them in its words.
 */
final class SurveyForm {

  /** Design fields per mode, with their defaults as stored (the seeds' rules). */
  static final Map<SurveyMode, Map<String, String>> DESIGN_DEFAULTS = Map.of(
      SurveyMode.HOUSEHOLD, ordered("rule", "share", "share", "0.005", "min", "", "max", "", "fixed", "",
          "householdsPerBlock", "10", "maxVisits", "3"),
      SurveyMode.PHONE, ordered("shareOfHousehold", "0.5", "numbersPerInterview", "10", "replicateSize", "500",
          // the call centre's rules (issue 20), read by fieldwork/cati/CallingRules
          "callingHours", "09:00-12:00,14:00-21:00", "excludedDates", "", "minGapMinutes", "60", "maxAttempts", "6",
          "holdMinutes", "20", "targetPerStratum", ""),
      SurveyMode.INTERCEPT, ordered("shareOfHousehold", "0.5"),
      SurveyMode.ONLINE, ordered("targetPerStratum", ""));

  /** A share's unit on the form: the stored decimal times {@link #factor} is what the official types. */
  enum Unit {
    PER_MILLE(1000, "‰"), PERCENT(100, "%");

    final BigDecimal factor;
    final String sign;

    Unit(int factor, String sign) {
      this.factor = BigDecimal.valueOf(factor);
      this.sign = sign;
    }
  }

  /**
   * Design fields that are shares, with their unit and their range in that unit: the household sample is a
   * thousandth or so of the population (5‰), the phone and intercept samples a part of the household one (50%).
   */
  static final Map<String, Unit> UNITS = Map.of("share", Unit.PER_MILLE, "shareOfHousehold", Unit.PERCENT);

  /** A window opens on the day after the form is opened and stays open this many days. */
  static final int DEFAULT_WINDOW_DAYS = 30;

  private SurveyForm() {}

  /** The design defaults as the form shows them: shares in their unit (5, not 0.005). */
  static Map<SurveyMode, Map<String, String>> formDefaults() {
    Map<SurveyMode, Map<String, String>> shown = new LinkedHashMap<>();
    for (SurveyMode mode : SurveyMode.values()) {
      Map<String, String> fields = new LinkedHashMap<>();
      DESIGN_DEFAULTS.get(mode).forEach((field, value) -> fields.put(field, shownValue(field, value)));
      shown.put(mode, fields);
    }
    return shown;
  }

  /**
   * The values a new form starts with: every mode's window from tomorrow 00:00 to 23:59 thirty days on, in China
   * time ("tomorrow" in China, which is not the server's tomorrow between 16:00 and 24:00 UTC).
   */
  static Map<String, String> windowDefaults(Clock clock) {
    LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), Survey.CHINA).plusDays(1);
    LocalDateTime opens = tomorrow.atStartOfDay();
    LocalDateTime closes = tomorrow.plusDays(DEFAULT_WINDOW_DAYS).atStartOfDay().minusMinutes(1);
    Map<String, String> values = new LinkedHashMap<>();
    for (SurveyMode mode : SurveyMode.values()) {
      values.put(mode.dbValue() + "_opens", opens.toString());
      values.put(mode.dbValue() + "_closes", closes.toString());
    }
    return values;
  }

  /** The modes the form gives, and what is wrong with its fields (a mode whose window cannot be read is left out). */
  record Read(List<Survey.Mode> modes, List<Problem> problems) {}

  /** The modes of the form; throws with every problem of its fields (the API's path). */
  static List<Survey.Mode> modes(Map<String, String> form) {
    Read read = read(form);
    if (!read.problems().isEmpty()) {
      throw new InputRejected(read.problems());
    }
    return read.modes();
  }

  static Read read(Map<String, String> form) {
    List<Survey.Mode> modes = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (SurveyMode mode : SurveyMode.values()) {
      String key = mode.dbValue();
      if (form.get("mode_" + key) == null) {
        continue;
      }
      LocalDateTime opens = time(form, key + "_opens", problems);
      LocalDateTime closes = time(form, key + "_closes", problems);
      if (opens != null && closes != null && !closes.isAfter(opens)) {
        closes = null;
        problems.add(Problem.at(0, key + "_closes", "survey.error.closesBeforeOpens"));
      }
      Map<String, Object> design = new LinkedHashMap<>();
      DESIGN_DEFAULTS.get(mode).forEach((field, fallback) -> {
        String typed = form.get(key + "_" + field);
        String value = typed == null ? fallback : stored(key + "_" + field, field, typed.trim(), problems);
        if (value != null && !value.isEmpty()) {
          design.put(field, value);
        }
      });
      if (opens != null && closes != null) { // a window in the wrong order (closes cleared above) is said once
        modes.add(new Survey.Mode(mode, opens.atZone(Survey.CHINA).toInstant(), closes.atZone(Survey.CHINA).toInstant(),
            design));
      }
    }
    return new Read(modes, problems);
  }

  /** A window's end, read as China time; the years a survey can run are checked here, in the words typed. */
  private static LocalDateTime time(Map<String, String> form, String field, List<Problem> problems) {
    String value = form.getOrDefault(field, "").trim();
    if (value.isEmpty()) {
      problems.add(Problem.at(0, field, "import.error.required"));
      return null;
    }
    try {
      LocalDateTime time = LocalDateTime.parse(value);
      if (time.getYear() < 2000 || time.getYear() > 2099) {
        problems.add(Problem.at(0, field, "survey.error.timeOutOfRange", value.replace('T', ' ')));
        return null;
      }
      return time;
    } catch (DateTimeParseException e) {
      problems.add(Problem.at(0, field, "survey.error.badTime", value));
      return null;
    }
  }

  /**
   * A design field's value as stored: a share typed in its unit becomes a decimal (5‰ → 0.005), checked against
   * its range in the unit shown; other fields are passed on as typed (the survey's own checks follow).
   */
  private static String stored(String column, String field, String typed, List<Problem> problems) {
    Unit unit = UNITS.get(field);
    if (unit == null || typed.isEmpty()) {
      return typed;
    }
    String number = typed.replace(unit.sign, "").replace('，', '.').trim();
    BigDecimal shown;
    try {
      shown = new BigDecimal(number);
    } catch (NumberFormatException e) {
      problems.add(Problem.at(0, column, "survey.error.shareNotNumber", typed, unit.sign));
      return null;
    }
    // household share: above 0‰, at most 1000‰; share of household: 0% to 1000% (ten times the household sample)
    boolean lowOk = unit == Unit.PER_MILLE ? shown.signum() > 0 : shown.signum() >= 0;
    BigDecimal high = unit == Unit.PER_MILLE ? unit.factor : unit.factor.multiply(BigDecimal.TEN);
    if (!lowOk || shown.compareTo(high) > 0) {
      problems.add(Problem.at(0, column, unit == Unit.PER_MILLE ? "survey.error.perMilleRange"
          : "survey.error.percentRange", typed, high.toPlainString()));
      return null;
    }
    return shown.divide(unit.factor, shown.scale() + 4, RoundingMode.UNNECESSARY).stripTrailingZeros().toPlainString();
  }

  /** A stored design value as the form and the survey page show it: a share in its unit (0.005 → 5). */
  static String shownValue(String field, Object value) {
    Unit unit = UNITS.get(field);
    String text = value == null ? "" : value.toString().trim();
    if (unit == null || text.isEmpty()) {
      return text;
    }
    try {
      return new BigDecimal(text).multiply(unit.factor).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /** The unit sign shown beside a design field, or an empty string. */
  static String unitOf(String field) {
    Unit unit = UNITS.get(field);
    return unit == null ? "" : unit.sign;
  }

  /** A mode's design as the survey page lists it, in the order of the form, shares in their unit. */
  static List<DesignValue> shown(Survey.Mode mode) {
    List<DesignValue> shown = new ArrayList<>();
    Map<String, Object> design = mode.design() == null ? Map.of() : mode.design();
    DESIGN_DEFAULTS.get(mode.mode()).forEach((field, fallback) -> {
      Object value = design.containsKey(field) ? design.get(field) : fallback;
      String text = value == null ? "" : value.toString();
      if (!text.isBlank()) {
        String valueKey = field.equals("rule") ? "design.rule." + text : null;
        shown.add(new DesignValue(field, shownValue(field, text), unitOf(field), valueKey));
      }
    });
    return shown;
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
