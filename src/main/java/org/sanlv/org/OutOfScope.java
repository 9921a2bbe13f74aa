package org.sanlv.org;

/** A request for something outside the caller's subtree, or needing a permission their role lacks (HTTP 403). */
public class OutOfScope extends RuntimeException {

  public OutOfScope(String what) {
    super("outside the caller's scope: " + what);
  }
}
