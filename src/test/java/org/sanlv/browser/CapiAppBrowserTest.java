package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.capi.CapiFixtures;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The acceptance walk of the interviewer app on a phone (390 × 844): a household interview, a refusal at another
 * household, two interviews with the network off, the sync when it comes back (each stored exactly once), a repeated
 * sync storing nothing, a half-written record kept as a draft and never synced, and an interview the supervisor sent
 * back shown with its comment. Screenshots of each step in target/screenshots/capi-*.png.
 */
@IntegrationTest
@Tag("browser")
class CapiAppBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Capi-app-2026-访问";
  private static final LocatorAssertions.HasTextOptions LONG = new LocatorAssertions.HasTextOptions().setTimeout(30_000);
  private static final LocatorAssertions.ContainsTextOptions LONG_CONTAINS =
      new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

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
    return page;
  }

  private long count(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  private static Locator waiting(Page page) {
    return page.locator("[data-test=waiting]");
  }

  /** Waits (at most 30 s, on the machine's time: a browser's network is no test clock matter) until it holds. */
  private static void eventually(java.util.function.BooleanSupplier condition) {
    long until = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 30 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Answers the questionnaire on screen with a complete zhejiang-2022 answer set, one screen at a time. */
  private static void answerQuestionnaire(Page page, String shot) {
    Map<String, Object> answers = ZhejiangAnswers.complete(TestAccounts.SHANGYU);
    for (int screen = 0; screen < 80; screen++) {
      page.locator(".capi-interview form.question").waitFor();
      if (page.locator(".capi-interview button.finish").count() > 0) {
        page.locator(".capi-interview button.finish").click();
        return;
      }
      String name = (String) page.evaluate("() => window.SanlvCapi.interview().state().current");
      Object value = answers.get(name);
      Locator form = page.locator(".capi-interview form.question");
      if (value instanceof List<?> list) {
        for (Object v : list) {
          form.locator("input[name=value][value='" + v + "']").check();
        }
      } else if (value != null && form.locator("input[type=radio][name=value]").count() > 0) {
        form.locator("input[name=value][value='" + value + "']").check();
      } else if (value != null && form.locator("select[name=value]").count() > 0) {
        form.locator("select[name=value]").selectOption(String.valueOf(value));
      } else if (value != null) {
        form.locator("[name=value]").fill(String.valueOf(value));
      }
      if (screen == 1 && shot != null) {
        Browser.screenshot(page, shot);
      }
      form.locator("button.next").click();
    }
    throw new AssertionError("the questionnaire did not end");
  }

  private void householdInterview(Page page, long assignment, String address, int adults, String shot) {
    page.locator("a.task[data-assignment='" + assignment + "']").click();
    page.locator("[data-test=start]").click();
    page.locator("#capi-address").fill(address);
    page.locator("#capi-adults").fill(String.valueOf(adults));
    assertThat(page.locator("[data-test=selected]")).containsText(adults == 1 ? "只有一位成年人" : "下一个过生日");
    if (shot != null) {
      Browser.screenshot(page, shot + "-roster");
    }
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("开始问卷")).click();
    answerQuestionnaire(page, shot == null ? null : shot + "-question");
    assertThat(page.locator(".saved")).hasText("访问已保存在本机。");
  }

  @Test
  void anInterviewerWorksOnlineAndOfflineAndEverySyncStoresEachInterviewExactlyOnce() {
    CapiFixtures f = CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
    long a1 = f.household(f.team, "t-interviewer");
    long a2 = f.household(f.team, "t-interviewer");
    long a3 = f.household(f.team, "t-interviewer");
    long a4 = f.household(f.team, "t-interviewer");
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    clock.set(start);

    Page page = browser.phone();
    BrowserContext context = page.context();
    // the phone's clock is the test clock, not the machine's
    context.clock().install(new Clock.InstallOptions().setTime(start.toEpochMilli()));
    signIn(page, "t-interviewer");
    page.navigate(url("/capi"));
    assertThat(page.locator("h1")).hasText("我的访问任务", LONG);
    assertThat(page.locator("a.task[data-assignment='" + a1 + "']")).containsText("第 3 户");
    assertThat(page.locator("a.task[data-assignment='" + a1 + "']")).containsText("已访 0/3 次");
    assertThat(waiting(page)).hasText("待同步 0 条");
    Browser.screenshot(page, "capi-01-list");

    // 1. a household interview, online: saved on the phone, synced at once
    householdInterview(page, a1, "百官街道市民大道 1 号", 2, "capi-02");
    eventually(() -> count("select count(*) from response where assignment_id = ?", a1) == 1);
    assertThat(waiting(page)).hasText("待同步 0 条", LONG);
    assertThat(page.locator("[data-test=last-sync]")).containsText("上次同步");
    assertThat(jdbc.sql("select adults, selection, status, review_status from response where assignment_id = ?")
        .param(a1).query().singleRow()).containsEntry("adults", 2).containsEntry("selection", "next_birthday")
        .containsEntry("status", "complete").containsEntry("review_status", "pending");
    Browser.screenshot(page, "capi-03-interview-saved");

    // 2. a refusal at another household
    page.locator("a[href='#/']").first().click();
    page.locator("a.task[data-assignment='" + a2 + "']").click();
    page.locator("[data-test=record-visit]").click();
    page.locator("label[for=capi-outcome-refused]").click();
    page.locator("#capi-address").fill("百官街道江扬路 8 号");
    page.locator("#capi-note").fill("户主不愿接受访问");
    // GPS only when the interviewer ticks it and the browser allows it
    context.grantPermissions(List.of("geolocation"));
    context.setGeolocation(new com.microsoft.playwright.options.Geolocation(30.0329, 120.8712).setAccuracy(15));
    page.locator("#capi-gps").check();
    Browser.screenshot(page, "capi-04-refusal");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("保存")).click();
    assertThat(page.locator(".saved")).hasText("本次结果已保存在本机。");
    eventually(() -> count("select count(*) from capi_visit where assignment_id = ? and outcome = 'refused'", a2) == 1);
    assertThat(jdbc.sql("select latitude from capi_visit where assignment_id = ?").param(a2).query(Double.class)
        .single()).isEqualTo(30.0329);
    assertThat(count("select count(*) from capi_visit where assignment_id = ? and latitude is null", a1))
        .as("not ticked: no location").isEqualTo(1);
    assertThat(count("select count(*) from response where assignment_id = ? and jsonb_exists(paradata, 'gps')", a1)).isZero();
    assertThat(waiting(page)).hasText("待同步 0 条", LONG);

    // 3. offline: two interviews wait on the phone
    context.setOffline(true);
    assertThat(page.locator("[data-test=network]")).hasText("离线");
    page.locator("a[href='#/']").first().click();
    householdInterview(page, a3, "百官街道人民西路 12 号", 1, null);
    page.locator("a[href='#/']").first().click();
    householdInterview(page, a4, "百官街道人民西路 14 号", 3, null);
    assertThat(waiting(page)).hasText("待同步 2 条");
    assertThat(page.locator("[data-test=queue] li.waiting")).hasCount(2);
    Browser.screenshot(page, "capi-05-offline-queue");
    assertThat(count("select count(*) from response where assignment_id in (?, ?)", a3, a4)).isZero();
    @SuppressWarnings("unchecked")
    List<Object> payloads = (List<Object>) page.evaluate(
        "() => window.SanlvCapi.records().filter(window.SanlvCapi.isWhole).map(r => r.payload)");
    assertThat(payloads).hasSize(2);

    // 4. back online: the app syncs by itself, each interview stored once
    context.setOffline(false);
    eventually(() -> count("select count(*) from response where assignment_id in (?, ?)", a3, a4) == 2);
    assertThat(waiting(page)).hasText("待同步 0 条", LONG);
    assertThat(page.locator("[data-test=network]")).hasText("在线");
    assertThat(count("select count(*) from response where assignment_id = ?", a3)).isEqualTo(1);
    assertThat(count("select count(*) from response where assignment_id = ?", a4)).isEqualTo(1);
    assertThat(count("select count(*) from response where assignment_id = ? and paradata->>'offline' = 'true'", a3))
        .isEqualTo(1);
    assertThat(jdbc.sql("select selection from response where assignment_id = ?").param(a3).query(String.class)
        .single()).isEqualTo("only_adult");
    Browser.screenshot(page, "capi-06-synced");

    // 5. a repeated sync stores nothing new: the same records sent again answer "repeat"
    long before = count("select count(*) from response where survey_id = ?", f.surveyId);
    long visitsBefore = count("select count(*) from capi_visit");
    @SuppressWarnings("unchecked")
    List<String> statuses = (List<String>) page.evaluate("""
        async visits => {
          const work = await (await fetch('/api/v1/capi/me/assignments')).json();
          const headers = {'Content-Type': 'application/json'};
          headers[work.csrf.header] = work.csrf.token;
          const body = JSON.stringify({deviceId: 'again', sentAt: new Date().toISOString(), visits});
          const answer = await (await fetch('/api/v1/capi/sync', {method: 'POST', headers, body})).json();
          return answer.results.map(r => r.status);
        }""", payloads);
    assertThat(statuses).containsExactly("repeat", "repeat");
    page.locator("[data-test=sync]").click();
    assertThat(waiting(page)).hasText("待同步 0 条", LONG);
    assertThat(count("select count(*) from response where survey_id = ?", f.surveyId)).isEqualTo(before);
    assertThat(count("select count(*) from capi_visit")).isEqualTo(visitsBefore);

    // 6. a half-written record (a crash mid-write: its checksum does not match) is a draft, never synced
    page.evaluate("""
        key => new Promise((resolve, reject) => {
          const open = indexedDB.open('sanlv-capi', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('records', 'readwrite');
            tx.objectStore('records').put({key, me: 't-interviewer', assignmentId: %d, state: 'complete',
              status: 'waiting', createdAt: new Date().toISOString(),
              payload: {key, assignmentId: %d, outcome: 'interview', interview: {answers: {age: 4}}},
              checksum: '12:cut'});
            tx.oncomplete = () => resolve(true);
            tx.onerror = () => reject(tx.error);
          };
        })""".formatted(a4, a4), "0f0e0d0c-0b0a-4000-8000-000000000001");
    page.evaluate("() => window.SanlvCapi.reload()");
    assertThat(page.locator("[data-test=queue] li.draft")).containsText("未完成的记录");
    assertThat(waiting(page)).hasText("待同步 0 条");
    page.locator("[data-test=sync]").click();
    assertThat(page.locator("[data-test=sync]")).hasText("立即同步", LONG);
    assertThat(count("select count(*) from capi_visit where idempotency_key = '0f0e0d0c-0b0a-4000-8000-000000000001'"))
        .isZero();
    Browser.screenshot(page, "capi-07-draft");

    // 7. the supervisor rejects one with a comment (by SQL here; the review helper's page does it for real in
    // its own test) and the interviewer sees it on the app's list
    supervisorRejectsOneWithAComment(a3, "第 9 题追问不足，请重访");
    page.reload();
    page.evaluate("() => { location.hash = '#/'; }");
    assertThat(page.locator("[data-test=returned]")).containsText("督导意见：第 9 题追问不足，请重访", LONG_CONTAINS);
    Browser.screenshot(page, "capi-08-returned");

    // 8. the app opens again with no network: the service worker keeps the page and the scripts, IndexedDB the
    // assignments and the queue (an emulated reload reports itself online, so no network badge is checked here)
    context.setOffline(true);
    page.reload();
    page.evaluate("() => { location.hash = '#/'; }");
    assertThat(page.locator("h1")).hasText("我的访问任务", LONG);
    assertThat(page.locator("a.task[data-assignment='" + a4 + "']")).containsText("已完成");
    assertThat(page.evaluate("() => typeof window.SanlvInterview")).isEqualTo("object"); // the engine came from the cache
    context.setOffline(false);

    Page desktop = browser.desktop();
    desktop.context().clock().install(new Clock.InstallOptions().setTime(start.toEpochMilli()));
    signIn(desktop, "t-interviewer");
    desktop.navigate(url("/capi/"));
    assertThat(desktop.locator("a.task[data-assignment='" + a1 + "']")).containsText("已完成", LONG_CONTAINS);
    Browser.screenshot(desktop, "capi-09-desktop-list");
  }

  /** The supervisor returns the interview with a comment on the review page (访问复核), as in the field. */
  private void supervisorRejectsOneWithAComment(long assignment, String comment) {
    long response = count("select id from response where assignment_id = ?", assignment);
    Page supervisor = signIn(browser.desktop(), "t-supervisor");
    supervisor.navigate(url("/capi/reviews"));
    assertThat(supervisor.locator("a[href='/capi/reviews/" + response + "']")).isVisible();
    supervisor.navigate(url("/capi/reviews/" + response));
    supervisor.getByLabel("意见（退回时必填，调查员会看到）").fill(comment);
    supervisor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退回")).click();
    assertThat(supervisor.locator("p.ok")).hasText("第 " + response + " 号访问已退回调查员。");
    Browser.screenshot(supervisor, "capi-07b-supervisor-returns");
    supervisor.context().close();
    assertThat(jdbc.sql("select review_status from response where id = ?")
        .param(response).query(String.class).single()).isEqualTo("rejected");
  }
}
