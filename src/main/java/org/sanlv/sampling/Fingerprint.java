package org.sanlv.sampling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over canonical rows: the fields of each row joined by the unit separator U+001F, each row ended by a
 * line feed, rows in a fixed order chosen by the frame (by id), UTF-8. Two frames with the same rows in any
 * file order, any column order and any encoding have the same fingerprint.
 */
final class Fingerprint {

  private final MessageDigest digest;
  private final StringBuilder row = new StringBuilder();

  Fingerprint(String kind) {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    add(kind);
  }

  Fingerprint add(Object... fields) {
    row.setLength(0);
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        row.append('\u001f');
      }
      row.append(fields[i] == null ? "" : fields[i]);
    }
    row.append('\n');
    digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A stable 64-bit value of a text (first 8 bytes of its SHA-256), to derive a stratum's random stream. */
  static long hash64(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The random stream of one stratum: independent of the other strata, so adding a stratum changes no other. */
  static Xoshiro256StarStar streamFor(long seed, String design, String stratum) {
    long[] x = {seed ^ hash64(design + '\u001f' + stratum)};
    return Xoshiro256StarStar.seeded(Xoshiro256StarStar.splitMix64(x));
  }
}
