package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 22's acceptance of the monthly activity report (appendix 7): a town officer of 上虞区's 百官街道 files the
 * October report with a photo and submits it on a phone; the county admin returns it with a comment; the officer
 * fixes it and resubmits; the county's roll-up shows the sum and the towns that have not reported; the Excel file is
 * downloaded and read back with Apache POI against the page.
 */
@IntegrationTest
@Tag("browser")
class ActivityReportBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Report-2026-平安宣传";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  long campaign;
  java.nio.file.Path photoFile;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    clock.set(Instant.parse("2026-10-23T02:00:00Z")); // two days before the due date: the reminder shows
    campaign = jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values (?, 2026, ?, 'shangyu-2022', date '2026-09-01', date '2026-12-31', 't-county-admin') returning id""")
        .params(TestAccounts.SHANGYU, "平安宣传攻坚 " + UUID.randomUUID().toString().substring(0, 6))
        .query(Long.class).single();
    // a photo taken on the phone: a real PNG (the files module sniffs it and makes a thumbnail)
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 48,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(java.awt.Color.RED);
    g.fillRect(0, 10, 64, 20);
    g.dispose();
    try {
      Files.createDirectories(Browser.SCREENSHOTS);
      photoFile = Browser.SCREENSHOTS.resolve("横幅照片.png");
      javax.imageio.ImageIO.write(image, "png", photoFile.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  @Test
  void aTownFilesTheCountyReturnsTheTownResubmitsAndTheRollUpAndExcelAgree() throws Exception {
    String form = "/campaigns/" + campaign + "/reports/" + TestAccounts.BAIGUAN + "/2026-10";

    // the town officer, on a phone
    Page town = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-town-officer", PASSWORD);
    town.navigate(url(form));
    assertThat(town.locator("h1")).hasText("平安宣传活动情况表");
    assertThat(town.locator(".notice").first()).containsText("2026-10-25");
    town.fill("#f-householdsVisited", "120");
    town.fill("#f-materialsHandedOut", "800");
    town.fill("#f-banners", "-2");
    town.fill("#f-smsSent", "5000");
    town.fill("#f-description", "入户走访，悬挂横幅，发放平安宣传手册。");
    town.locator(".upload-pick input[type=file]").setInputFiles(photoFile);
    assertThat(town.locator(".upload-list li")).hasCount(1);
    assertThat(town.locator(".upload-list input[type=hidden][name=fileIds]")).hasCount(1);
    // the browser itself refuses a negative count (min="0"); the server's answer is tested past that check
    assertThat((Boolean) town.locator("#f-banners").evaluate("e => e.validity.valid")).isFalse();
    town.locator("#report-form").evaluate("f => f.noValidate = true");
    town.locator("#submit").click();
    // a negative count: a clear error, nothing stored, what was typed is still there
    assertThat(town.locator(".problems")).containsText("悬挂横幅(条)不能为负数");
    assertThat(town.locator("#f-householdsVisited")).hasValue("120");
    assertThat(jdbc.sql("select count(*) from activity_report where campaign_id = ?").param(campaign)
        .query(Long.class).single()).isZero();
    town.fill("#f-banners", "6");
    town.locator(".upload-pick input[type=file]").setInputFiles(photoFile); // the upload is not kept on an error
    assertThat(town.locator(".upload-list li")).hasCount(1);
    town.locator("#submit").click();
    assertThat(town.locator("#report-status")).hasText("已报送");
    assertThat(town.locator(".file-link")).hasCount(1);
    Browser.screenshot(town, "activity-report-form-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);

    // the county admin returns it
    Page county = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    county.navigate(url(form));
    county.fill("#comment", "横幅数量与照片不符，请核实");
    county.locator("#return").click();
    assertThat(county.locator("#report-status")).hasText("已退回");

    // the officer fixes it and resubmits
    town.navigate(url(form));
    assertThat(town.locator("#return-comment")).containsText("横幅数量与照片不符，请核实");
    town.fill("#f-banners", "4");
    town.locator("#submit").click();
    assertThat(town.locator("#report-status")).hasText("已重新报送");
    assertThat(town.locator("#history > ol > li")).hasCount(3);
    Browser.screenshot(town, "activity-report-resubmitted-phone");

    // the county's roll-up: the sum and the towns that have not reported
    county.navigate(url("/campaigns/" + campaign + "/reports?month=2026-10"));
    assertThat(county.locator("h1")).hasText("平安宣传活动情况汇总");
    var baiguan = county.locator("#rollup tr[data-code='" + TestAccounts.BAIGUAN + "']");
    assertThat(baiguan.locator("td").nth(4)).hasText("120"); // 走访住户
    assertThat(baiguan.locator("td").nth(6)).hasText("4");   // 横幅
    long towns = jdbc.sql("select count(*) from org_node where path like '/CN/33/3306/330604/%' and level = 'town'")
        .query(Long.class).single();
    assertThat(county.locator("#rollup tbody tr").count()).isGreaterThanOrEqualTo((int) towns);
    // every row has someone missing (百官街道's own unit has not reported either)
    assertThat(county.locator("#rollup td.warn")).hasCount(county.locator("#rollup tbody tr").count());
    assertThat(county.locator("#rollup-total td").nth(3)).hasText("120");
    Browser.screenshot(county, "activity-rollup-desktop");

    // the Excel file against the page
    Download download = county.waitForDownload(() -> county.locator("#export").click());
    String total = county.locator("#rollup-total td").nth(3).innerText();
    String missing = county.locator("#rollup-total td").nth(1).innerText();
    try (InputStream in = Files.newInputStream(download.path()); XSSFWorkbook book = new XSSFWorkbook(in)) {
      Sheet summary = book.getSheetAt(0);
      assertThat(summary.getSheetName()).isEqualTo("汇总");
      Row last = summary.getRow(summary.getLastRowNum());
      assertThat(last.getCell(0).getStringCellValue()).isEqualTo("合计");
      assertThat((long) last.getCell(6).getNumericCellValue()).isEqualTo(Long.parseLong(total));
      assertThat((long) last.getCell(3).getNumericCellValue()).isEqualTo(Long.parseLong(missing));
      Sheet sheet = book.getSheet("百官街道");
      assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("平安宣传活动情况表");
      assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).startsWith("乡镇街道、部门单位：百官街道");
      assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("走访村(社)住户(户)");
      assertThat(sheet.getRow(3).getCell(0).getNumericCellValue()).isEqualTo(120);
      assertThat(sheet.getRow(3).getCell(2).getNumericCellValue()).isEqualTo(4);
      assertThat(sheet.getRow(7).getCell(1).getStringCellValue()).contains("入户走访");
    }

    // the phone's roll-up
    Page phone = Browser.signIn(browser.phone(), url("/login"), "t-county-admin", PASSWORD);
    phone.navigate(url("/campaigns/" + campaign + "/reports?month=2026-10"));
    Browser.screenshot(phone, "activity-rollup-phone");
    HomeBrowserTest.assertNoSidewaysScroll(phone, true);
    county.navigate(url(form));
    Browser.screenshot(county, "activity-report-form-desktop");
  }
}
