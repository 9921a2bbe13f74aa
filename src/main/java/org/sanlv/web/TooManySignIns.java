package org.sanlv.web;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused before its password was looked at: the name or the network must wait (HTTP 429). */
class TooManySignIns extends AuthenticationException {

  private final long retryAfterSeconds;

  TooManySignIns(long retryAfterSeconds) {
    super("too many sign-in attempts; retry after " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
