package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.cati.CatiRatesFixtures;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The phone survey's response-rate page ({@link CatiRatesFixtures}: ten numbers in three areas) for a province
 * analyst and a county admin, on a phone and a desktop: reached from the survey page, the table per county,
 * interviewer and day, the chart, a fixed e, the CSV download.
 */
@IntegrationTest
@Tag("browser")
class CatiRatesBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Rates-page-2026-应答率";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  long survey;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    survey = CatiRatesFixtures.survey(surveys, instruments, jdbc);
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private static List<String> firstColumn(Page page, String table) {
    return page.locator("#" + table + " tbody tr > :first-child").allTextContents().stream().map(String::strip).toList();
  }

  @Test
  void anAnalystReadsTheRatesPerCountyInterviewerAndDayAndDownloadsThem() throws Exception {
    for (boolean phone : List.of(true, false)) {
      String suffix = phone ? "phone" : "desktop";
      Page page = phone ? browser.phone() : browser.desktop();
      Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-province-analyst", PASSWORD);
      page.navigate(url("/surveys/" + survey));
      page.getByText("电话调查应答率").first().click();
      page.waitForLoadState();
      assertThat(page.locator("h1")).hasText("电话调查应答率");
      // per county: names, counties first, the unscreened mobile number's city after them
      assertThat(firstColumn(page, "counts")).containsExactly("上城区", "上虞区", "绍兴市", "合计");
      assertThat(page.locator("#total-cases")).hasText("10");
      // e = 6/7; RR3 of the whole = 3 / (3 + 3 + 6/7 × 3) = 33.3%
      assertThat(page.locator("#e-used")).containsText("85.7%");
      assertThat(page.locator("#total-rr3")).hasText(String.format("%.1f%%", 100 * 3 / (6 + 18.0 / 7)));
      assertThat(page.locator("#rates tr[data-key='330604'] td").nth(3)).hasText(String.format("%.1f%%", 100 * 2 / (4 + 12.0 / 7)));
      // 绍兴市 has no eligible case: its cooperation rate is a dash, not 0%
      assertThat(page.locator("#rates tr[data-key='3306'] td").nth(7)).hasText("—");
      page.waitForFunction("() => document.getElementById('rates-chart').dataset.drawn === '1'");
      Browser.screenshot(page, "cati-rates-county-" + suffix);
      HomeBrowserTest.assertNoSidewaysScroll(page, phone);

      // per interviewer, with a fixed e
      page.selectOption("#r-by", "interviewer");
      page.fill("#r-e", "0.5");
      page.getByText("查看", new Page.GetByTextOptions().setExact(true)).click();
      page.waitForLoadState();
      assertThat(firstColumn(page, "counts")).containsExactly("t-interviewer", "t-supervisor", "尚未拨打", "合计");
      assertThat(page.locator("#e-used")).hasText("e 设定为 50.0%，各组共用。");
      assertThat(page.locator("#r-e")).hasValue("0.5");
      page.waitForFunction("() => document.getElementById('rates-chart').dataset.drawn === '1'");
      Browser.screenshot(page, "cati-rates-interviewer-" + suffix);

      // per day: a line chart, days in order
      page.selectOption("#r-by", "day");
      page.fill("#r-e", "");
      page.getByText("查看", new Page.GetByTextOptions().setExact(true)).click();
      page.waitForLoadState();
      assertThat(firstColumn(page, "counts")).containsExactly("2026-11-02", "2026-11-03", "尚未拨打", "合计");
      assertThat(page.locator("#rates-chart")).hasAttribute("data-kind", "line");
      page.waitForFunction("() => document.getElementById('rates-chart').dataset.drawn === '1'");
      Browser.screenshot(page, "cati-rates-day-" + suffix);
      HomeBrowserTest.assertNoSidewaysScroll(page, phone);

      if (!phone) {
        Download download = page.waitForDownload(() -> page.locator("#export-csv").click());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFday,name,cases,I,P,R,NC,O,UH,UO,NE,e,RR1");
        assertThat(csv).contains("2026-11-03,2026-11-03,4,").contains(",尚未拨打,1,");
      }
      page.context().close();
    }
  }

  @Test
  void aCountyAdminSeesOnlyItsCounty() {
    Page page = browser.phone();
    Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-county-admin", PASSWORD);
    page.navigate(url("/surveys/" + survey + "/cati/rates"));
    assertThat(page.locator(".hint")).containsText("只含您辖区内的号码");
    assertThat(firstColumn(page, "counts")).containsExactly("上虞区", "合计");
    assertThat(page.locator("#total-cases")).hasText("7");
    Browser.screenshot(page, "cati-rates-county-admin-phone");
    page.context().close();
  }
}
