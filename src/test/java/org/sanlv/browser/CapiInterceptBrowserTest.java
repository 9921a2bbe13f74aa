package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Geolocation;
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
import org.sanlv.fieldwork.capi.AssignmentService;
import org.sanlv.fieldwork.capi.CapiFixtures;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The street-intercept walk of the interviewer app on a phone (390 × 844): a quota cell of 2 interviews at a named
 * site, shown by its names (site · place type · weekday/weekend · time of day); one interview online with GPS, the
 * cell at 1/2 and still open; one offline, synced once when the network is back, the cell at 2/2 and completed.
 * Screenshots of each step in target/screenshots/capi-intercept-*.png.
 */
@IntegrationTest
@Tag("browser")
class CapiInterceptBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Capi-street-2026-拦截";
  private static final String INTERVIEWER = "t-capi-street";
  private static final String SITE = "百官农贸市场";
  private static final double LAT = 30.0341;
  private static final double LON = 120.8695;
  private static final LocatorAssertions.HasTextOptions LONG = new LocatorAssertions.HasTextOptions().setTimeout(30_000);
  private static final LocatorAssertions.ContainsTextOptions LONG_CONTAINS =
      new LocatorAssertions.ContainsTextOptions().setTimeout(30_000);

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired AssignmentService assignments;
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

  /**
   * An intercept cell of 百官街道 (the mock survey's stratum is the town) at a named market, weekday mornings, 2
   * interviews, written as AssignmentRepository writes a cell of the current intercept draw, then given to the
   * interviewer by the supervisor through {@link AssignmentService#assign}.
   */
  private long interceptCell(CapiFixtures f) {
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'intercept', 19, '{}'::jsonb, 2, 'capi-intercept-test') returning id""")
        .param(f.surveyId).query(Long.class).single();
    long id = jdbc.sql("""
        insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, location_type, day_type,
                                     time_of_day, site_id, site_name, target, latitude, longitude, max_visits)
        values (?, ?, 'intercept', ?, ?, ?, 'market', 'weekday', 'morning', 'S-BG-01', ?, 2, ?, ?, 3) returning id""")
        .params(f.surveyId, draw, TestAccounts.BAIGUAN, TestAccounts.SHANGYU, TestAccounts.BAIGUAN, SITE, LAT, LON)
        .query(Long.class).single();
    var supervisor = users.scopeOf("t-supervisor").orElseThrow();
    assignments.addMember(supervisor, f.team, INTERVIEWER);
    assignments.assign(supervisor, id, INTERVIEWER, f.team);
    return id;
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

  /** From the list: the cell, 开始访问, the location asked (ticked or not), the questionnaire, saved on the phone. */
  private static void interceptInterview(Page page, long cell, boolean gps, String shot) {
    page.locator("a.task[data-assignment='" + cell + "']").click();
    assertThat(page.locator("h1")).containsText(SITE);
    assertThat(page.locator("dl.facts")).containsText("市场 · 工作日 · 上午");
    if (shot != null) {
      Browser.screenshot(page, shot + "-cell");
    }
    page.locator("[data-test=start]").click();
    // no household roster for an intercept: the location is asked, then the questionnaire
    assertThat(page.locator("#capi-adults")).hasCount(0);
    assertThat(page.locator("h1")).hasText(SITE + " · 工作日 · 上午");
    if (gps) {
      page.locator("#capi-gps").check();
    }
    if (shot != null) {
      Browser.screenshot(page, shot + "-gps");
    }
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("开始问卷")).click();
    answerQuestionnaire(page, shot == null ? null : shot + "-question");
    assertThat(page.locator(".saved")).hasText("访问已保存在本机。");
  }

  @Test
  void aStreetInterviewerFillsACellOfTwoOnlineAndOfflineAndTheCellCompletesOnce() {
    CapiFixtures f = CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
    if (users.scopeOf(INTERVIEWER).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(INTERVIEWER, "街头调查员", Role.INTERVIEWER,
          TestAccounts.SHANGYU));
    }
    long cell = interceptCell(f);
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    clock.set(start);

    Page page = browser.phone();
    BrowserContext context = page.context();
    context.clock().install(new Clock.InstallOptions().setTime(start.toEpochMilli()));
    signIn(page, INTERVIEWER);
    page.navigate(url("/capi/"));
    assertThat(page.locator("h1")).hasText("我的访问任务", LONG);
    Locator task = page.locator("a.task[data-assignment='" + cell + "']");
    task.waitFor();
    Browser.screenshot(page, "capi-intercept-01-list");
    // the cell by its names, never its codes: site · place type · weekday/weekend · time of day, and the count
    assertThat(task.locator(".no")).hasText(SITE);
    assertThat(task.locator(".addr")).hasText("市场 · 工作日 · 上午");
    assertThat(task).containsText("已完成 0/2 人");
    for (String code : List.of("market", "weekday", "morning", "S-BG-01")) {
      assertThat(task).not().containsText(code);
    }

    // 1. one interview online, the location ticked and allowed: stored at once with its GPS
    context.grantPermissions(List.of("geolocation"));
    context.setGeolocation(new Geolocation(LAT, LON).setAccuracy(20));
    interceptInterview(page, cell, true, "capi-intercept-02");
    eventually(() -> count("select count(*) from response where assignment_id = ?", cell) == 1);
    assertThat(page.locator("[data-test=waiting]")).hasText("待同步 0 条", LONG);
    Map<String, Object> first = jdbc.sql("""
        select (paradata->'gps'->>'lat')::float8 lat, (paradata->'gps'->>'lon')::float8 lon,
               (paradata->'gps'->>'accuracy')::float8 accuracy, paradata->>'offline' offline
          from response where assignment_id = ?""").param(cell).query().singleRow();
    assertThat(first).containsEntry("lat", LAT).containsEntry("lon", LON).containsEntry("accuracy", 20.0)
        .containsEntry("offline", "false");
    assertThat(jdbc.sql("select latitude from capi_visit where assignment_id = ?").param(cell).query(Double.class)
        .single()).isEqualTo(LAT);
    Browser.screenshot(page, "capi-intercept-03-saved");
    page.locator("a[href='#/']").first().click();
    assertThat(task).containsText("已完成 1/2 人", LONG_CONTAINS);
    assertThat(task.locator(".badge").first()).hasText("进行中"); // not a household's 已访未成
    assertThat(jdbc.sql("select status from capi_assignment where id = ?").param(cell).query(String.class).single())
        .isNotEqualTo("completed");
    Browser.screenshot(page, "capi-intercept-04-one-of-two");

    // 2. the second interview with the network off: kept on the phone, no location asked
    context.setOffline(true);
    assertThat(page.locator("[data-test=network]")).hasText("离线");
    interceptInterview(page, cell, false, null);
    assertThat(page.locator("[data-test=waiting]")).hasText("待同步 1 条");
    page.locator("a[href='#/']").first().click();
    assertThat(page.locator("[data-test=queue] li.waiting")).hasCount(1);
    assertThat(page.locator("[data-test=queue] li.waiting")).containsText(SITE);
    Browser.screenshot(page, "capi-intercept-05-offline-queue");
    assertThat(count("select count(*) from response where assignment_id = ?", cell)).isEqualTo(1);

    // 3. back online: synced by itself, stored once, the cell 2/2 and completed
    context.setOffline(false);
    eventually(() -> count("select count(*) from response where assignment_id = ?", cell) == 2);
    assertThat(page.locator("[data-test=waiting]")).hasText("待同步 0 条", LONG);
    assertThat(page.locator("[data-test=network]")).hasText("在线");
    assertThat(task).containsText("已完成 2/2 人", LONG_CONTAINS);
    assertThat(task.locator(".badge.completed")).hasText("已完成");
    page.locator("[data-test=sync]").click(); // a repeated sync stores nothing new
    assertThat(page.locator("[data-test=sync]")).hasText("立即同步", LONG);
    assertThat(count("select count(*) from response where assignment_id = ?", cell)).isEqualTo(2);
    assertThat(count("select count(*) from capi_visit where assignment_id = ?", cell)).isEqualTo(2);
    assertThat(jdbc.sql("select status from capi_assignment where id = ?").param(cell).query(String.class).single())
        .isEqualTo("completed");
    assertThat(count("""
        select count(*) from response where assignment_id = ? and mode = 'intercept' and review_status = 'pending'
           and adults is null and selection is null and interviewer = ?""", cell, INTERVIEWER)).isEqualTo(2);
    assertThat(count("select count(*) from response where assignment_id = ? and paradata->>'offline' = 'true'"
        + " and not jsonb_exists(paradata, 'gps')", cell)).isEqualTo(1);
    Browser.screenshot(page, "capi-intercept-06-synced");

    Page desktop = browser.desktop();
    desktop.context().clock().install(new Clock.InstallOptions().setTime(start.toEpochMilli()));
    signIn(desktop, INTERVIEWER);
    desktop.navigate(url("/capi/"));
    assertThat(desktop.locator("a.task[data-assignment='" + cell + "']")).containsText("已完成 2/2 人", LONG_CONTAINS);
    Browser.screenshot(desktop, "capi-intercept-07-desktop-list");
  }
}
