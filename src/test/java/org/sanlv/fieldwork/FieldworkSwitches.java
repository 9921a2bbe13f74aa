package org.sanlv.fieldwork;

/** For tests outside this package (the browser tests): switches phone verification on the running application. */
public final class FieldworkSwitches {

  private FieldworkSwitches() {}

  public static void requireSms(FieldworkService fieldwork, boolean required) {
    fieldwork.requireSms(required);
  }
}
