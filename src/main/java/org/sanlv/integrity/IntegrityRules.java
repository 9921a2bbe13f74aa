package org.sanlv.integrity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.instrument.Choice;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;

/**
 * The flag rules v1 for one form. Pure: no database, no clock.
 *
 * <ul>
 *   <li><b>speeder</b>: duration &lt; max(minSpeederSeconds, secondsPerQuestion × questions answered). Zhejiang's
 *       full path answers 17 questions: 34 s with the defaults.</li>
 *   <li><b>straight-lining</b>: the form's rating battery is the largest set (at least
 *       {@code straightLineMinItems}) of select_one questions with the same choice labels (Zhejiang: q2, q4, q6,
 *       q8, q9 — 好/较好/不太好/不好). Flagged when every battery item was answered, all with the same code,
 *       <em>and</em> a second signal holds: the whole response took less than twice the speeder threshold, or
 *       the median time on the battery items was under 1.5 s. Identical ratings alone are common among honest
 *       respondents (everything 好), so they never flag on their own.</li>
 *   <li><b>duplicate device / phone</b>: an earlier response of the survey from the same device token or
 *       verified phone (the later one is flagged, the first is kept clean).</li>
 *   <li><b>burst</b>: more than {@code burstThreshold} responses from one network within {@code burstWindow}.</li>
 *   <li><b>late</b>: submitted after the online window closed (the page was opened inside it).</li>
 * </ul>
 */
public final class IntegrityRules {

  private final List<String> ratingItems;
  private final IntegritySettings settings;

  private IntegrityRules(List<String> ratingItems, IntegritySettings settings) {
    this.ratingItems = List.copyOf(ratingItems);
    this.settings = settings;
  }

  static IntegrityRules of(InterviewFlow flow, IntegritySettings settings) {
    Map<String, List<String>> byLabels = new LinkedHashMap<>();
    for (Question q : flow.rows()) {
      if (q.type() != QuestionType.SELECT_ONE || q.listName().isBlank()) {
        continue;
      }
      List<Choice> choices = flow.instrument().choiceList(q.listName()).map(l -> l.choices()).orElse(List.of());
      if (choices.size() < 3) {
        continue;
      }
      String key = String.join("|", choices.stream().map(c -> c.name() + "=" + c.label("zh")).toList());
      byLabels.computeIfAbsent(key, k -> new ArrayList<>()).add(q.name());
    }
    List<String> battery = byLabels.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
    return new IntegrityRules(battery.size() >= settings.straightLineMinItems() ? battery : List.of(), settings);
  }

  /** The rating items straight-lining looks at (empty when the form has no battery). */
  public List<String> ratingItems() {
    return ratingItems;
  }

  /** The speeder threshold for a response that answered {@code questions} questions. */
  public Duration speederThreshold(int questions) {
    long millis = Math.max(settings.minSpeederSeconds() * 1000L, Math.round(settings.secondsPerQuestion() * 1000 * questions));
    return Duration.ofMillis(millis);
  }

  public Set<Flag> flags(ResponseFacts facts) {
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    if (facts.earlierFromDevice()) {
      flags.add(Flag.DUPLICATE_DEVICE);
    }
    if (facts.earlierFromPhone()) {
      flags.add(Flag.DUPLICATE_PHONE);
    }
    if (facts.late()) {
      flags.add(Flag.LATE);
    }
    if (facts.fromNetworkInWindow() > settings.burstThreshold()) {
      flags.add(Flag.BURST);
    }
    Duration threshold = speederThreshold(facts.answers().size());
    boolean fast = facts.duration() != null && facts.duration().compareTo(threshold) < 0;
    if (fast) {
      flags.add(Flag.SPEEDER);
    }
    if (straightLined(facts.answers())) {
      boolean quick = facts.duration() != null && facts.duration().compareTo(threshold.multipliedBy(2)) < 0;
      if (quick || medianBatteryMillis(facts.questionMillis()) < 1500) {
        flags.add(Flag.STRAIGHT_LINE);
      }
    }
    return flags;
  }

  private boolean straightLined(Map<String, Object> answers) {
    if (ratingItems.isEmpty()) {
      return false;
    }
    Object first = answers.get(ratingItems.get(0));
    if (first == null) {
      return false;
    }
    for (String item : ratingItems) {
      if (!first.equals(answers.get(item))) {
        return false;
      }
    }
    return true;
  }

  /** Median time on the battery items; unknown times count as slow (no signal). */
  private long medianBatteryMillis(Map<String, Long> times) {
    List<Long> values = new ArrayList<>();
    for (String item : ratingItems) {
      Long t = times.get(item);
      if (t == null) {
        return Long.MAX_VALUE;
      }
      values.add(t);
    }
    values.sort(null);
    return values.get(values.size() / 2);
  }
}
