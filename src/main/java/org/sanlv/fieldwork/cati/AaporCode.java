package org.sanlv.fieldwork.cati;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The final disposition codes of AAPOR's Standard Definitions for RDD telephone surveys of households (9th edition,
 * 2016, Table 1 "Final Disposition Codes for RDD Telephone Surveys", p. 74; the codes are explained in the section
 * "RDD Telephone Surveys of Households", pp. 13–21). Each code belongs to one of the groups the outcome rates count:
 * {@link Category}. Labels are in the bundles under {@code cati.code.<code>}.
 *
 * <p>Codes are written as AAPOR writes them ({@code 2.10}, {@code 4.30}); {@link #parse} reads them as decimals, so
 * {@code 4.3} and {@code 4.30} are the same code.
 */
public enum AaporCode {
  // 1 Interview
  COMPLETE("1.1", Category.I),
  PARTIAL("1.2", Category.P),
  // 2 Eligible, non-interview: 2.1 refusal and break-off
  REFUSAL_AND_BREAK_OFF("2.10", Category.R),
  REFUSAL("2.11", Category.R),
  HOUSEHOLD_REFUSAL("2.111", Category.R),
  RESPONDENT_REFUSAL("2.112", Category.R),
  BREAK_OFF("2.12", Category.R),
  // 2.2 non-contact
  NON_CONTACT("2.20", Category.NC),
  RESPONDENT_NEVER_AVAILABLE("2.21", Category.NC),
  ANSWERING_DEVICE_HOUSEHOLD("2.22", Category.NC),
  ANSWERING_DEVICE_MESSAGE_LEFT("2.221", Category.NC),
  ANSWERING_DEVICE_NO_MESSAGE("2.222", Category.NC),
  // 2.3 other
  OTHER_ELIGIBLE("2.30", Category.O),
  DEAD("2.31", Category.O),
  UNABLE("2.32", Category.O),
  LANGUAGE("2.33", Category.O),
  HOUSEHOLD_LANGUAGE("2.331", Category.O),
  RESPONDENT_LANGUAGE("2.332", Category.O),
  NO_LANGUAGE_INTERVIEWER("2.333", Category.O),
  AUDIO_QUALITY("2.34", Category.O),
  LOCATION_NOT_ALLOWING("2.35", Category.O),
  MISCELLANEOUS("2.36", Category.O),
  // 3 Unknown eligibility, non-interview: 3.1 unknown if housing unit
  UNKNOWN_HOUSING_UNIT("3.10", Category.UH),
  NOT_ATTEMPTED("3.11", Category.UH),
  ALWAYS_BUSY("3.12", Category.UH),
  NO_ANSWER("3.13", Category.UH),
  ANSWERING_DEVICE_UNKNOWN("3.14", Category.UH),
  CALL_BLOCKING("3.15", Category.UH),
  TECHNICAL_PROBLEMS("3.16", Category.UH),
  AMBIGUOUS_OPERATOR_MESSAGE("3.161", Category.UH),
  // 3.2 housing unit, unknown if an eligible respondent; 3.9 other
  UNKNOWN_ELIGIBLE_RESPONDENT("3.20", Category.UO),
  NO_SCREENER("3.21", Category.UO),
  UNKNOWN_OTHER("3.90", Category.UO),
  // 4 Not eligible
  OUT_OF_SAMPLE("4.10", Category.NE),
  FAX_DATA_LINE("4.20", Category.NE),
  NON_WORKING_OR_DISCONNECTED("4.30", Category.NE),
  NON_WORKING("4.31", Category.NE),
  DISCONNECTED("4.32", Category.NE),
  TEMPORARILY_OUT_OF_SERVICE("4.33", Category.NE),
  SPECIAL_TECHNOLOGY("4.40", Category.NE),
  NUMBER_CHANGED("4.41", Category.NE),
  CELL_PHONE("4.42", Category.NE),
  CALL_FORWARDING("4.43", Category.NE),
  FORWARDING_RESIDENCE("4.431", Category.NE),
  FORWARDING_NON_RESIDENCE("4.432", Category.NE),
  PAGER("4.44", Category.NE),
  NON_RESIDENCE("4.50", Category.NE),
  BUSINESS("4.51", Category.NE),
  INSTITUTION("4.52", Category.NE),
  GROUP_QUARTERS("4.53", Category.NE),
  NOT_HOUSEHOLD_RESIDENT("4.54", Category.NE),
  NO_ELIGIBLE_RESPONDENT("4.70", Category.NE),
  QUOTA_FILLED("4.80", Category.NE),
  OTHER_NOT_ELIGIBLE("4.90", Category.NE);

  /**
   * The groups of the outcome-rate formulas (Standard Definitions 2016, "Calculating rates from response
   * distributions", p. 60): I complete, P partial, R refusal and break-off, NC non-contact, O other eligible
   * non-interview, UH unknown if household, UO unknown other, NE not eligible.
   */
  public enum Category { I, P, R, NC, O, UH, UO, NE }

  // "4.31", "2.111": one digit, a point, one to three digits (a fourth is tolerated when it is a trailing zero)
  private static final Pattern SHAPE = Pattern.compile("[1-4]\\.[0-9]{1,4}");
  private static final Map<BigDecimal, AaporCode> BY_VALUE = new HashMap<>();

  static {
    for (AaporCode c : values()) {
      BY_VALUE.put(new BigDecimal(c.code).stripTrailingZeros(), c);
    }
  }

  private final String code;
  private final Category category;

  AaporCode(String code, Category category) {
    this.code = code;
    this.category = category;
  }

  /** The code of the catalog written as {@code s} ({@code 4.3} and {@code 4.30} alike), empty when there is none. */
  public static Optional<AaporCode> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    String t = s.strip();
    if (!SHAPE.matcher(t).matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_VALUE.get(new BigDecimal(t).stripTrailingZeros()));
  }

  /** The code as AAPOR writes it, e.g. {@code 2.111} or {@code 4.30}. */
  public String code() {
    return code;
  }

  public Category category() {
    return category;
  }

  /** The bundle key of the code's label: {@code cati.code.<code>}. */
  public String messageKey() {
    return "cati.code." + code;
  }
}
