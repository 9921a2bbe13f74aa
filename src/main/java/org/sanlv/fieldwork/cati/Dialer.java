package org.sanlv.fieldwork.cati;

/**
 * Click-to-dial: how the interviewer screen places a call. There is no telephone switch in the product; the default
 * ({@link NoDialer}, {@code sanlv.cati.dialer=none}) places nothing and the screen shows a {@code tel:} link the
 * interviewer dials on a handset or softphone. A switch integration (Asterisk AMI {@code Originate}, FreeSWITCH ESL
 * {@code bgapi originate}) is another bean of this interface selected by the same setting; it reports what the
 * switch saw (answered, busy, no answer) only as a suggested disposition that the interviewer confirms. An
 * implementation never pretends a call was placed: {@link #dial} is false unless a switch accepted it.
 */
public interface Dialer {

  /**
   * Asks a switch to call {@code number} for {@code interviewer} (ring the agent's extension, then the number).
   *
   * @return true when a switch accepted the call; false when nothing was placed and the interviewer dials by hand
   */
  boolean dial(String interviewer, String number);

  /** The number as a {@code tel:} URI for the interviewer's handset or softphone (digits and a leading + only). */
  default String telUri(String number) {
    StringBuilder digits = new StringBuilder();
    if (number != null) {
      String s = number.strip();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if ((c >= '0' && c <= '9') || (c == '+' && digits.isEmpty())) {
          digits.append(c);
        }
      }
    }
    return "tel:" + digits;
  }
}
