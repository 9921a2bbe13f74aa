package org.sanlv.fieldwork;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys shared by every node, kept in the database and made on first use: one signs the public page's tokens, one
 * salts the hashes of device tokens, networks and phone numbers (an HMAC, so a hash cannot be reversed by trying
 * every phone number without the key, yet the same number always gives the same hash to find duplicates).
 */
@Component
class Secrets {

  private final JdbcClient jdbc;
  private volatile SecretKeySpec signing;
  private volatile SecretKeySpec salt;

  Secrets(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  byte[] sign(String text) {
    if (signing == null) {
      signing = load("page-token");
    }
    return mac(signing, text);
  }

  /** Salted hash of an identifying value, hex; {@code kind} keeps a phone's hash apart from a device's. */
  String hash(String kind, String value) {
    if (salt == null) {
      salt = load("hash-salt");
    }
    return HexFormat.of().formatHex(mac(salt, kind + ":" + value), 0, 20);
  }

  // Mac.getInstance looks up providers each time, and requests run on virtual threads (a thread-local would be
  // made anew for every request): initialised Macs are pooled per key instead.
  private final java.util.Map<SecretKeySpec, java.util.concurrent.ConcurrentLinkedQueue<Mac>> macs =
      new java.util.concurrent.ConcurrentHashMap<>();

  private byte[] mac(SecretKeySpec key, String text) {
    var pool = macs.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
    Mac mac = pool.poll();
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for its next use
    } finally {
      pool.offer(mac);
    }
  }

  private synchronized SecretKeySpec load(String name) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    jdbc.sql("insert into fieldwork_secret (name, value) values (:name, :value) on conflict (name) do nothing")
        .param("name", name).param("value", fresh).update();
    byte[] value = jdbc.sql("select value from fieldwork_secret where name = :name").param("name", name)
        .query(byte[].class).single();
    return new SecretKeySpec(value, "HmacSHA256");
  }
}
