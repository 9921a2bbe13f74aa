package org.sanlv.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
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
 * The quota board of a 上虞区 campaign: the 百官街道 town officer, on a phone, reports November's SMS (a bad figure
 * first, refused in Chinese), sees its own town only and the status turn green; the county admin, on a desktop, sees
 * every town with the sums, raises the monthly ratio (the target follows) and downloads the Excel export, read back
 * with POI against the page. Screenshots at 390 × 844 and 1366 × 900.
 */
@IntegrationTest
@Tag("browser")
class QuotaBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Quota-board-2026-指标";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  @Test
  void aTownReportsAndTheCountySeesItRolledUp() throws Exception {
    TestAccounts.ensure(org, users);
    long campaign = jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values (?, 2026, ?, 'shangyu-2022', date '2026-09-01', date '2026-12-31', 'admin') returning id""")
        .params(TestAccounts.SHANGYU, "2026年平安三率提升行动" + System.nanoTime() % 1000).query(Long.class).single();
    long population = jdbc.sql("select population from org_node where code = ?").param(TestAccounts.BAIGUAN)
        .query(Long.class).single();
    long target = (long) Math.ceil(population * 0.8);
    long towns = jdbc.sql("select count(*) from org_node where level = 'town' and path like '/CN/33/3306/330604/%'")
        .query(Long.class).single();
    String board = url("/campaigns/" + campaign + "/quotas");

    // the town officer, on a phone
    Page phone = browser.phone();
    Browser.signInWithNewPassword(phone, url("/login"), users, clock, "t-town-officer", PASSWORD);
    phone.navigate(board);
    assertThat(phone.locator("h1").innerText()).isEqualTo("宣传指标完成情况");
    assertThat(phone.locator("#towns tbody tr[data-town]").count()).isEqualTo(1);
    assertThat(phone.locator("#towns tbody tr[data-town]").getAttribute("data-town")).isEqualTo(TestAccounts.BAIGUAN);
    assertThat(phone.locator("#towns tr[data-town] .status").innerText()).isEqualTo("未报");
    phone.locator("#v_sms-month_2026-11-01").fill("-5");
    phone.locator("#save-figures").click();
    phone.waitForLoadState();
    assertThat(phone.locator(".problems").innerText()).contains("完成数“-5”无效");
    phone.locator("#v_sms-month_2026-11-01").fill(String.format("%,d", target));
    phone.locator("#v_team_2026-01-01").fill("1");
    phone.locator("#save-figures").click();
    phone.waitForLoadState();
    assertThat(phone.locator("p.ok").innerText()).isEqualTo("已保存。");
    phone.locator("#q-col").selectOption(phone.locator("#q-col option", new Page.LocatorOptions().setHasText("宣传短信（月） 11月")).getAttribute("value"));
    phone.locator("#q-col + button").click();
    phone.waitForLoadState();
    assertThat(phone.locator("#towns tr[data-town] .status").innerText()).isEqualTo("达标");
    assertThat(phone.locator("#total-met").innerText()).isEqualTo("达标 1 / 1 个乡镇");
    assertThat((Integer) phone.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
    phone.waitForSelector("#quota-chart[data-drawn='1']");
    Browser.screenshot(phone, "campaign-quotas-town-phone");
    phone.context().close();

    // the county admin, on a desktop
    Page desk = browser.desktop();
    Browser.signInWithNewPassword(desk, url("/login"), users, clock, "t-county-admin", PASSWORD);
    desk.navigate(board);
    String nov = desk.locator("#q-col option", new Page.LocatorOptions().setHasText("宣传短信（月） 11月")).getAttribute("value");
    desk.navigate(board + "?col=" + nov);
    assertThat(desk.locator("#towns tbody tr[data-town]").count()).isEqualTo((int) towns);
    String row = "#towns tr[data-town='" + TestAccounts.BAIGUAN + "']";
    assertThat(desk.locator(row + " .status").innerText()).isEqualTo("达标");
    assertThat(desk.locator("#total-met").innerText()).isEqualTo("达标 1 / " + towns + " 个乡镇");
    desk.waitForSelector("#quota-chart[data-drawn='1']");
    Browser.screenshot(desk, "campaign-quotas-county-desktop");

    // the monthly ratio goes to 90 %: 百官街道's target rises above what it reported
    desk.locator("#rules summary").click();
    var form = desk.locator("form.rule-form[data-quota='sms-month']");
    form.locator("input[name=ratio]").fill("0.9");
    form.locator("button").click();
    desk.waitForLoadState();
    desk.navigate(board + "?col=" + nov);
    assertThat(desk.locator(row + " .target").innerText())
        .isEqualTo(String.format("%,d", (long) Math.ceil(population * 0.9)));
    assertThat(desk.locator(row + " .status").innerText()).isEqualTo("进行中未达标");

    Download download = desk.waitForDownload(() -> desk.locator("#export-xlsx").click());
    try (InputStream in = Files.newInputStream(download.path()); XSSFWorkbook book = new XSSFWorkbook(in)) {
      Sheet sheet = book.getSheetAt(0);
      boolean found = false;
      for (Row r : sheet) {
        if (TestAccounts.BAIGUAN.equals(r.getCell(1).getStringCellValue()) && "2026-11-01".equals(
            r.getCell(4).getStringCellValue())) {
          assertThat((long) r.getCell(7).getNumericCellValue()).isEqualTo(target);
          assertThat((long) r.getCell(6).getNumericCellValue()).isEqualTo((long) Math.ceil(population * 0.9));
          assertThat(r.getCell(9).getStringCellValue()).isEqualTo(desk.locator(row + " .status").innerText());
          found = true;
        }
      }
      assertThat(found).isTrue();
    }
    desk.context().close();

    // the county's board at phone size and the town's at desktop size, for the eye
    Page deskPhone = browser.phone();
    Browser.signIn(deskPhone, url("/login"), "t-county-admin", PASSWORD);
    deskPhone.navigate(board + "?col=" + nov);
    assertThat((Integer) deskPhone.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
    Browser.screenshot(deskPhone, "campaign-quotas-county-phone");
    deskPhone.context().close();
    Page townDesk = browser.desktop();
    Browser.signIn(townDesk, url("/login"), "t-town-officer", PASSWORD);
    townDesk.navigate(board);
    Browser.screenshot(townDesk, "campaign-quotas-town-desktop");
    townDesk.context().close();
  }
}
