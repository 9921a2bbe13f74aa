package org.sanlv.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An HMAC-SHA256 key kept by name in the {@code fieldwork_secret} table, made on first use and shared by every node.
 * Salted hashes of identifying values (device tokens, networks, phone numbers) use it: the same value always gives
 * the same hash to find duplicates, yet without the key a hash cannot be reversed by trying every value.
 */
public final class StoredHmac {

  private final JdbcClient jdbc;
  private final String name;
  private volatile SecretKeySpec key;
  // Mac.getInstance looks up providers each time, and requests run on virtual threads (a thread-local would be
  // made anew for every request): initialised Macs are pooled instead.
  private final ConcurrentLinkedQueue<Mac> macs = new ConcurrentLinkedQueue<>();

  /** The key stored under {@code name}; its value, once made, never changes, so stored hashes stay valid. */
  public StoredHmac(JdbcClient jdbc, String name) {
    this.jdbc = jdbc;
    this.name = name;
  }

  /** HMAC-SHA256 of the UTF-8 bytes of {@code text}. */
  public byte[] mac(String text) {
    if (key == null) {
      key = load();
    }
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
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for its next use
    } finally {
      macs.offer(mac);
    }
  }

  /** Salted hash of an identifying value: hex of the first 20 bytes of the HMAC of {@code kind:value}. */
  public String hash(String kind, String value) {
    return HexFormat.of().formatHex(mac(kind + ":" + value), 0, 20);
  }

  private synchronized SecretKeySpec load() {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    jdbc.sql("insert into fieldwork_secret (name, value) values (:name, :value) on conflict (name) do nothing")
        .param("name", name).param("value", fresh).update();
    byte[] value = jdbc.sql("select value from fieldwork_secret where name = :name").param("name", name)
        .query(byte[].class).single();
    return new SecretKeySpec(value, "HmacSHA256");
  }
}
