package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A supervisor reviews two synced household interviews: approves one, tries to return the other without a comment
 * (told to write one), returns it with a comment; the interviewer finds the comment under 退回的访问. On a phone and
 * a desktop, with screenshots of each page.
 */
@IntegrationTest
@Tag("browser")
class ReviewBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Review-page-2026-复核";
  private static final String COMMENT = "第 9 题回答与受访者口述不一致，请重访核实后重新提交。";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private Page signIn(Page page, String username) {
    Browser.signInWithNewPassword(page, url("/login"), users, clock, username, PASSWORD);
    assertThat(page.locator("h1")).hasText("首页");
    return page;
  }

  /** A household survey of 上虞区 of its own, so the queue filtered to it holds exactly this test's interviews. */
  private Survey survey() {
    return ReviewFixtures.householdSurvey(surveys, instruments, "t-review-", "上虞区入户复核演示",
        clock.instant().plus(Duration.ofDays(10)));
  }

  private long interview(Survey survey, long draw, int household, double lat, int seconds, String flags) {
    long assignment = ReviewFixtures.assignment(jdbc, survey.id(), draw, TestAccounts.SHANGYU, "330604001-012", household,
        30.0301, 120.8702, "t-interviewer", null);
    Instant start = clock.instant().minus(Duration.ofHours(9)).plus(Duration.ofMinutes(40L * household));
    Map<String, Object> durations = new LinkedHashMap<>();
    int[] ms = {9_000, 14_500, 6_200, 21_000, 11_800, 8_400, 17_300, 12_100, 25_600, 7_700, 13_900, 30_200, 10_400};
    String[] names = {"county", "age", "hukou", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"};
    for (int i = 0; i < names.length; i++) {
      durations.put(names[i], ms[i] * seconds / 420);
    }
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("durations", durations);
    paradata.put("gps", Map.of("lat", lat, "lon", 120.8712, "accuracy", 18));
    paradata.put("device", "a41c09e7b2d35f6e8c10");
    paradata.put("visit", household % 2 + 1);
    paradata.put("clockSkewSeconds", 2);
    paradata.put("offline", household % 2 == 0);
    Map<String, Object> answers = ZhejiangAnswers.complete();
    answers.put("q9", household % 2 == 0 ? "1" : "2");
    return ReviewFixtures.interview(jdbc, UUID.randomUUID(), survey.id(), survey.instrumentId(), TestAccounts.SHANGYU,
        assignment, "t-interviewer", null, answers, start, start.plusSeconds(seconds), paradata, flags);
  }

  @Test
  void aSupervisorApprovesOneReturnsAnotherWithACommentAndTheInterviewerReadsIt() {
    TestAccounts.ensure(org, users);
    Survey survey = survey();
    long draw = ReviewFixtures.draw(jdbc, survey.id());
    long good = interview(survey, draw, 3, 30.0312, 452, "{}");
    long doubtful = interview(survey, draw, 8, 30.2100, 48, "{capi_fast,capi_gps_far}");
    String queue = "/capi/reviews?surveyId=" + survey.id();

    for (boolean phone : List.of(false, true)) {
      String size = phone ? "phone" : "desktop";
      Page page = signIn(phone ? browser.phone() : browser.desktop(), "t-supervisor");
      page.navigate(url(queue + "&status=all"));
      assertThat(page.locator("h1")).hasText("访问复核");
      assertThat(page.locator(".review-item")).hasCount(2);
      assertThat(page.locator(".tabs a").first()).hasText("待复核 2");
      assertThat(page.locator(".review-item[data-id='" + doubtful + "'] .flags")).containsText("访问过快");
      Browser.screenshot(page, "review-queue-" + size);
      HomeBrowserTest.assertNoSidewaysScroll(page, phone);

      page.navigate(url("/capi/reviews/" + doubtful));
      assertThat(page.locator("main")).containsText("定位偏远");
      assertThat(page.locator(".gps-distance")).containsText("公里");
      assertThat(page.locator(".time-bars li")).hasCount(13);
      assertThat(page.locator(".answers-list")).not().containsText("q9");
      Browser.screenshot(page, "review-detail-" + size);
      if (phone) {
        // the full page is too tall to read in one picture: the screens a phone shows, one by one
        for (int screen = 0; screen < 4; screen++) {
          page.evaluate("y => window.scrollTo(0, y)", screen * 800);
          page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve(
              "review-detail-phone-screen" + (screen + 1) + ".png")));
        }
      }
      HomeBrowserTest.assertNoSidewaysScroll(page, phone);
      page.context().close();
    }

    Page supervisor = signIn(browser.desktop(), "t-supervisor");
    supervisor.navigate(url("/capi/reviews/" + good));
    supervisor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("通过")).click();
    assertThat(supervisor.locator("p.ok")).hasText("第 " + good + " 号访问已通过。");

    supervisor.navigate(url("/capi/reviews/" + doubtful));
    supervisor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退回")).click();
    assertThat(supervisor.locator(".problems")).containsText("退回时请填写意见");
    // the problem stands beside the comment box, which has the focus: the supervisor types the comment there
    assertThat(supervisor.locator("form.decide .problems")).containsText("退回时请填写意见");
    assertThat(supervisor.locator("#comment")).isFocused();
    Browser.screenshot(supervisor, "review-reject-without-comment-desktop");
    supervisor.getByLabel("意见（退回时必填，调查员会看到）").fill(COMMENT);
    supervisor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退回")).click();
    assertThat(supervisor.locator("p.ok")).hasText("第 " + doubtful + " 号访问已退回调查员。");
    supervisor.context().close();

    assertThat(jdbc.sql("select review_status from response where id = ?").param(good).query(String.class).single())
        .isEqualTo("approved");
    assertThat(jdbc.sql("select review_status from response where id = ?").param(doubtful).query(String.class).single())
        .isEqualTo("rejected");

    for (boolean phone : List.of(true, false)) {
      Page page = signIn(phone ? browser.phone() : browser.desktop(), "t-interviewer");
      page.navigate(url("/capi/returned"));
      assertThat(page.locator("h1")).hasText("退回的访问");
      assertThat(page.locator(".returned-item[data-id='" + doubtful + "'] .comment")).hasText(COMMENT);
      assertThat(page.locator(".returned-item[data-id='" + good + "']")).hasCount(0);
      Browser.screenshot(page, "review-returned-" + (phone ? "phone" : "desktop"));
      HomeBrowserTest.assertNoSidewaysScroll(page, phone);
      page.context().close();
    }
  }

}
