package org.sanlv.quiz;

import java.time.Duration;
import java.util.Optional;

/** A completion not counted, and why: the HTTP status and the message key the resident is shown. */
public class QuizRefused extends RuntimeException {

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
  private final Duration retryAfter;

  QuizRefused(Reason reason, Duration retryAfter) {
    super(reason.name());
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
