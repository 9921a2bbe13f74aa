package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.campaign.CampaignQuizPanelFixture;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.quiz.QuizContent;
import org.sanlv.quiz.QuizService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The quiz's editor and its campaign panel in a browser. The province admin changes one explanation at desktop
 * size, saves, and a resident's quiz shows the new explanation after the answer; the editor is looked at on a phone
 * too. The county admin reads the quiz panel of its campaign: the chart is drawn and the total is the table's sum.
 */
@IntegrationTest
@Tag("browser")
class QuizAdminBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Quiz-2026-防诈";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired QuizService quiz;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
  }

  @AfterEach
  void shippedAgain() throws IOException {
    clock.reset();
    String shipped = Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
    if (!QuizContent.parse(shipped).equals(quiz.live().content())) {
      quiz.saveEdition(TestAccounts.ROOT, shipped, "测试：恢复系统默认内容");
    }
  }

  private static void fitsWidth(Page page, int width) {
    assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue())
        .as("page %s fits %d px", page.url(), width).isLessThanOrEqualTo(width);
  }

  @Test
  void theProvinceChangesAnExplanationAndTheQuizShowsIt() {
    Page admin = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-province-admin",
        PASSWORD);
    admin.navigate(url("/quiz/editor"));
    assertThat(admin.locator("h1")).hasText("防诈知识答题内容");
    Locator first = admin.locator("#questions > li").first();
    String id = first.getAttribute("data-question");
    assertThat(first).containsText("是诈骗");
    Browser.screenshot(admin, "quiz-editor-desktop");
    admin.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-editor-desktop-top.png")));
    fitsWidth(admin, 1366);

    first.locator("summary").click();
    String explanation = "自称民警让你转账到“安全账户”的都是骗子。挂断电话，自己拨打 110 核实。（省里修改）";
    first.locator("textarea[name=explanationZh]").fill(explanation);
    first.locator("input[name=note]").fill("更新冒充民警的讲解");
    Browser.screenshot(admin, "quiz-editor-editing-desktop");
    first.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-editor-editing-card-desktop.png")));
    first.locator("form.q-form button[type=submit]").click();
    admin.waitForLoadState();
    assertThat(admin.locator("#saved")).containsText("现已生效");
    assertThat(admin.locator("#q-" + id)).containsText(explanation);
    assertThat(admin.locator("#editions-table tbody tr").first()).containsText("更新冒充民警的讲解");
    assertThat(admin.locator("#editions-table tbody tr").first()).containsText("生效中");
    admin.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-editor-saved-desktop.png")));
    admin.locator("#editions").screenshot(new Locator.ScreenshotOptions()
        .setPath(Browser.SCREENSHOTS.resolve("quiz-editor-editions-desktop.png")));

    // a wrong change comes back with its problem and is not saved
    first = admin.locator("#q-" + id);
    first.locator("summary").click();
    first.locator("textarea[name=textEn]").fill("");
    first.locator("form.q-form button[type=submit]").click();
    admin.waitForLoadState();
    assertThat(admin.locator("#q-" + id + " .error-box")).containsText("题目（英文）");
    Browser.screenshot(admin, "quiz-editor-problem-desktop");
    admin.locator("#q-" + id).screenshot(new Locator.ScreenshotOptions()
        .setPath(Browser.SCREENSHOTS.resolve("quiz-editor-problem-card-desktop.png")));

    // the resident's quiz, on a phone, shows the new explanation after the answer
    Page resident = browser.phone();
    resident.navigate(url("/quiz"));
    resident.locator("#quiz-begin").click();
    Locator question = resident.locator(".quiz-q").first();
    assertThat(question).hasAttribute("data-id", id);
    question.locator(".quiz-judge").first().click();
    assertThat(question.locator(".quiz-explanation")).hasText(explanation);
    Browser.screenshot(resident, "quiz-editor-resident-sees-phone");

    Page phone = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-province-admin",
        PASSWORD);
    phone.navigate(url("/quiz/editor"));
    Browser.screenshot(phone, "quiz-editor-phone");
    phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-editor-phone-top.png")));
    fitsWidth(phone, 390);
    phone.locator("#questions > li").first().locator("summary").click();
    phone.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-editor-editing-phone.png")));
    fitsWidth(phone, 390);
  }

  @Test
  void theCountyReadsTheQuizPanelOfItsCampaign() {
    long campaign = CampaignQuizPanelFixture.campaignWithCompletions(jdbc);
    Page county = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    county.navigate(url("/campaigns/" + campaign));
    Locator panel = county.locator("#quiz");
    assertThat(panel.locator("h2")).hasText("防诈知识答题（宣传活动）");
    long sum = 0;
    for (String n : panel.locator("#quiz-table tbody td.num").allInnerTexts()) {
      sum += Long.parseLong(n.strip());
    }
    assertThat(sum).isEqualTo(Long.parseLong(panel.locator("#quiz-total").innerText().strip())).isEqualTo(6);
    assertThat(panel.locator("#quiz-table tfoot th.num")).hasText("6");
    assertThat(panel.locator("#quiz-table tr[data-area='" + TestAccounts.BAIGUAN + "'] td.num")).hasText("3");
    // the chart is drawn (ECharts puts a canvas into the element)
    assertThat(panel.locator("#quiz-chart canvas")).hasCount(1);
    panel.scrollIntoViewIfNeeded();
    Browser.screenshot(county, "campaign-quiz-desktop");
    panel.screenshot(new Locator.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("campaign-quiz-panel-desktop.png")));
    fitsWidth(county, 1366);
    // the QR code of a town's link is a picture
    String qr = panel.locator("tr[data-area='" + TestAccounts.BAIGUAN + "'] a[href*='/quiz/qr']").first().getAttribute("href");
    var png = county.request().get(url(qr));
    assertThat(png.status()).isEqualTo(200);
    assertThat(png.headers().get("content-type")).isEqualTo("image/png");

    Page phone = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    phone.navigate(url("/campaigns/" + campaign));
    assertThat(phone.locator("#quiz-chart canvas")).hasCount(1);
    Browser.screenshot(phone, "campaign-quiz-phone");
    phone.locator("#quiz").screenshot(new Locator.ScreenshotOptions()
        .setPath(Browser.SCREENSHOTS.resolve("campaign-quiz-panel-phone.png")));
    fitsWidth(phone, 390);
  }

  @Test
  void theCountySeesHowManyCompletionsAreSuspectedBulk() {
    long campaign = CampaignQuizPanelFixture.campaignWithBursts(jdbc);
    Page county = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    county.navigate(url("/campaigns/" + campaign));
    Locator panel = county.locator("#quiz");
    assertThat(panel.locator("#quiz-total")).hasText("7");
    assertThat(panel.locator("#quiz-bursts")).hasText("3");
    assertThat(panel.locator("#quiz-bursts-help")).containsText("同一网络短时间内大量完成，可能为脚本刷量，请核实");
    assertThat(panel.locator("#quiz-table thead th").nth(2)).hasText("其中疑似批量");
    assertThat(panel.locator("#quiz-table tr[data-area='" + TestAccounts.BAIGUAN + "'] td.quiz-burst")).hasText("3");
    assertThat(panel.locator("#quiz-table tfoot th.quiz-burst")).hasText("3");
    panel.scrollIntoViewIfNeeded();
    Browser.screenshot(county, "campaign-quiz-bursts-desktop");
    panel.screenshot(new Locator.ScreenshotOptions()
        .setPath(Browser.SCREENSHOTS.resolve("campaign-quiz-bursts-panel-desktop.png")));
    fitsWidth(county, 1366);

    Page phone = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    phone.navigate(url("/campaigns/" + campaign));
    assertThat(phone.locator("#quiz-bursts")).hasText("3");
    Browser.screenshot(phone, "campaign-quiz-bursts-phone");
    phone.locator("#quiz").screenshot(new Locator.ScreenshotOptions()
        .setPath(Browser.SCREENSHOTS.resolve("campaign-quiz-bursts-panel-phone.png")));
    fitsWidth(phone, 390);
  }
}
