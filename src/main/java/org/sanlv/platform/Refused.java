package org.sanlv.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * A public request refused for a reason that is not bad input (closed, already counted, too many, not confirmed in
 * time): the HTTP status and message key of the reason, and optionally when to try again ({@code Retry-After}).
 * Each module keeps its reasons in its own enum; {@link JsonPosts#refused} answers it.
 */
public abstract class Refused extends RuntimeException {

  private final int status;
  private final String messageKey;
  private final Duration retryAfter;

  protected Refused(Enum<?> reason, int status, String messageKey, Duration retryAfter) {
    super(reason.name());
    this.status = status;
    this.messageKey = messageKey;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status the public endpoint answers. */
  public int status() {
    return status;
  }

  /** The message key of the sentence the caller is shown. */
  public String messageKey() {
    return messageKey;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
