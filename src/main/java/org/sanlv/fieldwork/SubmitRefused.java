package org.sanlv.fieldwork;

import java.time.Duration;
import java.util.List;
import org.sanlv.platform.Refused;

/**
 * A submit (or an SMS code) refused for a reason that is not bad input: the survey is closed, this respondent has
 * already answered, too many requests (with when to come back), phone verification is off, or the commit or the
 * SMS was not confirmed in time (then a retry with the same key is safe).
 */
public class SubmitRefused extends Refused {

  /** Why, with the HTTP status the public endpoint answers. */
  public enum Reason {
    CLOSED(403, "fieldwork.refused.closed"),
    ALREADY_ANSWERED(409, "fieldwork.refused.alreadyAnswered"),
    TOO_MANY(429, "fieldwork.refused.tooMany"),
    NOT_CONFIRMED(503, "fieldwork.refused.notConfirmed"),
    /** Phone verification is off ({@code sanlv.fieldwork.sms-required=false}): no code is ever sent. */
    SMS_OFF(404, "fieldwork.refused.smsOff"),
    /** One code per number and network within a minute. */
    SMS_TOO_SOON(429, "fieldwork.refused.smsTooSoon"),
    /** The day's codes of this number, network or survey are used up (China calendar day). */
    SMS_TODAY(429, "fieldwork.refused.smsToday"),
    /** The SMS provider refused or did not answer. */
    SMS_NOT_SENT(503, "fieldwork.refused.smsNotSent");

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
    this(reason, null, List.of(args));
  }

  private SubmitRefused(Reason reason, Duration retryAfter, List<Object> args) {
    super(reason, reason.status, reason.messageKey, retryAfter);
    this.reason = reason;
    this.args = args;
  }

  /** A refusal that says when to try again (HTTP {@code Retry-After}). */
  public static SubmitRefused retryAfter(Reason reason, Duration wait) {
    return new SubmitRefused(reason, wait, List.of());
  }

  public Reason reason() {
    return reason;
  }

  public List<Object> args() {
    return args;
  }
}
