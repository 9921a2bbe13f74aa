package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The offline trial of a questionnaire (/capi/preview/{id}) on an interviewer's phone: the questionnaire is loaded
 * once, then the connection is cut and the interview goes on in the client engine to its end, with the time per
 * question; the supervisor sees the same page on a desktop.
 */
@IntegrationTest
@Tag("browser")
class CapiPreviewBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "capi-preview-Pa55";
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired TestClock clock;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private long zhejiang() {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
  }

  private Page signIn(Page page, String username) {
    Browser.signInWithNewPassword(page, url("/login"), users, clock, username, PASSWORD);
    return page;
  }

  private static Locator next(Page page) {
    return page.locator("#capi-preview button.next");
  }

  @Test
  void anInterviewerTriesTheQuestionnaireOfflineToItsEnd() {
    Page page = signIn(browser.phone(), "t-interviewer");
    page.navigate(url("/capi/preview/" + zhejiang()));
    Locator county = page.locator("#capi-preview select[name=value]");
    assertThat(county).isVisible();
    assertThat(page.locator("#capi-preview .capi-hint")).containsText("访员提示");
    Browser.screenshot(page, "capi-preview-phone");

    page.context().setOffline(true);
    // nothing chosen: refused in Chinese, on the device, without the server
    next(page).click();
    assertThat(page.locator("#capi-problems")).containsText("必须回答");
    county.selectOption("330604");
    next(page).click();
    Locator age = page.locator("#capi-preview input[name=value]");
    age.fill("130");
    next(page).click();
    assertThat(page.locator("#capi-problems")).containsText("请填写0至120之间的周岁年龄");
    Browser.screenshot(page, "capi-preview-refused-phone");
    age.fill("45");
    next(page).click();
    // back keeps the answer; forward again
    page.locator("#capi-preview button.back").click();
    assertThat(page.locator("#capi-preview input[name=value]")).hasValue("45");
    next(page).click();
    // on to the end: first option of every question, a text where one is asked
    for (int i = 0; i < 60 && page.locator("#capi-preview button.finish").count() == 0; i++) {
      Locator choice = page.locator("#capi-preview label.choice input");
      Locator text = page.locator("#capi-preview input[type=text][name=value], #capi-preview textarea[name=value]");
      if (choice.count() > 0 && page.locator("#capi-problems").count() > 0) {
        // refused (e.g. "choose three"): tick one more
        choice.nth(Math.min(choice.count() - 1,
            page.locator("#capi-preview label.choice input:checked").count())).check();
      } else if (choice.count() > 0) {
        choice.first().check();
      } else if (text.count() > 0) {
        text.first().fill("冒充客服");
      }
      next(page).click();
    }
    assertThat(page.locator("#capi-preview h2")).hasText("问卷已答完");
    Browser.screenshot(page, "capi-preview-end-phone");
    page.locator("#capi-preview button.finish").click();
    assertThat(page.locator("#capi-preview h2")).hasText("试答结束，以下是将要同步的内容");
    assertThat(page.locator(".capi-answers")).containsText("上虞区");
    assertThat(page.locator(".capi-answers tr")).not().hasCount(0);
    Browser.screenshot(page, "capi-preview-result-phone");
    page.context().setOffline(false);
    int width = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
    assertThat(width).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(390);
  }

  @Test
  void aSupervisorSeesTheSameTrialOnADesktop() {
    Page page = signIn(browser.desktop(), "t-supervisor");
    page.navigate(url("/capi/preview/" + zhejiang()));
    page.locator("#capi-preview select[name=value]").selectOption("330604");
    next(page).click();
    page.locator("#capi-preview input[name=value]").fill("15");
    next(page).click();
    assertThat(page.locator("#capi-preview h2")).containsText("本次调查的对象是16周岁及以上的居民");
    Browser.screenshot(page, "capi-preview-ineligible-desktop");
    page.locator("#capi-preview button.finish").click();
    assertThat(page.locator("#capi-preview h2")).hasText("试答结束：受访者不符合调查条件");
    Browser.screenshot(page, "capi-preview-desktop");
  }

  @Test
  void theTrialSpeaksEnglishWhenAskedTo() {
    Page page = signIn(browser.phone(), "t-interviewer");
    page.navigate(url("/capi/preview/" + zhejiang() + "?lang=en"));
    assertThat(page.locator("#capi-preview button.next")).hasText("Next");
    assertThat(page.locator("#capi-preview .question-label")).containsText("Which county");
    page.locator("#capi-preview button.next").click();
    assertThat(page.locator("#capi-problems")).containsText("this question needs an answer");
    Browser.screenshot(page, "capi-preview-en-phone");
    page.navigate(url("/capi/preview/" + zhejiang() + "?lang=zh_CN"));
  }

  @Test
  void aTownOfficerMayNotOpenIt() {
    Page page = signIn(browser.phone(), "t-town-officer");
    var response = page.navigate(url("/capi/preview/" + zhejiang()));
    assertThat(response.status()).isEqualTo(403);
  }
}
