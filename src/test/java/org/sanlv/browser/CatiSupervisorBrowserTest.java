package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 20, the phone supervisor's page: a county supervisor of a 上虞区 phone survey (cases, attempts, sessions and
 * the do-not-call list seeded with SQL) sees the interviewers' states (a silent session as away), the numbers left
 * by state, the strata, today's attempts per hour and appointments, numbers only masked; releases the next
 * replicate with the button, adds a number to the do-not-call list and is told clearly when a number is not one.
 */
@IntegrationTest
@Tag("browser")
class CatiSupervisorBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Cati-super-2026-督导";

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

  /**
   * A 上虞区 phone survey with a draw of two replicates of five numbers (the first released: one case per state and
   * a fifth fresh), attempts today at 9 and 10 o'clock China time, one appointment at 15:00, two sessions (one
   * silent for 25 minutes) and one hard refusal on the do-not-call list.
   */
  private Survey phoneSurvey(String name, String digits) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-cati-" + Long.toString(System.nanoTime() % 10_000_000, 36), name, instrument, TestAccounts.SHANGYU,
        List.of(new Survey.Mode(SurveyMode.PHONE, now.minus(Duration.ofDays(5)), now.plus(Duration.ofDays(20)),
            Map.of()))));
    // the per-stratum target of the phone design (cati-queue's field), set directly: the form's check of it is theirs
    jdbc.sql("update survey_mode set design = design || '{\"targetPerStratum\": 3}'::jsonb where survey_id = ? and mode = 'phone'")
        .param(survey.id()).update();
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 7, '{}'::jsonb, 10, 'admin') returning id""").param(survey.id()).query(Long.class).single();
    for (int i = 0; i < 10; i++) {
      jdbc.sql("""
          insert into sample_number (draw_id, release_order, replicate, number, prefix, kind, carrier, area, released)
          values (?, ?, ?, ?, '1390575', 'mobile', 'cmcc', ?, ?)""")
          .params(draw, i + 1, i < 5 ? 1 : 2, number(digits, i), TestAccounts.SHANGYU, i < 5).update();
    }
    String[] states = {"fresh", "callback", "appointment", "final", "fresh"};
    long[] cases = new long[5];
    for (int i = 0; i < 5; i++) {
      cases[i] = jdbc.sql("""
          insert into cati_case (survey_id, draw_id, number, area, replicate, release_order, state, priority,
                                 next_call_at, attempts, final_code, appointment_by, county)
          values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
          .params(survey.id(), draw, number(digits, i), TestAccounts.SHANGYU, i + 1, states[i],
              states[i].equals("appointment") ? 0 : states[i].equals("callback") ? 1 : 2,
              states[i].equals("appointment") ? Timestamp.from(at(now, 15, 0))
                  : states[i].equals("callback") ? Timestamp.from(now.plus(Duration.ofHours(2))) : null,
              states[i].equals("fresh") ? 0 : 1, states[i].equals("final") ? "4.31" : null,
              states[i].equals("appointment") ? "t-interviewer" : null,
              states[i].equals("fresh") ? null : TestAccounts.SHANGYU)
          .query(Long.class).single();
    }
    String[][] attempts = {{"1", "9", "2.21"}, {"2", "9", "4.31"}, {"2", "10", "2.11"}, {"3", "10", "1.1"}};
    for (int i = 0; i < attempts.length; i++) {
      Instant ended = at(now, Integer.parseInt(attempts[i][1]), 10 + i);
      jdbc.sql("""
          insert into cati_attempt (idempotency_key, case_id, survey_id, interviewer, attempt_no, started_at, ended_at,
                                    code, callback_at, appointment)
          values (gen_random_uuid(), ?, ?, 't-interviewer', ?, ?, ?, ?, ?, ?)""")
          .params(cases[Integer.parseInt(attempts[i][0])], survey.id(), i + 1, Timestamp.from(ended.minusSeconds(120)),
              Timestamp.from(ended), attempts[i][2], null, false)
          .update();
    }
    jdbc.sql("""
        insert into cati_session (survey_id, interviewer, state, case_id, since, last_seen) values
          (?, 't-interviewer', 'interview', ?, ?, ?), (?, 't-supervisor', 'idle', null, ?, ?)""")
        .params(survey.id(), cases[4], Timestamp.from(now.minusSeconds(300)), Timestamp.from(now.minusSeconds(20)),
            survey.id(), Timestamp.from(now.minusSeconds(3600)), Timestamp.from(now.minus(Duration.ofMinutes(25))))
        .update();
    jdbc.sql("insert into cati_dnc (survey_id, number, reason, added_by, added_at) values (?, ?, 'hard_refusal', 't-interviewer', ?)")
        .params(survey.id(), "13905759999", Timestamp.from(now.minusSeconds(600))).update();
    return survey;
  }

  private static String number(String digits, int i) {
    return "1390575" + digits + i;
  }

  /** Today at hh:mm China time. */
  private static Instant at(Instant now, int hour, int minute) {
    return now.atZone(Survey.CHINA).toLocalDate().atTime(hour, minute).atZone(Survey.CHINA).toInstant();
  }

  @Test
  void aSupervisorSeesTheCallCentreReleasesAReplicateAndKeepsTheDoNotCallList() {
    TestAccounts.ensure(org, users);
    for (boolean phone : List.of(true, false)) {
      String size = phone ? "390" : "1366";
      String digits = phone ? "123" : "456";
      String name = "电话督导测试 " + size;
      Survey survey = phoneSurvey(name, digits);
      Page page = phone ? browser.phone() : browser.desktop();
      Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-supervisor", PASSWORD);
      // from the survey page
      page.navigate(url("/surveys/" + survey.id()));
      page.locator("a:text-is('电话调查督导')").click();
      assertThat(page.locator("h1")).hasText("电话调查督导");
      assertThat(page).hasURL(url("/surveys/" + survey.id() + "/cati"));
      // interviewers: one in an interview, one silent for 25 minutes shown as away
      assertThat(page.locator("#interviewers tr[data-interviewer='t-interviewer'] .state")).hasText("访问中");
      assertThat(page.locator("#interviewers tr[data-interviewer='t-supervisor'] .state")).hasText("离开");
      assertThat(page.locator("#fig-active")).hasText("1");
      // numbers left by state in 上虞区: 2 fresh, 1 callback, 1 appointment, 1 final → 4 left
      assertThat(page.locator("#areas tr[data-code='330604'] td.num"))
          .hasText(new String[] {"2", "1", "1", "1", "4"});
      assertThat(page.locator("#fig-attempts")).hasText("4");
      assertThat(page.locator("#fig-completes")).hasText("1");
      assertThat(page.locator("#attempts-chart[data-drawn='1'] canvas")).hasCount(1);
      assertThat(page.locator("#strata tbody tr").first().locator("td.num").first()).hasText("3");
      // today's appointment at 15:00, its number masked
      assertThat(page.locator("#appointments tbody tr td").first()).hasText("15:00");
      assertThat(page.locator("#appointments td.number")).hasText("139****" + digits + "2");
      // numbers are never shown whole
      String html = page.content();
      for (int i = 0; i < 5; i++) {
        assertThat(html).doesNotContain(number(digits, i));
      }
      assertThat(html).doesNotContain("13905759999").contains("139****9999");
      assertThat(page.locator("#replicate-summary")).containsText("已释放 1 批，共 2 批");
      Browser.screenshot(page, "cati-supervise-" + size);

      // release the next replicate: five more fresh numbers
      page.locator("#release").click();
      assertThat(page.locator("#released")).hasText("已释放一批号码，新增 5 个待拨打号码。");
      assertThat(page.locator("#areas tr[data-code='330604'] td.num").first()).hasText("7");
      assertThat(page.locator("#replicate-summary")).containsText("已释放 2 批，共 2 批");
      assertThat(page.locator("#release")).hasCount(0);
      assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ?").param(survey.id())
          .query(Long.class).single()).isEqualTo(10);

      // the do-not-call list: a bad number is refused in Chinese, a good one is added masked
      page.locator("#dnc-number").fill("12345");
      page.locator("#dnc-form button").click();
      assertThat(page.locator("ul.problems")).containsText("不是有效的电话号码");
      page.locator("#dnc-number").fill("138 0571 " + digits + "8");
      page.locator("#dnc-form button").click();
      assertThat(page.locator("#dnc-added")).hasText("号码 138****" + digits + "8 已加入免打扰名单。");
      assertThat(page.locator("#dnc td.number").first()).hasText("138****" + digits + "8");
      Browser.screenshot(page, "cati-supervise-released-" + size);
      // never wider than the screen
      assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).isTrue();
    }
  }
}
