package org.sanlv.integrity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sanlv.estimation.Distributions;

/**
 * The falsification rules over a survey's household and intercept interviews. Pure: no database, no clock. All
 * thresholds are {@link IntegritySettings.Capi} settings; the defaults are given here.
 *
 * <ul>
 *   <li><b>capi_fast</b>: end − start (device times) below 4 s × the questions the stored answers hold, and never
 *       below 60 s: zhejiang-2022's full path (about 18 answers) gives 72 s. Reading a question aloud and hearing
 *       the answer takes longer than that; an interview of unknown length is never flagged.</li>
 *   <li><b>capi_duplicate_answers</b>: two interviews are near-identical when ≥ 95 % of the closed questions
 *       answered in either have the same answer in both (at least 8 such questions). An interview with at least 4
 *       near-identical ones by the same interviewer in the same county (a cluster of 5) is flagged with them, when
 *       that many matches are improbable (binomial tail &lt; 1e-4) given how often the same answers occur among the
 *       county's other interviewers (share (m + 1) / (M + 2)). Honest respondents who all answer 好 match each
 *       other often, and so match the other interviewers' respondents as often: they are not flagged.</li>
 *   <li><b>capi_same_minute</b>: two interviews of one interviewer that start in the same minute, or overlap in
 *       time by more than 60 s: one person cannot hold two interviews at once.</li>
 *   <li><b>capi_gps_far</b>: the device's position is more than 2 km from the sampled block's or the intercept
 *       site's location, after granting the device's stated accuracy (up to 500 m). Unknown either way: no flag.</li>
 *   <li><b>capi_interviewer_outlier</b>: an interviewer with ≥ 20 interviews in a county whose answers differ from
 *       the county's other interviewers' (≥ 20 interviews together): per single-choice question a chi-square test
 *       of homogeneity (interviewer vs. the others; answers whose expected count is below 5 pooled), flagged when
 *       the smallest p-value is below 0.0005 / the questions tested (Bonferroni), or when the interviewer's respondents
 *       answer more or less typically than the others' (Welch's t-test on each interview's mean −ln share of its
 *       answers, p &lt; 0.0005): at most 0.1 % of honest interviewers are flagged, whatever the correlation between
 *       questions. All the interviewer's interviews in
 *       the county carry the flag. Respondents in different towns do differ; the flag asks for a look, no more.</li>
 *   <li><b>capi_clock_skew</b>: the device clock was more than 30 minutes off at sync (the sync's own threshold),
 *       so its times are doubtful.</li>
 * </ul>
 */
final class FieldworkRules {

  private final IntegritySettings.Capi settings;

  FieldworkRules(IntegritySettings.Capi settings) {
    this.settings = settings;
  }

  /** The pace threshold for an interview whose answers hold {@code answered} questions. */
  Duration paceThreshold(int answered) {
    return Duration.ofMillis(Math.max(settings.minSeconds() * 1000L,
        Math.round(settings.secondsPerQuestion() * 1000 * answered)));
  }

  /**
   * The CAPI flags of every interview given (one survey's).
   *
   * @param singleChoice the names of the single-choice questions (the answer-distribution test uses those)
   */
  Map<Long, Set<Flag>> flags(List<FieldInterview> interviews, Set<String> singleChoice) {
    Map<Long, Set<Flag>> flags = new LinkedHashMap<>();
    for (FieldInterview i : interviews) {
      flags.put(i.id(), EnumSet.noneOf(Flag.class));
    }
    for (FieldInterview i : interviews) {
      Set<Flag> f = flags.get(i.id());
      if (fast(i)) {
        f.add(Flag.CAPI_FAST);
      }
      if (farFromSite(i)) {
        f.add(Flag.CAPI_GPS_FAR);
      }
      if (i.clockSkewSeconds() != null && Math.abs(i.clockSkewSeconds()) > settings.clockSkew().toSeconds()) {
        f.add(Flag.CAPI_CLOCK_SKEW);
      }
    }
    Map<String, List<FieldInterview>> byCounty = group(interviews, FieldInterview::county);
    for (List<FieldInterview> county : byCounty.values()) {
      Map<String, List<FieldInterview>> byInterviewer = group(county, FieldInterview::interviewer);
      CountyAnswers answers = new CountyAnswers(county, singleChoice);
      for (Map.Entry<String, List<FieldInterview>> e : byInterviewer.entrySet()) {
        List<FieldInterview> own = e.getValue();
        for (long id : sameMinute(own)) {
          flags.get(id).add(Flag.CAPI_SAME_MINUTE);
        }
        for (long id : duplicates(own, county)) {
          flags.get(id).add(Flag.CAPI_DUPLICATE_ANSWERS);
        }
        if (outlier(own, county.size() - own.size(), answers)) {
          own.forEach(i -> flags.get(i.id()).add(Flag.CAPI_INTERVIEWER_OUTLIER));
        }
      }
    }
    return flags;
  }

  boolean fast(FieldInterview i) {
    long seconds = i.seconds();
    return seconds >= 0 && Duration.ofSeconds(seconds).compareTo(paceThreshold(i.answered())) < 0;
  }

  boolean farFromSite(FieldInterview i) {
    if (i.latitude() == null || i.longitude() == null || i.siteLatitude() == null || i.siteLongitude() == null) {
      return false;
    }
    double km = kilometres(i.latitude(), i.longitude(), i.siteLatitude(), i.siteLongitude());
    double allowance = i.accuracyMeters() == null ? 0 : Math.min(Math.max(i.accuracyMeters(), 0), settings.gpsMaxAccuracyMeters());
    return km - allowance / 1000 > settings.gpsMaxKm();
  }

  /** Great-circle distance (haversine, mean Earth radius 6371.0088 km). */
  static double kilometres(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  private List<Long> sameMinute(List<FieldInterview> own) {
    List<FieldInterview> timed = own.stream().filter(i -> i.startedAt() != null)
        .sorted(Comparator.comparing(FieldInterview::startedAt)).toList();
    Set<Long> hit = new java.util.LinkedHashSet<>();
    Map<Instant, List<FieldInterview>> byMinute = new HashMap<>();
    for (FieldInterview i : timed) {
      byMinute.computeIfAbsent(i.startedAt().truncatedTo(ChronoUnit.MINUTES), k -> new ArrayList<>()).add(i);
    }
    byMinute.values().stream().filter(l -> l.size() > 1).forEach(l -> l.forEach(i -> hit.add(i.id())));
    // sorted by start: each interview is compared with the later ones that start before it ends
    for (int a = 0; a < timed.size(); a++) {
      FieldInterview first = timed.get(a);
      if (first.endedAt() == null) {
        continue;
      }
      for (int b = a + 1; b < timed.size() && timed.get(b).startedAt().isBefore(first.endedAt()); b++) {
        FieldInterview second = timed.get(b);
        Instant end = second.endedAt() == null || second.endedAt().isAfter(first.endedAt()) ? first.endedAt() : second.endedAt();
        if (Duration.between(second.startedAt(), end).compareTo(settings.overlapTolerance()) > 0) {
          hit.add(first.id());
          hit.add(second.id());
        }
      }
    }
    return new ArrayList<>(hit);
  }

  /** Agreement of two interviews over the closed questions answered in either, or -1 when too few to compare. */
  double agreement(FieldInterview a, FieldInterview b) {
    int union = 0;
    int same = 0;
    for (Map.Entry<String, String> e : a.closed().entrySet()) {
      union++;
      if (e.getValue().equals(b.closed().get(e.getKey()))) {
        same++;
      }
    }
    for (String q : b.closed().keySet()) {
      if (!a.closed().containsKey(q)) {
        union++;
      }
    }
    return union < settings.duplicateMinQuestions() ? -1 : (double) same / union;
  }

  private boolean near(FieldInterview a, FieldInterview b) {
    return agreement(a, b) >= settings.duplicateAgreement();
  }

  /** The interviewer's near-identical clusters that chance hardly explains ({@code county}: all of the county's). */
  private Set<Long> duplicates(List<FieldInterview> own, List<FieldInterview> county) {
    Set<Long> flagged = new java.util.LinkedHashSet<>();
    if (own.size() < settings.duplicateMinCluster()) {
      return flagged;
    }
    String interviewer = own.get(0).interviewer();
    List<FieldInterview> others = null;
    for (FieldInterview seed : own) {
      if (flagged.contains(seed.id())) {
        continue;
      }
      List<FieldInterview> cluster = own.stream().filter(x -> x == seed || near(seed, x)).toList();
      if (cluster.size() < settings.duplicateMinCluster()) {
        continue;
      }
      if (others == null) {
        others = county.stream().filter(x -> !x.interviewer().equals(interviewer)).toList();
      }
      long matchesElsewhere = others.stream().filter(x -> near(seed, x)).count();
      double share = (matchesElsewhere + 1.0) / (others.size() + 2.0);
      double chance = Distributions.binomialUpperTail(cluster.size() - 1, own.size() - 1, share);
      if (chance < settings.duplicateAlpha()) {
        cluster.forEach(x -> flagged.add(x.id()));
      }
    }
    return flagged;
  }

  /**
   * A county's single-choice answers counted once: per question and answer, how many interviews gave it; and each
   * interview's atypicality (the mean over its single-choice answers of −ln(the county's share of that answer)).
   * An interviewer's "others" are the county less the interviewer, by subtraction: the rules stay linear in the
   * county's size however many interviewers it has.
   */
  static final class CountyAnswers {
    final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    final Map<Long, Double> atypicality = new HashMap<>();
    double scoreSum;
    double scoreSquares;
    int scored;

    CountyAnswers(List<FieldInterview> county, Set<String> singleChoice) {
      for (FieldInterview i : county) {
        for (String q : singleChoice) {
          String a = i.closed().get(q);
          if (a != null) {
            counts.computeIfAbsent(q, k -> new TreeMap<>()).merge(a, 1, Integer::sum);
          }
        }
      }
      Map<String, Integer> answered = new HashMap<>();
      counts.forEach((q, c) -> answered.put(q, c.values().stream().mapToInt(Integer::intValue).sum()));
      for (FieldInterview i : county) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
          String a = i.closed().get(e.getKey());
          if (a != null) {
            sum -= Math.log(e.getValue().get(a) / (double) answered.get(e.getKey()));
            n++;
          }
        }
        if (n > 0) {
          double score = sum / n;
          atypicality.put(i.id(), score);
          scoreSum += score;
          scoreSquares += score * score;
          scored++;
        }
      }
    }
  }

  /** Whether one interviewer's single-choice answers differ from the county's other interviewers' (see above). */
  boolean outlier(List<FieldInterview> own, int othersCount, CountyAnswers county) {
    if (own.size() < settings.outlierMinInterviews() || othersCount < settings.outlierMinInterviews()) {
      return false;
    }
    List<Double> pValues = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : county.counts.entrySet()) {
      Map<String, Integer> mine = counts(own, e.getKey());
      Map<String, Integer> theirs = new TreeMap<>(e.getValue());
      mine.forEach((a, n) -> theirs.merge(a, -n, Integer::sum));
      theirs.values().removeIf(n -> n <= 0);
      double p = homogeneity(mine, theirs);
      if (p >= 0) {
        pValues.add(p);
      }
    }
    if (pValues.isEmpty()) {
      return false;
    }
    // two tests, each at half the rate: the rate of the pair stays within outlierAlpha whatever their dependence
    double half = settings.outlierAlpha() / 2;
    double smallest = pValues.stream().reduce(Math::min).orElse(1.0);
    return smallest < half / pValues.size() || typicality(own, county) < half;
  }

  /**
   * Whether an interviewer's respondents answer more (or less) typically than the county's other respondents:
   * Welch's t-test of the interviewer's interviews' atypicality against the others' (one number per interview, so
   * correlated questions do not inflate it). Fabricated interviews made of the usual answers score low on every
   * question at once, which the per-question tests see only weakly.
   *
   * @return the two-sided p-value, 1 when there is nothing to compare
   */
  double typicality(List<FieldInterview> own, CountyAnswers county) {
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (FieldInterview i : own) {
      Double score = county.atypicality.get(i.id());
      if (score != null) {
        sum += score;
        squares += score * score;
        n++;
      }
    }
    int m = county.scored - n;
    if (n < 2 || m < 2) {
      return 1;
    }
    double otherSum = county.scoreSum - sum;
    double otherSquares = county.scoreSquares - squares;
    double m1 = sum / n;
    double m2 = otherSum / m;
    double v1 = Math.max(0, (squares - n * m1 * m1) / (n - 1)) / n;
    double v2 = Math.max(0, (otherSquares - m * m2 * m2) / (m - 1)) / m;
    if (v1 + v2 == 0) {
      return Math.abs(m1 - m2) < 1e-12 ? 1 : 0;
    }
    double t = (m1 - m2) / Math.sqrt(v1 + v2);
    double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n - 1) + v2 * v2 / (m - 1));
    return Distributions.studentTwoSided(t, Math.max(1, df));
  }

  private static Map<String, Integer> counts(List<FieldInterview> interviews, String question) {
    Map<String, Integer> counts = new TreeMap<>();
    for (FieldInterview i : interviews) {
      String answer = i.closed().get(question);
      if (answer != null) {
        counts.merge(answer, 1, Integer::sum);
      }
    }
    return counts;
  }

  /**
   * The p-value of the chi-square test of homogeneity of two rows of counts, after pooling the rarest answers until
   * every expected count is at least 5 (the usual condition of the approximation); -1 when fewer than two answer
   * groups remain (nothing to test).
   */
  static double homogeneity(Map<String, Integer> a, Map<String, Integer> b) {
    Map<String, int[]> cells = new TreeMap<>();
    a.forEach((k, v) -> cells.computeIfAbsent(k, x -> new int[2])[0] += v);
    b.forEach((k, v) -> cells.computeIfAbsent(k, x -> new int[2])[1] += v);
    List<int[]> groups = new ArrayList<>(cells.values());
    groups.sort(Comparator.comparingInt(c -> c[0] + c[1]));
    double na = groups.stream().mapToInt(c -> c[0]).sum();
    double nb = groups.stream().mapToInt(c -> c[1]).sum();
    if (na == 0 || nb == 0) {
      return -1;
    }
    double n = na + nb;
    // pool the two rarest groups while any expected count is below 5
    while (groups.size() > 1 && Math.min(na, nb) * (groups.get(0)[0] + groups.get(0)[1]) / n < 5) {
      int[] rare = groups.remove(0);
      int[] next = groups.remove(0);
      int[] pooled = {rare[0] + next[0], rare[1] + next[1]};
      groups.add(pooled);
      groups.sort(Comparator.comparingInt(c -> c[0] + c[1]));
    }
    if (groups.size() < 2) {
      return -1;
    }
    double chi = 0;
    for (int[] c : groups) {
      double total = c[0] + c[1];
      double ea = na * total / n;
      double eb = nb * total / n;
      chi += (c[0] - ea) * (c[0] - ea) / ea + (c[1] - eb) * (c[1] - eb) / eb;
    }
    return Distributions.chiSquareUpperTail(chi, groups.size() - 1);
  }

  private static <K> Map<K, List<FieldInterview>> group(List<FieldInterview> interviews,
      java.util.function.Function<FieldInterview, K> key) {
    Map<K, List<FieldInterview>> groups = new LinkedHashMap<>();
    for (FieldInterview i : interviews) {
      groups.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
    }
    return groups;
  }
}
