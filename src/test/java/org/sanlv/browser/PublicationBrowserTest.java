package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Media;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.publication.PublicationFixture;
import org.sanlv.publication.PublicationService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Publications (晾晒) in a browser: the province admin publishes the official survey's ranking from the list page
 * (an earlier round published before it, so the trend has two points), reads it on a phone and a desktop, and
 * prints it: Chromium's print-to-PDF of the print view gives A4 pages with Chinese text (read back with PDFBox). A
 * county admin reads the same whole table, its own county marked; the server's PDF is rendered to look at.
 */
@IntegrationTest
@Tag("browser")
class PublicationBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Publication-2026-晾晒";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired PublicationService publications;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Survey survey;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    Survey earlier = PublicationFixture.officialSurvey(surveys, instruments, jdbc, "浙江省平安三率测评（上一轮）");
    publications.publish(TestAccounts.ROOT, earlier.id(), null, "上一轮区县排名");
    survey = PublicationFixture.officialSurvey(surveys, instruments, jdbc, "浙江省平安三率测评（浏览器）");
    PublicationFixture.insert(jdbc, survey, PublicationFixture.SHANGYU, "phone", 30, 30);
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  @Test
  void theProvinceAdminPublishesReadsAndPrintsTheRanking() throws Exception {
    Page page = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-province-admin",
        PASSWORD);
    page.navigate(url("/publications"));
    assertThat(page.locator("h1")).hasText("晾晒（已发布的排名）");
    page.selectOption("#publish-survey", String.valueOf(survey.id()));
    page.fill("#publish-title", "浏览器测试：区县排名");
    page.getByText("发布", new Page.GetByTextOptions().setExact(true)).click();
    page.waitForLoadState();
    assertThat(page.locator("h1")).hasText("浏览器测试：区县排名");
    String publication = page.url().replaceAll(".*/publications/(\\d+).*", "$1");
    assertThat(page.locator(".frozen")).containsText("冻结的快照");
    assertThat(page.locator("#overall-table tbody tr")).hasCount(3);
    assertThat(page.locator("table[data-indicator='safety'][data-source='bureau'] tbody tr").first().locator("td").nth(1))
        .hasText("上城区");
    assertThat(page.locator("#trend .trend-chart").first()).isVisible();
    page.waitForFunction("() => document.querySelector('.trend-chart').dataset.drawn === '1'");
    Browser.screenshot(page, "publication-desktop");
    page.locator("#ind-safety").scrollIntoViewIfNeeded();
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("publication-safety-desktop.png")));

    // the print view, printed by Chromium: A4 pages, a page per indicator, Chinese text that can be extracted
    page.navigate(url("/publications/" + publication + "/print"));
    page.waitForFunction("() => document.querySelector('.trend-chart').dataset.drawn === '1'");
    Browser.screenshot(page, "publication-print-desktop");
    page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
    byte[] pdf = page.pdf(new Page.PdfOptions().setFormat("A4").setPrintBackground(true));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(10); // title + overall, 9 indicators, trend
      assertThat(doc.getPage(0).getMediaBox().getWidth()).isBetween(594f, 597f);
      assertThat(doc.getPage(0).getMediaBox().getHeight()).isBetween(841f, 843f);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("浏览器测试：区县排名", "调查名称", "发布日期", "数据截至", "上虞区", "群众安全感",
          "总排名", "排名");
      render(doc, 0, "publication-print-chromium-page1");
      render(doc, 1, "publication-print-chromium-page2");
    }

    // the server's PDF
    var response = page.request().get(url("/publications/" + publication + ".pdf"));
    assertThat(response.status()).isEqualTo(200);
    try (PDDocument doc = Loader.loadPDF(response.body())) {
      assertThat(new PDFTextStripper().getText(doc)).contains("浏览器测试：区县排名", "上虞区");
      render(doc, 0, "publication-pdf-page1");
      render(doc, 1, "publication-pdf-page2");
    }
    page.context().close();

    // a phone
    Page phone = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-province-admin",
        PASSWORD);
    phone.navigate(url("/publications/" + publication));
    assertThat(phone.locator("h1")).hasText("浏览器测试：区县排名");
    phone.waitForFunction("() => document.querySelector('.trend-chart').dataset.drawn === '1'");
    Browser.screenshot(phone, "publication-phone");
    HomeBrowserTest.assertNoSidewaysScroll(phone, true);
    phone.navigate(url("/publications/" + publication + "/print"));
    Browser.screenshot(phone, "publication-print-phone");
    HomeBrowserTest.assertNoSidewaysScroll(phone, true);
    phone.navigate(url("/publications"));
    Browser.screenshot(phone, "publication-list-phone");
    HomeBrowserTest.assertNoSidewaysScroll(phone, true);
    phone.context().close();

    // a county admin reads the whole circulated table, its own county marked, and may not publish it
    for (boolean isPhone : List.of(true, false)) {
      Page county = Browser.signInWithNewPassword(isPhone ? browser.phone() : browser.desktop(), url("/login"), users,
          clock, "t-county-admin", PASSWORD);
      county.navigate(url("/publications"));
      assertThat(county.locator("#publications")).containsText("浏览器测试：区县排名");
      assertThat(county.locator("#publish-survey option[value='" + survey.id() + "']")).hasCount(0);
      county.navigate(url("/publications/" + publication));
      assertThat(county.locator("#overall-table tbody tr")).hasCount(3);
      assertThat(county.locator("#overall-table tr.mine")).containsText("上虞区");
      county.waitForFunction("() => document.querySelector('.trend-chart').dataset.drawn === '1'");
      Browser.screenshot(county, "publication-county-" + (isPhone ? "phone" : "desktop"));
      HomeBrowserTest.assertNoSidewaysScroll(county, isPhone);
      county.context().close();
    }
  }

  private static void render(PDDocument doc, int pageIndex, String name) throws Exception {
    Files.createDirectories(Browser.SCREENSHOTS);
    BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(pageIndex, 80);
    ImageIO.write(image, "png", Browser.SCREENSHOTS.resolve(name + ".png").toFile());
  }
}
