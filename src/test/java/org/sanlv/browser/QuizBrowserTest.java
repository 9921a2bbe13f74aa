package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.quiz.QuizService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public anti-fraud quiz on a phone, without signing in: a resident opens the town's link, answers every
 * question (some wrong), reads every explanation, finishes and is counted for the town; the same phone again is
 * told kindly that it was counted before.
 */
@IntegrationTest
@Tag("browser")
class QuizBrowserTest extends BrowserTestBase {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired QuizService quiz;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private long counted(String area) {
    return jdbc.sql("select count(*) from quiz_completion where area_code = ?").param(area).query(Long.class).single();
  }

  /** Answers every question: "是诈骗" to every judge question, the first two options of a multiple one. */
  private List<String> answerAll(Page page, boolean screenshots) {
    int total = quiz.live().content().questions().size();
    List<String> explanations = new ArrayList<>();
    page.getByText("开始答题").click();
    for (int i = 1; i <= total; i++) {
      Locator q = page.locator(".quiz-q:not([hidden])");
      assertThat(q.locator(".quiz-progress")).hasText("第 " + i + " 题 / 共 " + total + " 题");
      if ("judge".equals(q.getAttribute("data-kind"))) {
        q.getByText("是诈骗", new Locator.GetByTextOptions().setExact(true)).click();
      } else {
        q.locator(".choice").nth(0).click();
        q.locator(".choice").nth(1).click();
        q.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName("确定")).click();
      }
      Locator verdict = q.locator(".quiz-verdict");
      assertThat(verdict).isVisible();
      assertThat(verdict.locator(".quiz-result")).hasText(java.util.regex.Pattern.compile("答对了！|答错了。"));
      String explanation = verdict.locator(".quiz-explanation").innerText();
      Assertions.assertThat(explanation).isNotBlank();
      explanations.add(explanation);
      if (screenshots && i == 1) {
        Browser.screenshot(page, "quiz-verdict-phone");
      }
      if (screenshots && "hotline-warning".equals(q.getAttribute("data-id"))) {
        assertThat(verdict.locator(".quiz-result")).hasText("答错了。");
        Browser.screenshot(page, "quiz-wrong-phone");
      }
      if (screenshots && "which-calls".equals(q.getAttribute("data-id"))) {
        Browser.screenshot(page, "quiz-multiple-phone");
      }
      q.locator(".quiz-next").click();
    }
    assertThat(page.locator("#quiz-summary")).isVisible();
    return explanations;
  }

  @Test
  void aResidentCompletesTheQuizOnAPhoneAndIsCountedForTheTownOnce() {
    String town = TestAccounts.BAIGUAN;
    long before = counted(town);
    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/quiz?area=" + town);
    assertThat(page.locator("h1.quiz-title")).hasText("防范电信网络诈骗知识答题");
    assertThat(page.locator("#quiz-start")).containsText("百官街道");
    Browser.screenshot(page, "quiz-start-phone");

    List<String> explanations = answerAll(page, true);
    int total = explanations.size();
    Assertions.assertThat(explanations).doesNotHaveDuplicates();
    Locator summary = page.locator("#quiz-summary");
    // every judge question answered "是诈骗" is right except the 96110 call; one multiple question is right
    assertThat(page.locator("#quiz-score")).hasText("你答对了 " + (total - 3) + " 题，共 " + total + " 题");
    assertThat(page.locator("#quiz-counted")).containsText("已完成");
    assertThat(summary).containsText("96110");
    Assertions.assertThat(summary.locator("#quiz-review li").count()).isEqualTo(total);
    for (String e : explanations) {
      assertThat(summary.locator("#quiz-review")).containsText(e);
    }
    Browser.screenshot(page, "quiz-summary-phone");
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-summary-top-phone.png")));
    Assertions.assertThat(counted(town)).isEqualTo(before + 1);

    // the same phone again: it may learn again, and is told kindly that it was counted before
    page.navigate("http://localhost:" + port + "/quiz?area=" + town);
    answerAll(page, false);
    assertThat(page.locator("#quiz-counted")).containsText("之前已经计入");
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("quiz-again-phone.png")));
    Assertions.assertThat(counted(town)).isEqualTo(before + 1);
    page.context().close();
  }

  @Test
  void theQuizReadsOnADesktopAndInEnglishAndAnUnknownAreaIsIgnored() {
    Page page = browser.desktop();
    page.navigate("http://localhost:" + port + "/quiz?area=no-such-place");
    assertThat(page.locator("#quiz-start")).not().containsText("所在地区");
    Browser.screenshot(page, "quiz-start-desktop");
    page.getByText("开始答题").click();
    page.locator(".quiz-q:not([hidden])").getByText("是诈骗", new Locator.GetByTextOptions().setExact(true)).click();
    assertThat(page.locator(".quiz-q:not([hidden]) .quiz-verdict")).isVisible();
    Browser.screenshot(page, "quiz-verdict-desktop");
    page.locator(".quiz-q:not([hidden]) .quiz-next").click();
    page.locator(".quiz-q:not([hidden])").getByText("是诈骗", new Locator.GetByTextOptions().setExact(true)).click();
    assertThat(page.locator(".quiz-q:not([hidden]) .quiz-verdict")).isVisible();
    // progress is kept on the phone: opened again, "start" goes on from the first question not answered
    page.navigate("http://localhost:" + port + "/quiz");
    page.getByText("开始答题").click();
    assertThat(page.locator(".quiz-q:not([hidden]) .quiz-progress")).hasText(java.util.regex.Pattern.compile("第 3 题.*"));
    page.context().close();
    page = browser.desktop();
    page.navigate("http://localhost:" + port + "/quiz?lang=en&area=" + TestAccounts.BAIGUAN);
    assertThat(page.locator("h1.quiz-title")).hasText("Anti-fraud knowledge quiz");
    page.getByText("Start").click();
    page.locator(".quiz-q:not([hidden])").getByText("It is a fraud", new Locator.GetByTextOptions().setExact(true)).click();
    assertThat(page.locator(".quiz-q:not([hidden]) .quiz-explanation")).containsText("safe account");
    Browser.screenshot(page, "quiz-verdict-en-desktop");
    page.context().close(); // the language cookie goes with its context
  }
}
