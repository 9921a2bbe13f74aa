package org.sanlv.platform;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

public final class TestSupport {

  private TestSupport() {}

  /** The exception the call throws; fails the test when it throws none. */
  public static Throwable thrown(ThrowingCallable call) {
    try {
      call.call();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }
}
