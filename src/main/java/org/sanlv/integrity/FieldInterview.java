package org.sanlv.integrity;

import java.time.Instant;
import java.util.Map;

/**
 * What the fieldwork (CAPI) rules look at for one household or intercept interview.
 *
 * @param id the response's id
 * @param interviewer the interviewer's username
 * @param county the county code (interviewers are compared with the others of the same county)
 * @param closed the answers to closed questions (select_one as the choice code, select_multiple as the sorted codes
 *     joined by a space), by question name; unanswered questions are absent
 * @param answered how many questions the stored answers hold (the pace rule's count)
 * @param startedAt device time the interview started, or null
 * @param endedAt device time it ended, or null
 * @param latitude where the device was (degrees), or null when the interviewer did not allow it
 * @param longitude as above
 * @param accuracyMeters the device's stated accuracy of that position, or null
 * @param siteLatitude the sampled block's or intercept site's location, or null when the frame gave none
 * @param siteLongitude as above
 * @param clockSkewSeconds device time at sync minus server time, or null when unknown
 */
record FieldInterview(long id, String interviewer, String county, Map<String, String> closed, int answered,
    Instant startedAt, Instant endedAt, Double latitude, Double longitude, Double accuracyMeters, Double siteLatitude,
    Double siteLongitude, Long clockSkewSeconds) {

  FieldInterview {
    closed = closed == null ? Map.of() : Map.copyOf(closed);
  }

  /** Seconds from start to end, or -1 when either is unknown. */
  long seconds() {
    return startedAt == null || endedAt == null ? -1 : java.time.Duration.between(startedAt, endedAt).toSeconds();
  }
}
