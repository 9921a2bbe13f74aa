package org.sanlv.campaign;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Sends a reminder that a unit's monthly activity report is due. The platform ships
 * {@link LoggingReminderSender} (writes to the log); a deployment provides its own bean (SMS, DingTalk, WeChat Work)
 * and it replaces the logging one. Each reminder is sent once per unit, month and reminder.
 */
public interface ReminderSender {

  /** Tells the unit's people that the report for {@code month} is due on {@code dueOn}. */
  void remind(String unitCode, String unitName, String campaignName, YearMonth month, LocalDate dueOn);
}
