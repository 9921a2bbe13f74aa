package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.campaign.ActivityReport.Counts;
import org.sanlv.campaign.ActivityReport.Status;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Monthly activity reports (seed 1, appendix 7): states, history, scope, bad input, roll-up, reminders, Excel. */
@IntegrationTest
class ActivityReportTest {

  static final YearMonth OCTOBER = YearMonth.of(2026, 10);

  @Autowired ActivityReportService reports;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Scope town;
  Scope county;
  Scope province;
  Scope reporter;
  long campaign;

  @BeforeEach
  void campaign() {
    TestAccounts.ensure(org, users);
    town = users.scopeOf("t-town-officer").orElseThrow();
    county = users.scopeOf("t-county-admin").orElseThrow();
    province = users.scopeOf("t-province-admin").orElseThrow();
    reporter = users.scopeOf("t-unit-reporter").orElseThrow();
    campaign = jdbc.sql("""
        insert into campaign (area_code, year, name, starts_on, ends_on, created_by)
        values (?, 2026, ?, date '2026-09-01', date '2026-12-31', 't-county-admin') returning id""")
        .params(TestAccounts.SHANGYU, "平安宣传 " + UUID.randomUUID()).query(Long.class).single();
    clock.set(Instant.parse("2026-10-20T02:00:00Z"));
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  static Counts counts(int households, int banners, String description) {
    return new Counts(households, 10, banners, 1, 2, 300, 40, 1, "", description, List.of());
  }

  @Test
  void aReportGoesFromDraftToSubmittedReturnedResubmittedAndAcceptedKeepingEveryChange() {
    ActivityReport draft = reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(100, 3, "走访"), false);
    assertThat(draft.status()).isEqualTo(Status.DRAFT);
    assertThat(draft.history()).isEmpty();

    ActivityReport submitted = reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(120, 3, "走访"), true);
    assertThat(submitted.status()).isEqualTo(Status.SUBMITTED);
    assertThat(submitted.late()).isFalse();

    assertThatThrownBy(() -> reports.returnReport(county, submitted.id(), " ")).isInstanceOf(InputRejected.class);
    ActivityReport returned = reports.returnReport(county, submitted.id(), "横幅数量与照片不符");
    assertThat(returned.status()).isEqualTo(Status.RETURNED);
    assertThat(returned.returnComment()).isEqualTo("横幅数量与照片不符");

    ActivityReport fixed = reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(120, 2, "走访"), true);
    assertThat(fixed.status()).isEqualTo(Status.RESUBMITTED);
    assertThat(fixed.history()).extracting(ActivityReport.Change::action)
        .containsExactly("submit", "return", "resubmit");
    assertThat(fixed.history().get(2).actor()).isEqualTo("t-town-officer");
    assertThat(fixed.history().get(2).changesJson()).contains("\"banners\": [3, 2]");

    ActivityReport accepted = reports.accept(county, fixed.id());
    assertThat(accepted.status()).isEqualTo(Status.ACCEPTED);
    assertThat(accepted.reviewedBy()).isEqualTo("t-county-admin");
  }

  @Nested
  class BadInput {

    @Test
    void aMonthOutsideTheCampaignIsRefusedAndNothingIsStored() {
      assertThatThrownBy(() -> reports.save(town, campaign, TestAccounts.BAIGUAN, YearMonth.of(2026, 8),
          counts(1, 1, ""), true)).isInstanceOf(InputRejected.class)
          .satisfies(e -> assertThat(((InputRejected) e).problems().get(0).messageKey())
              .isEqualTo("campaign.report.error.month"));
      assertThatThrownBy(() -> reports.save(town, campaign, TestAccounts.BAIGUAN, YearMonth.of(2027, 10),
          counts(1, 1, ""), true)).isInstanceOf(InputRejected.class);
      assertThat(stored()).isZero();
    }

    @Test
    void negativeCountsAreRefusedAndTheSavedReportIsKept() {
      reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(50, 1, "原样"), true);
      assertThatThrownBy(() -> reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(-5, 1, "改"), true))
          .isInstanceOf(InputRejected.class)
          .satisfies(e -> assertThat(((InputRejected) e).problems().get(0).messageKey())
              .isEqualTo("campaign.report.error.negative"));
      ActivityReport kept = reports.report(town, campaign, TestAccounts.BAIGUAN, OCTOBER);
      assertThat(kept.counts().householdsVisited()).isEqualTo(50);
      assertThat(kept.counts().description()).isEqualTo("原样");
    }

    @Test
    void anAcceptedReportChangesNoMore() {
      ActivityReport r = reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(50, 1, "原样"), true);
      reports.accept(county, r.id());
      assertThatThrownBy(() -> reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(60, 1, "改"), true))
          .isInstanceOf(InputConflict.class);
      assertThatThrownBy(() -> reports.returnReport(county, r.id(), "再改")).isInstanceOf(InputConflict.class);
      assertThat(reports.report(town, campaign, TestAccounts.BAIGUAN, OCTOBER).counts().householdsVisited())
          .isEqualTo(50);
    }

    @Test
    void nobodyAcceptsTheirOwnReport() {
      ActivityReport r = reports.save(county, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(5, 1, "县里代填"), true);
      assertThatThrownBy(() -> reports.accept(county, r.id())).isInstanceOf(InputConflict.class)
          .satisfies(e -> assertThat(((InputRejected) e).problems().get(0).messageKey())
              .isEqualTo("campaign.report.error.own"));
      assertThat(reports.accept(province, r.id()).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aTownOfficerCannotReviewNorAUnitReporterTouchAnotherUnit() {
      ActivityReport r = reports.save(reporter, campaign, TestAccounts.UNIT, OCTOBER, counts(5, 1, ""), true);
      assertThatThrownBy(() -> reports.accept(town, r.id())).isInstanceOf(OutOfScope.class);
      assertThatThrownBy(() -> reports.report(reporter, campaign, TestAccounts.BAIGUAN, OCTOBER))
          .isInstanceOf(OutOfScope.class);
      assertThatThrownBy(() -> reports.save(reporter, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(1, 1, ""), true))
          .isInstanceOf(OutOfScope.class);
    }
  }

  @Test
  void theCountySeesTheSumOverItsTownsWithWhoIsMissingAndWhoIsLate() {
    reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(100, 3, ""), true);
    clock.set(Instant.parse("2026-10-26T01:00:00Z")); // after the 25th: late
    reports.save(reporter, campaign, TestAccounts.UNIT, OCTOBER, counts(7, 1, ""), true);
    reports.save(county, campaign, "330604002", OCTOBER, counts(1000, 50, ""), false); // a draft counts for nothing

    ActivityRollup r = reports.rollup(county, campaign, OCTOBER, null);
    assertThat(r.areaCode()).isEqualTo(TestAccounts.SHANGYU);
    assertThat(r.dueOn()).isEqualTo(LocalDate.of(2026, 10, 25));
    long units = jdbc.sql("""
        select count(*) from org_node where path like '/CN/33/3306/330604/%' and level in ('town', 'unit')""")
        .query(Long.class).single();
    assertThat(r.total().units()).isEqualTo(units);
    assertThat(r.total().submitted()).isEqualTo(2);
    assertThat(r.total().missing()).isEqualTo(units - 2);
    assertThat(r.total().late()).isEqualTo(1);
    assertThat(r.total().sums()[0]).isEqualTo(107);
    assertThat(r.total().sums()[2]).isEqualTo(4);
    ActivityRollup.Row baiguan = r.rows().stream().filter(x -> x.code().equals(TestAccounts.BAIGUAN)).findFirst()
        .orElseThrow();
    assertThat(baiguan.units()).isEqualTo(1 + jdbc.sql("""
        select count(*) from org_node where path like '/CN/33/3306/330604/330604001/%' and level = 'unit'""")
        .query(Long.class).single());
    assertThat(baiguan.lateNames()).contains("百官街道综治中心");
    ActivityRollup.Row other = r.rows().stream().filter(x -> x.code().equals("330604002")).findFirst().orElseThrow();
    assertThat(other.missing()).isEqualTo(other.units());

    // the province sees the county's campaign as the county does (asking for the province shows the county)
    ActivityRollup p = reports.rollup(province, campaign, OCTOBER, "33");
    assertThat(p.areaCode()).isEqualTo(TestAccounts.SHANGYU);
    assertThat(p.total().sums()).isEqualTo(r.total().sums());
    // 百官街道's own page: the town and its unit, one row each
    ActivityRollup t = reports.rollup(town, campaign, OCTOBER, null);
    assertThat(t.rows()).extracting(ActivityRollup.Row::code).contains(TestAccounts.BAIGUAN, TestAccounts.UNIT);
    assertThat(t.total().sums()[0]).isEqualTo(107);
    // a unit reporter sees its unit only
    ActivityRollup own = reports.rollup(reporter, campaign, OCTOBER, null);
    assertThat(own.rows()).extracting(ActivityRollup.Row::code).containsExactly(TestAccounts.UNIT);
  }

  @Test
  void remindersGoOncePerUnitMonthAndReminderBeforeTheDueDate() {
    LoggingReminderSender sender = new LoggingReminderSender();
    reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(1, 1, ""), true);
    long units = jdbc.sql("""
        select count(*) from org_node where path like '/CN/33/3306/330604/%' and level in ('town', 'unit')""")
        .query(Long.class).single();
    clock.set(Instant.parse("2026-10-21T01:00:00Z")); // 4 days before: nothing yet
    assertThat(reports.sendReminders(List.of(3, 1), sender)).isZero();
    clock.set(Instant.parse("2026-10-22T01:00:00Z")); // 3 days before
    reports.sendReminders(List.of(3, 1), sender);
    assertThat(reminded(3)).isEqualTo(units - 1); // everyone but 百官街道, which has submitted
    reports.sendReminders(List.of(3, 1), sender);
    assertThat(reminded(3)).isEqualTo(units - 1); // once
    clock.set(Instant.parse("2026-10-24T01:00:00Z")); // 1 day before: the second reminder, once
    reports.save(reporter, campaign, TestAccounts.UNIT, OCTOBER, counts(1, 1, ""), true);
    reports.sendReminders(List.of(3, 1), sender);
    assertThat(reminded(1)).isEqualTo(units - 2);
    assertThat(reminded(3)).isEqualTo(units - 1);
    assertThat(sender.sent()).anyMatch(s -> s.startsWith("330604002 2026-10 2026-10-25"));
    assertThat(reports.upcoming(county, campaign, "330604002", 3)).extracting(ActivityReportService.Reminder::month)
        .containsExactly(OCTOBER);
    assertThat(reports.upcoming(town, campaign, TestAccounts.BAIGUAN, 3)).isEmpty();
  }

  private long reminded(int daysBefore) {
    return jdbc.sql("select count(*) from activity_report_reminder where campaign_id = ? and days_before = ?")
        .params(campaign, daysBefore).query(Long.class).single();
  }

  @Test
  void theExcelFileHasTheSummaryAndOneSheetPerSubmittedReportInTheAppendixLayout() throws Exception {
    reports.save(town, campaign, TestAccounts.BAIGUAN, OCTOBER, counts(100, 3, "入户走访"), true);
    reports.save(reporter, campaign, TestAccounts.UNIT, OCTOBER, counts(7, 1, ""), true);
    ActivityRollup r = reports.rollup(county, campaign, OCTOBER, null);
    List<ActivityReport> submitted = reports.submitted(county, campaign, OCTOBER, null);
    Map<String, String> zh = Map.of("campaign.report.excel.title", "平安宣传活动情况表",
        "campaign.report.excel.summary", "汇总", "campaign.report.excel.unitLine", "乡镇街道、部门单位：");
    byte[] xlsx = new ActivityReportExcel(r, submitted, k -> zh.getOrDefault(k, k)).write();
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
      assertThat(book.getNumberOfSheets()).isEqualTo(3);
      Sheet summary = book.getSheet("汇总");
      int last = summary.getLastRowNum();
      assertThat(summary.getRow(last).getCell(6).getNumericCellValue()).isEqualTo(107);
      Sheet baiguan = book.getSheetAt(1);
      assertThat(baiguan.getRow(0).getCell(0).getStringCellValue()).isEqualTo("平安宣传活动情况表");
      assertThat(baiguan.getRow(1).getCell(0).getStringCellValue()).startsWith("乡镇街道、部门单位：百官街道");
      assertThat(baiguan.getRow(3).getCell(0).getNumericCellValue()).isEqualTo(100);
      assertThat(baiguan.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(3);
      assertThat(baiguan.getRow(7).getCell(1).getStringCellValue()).isEqualTo("入户走访");
    }
  }

  private long stored() {
    return jdbc.sql("select count(*) from activity_report where campaign_id = ?").param(campaign).query(Long.class)
        .single();
  }
}
