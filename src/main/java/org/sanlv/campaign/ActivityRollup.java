package org.sanlv.campaign;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * One month's reports of a campaign summed under an area: a row per child of the area (a county's towns and
 * departments, a province's counties), with how many responsible units there are, who has not reported and who
 * reported late. Only submitted reports count (returned and accepted ones included: they were submitted).
 */
public record ActivityRollup(long campaignId, String campaignName, String areaCode, String areaName,
    YearMonth month, LocalDate dueOn, List<YearMonth> months, List<Row> rows, Row total) {

  /**
   * @param sums the numeric fields in {@link ActivityReport.Counts#NUMBERS} order
   * @param missingNames the first missing units' names (up to {@value ActivityReportRepository#NAMES_SHOWN})
   * @param unitReport whether the row is a single reporting unit (its form can be opened)
   */
  public record Row(String code, String name, long units, long submitted, long accepted, long missing, long late,
      long[] sums, List<String> missingNames, List<String> lateNames, boolean unitReport, String status) {}
}
