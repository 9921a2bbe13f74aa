package org.sanlv.fieldwork.cati;

/** The default {@link Dialer}: no switch; nothing is placed, the interviewer dials the {@code tel:} link by hand. */
final class NoDialer implements Dialer {

  @Override
  public boolean dial(String interviewer, String number) {
    return false;
  }
}
