package org.sanlv.campaign;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Development reminders: logged, nothing sent; the last ones are kept for tests. */
public class LoggingReminderSender implements ReminderSender {

  private static final Logger log = LoggerFactory.getLogger(LoggingReminderSender.class);
  private final List<String> sent = new CopyOnWriteArrayList<>();

  @Override
  public void remind(String unitCode, String unitName, String campaignName, YearMonth month, LocalDate dueOn) {
    sent.add(unitCode + " " + month + " " + dueOn);
    log.info("reminder (logging sender, nothing sent): {} {} — {} report for {} due on {}", unitCode, unitName,
        campaignName, month, dueOn);
  }

  /** What was "sent": "unit month due" lines (development and tests only). */
  public List<String> sent() {
    return List.copyOf(sent);
  }
}
