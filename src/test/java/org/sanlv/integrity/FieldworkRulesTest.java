package org.sanlv.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The fieldwork falsification rules on planted fabrications, and on a simulation of honest fieldwork whose
 * false-positive rate per rule is measured and held below the documented rate. The honest respondents are written
 * to look like a real county's (answers correlated through one attitude, most people saying 好), not to pass.
 */
class FieldworkRulesTest {

  private static final IntegritySettings.Capi DEFAULTS = IntegritySettings.Capi.defaults();
  private static final FieldworkRules RULES = new FieldworkRules(DEFAULTS);
  /** Nine rating items (1 好 … 4 不好), hukou, and four multiple-choice awareness items: a zhejiang-2022-like form. */
  private static final List<String> RATINGS = List.of("q2", "q4", "q6", "q8", "q9", "q13", "q14", "q15", "q16");
  private static final List<String> MULTIPLE = List.of("q1", "q3", "q10", "q11");
  private static final Set<String> SINGLE = new TreeSet<>(List.of("q2", "q4", "q6", "q8", "q9", "q13", "q14", "q15",
      "q16", "hukou"));
  private static final Instant DAY_ONE = Instant.parse("2026-11-02T01:00:00Z"); // 9:00 in Beijing
  private static final double BLOCK_LAT = 30.03;
  private static final double BLOCK_LON = 120.87;

  /** One simulated county's fieldwork; ids are unique across calls. */
  static final class Fieldwork {
    final Random random;
    final List<FieldInterview> interviews = new ArrayList<>();
    long nextId = 1;

    Fieldwork(long seed) {
      random = new Random(seed);
    }

    /**
     * An honest respondent: one attitude (normal) drives the nine ratings through an ordered logit (about 55 % 好,
     * 30 % 较好, 10 % 不太好, 5 % 不好 overall, strongly correlated: many answer 好 throughout); hukou local 70 %;
     * each of 8–12 options of the awareness items chosen with its own probability.
     */
    Map<String, String> honestAnswers() {
      Map<String, String> a = new LinkedHashMap<>();
      double attitude = random.nextGaussian();
      for (String q : RATINGS) {
        double latent = 1.6 * attitude + logistic();
        a.put(q, latent > -0.4 ? "1" : latent > -2.6 ? "2" : latent > -3.9 ? "3" : "4");
      }
      a.put("hukou", random.nextDouble() < 0.7 ? "1" : random.nextDouble() < 0.8 ? "2" : "3");
      for (int m = 0; m < MULTIPLE.size(); m++) {
        List<String> chosen = new ArrayList<>();
        int options = 8 + m;
        for (int o = 1; o <= options; o++) {
          if (random.nextDouble() < 0.15 + 0.6 * o / options) {
            chosen.add(String.valueOf(o));
          }
        }
        if (chosen.isEmpty()) {
          chosen.add("1");
        }
        a.put(MULTIPLE.get(m), String.join(" ", chosen));
      }
      return a;
    }

    private double logistic() {
      double u = random.nextDouble();
      return Math.log(u / (1 - u));
    }

    /**
     * An honest interviewer's working days: six households a day from 9:00, each interview 18 answers at a median
     * of 15 s per question (log-normal, σ 0.45: about 4.5 minutes), 5–40 minutes between households; the position
     * inside the block (up to 400 m from its centre) plus GPS error of the stated accuracy (5–60 m, indoors
     * sometimes 300 m).
     */
    List<FieldInterview> honestInterviewer(String name, String county, int count) {
      List<FieldInterview> own = new ArrayList<>();
      Instant clock = DAY_ONE;
      for (int i = 0; i < count; i++) {
        if (i % 6 == 0) {
          clock = DAY_ONE.plus(Duration.ofDays(i / 6)).plus(Duration.ofMinutes(random.nextInt(30)));
        }
        int answered = 18;
        long seconds = Math.round(answered * 15 * Math.exp(0.45 * random.nextGaussian()));
        Instant start = clock;
        Instant end = start.plusSeconds(seconds);
        double accuracy = random.nextDouble() < 0.9 ? 5 + random.nextDouble() * 55 : 300;
        double[] where = offset(BLOCK_LAT, BLOCK_LON, 400 * Math.sqrt(random.nextDouble()), random.nextDouble() * 2 * Math.PI);
        double[] measured = offset(where[0], where[1], Math.abs(random.nextGaussian()) * accuracy, random.nextDouble() * 2 * Math.PI);
        own.add(new FieldInterview(nextId++, name, county, honestAnswers(), answered, start, end, measured[0],
            measured[1], accuracy, BLOCK_LAT, BLOCK_LON, (long) random.nextInt(120) - 60));
        clock = end.plus(Duration.ofMinutes(5 + random.nextInt(36)));
      }
      interviews.addAll(own);
      return own;
    }
  }

  /** A point {@code metres} from (lat, lon) in direction {@code angle}. */
  static double[] offset(double lat, double lon, double metres, double angle) {
    double dLat = metres * Math.cos(angle) / 111_320.0;
    double dLon = metres * Math.sin(angle) / (111_320.0 * Math.cos(Math.toRadians(lat)));
    return new double[] {lat + dLat, lon + dLon};
  }

  private static FieldInterview with(FieldInterview i, Map<String, String> answers, Instant start, Instant end,
      double[] position) {
    return new FieldInterview(i.id(), i.interviewer(), i.county(), answers, i.answered(), start, end,
        position == null ? i.latitude() : position[0], position == null ? i.longitude() : position[1],
        i.accuracyMeters(), i.siteLatitude(), i.siteLongitude(), i.clockSkewSeconds());
  }

  /** A county of eight honest interviewers with 40 interviews each, and whatever the test adds. */
  private static Fieldwork countyWithHonestInterviewers(long seed) {
    Fieldwork f = new Fieldwork(seed);
    for (int k = 0; k < 8; k++) {
      f.honestInterviewer("honest-" + k, "330604", 40);
    }
    return f;
  }

  private static List<FieldInterview> replaceAll(Fieldwork f, List<FieldInterview> planted) {
    Map<Long, FieldInterview> byId = new LinkedHashMap<>();
    f.interviews.forEach(i -> byId.put(i.id(), i));
    planted.forEach(i -> byId.put(i.id(), i));
    return new ArrayList<>(byId.values());
  }

  @Nested
  class PlantedFabrication {

    @Test
    void twentyInterviewsSharingOneAnswerVectorAreFlaggedAndTheInterviewersOtherWorkIsNot() {
      Fieldwork f = countyWithHonestInterviewers(11);
      List<FieldInterview> own = f.honestInterviewer("copier", "330604", 40);
      Map<String, String> copied = own.get(0).closed();
      List<FieldInterview> planted = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        FieldInterview x = own.get(i);
        planted.add(with(x, copied, x.startedAt(), x.endedAt(), null));
      }
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, planted), SINGLE);
      for (FieldInterview p : planted) {
        assertThat(flags.get(p.id())).as("planted %d", p.id()).contains(Flag.CAPI_DUPLICATE_ANSWERS);
      }
      long othersFlagged = own.subList(20, 40).stream()
          .filter(i -> flags.get(i.id()).contains(Flag.CAPI_DUPLICATE_ANSWERS)).count();
      assertThat(othersFlagged).isLessThanOrEqualTo(1);
    }

    @Test
    void twentyIdenticalAllGoodInterviewsAreFlaggedThoughManyHonestRespondentsAnswerAllGood() {
      Fieldwork f = countyWithHonestInterviewers(12);
      List<FieldInterview> own = f.honestInterviewer("all-good", "330604", 40);
      List<FieldInterview> planted = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Map<String, String> a = new HashMap<>(own.get(i).closed());
        RATINGS.forEach(q -> a.put(q, "1"));
        a.put("hukou", "1");
        MULTIPLE.forEach(q -> a.put(q, "1 2 3"));
        planted.add(with(own.get(i), a, own.get(i).startedAt(), own.get(i).endedAt(), null));
      }
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, planted), SINGLE);
      assertThat(planted).allSatisfy(p -> assertThat(flags.get(p.id())).contains(Flag.CAPI_DUPLICATE_ANSWERS));
    }

    @Test
    void nearIdenticalVectorsDifferingInOneAnswerOfTwentyCountAsTheSame() {
      FieldInterview a = new FieldInterview(1, "x", "c", answers20("1"), 20, null, null, null, null, null, null, null, null);
      Map<String, String> changed = answers20("1");
      changed.put("k0", "2");
      FieldInterview b = new FieldInterview(2, "x", "c", changed, 20, null, null, null, null, null, null, null, null);
      assertThat(RULES.agreement(a, b)).isEqualTo(0.95);
      changed.put("k1", "2");
      FieldInterview c = new FieldInterview(3, "x", "c", changed, 20, null, null, null, null, null, null, null, null);
      assertThat(RULES.agreement(a, c)).isEqualTo(0.90);
    }

    private static Map<String, String> answers20(String value) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        a.put("k" + i, value);
      }
      return a;
    }

    @Test
    void thirtySecondInterviewsAreFlaggedFast() {
      Fieldwork f = countyWithHonestInterviewers(13);
      List<FieldInterview> own = f.honestInterviewer("hurried", "330604", 40);
      List<FieldInterview> planted = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        FieldInterview x = own.get(i);
        planted.add(with(x, x.closed(), x.startedAt(), x.startedAt().plusSeconds(30), null));
      }
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, planted), SINGLE);
      assertThat(planted).allSatisfy(p -> assertThat(flags.get(p.id())).contains(Flag.CAPI_FAST));
      assertThat(RULES.paceThreshold(18)).isEqualTo(Duration.ofSeconds(72));
      assertThat(RULES.paceThreshold(5)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aPositionTwentyKilometresFromTheBlockIsFlaggedAndOneInsideItIsNot() {
      Fieldwork f = countyWithHonestInterviewers(14);
      List<FieldInterview> own = f.honestInterviewer("elsewhere", "330604", 40);
      double[] far = offset(BLOCK_LAT, BLOCK_LON, 20_000, 1.0);
      FieldInterview moved = with(own.get(3), own.get(3).closed(), own.get(3).startedAt(), own.get(3).endedAt(), far);
      assertThat(FieldworkRules.kilometres(BLOCK_LAT, BLOCK_LON, far[0], far[1])).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.05));
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, List.of(moved)), SINGLE);
      assertThat(flags.get(moved.id())).contains(Flag.CAPI_GPS_FAR);
      assertThat(flags.get(own.get(4).id())).doesNotContain(Flag.CAPI_GPS_FAR);
    }

    @Test
    void interviewsStartingInTheSameMinuteOrOverlappingAreFlagged() {
      Fieldwork f = countyWithHonestInterviewers(15);
      List<FieldInterview> own = f.honestInterviewer("batch", "330604", 40);
      Instant minute = Instant.parse("2026-11-20T02:10:05Z");
      List<FieldInterview> planted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        FieldInterview x = own.get(30 + i);
        planted.add(with(x, x.closed(), minute.plusSeconds(10L * i), minute.plusSeconds(10L * i + 300), null));
      }
      // an overlap that starts in another minute: 14:00–14:10 and 14:05–14:15
      FieldInterview o1 = with(own.get(35), own.get(35).closed(), Instant.parse("2026-11-21T06:00:00Z"),
          Instant.parse("2026-11-21T06:10:00Z"), null);
      FieldInterview o2 = with(own.get(36), own.get(36).closed(), Instant.parse("2026-11-21T06:05:00Z"),
          Instant.parse("2026-11-21T06:15:00Z"), null);
      planted.add(o1);
      planted.add(o2);
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, planted), SINGLE);
      assertThat(planted).allSatisfy(p -> assertThat(flags.get(p.id())).contains(Flag.CAPI_SAME_MINUTE));
    }

    @Test
    void anInterviewerWhoseRespondentsAllFeelSaferThanTheCountysIsAnOutlier() {
      Fieldwork f = countyWithHonestInterviewers(16);
      List<FieldInterview> own = f.honestInterviewer("rosy", "330604", 30);
      List<FieldInterview> planted = new ArrayList<>();
      for (FieldInterview x : own) {
        Map<String, String> a = new HashMap<>(x.closed());
        // varied enough to escape the duplicate rule, but 好 or 较好 on every rating
        RATINGS.forEach(q -> a.put(q, f.random.nextDouble() < 0.85 ? "1" : "2"));
        planted.add(with(x, a, x.startedAt(), x.endedAt(), null));
      }
      Map<Long, Set<Flag>> flags = RULES.flags(replaceAll(f, planted), SINGLE);
      assertThat(planted).allSatisfy(p -> assertThat(flags.get(p.id())).contains(Flag.CAPI_INTERVIEWER_OUTLIER));
      assertThat(f.interviews.stream().filter(i -> !i.interviewer().equals("rosy"))
          .filter(i -> flags.get(i.id()).contains(Flag.CAPI_INTERVIEWER_OUTLIER)).count()).isZero();
    }

    @Test
    void aDeviceClockDaysOffIsFlagged() {
      FieldInterview skewed = new FieldInterview(1, "x", "c", Map.of(), 18, DAY_ONE, DAY_ONE.plusSeconds(600), null,
          null, null, null, null, 3 * 86_400L);
      assertThat(RULES.flags(List.of(skewed), SINGLE).get(1L)).containsExactly(Flag.CAPI_CLOCK_SKEW);
    }

    @Test
    void unknownTimesAndPositionsFlagNothing() {
      FieldInterview blank = new FieldInterview(1, "x", "c", Map.of(), 18, null, null, null, null, null, 30.0, 120.0, null);
      assertThat(RULES.flags(List.of(blank), SINGLE).get(1L)).isEmpty();
    }
  }

  @Nested
  class HonestFieldwork {

    /**
     * 40 counties × 8 interviewers × 40 interviews (12,800 honest interviews): each rule flags at most the documented
     * 1 % of them. Positions, clocks and the interviewers' days make capi_gps_far, capi_same_minute and capi_clock_skew
     * impossible (at most 0.1 % allowed); the pace model puts about 0.2 % of honest interviews under 4 s a question
     * (log-normal: P(Z &lt; ln(4/15)/0.45) ≈ 0.16 %); the outlier test's family-wise rate is 0.1 % of interviewers.
     */
    @Test
    void eachRuleFlagsAtMostTheDocumentedShareOfHonestInterviews() {
      Map<Flag, Integer> flagged = new EnumMap<>(Flag.class);
      int total = 0;
      int outlierInterviewers = 0;
      int interviewers = 0;
      for (int county = 0; county < 40; county++) {
        Fieldwork f = countyWithHonestInterviewers(1000 + county);
        Map<Long, Set<Flag>> flags = RULES.flags(f.interviews, SINGLE);
        total += f.interviews.size();
        for (Set<Flag> set : flags.values()) {
          set.forEach(x -> flagged.merge(x, 1, Integer::sum));
        }
        Set<String> outliers = new TreeSet<>();
        f.interviews.stream().filter(i -> flags.get(i.id()).contains(Flag.CAPI_INTERVIEWER_OUTLIER))
            .forEach(i -> outliers.add(i.interviewer()));
        outlierInterviewers += outliers.size();
        interviewers += 8;
      }
      System.out.printf("honest fieldwork: %d interviews, %d interviewers; flagged %s; outlier interviewers %d%n",
          total, interviewers, flagged, outlierInterviewers);
      double n = total;
      assertThat(flagged.getOrDefault(Flag.CAPI_FAST, 0) / n).isLessThanOrEqualTo(0.01);
      assertThat(flagged.getOrDefault(Flag.CAPI_GPS_FAR, 0) / n).isLessThanOrEqualTo(0.001);
      assertThat(flagged.getOrDefault(Flag.CAPI_SAME_MINUTE, 0) / n).isLessThanOrEqualTo(0.001);
      assertThat(flagged.getOrDefault(Flag.CAPI_CLOCK_SKEW, 0) / n).isLessThanOrEqualTo(0.001);
      assertThat(flagged.getOrDefault(Flag.CAPI_DUPLICATE_ANSWERS, 0) / n).isLessThanOrEqualTo(0.01);
      assertThat(flagged.getOrDefault(Flag.CAPI_INTERVIEWER_OUTLIER, 0) / n).isLessThanOrEqualTo(0.01);
    }
  }
}
