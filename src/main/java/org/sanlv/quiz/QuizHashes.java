package org.sanlv.quiz;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * HMACs of device tokens and networks, so completions are counted once per device without keeping the token. The
 * quiz has its own key ({@code quiz-hash-salt}) in the fieldwork's key table: made on first use, shared by every
 * node, and apart from the online survey's key so the two stores cannot be joined on a device.
 */
@Component
class QuizHashes {

  private final JdbcClient jdbc;
  private volatile SecretKeySpec key;

  QuizHashes(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Hex HMAC-SHA256 (first 20 bytes) of {@code kind:value}. */
  String hash(String kind, String value) {
    if (key == null) {
      key = load();
    }
    // Mac.getInstance looks up providers each time and requests may run on virtual threads: initialised Macs pooled
    Mac mac = macs.poll();
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return HexFormat.of().formatHex(mac.doFinal((kind + ":" + value).getBytes(StandardCharsets.UTF_8)), 0, 20);
    } finally {
      macs.offer(mac); // doFinal resets it for its next use
    }
  }

  private final java.util.concurrent.ConcurrentLinkedQueue<Mac> macs = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private synchronized SecretKeySpec load() {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    jdbc.sql("insert into fieldwork_secret (name, value) values ('quiz-hash-salt', :value) on conflict (name) do nothing")
        .param("value", fresh).update();
    byte[] value = jdbc.sql("select value from fieldwork_secret where name = 'quiz-hash-salt'").query(byte[].class).single();
    return new SecretKeySpec(value, "HmacSHA256");
  }
}
