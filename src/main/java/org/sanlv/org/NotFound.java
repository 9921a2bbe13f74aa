package org.sanlv.org;

/** A named thing (area, unit, user…) that does not exist (HTTP 404). */
public class NotFound extends RuntimeException {

  public NotFound(String what) {
    super("not found: " + what);
  }
}
