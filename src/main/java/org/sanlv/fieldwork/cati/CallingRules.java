package org.sanlv.fieldwork.cati;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a survey's numbers may be called, from its phone mode design: calling hours in China time
 * ({@code callingHours} "09:00-12:00,14:00-21:00", each window from its start included to its end excluded),
 * dates without calls ({@code excludedDates}, ISO dates, comma-separated), the minimum gap between two attempts on
 * a number ({@code minGapMinutes}), the attempt cap ({@code maxAttempts}), how long a number handed out stays held
 * by its interviewer ({@code holdMinutes}) and the optional per-stratum target of screened-in completes
 * ({@code targetPerStratum}). Asia/Shanghai has no daylight saving time, so a window is always as long as it says.
 *
 * <p>The values were checked when the survey was saved (survey module); a value that still does not read falls
 * back to its default here rather than stopping the call centre.
 */
public record CallingRules(List<Window> hours, Set<LocalDate> excludedDates, int minGapMinutes, int maxAttempts,
    int holdMinutes, OptionalInt targetPerStratum) {

  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  public static final String DEFAULT_HOURS = "09:00-12:00,14:00-21:00";
  public static final int DEFAULT_MIN_GAP = 60;
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final int DEFAULT_HOLD = 20;

  /** One calling window of a day, China time: from {@code start} (included) to {@code end} (excluded). */
  public record Window(LocalTime start, LocalTime end) {}

  public CallingRules {
    hours = hours.stream().sorted(Comparator.comparing(Window::start)).toList();
    excludedDates = Set.copyOf(new TreeSet<>(excludedDates));
  }

  /** The rules of a phone mode design (the survey's {@code design} map of mode PHONE); blank fields take defaults. */
  public static CallingRules of(Map<String, Object> phoneDesign) {
    Map<String, Object> d = phoneDesign == null ? Map.of() : phoneDesign;
    List<Window> hours = windows(text(d, "callingHours"));
    if (hours == null) {
      hours = windows(DEFAULT_HOURS);
    }
    return new CallingRules(hours, dates(text(d, "excludedDates")), whole(d, "minGapMinutes", DEFAULT_MIN_GAP),
        whole(d, "maxAttempts", DEFAULT_MAX_ATTEMPTS), whole(d, "holdMinutes", DEFAULT_HOLD),
        text(d, "targetPerStratum").isEmpty() ? OptionalInt.empty()
            : OptionalInt.of(whole(d, "targetPerStratum", 0)));
  }

  /** Whether a call may be made at {@code t}: inside a window of a day that is not excluded. */
  public boolean open(Instant t) {
    ZonedDateTime local = t.atZone(CHINA);
    if (excludedDates.contains(local.toLocalDate())) {
      return false;
    }
    LocalTime time = local.toLocalTime();
    for (Window w : hours) {
      if (!time.isBefore(w.start()) && time.isBefore(w.end())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first instant at or after {@code t} at which calls may be made: {@code t} itself when open, else the start
   * of the next window of a day that is not excluded. Looks at most ten years ahead (then the rules exclude every
   * day: {@link Instant#MAX}).
   */
  public Instant nextOpening(Instant t) {
    if (open(t)) {
      return t;
    }
    ZonedDateTime local = t.atZone(CHINA);
    LocalDate day = local.toLocalDate();
    for (int i = 0; i < 3660 && !hours.isEmpty(); i++, day = day.plusDays(1)) {
      if (excludedDates.contains(day)) {
        continue;
      }
      for (Window w : hours) {
        Instant start = day.atTime(w.start()).atZone(CHINA).toInstant();
        if (!start.isBefore(t)) {
          return start;
        }
      }
    }
    return Instant.MAX;
  }

  /** Whether an appointment or callback may be set at this instant: the calling hours are open then. */
  public boolean allows(Instant appointment) {
    return open(appointment);
  }

  /** The calling hours as the design field writes them ("09:00-12:00,14:00-21:00"). */
  public String hoursText() {
    StringBuilder s = new StringBuilder();
    for (Window w : hours) {
      s.append(s.isEmpty() ? "" : ",").append(w.start()).append('-').append(w.end());
    }
    return s.toString();
  }

  /**
   * The windows of a {@code callingHours} text, or null when it does not read: "HH:mm-HH:mm" separated by commas,
   * each start before its end, windows not overlapping. Blank is the default.
   */
  static List<Window> windows(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    List<Window> windows = new ArrayList<>();
    for (String part : text.replace('，', ',').split(",")) {
      String[] ends = part.trim().replace('－', '-').replace('–', '-').split("-");
      if (ends.length != 2) {
        return null;
      }
      try {
        LocalTime start = LocalTime.parse(pad(ends[0].trim()));
        LocalTime end = LocalTime.parse(pad(ends[1].trim()));
        if (!start.isBefore(end)) {
          return null;
        }
        windows.add(new Window(start, end));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    windows.sort(Comparator.comparing(Window::start));
    for (int i = 1; i < windows.size(); i++) {
      if (windows.get(i).start().isBefore(windows.get(i - 1).end())) {
        return null;
      }
    }
    return windows;
  }

  /** "9:00" reads as "09:00". */
  private static String pad(String time) {
    return time.length() == 4 && time.charAt(1) == ':' ? "0" + time : time;
  }

  private static Set<LocalDate> dates(String text) {
    Set<LocalDate> dates = new TreeSet<>();
    if (text.isEmpty()) {
      return dates;
    }
    for (String part : text.replace('，', ',').split(",")) {
      try {
        if (!part.isBlank()) {
          dates.add(LocalDate.parse(part.trim()));
        }
      } catch (DateTimeParseException e) {
        // checked on save; ignored here
      }
    }
    return dates;
  }

  private static String text(Map<String, Object> d, String field) {
    Object v = d.get(field);
    return v == null ? "" : v.toString().trim();
  }

  private static int whole(Map<String, Object> d, String field, int fallback) {
    try {
      String t = text(d, field);
      return t.isEmpty() ? fallback : Integer.parseInt(t);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
