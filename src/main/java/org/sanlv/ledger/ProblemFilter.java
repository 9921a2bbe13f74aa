package org.sanlv.ledger;

import java.time.LocalDate;

/**
 * What a list of problems shows; every field may be null (no filter).
 *
 * @param areaCode problems whose area or owner is in this subtree (null: the caller's whole subtree)
 * @param ownerCode problems assigned to accounts of this node's subtree ("my unit")
 * @param assignee problems assigned to this account ("mine")
 * @param status one status, or {@code open} (new, assigned, in-progress, reopened)
 * @param category one category's code
 * @param source how the problems came in (visit, hotline, case-follow-up, survey-comment, other)
 * @param overdue true: only overdue problems; false: only those not overdue
 * @param from recorded on or after this China date
 * @param to recorded on or before this China date
 * @param page 0-based page of 50, newest first
 */
public record ProblemFilter(String areaCode, String ownerCode, String assignee, String status, String category,
    String source, Boolean overdue, LocalDate from, LocalDate to, int page) {

  /** A filter whatever the problems' source. */
  public ProblemFilter(String areaCode, String ownerCode, String assignee, String status, String category,
      Boolean overdue, LocalDate from, LocalDate to, int page) {
    this(areaCode, ownerCode, assignee, status, category, null, overdue, from, to, page);
  }

  /** Everything in the caller's subtree, first page. */
  public static ProblemFilter all() {
    return new ProblemFilter(null, null, null, null, null, null, null, null, 0);
  }
}
