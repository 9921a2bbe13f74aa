package org.sanlv.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sanlv.instrument.Instruments;

/** The flag rules v1 on the zhejiang-2022 form, without a database. */
class IntegrityRulesTest {

  static final IntegrityRules RULES = IntegrityRules.of(Instruments.withDefaults().builtIn("zhejiang-2022"),
      new IntegritySettings(2.0, 20, Duration.ofMinutes(10), 20, 4, null));

  static Map<String, Object> answers(String rating) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("county", "330604");
    a.put("age", 45L);
    a.put("hukou", "1");
    a.put("q1", List.of("1"));
    for (String q : List.of("q2", "q4", "q6", "q8", "q9")) {
      a.put(q, rating);
    }
    a.put("q3", List.of("1"));
    a.put("q5", List.of("1"));
    a.put("q7", List.of("1"));
    a.put("q10", List.of("1", "5", "7"));
    a.put("q11", List.of("1"));
    a.put("q12", List.of("7"));
    a.put("q13", "2");
    return a;
  }

  static ResponseFacts facts(Map<String, Object> answers, Duration duration) {
    return new ResponseFacts(answers, duration, Map.of(), false, false, false, 1);
  }

  @Test
  void theRatingBatteryIsTheFiveItemsWithTheSameScale() {
    assertThat(RULES.ratingItems()).containsExactly("q2", "q4", "q6", "q8", "q9");
  }

  @Test
  void theSpeederThresholdGrowsWithTheQuestionsAnswered() {
    assertThat(RULES.speederThreshold(17)).isEqualTo(Duration.ofSeconds(34));
    assertThat(RULES.speederThreshold(3)).isEqualTo(Duration.ofSeconds(20)); // never below the minimum
    assertThat(RULES.flags(facts(answers("1"), Duration.ofSeconds(30)))).contains(Flag.SPEEDER);
    assertThat(RULES.flags(facts(answers("2"), Duration.ofSeconds(40)))).doesNotContain(Flag.SPEEDER);
    assertThat(RULES.flags(facts(answers("2"), null))).isEmpty();
  }

  @Test
  void identicalRatingsAloneDoNotFlagButWithSpeedTheyDo() {
    Map<String, Object> same = answers("1");
    assertThat(RULES.flags(facts(same, Duration.ofMinutes(5)))).isEmpty(); // honest "everything 好"
    assertThat(RULES.flags(facts(same, Duration.ofSeconds(50)))).containsExactly(Flag.STRAIGHT_LINE); // < 2 × 34 s
    Map<String, Long> quickOnBattery = Map.of("q2", 600L, "q4", 500L, "q6", 700L, "q8", 400L, "q9", 900L);
    assertThat(RULES.flags(new ResponseFacts(same, Duration.ofMinutes(5), quickOnBattery, false, false, false, 1)))
        .containsExactly(Flag.STRAIGHT_LINE);
    Map<String, Object> varied = answers("1");
    varied.put("q8", "2");
    assertThat(RULES.flags(facts(varied, Duration.ofSeconds(50)))).isEmpty();
  }

  @Test
  void duplicatesBurstsAndLateSubmissionsAreFlagged() {
    ResponseFacts f = new ResponseFacts(answers("2"), Duration.ofMinutes(5), Map.of(), true, true, true, 21);
    assertThat(RULES.flags(f)).containsExactlyInAnyOrder(Flag.LATE, Flag.DUPLICATE_DEVICE, Flag.DUPLICATE_PHONE, Flag.BURST);
    assertThat(RULES.flags(new ResponseFacts(answers("2"), Duration.ofMinutes(5), Map.of(), false, false, false, 20))).isEmpty();
  }
}
