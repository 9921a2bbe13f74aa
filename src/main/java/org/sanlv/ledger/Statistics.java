package org.sanlv.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The ledger's figures for an area over a period, per month (China time) × child area (a county's towns, a
 * province's counties, a town's villages and units) × category, with the margins.
 *
 * <p>Each figure is counted in the month of its own event: {@code recorded} in the month the problem was recorded
 * (and {@code open}, {@code overdue} — how many of those are still being worked, or past their deadline, now);
 * {@code resolved} and the median days from recording to resolution in the month of the resolution; {@code closed}
 * and the satisfaction answers in the month of the closing. A reopened problem counts again when it is resolved
 * again.
 *
 * @param months {@code 2026-11}, … every month of the period, oldest first
 * @param areas the child areas that have problems (and the area itself when problems are recorded on it)
 * @param cells one per month × area × category that has any figure
 * @param byMonth margins per month; {@code byArea} per area; {@code byCategory} per category; {@code total} all
 */
public record Statistics(String areaCode, String areaName, LocalDate from, LocalDate to, List<String> months,
    List<Area> areas, List<Category> categories, List<Cell> cells, List<Cell> byMonth, List<Cell> byArea,
    List<Cell> byCategory, Cell total) {

  /** A child area of the statistics. */
  public record Area(String code, String name) {}

  /**
   * The figures of one cell; {@code month}, {@code areaCode} or {@code category} are null in the margins.
   *
   * @param medianDaysToResolve median of the days from recording to resolution, null when nothing was resolved
   * @param satisfaction answer (satisfied, basically-satisfied, dissatisfied, unreachable, declined) → count
   */
  public record Cell(String month, String areaCode, String category, long recorded, long resolved, long closed,
      long open, long overdue, Double medianDaysToResolve, Map<String, Long> satisfaction) {}
}
