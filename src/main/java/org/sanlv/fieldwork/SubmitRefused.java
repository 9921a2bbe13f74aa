package org.sanlv.fieldwork;

import java.util.List;

/**
 * A submit refused for a reason that is not bad input: the survey is closed, this respondent has already
 * answered, too many submits, or the commit was not confirmed in time (then a retry with the same key is safe).
 */
public class SubmitRefused extends RuntimeException {

  /** Why, with the HTTP status the public endpoint answers. */
  public enum Reason {
    CLOSED(403, "fieldwork.refused.closed"),
    ALREADY_ANSWERED(409, "fieldwork.refused.alreadyAnswered"),
    TOO_MANY(429, "fieldwork.refused.tooMany"),
    NOT_CONFIRMED(503, "fieldwork.refused.notConfirmed");

    public final int status;
    public final String messageKey;

    Reason(int status, String messageKey) {
      this.status = status;
      this.messageKey = messageKey;
    }
  }

  private final Reason reason;
  private final List<Object> args;

  public SubmitRefused(Reason reason, Object... args) {
    super(reason.name());
    this.reason = reason;
    this.args = List.of(args);
  }

  public Reason reason() {
    return reason;
  }

  public List<Object> args() {
    return args;
  }
}
