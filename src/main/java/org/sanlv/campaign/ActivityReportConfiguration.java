package org.sanlv.campaign;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.sanlv.org.ScopeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/** The reports' scope targets, the reminder sender (logging unless a deployment gives one) and the reminder job. */
@Configuration
class ActivityReportConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ActivityReportConfiguration.class);

  // {campaignId} is the campaign module's target (CampaignScopeTargets): readable from below its area

  /** A report belongs to its unit. */
  @Bean
  ScopeTarget reportIdTarget(ActivityReportRepository reports) {
    return ScopeTarget.of("reportId", value -> {
      try {
        return reports.reportPath(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /** The responsible unit (town/street or department) a report is of. */
  @Bean
  ScopeTarget unitTarget(JdbcClient jdbc) {
    return ScopeTarget.of("unit", value -> jdbc.sql("select path from org_node where code = ?").param(value)
        .query(String.class).optional());
  }

  /** A month (2026-10) names nothing in the tree: it is read from anywhere below the root. */
  @Bean
  ScopeTarget monthTarget(JdbcClient jdbc) {
    return ScopeTarget.sharedDownward("month", value -> {
      try {
        YearMonth.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
      return jdbc.sql("select path from org_node where level = 'root'").query(String.class).optional();
    });
  }

  @Bean
  @ConditionalOnMissingBean(ReminderSender.class)
  LoggingReminderSender loggingReminderSender() {
    return new LoggingReminderSender();
  }

  @Bean
  ActivityReminders activityReminders(ActivityReportService reports, ReminderSender sender,
      @Value("${sanlv.campaign.report-reminder-days:3,1}") List<Integer> days) {
    return new ActivityReminders(reports, sender, days);
  }

  /** Sends the reports' reminders; the table of what was sent keeps each to once across nodes and restarts. */
  static class ActivityReminders {
    private final ActivityReportService reports;
    private final ReminderSender sender;
    private final List<Integer> days;

    ActivityReminders(ActivityReportService reports, ReminderSender sender, List<Integer> days) {
      this.reports = reports;
      this.sender = sender;
      this.days = days;
    }

    @Scheduled(initialDelayString = "${sanlv.campaign.report-reminder-every-ms:3600000}",
        fixedDelayString = "${sanlv.campaign.report-reminder-every-ms:3600000}")
    public void run() {
      int sent = reports.sendReminders(days, sender);
      if (sent > 0) {
        log.info("activity reports: {} reminders sent", sent);
      }
    }
  }
}
