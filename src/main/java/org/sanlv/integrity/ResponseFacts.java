package org.sanlv.integrity;

import java.time.Duration;
import java.util.Map;

/**
 * What the rules look at for one response.
 *
 * @param answers the stored (normalised) answers
 * @param duration from the page's first screen to the submit, or null when unknown (then no speeder flag)
 * @param questionMillis time spent per question, from the paradata (may be empty)
 * @param late submitted after the window closed
 * @param earlierFromDevice an earlier response of the survey has the same device token
 * @param earlierFromPhone an earlier response of the survey has the same phone
 * @param fromNetworkInWindow responses of the survey from the same network within the burst window, this one included
 */
public record ResponseFacts(Map<String, Object> answers, Duration duration, Map<String, Long> questionMillis, boolean late,
    boolean earlierFromDevice, boolean earlierFromPhone, long fromNetworkInWindow) {

  public ResponseFacts {
    answers = answers == null ? Map.of() : answers;
    questionMillis = questionMillis == null ? Map.of() : questionMillis;
  }
}
