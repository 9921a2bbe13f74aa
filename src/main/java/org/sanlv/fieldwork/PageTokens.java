package org.sanlv.fieldwork;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The public page's signed token: which survey, and when the respondent opened the page (server time). It is
 * the public submit's defence against cross-site requests instead of Spring's session CSRF token (the page
 * has no session, so that nodes keep no state and a visit costs no session write): a forged cross-site request
 * cannot read the token, and the submit only accepts {@code application/json}, which a cross-site form cannot
 * send without a CORS preflight that we never grant. The opening time also decides "late" and the speeder rule.
 */
@Component
class PageTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Secrets secrets;

  PageTokens(Secrets secrets) {
    this.secrets = secrets;
  }

  String issue(long surveyId, Instant openedAt) {
    byte[] nonce = new byte[9];
    RANDOM.nextBytes(nonce);
    String body = surveyId + "." + openedAt.toEpochMilli() + "." + B64.encodeToString(nonce);
    return body + "." + B64.encodeToString(secrets.sign(body)).substring(0, 32);
  }

  /** When the page was opened, if the token is genuine and made for this survey. */
  Optional<Instant> openedAt(String token, long surveyId) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String body = token.substring(0, dot);
    String expected = B64.encodeToString(secrets.sign(body)).substring(0, 32);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    String[] parts = body.split("\\.");
    if (parts.length != 3 || !parts[0].equals(Long.toString(surveyId))) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
