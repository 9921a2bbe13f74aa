package org.sanlv.quiz;

import java.time.Duration;
import org.sanlv.platform.Refused;

/** A completion not counted, and why: the HTTP status and the message key the resident is shown. */
public class QuizRefused extends Refused {

  public enum Reason {
    /** This device's completion of this year is counted already (kindly said: it was counted before). */
    ALREADY_COUNTED(409, "quiz.error.alreadyCounted"),
    TOO_MANY(429, "quiz.error.tooMany"),
    /** The commit did not come in time; the same key again is safe. */
    BUSY(503, "quiz.error.busy");

    public final int status;
    public final String messageKey;

    Reason(int status, String messageKey) {
      this.status = status;
      this.messageKey = messageKey;
    }
  }

  private final Reason reason;

  QuizRefused(Reason reason, Duration retryAfter) {
    super(reason, reason.status, reason.messageKey, retryAfter);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
