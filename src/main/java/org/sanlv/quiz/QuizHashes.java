package org.sanlv.quiz;

import org.sanlv.platform.StoredHmac;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HMACs of device tokens and networks, so completions are counted once per device without keeping the token. The
 * quiz has its own key ({@code quiz-hash-salt}) in the fieldwork's key table: made on first use, shared by every
 * node, and apart from the online survey's key so the two stores cannot be joined on a device.
 */
@Component
class QuizHashes {

  private final StoredHmac key;

  QuizHashes(JdbcClient jdbc) {
    this.key = new StoredHmac(jdbc, "quiz-hash-salt");
  }

  /** Hex HMAC-SHA256 (first 20 bytes) of {@code kind:value}. */
  String hash(String kind, String value) {
    return key.hash(kind, value);
  }
}
