package org.sanlv.survey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sanlv.platform.Problem;

/**
 * The checks a mode passes before it is saved, from the page or the API alike: a window inside the years a
 * survey can run, and design values the sampling module can use ({@code share: "abc"} is refused here, on save,
 * not at the first draw). Values may be strings (the form) or JSON numbers (the API); a blank value means the
 * default of {@link SurveyForm#DESIGN_DEFAULTS}.
 */
final class SurveyDesigns {

  /** Windows open and close within these instants (China time 2000-01-01 to the end of 2099). */
  static final Instant EARLIEST = LocalDate.of(2000, 1, 1).atStartOfDay(Survey.CHINA).toInstant();

  static final Instant LATEST = LocalDate.of(2100, 1, 1).atStartOfDay(Survey.CHINA).toInstant();

  private SurveyDesigns() {}

  static List<Problem> check(Survey.Mode mode) {
    List<Problem> problems = new ArrayList<>();
    String name = mode.mode().dbValue();
    boolean inRange = true;
    if (outside(mode.opensAt())) {
      problems.add(Problem.at(0, name, "survey.error.opensOutOfRange", mode.opensAt().toString()));
      inRange = false;
    }
    if (outside(mode.closesAt())) {
      problems.add(Problem.at(0, name, "survey.error.closesOutOfRange", mode.closesAt().toString()));
      inRange = false;
    }
    if (inRange && !mode.closesAt().isAfter(mode.opensAt())) {
      problems.add(Problem.at(0, name, "survey.error.window"));
    }
    Map<String, Object> design = mode.design() == null ? Map.of() : mode.design();
    Map<String, String> fields = SurveyForm.DESIGN_DEFAULTS.get(mode.mode());
    for (Map.Entry<String, Object> e : design.entrySet()) {
      if (!fields.containsKey(e.getKey())) {
        problems.add(Problem.at(0, name, "survey.error.unknownDesignField", e.getKey()));
      } else if (e.getValue() != null && !(e.getValue() instanceof String || e.getValue() instanceof Number)) {
        problems.add(Problem.at(0, name + "." + e.getKey(), "survey.error.designNotNumber", String.valueOf(e.getValue())));
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    switch (mode.mode()) {
      case HOUSEHOLD -> {
        String rule = text(design, "rule");
        if (!rule.isEmpty() && !rule.equals("share") && !rule.equals("fixed")) {
          problems.add(Problem.at(0, name + ".rule", "survey.error.designRule", rule));
        }
        decimal(design, name, "share", BigDecimal.ZERO, false, BigDecimal.ONE, problems);
        Long min = whole(design, name, "min", 0, 1_000_000, problems);
        Long max = whole(design, name, "max", 1, 1_000_000, problems);
        if (min != null && max != null && min > max) {
          problems.add(Problem.at(0, name + ".max", "survey.error.designMinMax", min, max));
        }
        Long fixed = whole(design, name, "fixed", 1, 1_000_000, problems);
        if (rule.equals("fixed") && fixed == null && text(design, "fixed").isEmpty()) {
          problems.add(Problem.at(0, name + ".fixed", "import.error.required"));
        }
        whole(design, name, "householdsPerBlock", 1, 1_000, problems);
        // visits to a household before it counts as non-response (the fieldwork's assignments take it)
        whole(design, name, "maxVisits", 1, 20, problems);
      }
      case PHONE -> {
        decimal(design, name, "shareOfHousehold", BigDecimal.ZERO, true, BigDecimal.TEN, problems);
        whole(design, name, "numbersPerInterview", 1, 1_000, problems);
        whole(design, name, "replicateSize", 1, 1_000_000, problems);
        callingHours(design, name, problems);
        excludedDates(design, name, problems);
        whole(design, name, "minGapMinutes", 0, 10_080, problems);
        whole(design, name, "maxAttempts", 1, 50, problems);
        whole(design, name, "holdMinutes", 1, 480, problems);
        whole(design, name, "targetPerStratum", 1, 10_000_000, problems);
      }
      case INTERCEPT -> decimal(design, name, "shareOfHousehold", BigDecimal.ZERO, true, BigDecimal.TEN, problems);
      case ONLINE -> whole(design, name, "targetPerStratum", 1, 10_000_000, problems);
    }
    return problems;
  }

  /**
   * Calling hours in China time: windows "HH:mm-HH:mm" separated by commas, each starting before it ends, none
   * overlapping (the same reading as the call queue's {@code CallingRules}).
   */
  private static void callingHours(Map<String, Object> design, String mode, List<Problem> problems) {
    String text = text(design, "callingHours");
    if (text.isEmpty()) {
      return;
    }
    List<LocalTime[]> windows = new ArrayList<>();
    boolean ok = true;
    for (String part : text.replace('，', ',').split(",")) {
      String[] ends = part.trim().replace('－', '-').replace('–', '-').split("-");
      try {
        LocalTime start = LocalTime.parse(pad(ends[0].trim()));
        LocalTime end = LocalTime.parse(pad(ends[1].trim()));
        ok &= ends.length == 2 && start.isBefore(end);
        windows.add(new LocalTime[] {start, end});
      } catch (RuntimeException e) {
        ok = false;
      }
    }
    windows.sort((a, b) -> a[0].compareTo(b[0]));
    for (int i = 1; ok && i < windows.size(); i++) {
      ok = !windows.get(i)[0].isBefore(windows.get(i - 1)[1]);
    }
    if (!ok) {
      problems.add(Problem.at(0, mode + ".callingHours", "survey.error.callingHours", text));
    }
  }

  private static String pad(String time) {
    return time.length() == 4 && time.charAt(1) == ':' ? "0" + time : time;
  }

  /** Dates without calls: ISO dates separated by commas. */
  private static void excludedDates(Map<String, Object> design, String mode, List<Problem> problems) {
    for (String part : text(design, "excludedDates").replace('，', ',').split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        LocalDate.parse(part.trim());
      } catch (RuntimeException e) {
        problems.add(Problem.at(0, mode + ".excludedDates", "survey.error.excludedDates", part.trim()));
      }
    }
  }

  private static boolean outside(Instant t) {
    return t.isBefore(EARLIEST) || !t.isBefore(LATEST);
  }

  private static String text(Map<String, Object> design, String field) {
    Object v = design.get(field);
    return v == null ? "" : v.toString().trim();
  }

  /** A whole number in {@code [min, max]}, or null when blank (then the default applies). */
  private static Long whole(Map<String, Object> design, String mode, String field, long min, long max,
      List<Problem> problems) {
    String text = text(design, field);
    if (text.isEmpty()) {
      return null;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(Problem.at(0, mode + "." + field, "survey.error.designWhole", text, min, max));
    return null;
  }

  /** A decimal above {@code low} (or equal to it when {@code lowIncluded}) and at most {@code high}. */
  private static void decimal(Map<String, Object> design, String mode, String field, BigDecimal low,
      boolean lowIncluded, BigDecimal high, List<Problem> problems) {
    String text = text(design, field);
    if (text.isEmpty()) {
      return;
    }
    try {
      BigDecimal value = new BigDecimal(text);
      int againstLow = value.compareTo(low);
      if ((againstLow > 0 || lowIncluded && againstLow == 0) && value.compareTo(high) <= 0) {
        return;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(Problem.at(0, mode + "." + field, lowIncluded ? "survey.error.designDecimal" : "survey.error.designShare",
        text, low.toPlainString(), high.toPlainString()));
  }
}
