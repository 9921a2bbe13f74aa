package org.sanlv.fieldwork;

import java.security.SecureRandom;

/**
 * The receipt a respondent is shown after a submit: 12 random characters in groups of four ({@code 7KQ3-M9XA-PT4W}),
 * from an alphabet without the look-alikes 0/O and 1/I/L, so it can be read out over the phone. About 59 bits: a
 * receipt cannot be guessed, and unlike the row number it says nothing about how many responses came before.
 */
final class Receipts {

  static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Receipts() {}

  static String next() {
    StringBuilder sb = new StringBuilder(14);
    for (int i = 0; i < 12; i++) {
      if (i == 4 || i == 8) {
        sb.append('-');
      }
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
