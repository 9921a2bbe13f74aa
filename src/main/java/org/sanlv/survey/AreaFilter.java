package org.sanlv.survey;

import java.util.Set;

/**
 * Which areas' rows of a survey a caller may see: every area, or only those of a set of county and town codes.
 * Exports and results apply it to each row by the row's county (or town) code.
 *
 * @param all whether every row is visible (the caller's scope covers the survey's target area)
 * @param codes otherwise, the county and town codes of the caller's subtree
 */
public record AreaFilter(boolean all, Set<String> codes) {

  public static final AreaFilter ALL = new AreaFilter(true, Set.of());

  public boolean includes(String areaCode) {
    return all || (areaCode != null && codes.contains(areaCode));
  }

  /** How the audit log records it: {@code all} or the codes. */
  public String describe() {
    return all ? "all" : String.join(" ", new java.util.TreeSet<>(codes));
  }
}
