package org.sanlv.fieldwork;

import org.sanlv.platform.StoredHmac;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys shared by every node, kept in the database and made on first use: one signs the public page's tokens, one
 * salts the hashes of device tokens, networks and phone numbers (an HMAC, so a hash cannot be reversed by trying
 * every phone number without the key, yet the same number always gives the same hash to find duplicates).
 */
@Component
class Secrets {

  private final StoredHmac signing;
  private final StoredHmac salt;

  Secrets(JdbcClient jdbc) {
    this.signing = new StoredHmac(jdbc, "page-token");
    this.salt = new StoredHmac(jdbc, "hash-salt");
  }

  byte[] sign(String text) {
    return signing.mac(text);
  }

  /** Salted hash of an identifying value, hex; {@code kind} keeps a phone's hash apart from a device's. */
  String hash(String kind, String value) {
    return salt.hash(kind, value);
  }
}
