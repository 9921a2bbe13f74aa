package org.sanlv.fieldwork.cati;

/**
 * Phone numbers as people other than the interviewer holding the case see them: {@code 138****5678}. A raw number
 * is personal data; it is shown only to the interviewer who dials it, while they hold it.
 */
public final class CatiNumbers {

  private CatiNumbers() {}

  /**
   * The number with its middle hidden: the first three and last four digits of numbers of eight digits or more
   * ({@code 13812345678} → {@code 138****5678}, {@code 057112345678} → {@code 057****5678}), only the last two of
   * shorter ones; null or blank gives an empty text.
   */
  public static String mask(String number) {
    if (number == null || number.isBlank()) {
      return "";
    }
    String n = number.strip();
    if (n.length() >= 8) {
      return n.substring(0, 3) + "****" + n.substring(n.length() - 4);
    }
    if (n.length() > 2) {
      return "*".repeat(n.length() - 2) + n.substring(n.length() - 2);
    }
    return "*".repeat(n.length());
  }

  /**
   * A number as typed by a supervisor, reduced to its digits ({@code 0571-1234 5678} → {@code 057112345678}); null
   * when it is not 5 to 15 digits once spaces, dashes and a leading {@code +86} are taken out.
   */
  public static String normalize(String typed) {
    if (typed == null) {
      return null;
    }
    String n = typed.strip().replace(" ", "").replace("-", "").replace("(", "").replace(")", "");
    if (n.startsWith("+86")) {
      n = n.substring(3);
    }
    return n.matches("[0-9]{5,15}") ? n : null;
  }
}
