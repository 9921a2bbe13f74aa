package org.sanlv.integrity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the integrity flags.
 *
 * @param secondsPerQuestion reading time per question shown below which a response is a speeder
 * @param minSpeederSeconds the speeder threshold is never below this
 * @param burstWindow window over which responses of one network are counted
 * @param burstThreshold more responses than this from one network within the window are flagged
 * @param straightLineMinItems rating items needed before straight-lining is judged
 * @param capi the rules over household and intercept interviews (see {@link FieldworkRules})
 */
@ConfigurationProperties("sanlv.integrity")
record IntegritySettings(
    @DefaultValue("2.0") double secondsPerQuestion,
    @DefaultValue("20") int minSpeederSeconds,
    @DefaultValue("10m") Duration burstWindow,
    @DefaultValue("20") int burstThreshold,
    @DefaultValue("4") int straightLineMinItems,
    @DefaultValue Capi capi) {

  IntegritySettings {
    capi = capi == null ? Capi.defaults() : capi;
  }

  /**
   * The fieldwork (CAPI) falsification rules, {@code sanlv.integrity.capi.*}.
   *
   * @param secondsPerQuestion an interview shorter than this many seconds per answered question is flagged
   *     {@code capi_fast} (reading a question aloud and hearing the answer takes longer)
   * @param minSeconds the pace threshold is never below this
   * @param gpsMaxKm an interview whose position is farther than this from its block or site is {@code capi_gps_far}
   * @param gpsMaxAccuracyMeters the device's stated accuracy is granted up to this many metres
   * @param duplicateAgreement two interviews are near-identical when at least this share of the closed questions
   *     answered in either has the same answer in both
   * @param duplicateMinQuestions closed questions (answered in either) needed before two interviews are compared
   * @param duplicateMinCluster near-identical interviews of one interviewer (the first included) needed for a flag
   * @param duplicateAlpha the cluster is flagged when that many matches would happen by chance with probability
   *     below this, given how often the same answers occur among the other interviewers of the county
   * @param overlapTolerance two interviews of one interviewer overlapping in time by more than this are flagged
   *     {@code capi_same_minute} (as are two starting in the same minute)
   * @param outlierMinInterviews interviews an interviewer, and the others of the county together, need before
   *     their answer distributions are compared
   * @param outlierAlpha the family-wise false-positive rate per interviewer of the answer-distribution test
   *     (chi-square per single-choice question, Bonferroni over the questions)
   * @param clockSkew a device clock off by more than this at sync is flagged {@code capi_clock_skew}
   */
  record Capi(
      @DefaultValue("4.0") double secondsPerQuestion,
      @DefaultValue("60") int minSeconds,
      @DefaultValue("2.0") double gpsMaxKm,
      @DefaultValue("500") double gpsMaxAccuracyMeters,
      @DefaultValue("0.95") double duplicateAgreement,
      @DefaultValue("8") int duplicateMinQuestions,
      @DefaultValue("5") int duplicateMinCluster,
      @DefaultValue("0.0001") double duplicateAlpha,
      @DefaultValue("60s") Duration overlapTolerance,
      @DefaultValue("20") int outlierMinInterviews,
      @DefaultValue("0.001") double outlierAlpha,
      @DefaultValue("30m") Duration clockSkew) {

    static Capi defaults() {
      return new Capi(4.0, 60, 2.0, 500, 0.95, 8, 5, 1e-4, Duration.ofSeconds(60), 20, 0.001, Duration.ofMinutes(30));
    }
  }
}
