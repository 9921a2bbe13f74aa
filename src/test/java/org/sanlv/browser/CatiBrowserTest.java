package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.fieldwork.cati.CatiQueue;
import org.sanlv.fieldwork.cati.CatiScreenFixtures;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The acceptance test of the phone interviewer's screen (issue 20), on a phone (390 × 844): an interviewer takes a
 * number, screens the respondent into 百官街道, completes a short questionnaire, takes the next number and makes an
 * appointment for it; then works three numbers with the keyboard alone (no answer, an appointment, a hard refusal);
 * on a desktop (1366 × 900) takes a whole interview with the keyboard alone and breaks another off with Esc, setting
 * the callback; the supervisor's page shows the completed interviews and the appointments. Test clock: Wednesday 18 November 2026, 10:30 in China (calling hours
 * 09:00–12:00, 14:00–21:00). Screenshots of every step in target/screenshots/cati-*.png.
 */
@IntegrationTest
@Tag("browser")
class CatiBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Cati-screen-2026-电访";
  private static final String SUPERVISOR_PASSWORD = "Cati-super-2026-督导";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired CatiQueue queue;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private static void shot(Page page, String name) {
    Browser.screenshot(page, name);
  }

  private static Locator message(Page page) {
    return page.locator(".cati-message");
  }

  private static boolean fitsThePhone(Page page) {
    return (Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
  }

  @Test
  void anInterviewerCompletesAnInterviewMakesAppointmentsWithMouseAndKeysAndTheSupervisorSeesThem() throws Exception {
    TestAccounts.ensure(org, users);
    clock.set(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    long form = CatiScreenFixtures.shortForm(instruments);
    Survey survey = CatiScreenFixtures.phoneSurvey(surveys, form, clock.instant(), Map.of("targetPerStratum", "5"));
    CatiScreenFixtures.draw(jdbc, survey.id(), 10);
    assertThat(queue.releaseNext("t-province-admin", survey.id())).isEqualTo(10);
    String baiguan = queue.strata(survey.id()).stream().filter(s -> s.code().equals(TestAccounts.BAIGUAN))
        .findFirst().orElseThrow().name();

    // the survey picker
    Page page = browser.phone();
    Browser.signInWithNewPassword(page, url("/login"), users, clock, "t-interviewer", PASSWORD);
    page.navigate(url("/cati/"));
    assertThat(page.locator("h1")).hasText("电话访问");
    Locator card = page.locator("article.cati-survey:has(h3 a:text-is('" + survey.name() + "'))");
    assertThat(card.locator(".figure .value")).hasText(new String[] {"0", "0", "0"});
    assertThat(fitsThePhone(page)).isTrue();
    shot(page, "cati-list-phone");
    card.locator("a.button").click();

    // ready: the one thing to do is the next number, and it has the focus
    Locator next = page.locator(".cati-next");
    assertThat(next).isFocused();
    assertThat(page.locator(".cati-state")).hasText("就绪");
    assertThat(page.locator(".cati-keys")).containsText("N 下一个号码");
    shot(page, "cati-ready-phone");

    // number 1: the call screen with the number as a tel: link, the introduction, the dispositions
    next.click();
    Locator number = page.locator(".cati-number a");
    assertThat(number).hasAttribute("href", java.util.regex.Pattern.compile("^tel:1\\d{10}$"));
    String first = number.innerText();
    assertThat(page.locator(".cati-facts")).containsText("第 1 次拨打");
    assertThat(page.locator(".cati-facts")).containsText("新号码");
    assertThat(page.locator(".cati-read")).containsText("浙江省统计局");
    assertThat(page.locator(".cati-read")).containsText("0571-12340");
    assertThat(page.locator(".cati-start")).isFocused();
    assertThat(page.locator(".cati-disp")).hasCount(13);
    assertThat(page.locator(".cati-state")).hasText("拨号中");
    assertThat(fitsThePhone(page)).as("no sideways scrolling at 390 px").isTrue();
    shot(page, "cati-call-phone");

    // screening: the town, then the questionnaire with the county already answered
    page.locator(".cati-start").click();
    assertThat(page.locator(".cati-screening legend")).hasText("请问您现在住在哪个乡镇（街道）？");
    shot(page, "cati-screening-phone");
    page.locator("#cati-stratum").selectOption(new SelectOption().setLabel(baiguan));
    page.locator(".cati-continue").click();
    assertThat(page.locator(".cati-state")).hasText("访问中");
    assertThat(page.locator("#capi-q-county")).hasValue(TestAccounts.SHANGYU);
    assertThat(fitsThePhone(page)).isTrue();
    shot(page, "cati-interview-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一题")).click();
    page.locator("#capi-q-age").fill("12");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一题")).click();
    assertThat(page.locator("#capi-problems")).containsText("年龄应在 16 到 120 周岁之间");
    page.locator("#capi-q-age").fill("45");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一题")).click();
    page.locator("label.choice").filter(new Locator.FilterOptions().setHasText("比较安全")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一题")).click();
    assertThat(page.locator(".capi-interview")).containsText("结束后访问立即保存");
    shot(page, "cati-interview-end-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("结束访问")).click();

    // stored: the number is masked now, and the next number has the focus
    assertThat(message(page)).containsText("访问已保存");
    String masked = first.substring(0, 3) + "****" + first.substring(first.length() - 4);
    assertThat(message(page)).containsText(masked);
    assertThat(page.locator("body")).not().containsText(first);
    assertThat(next).isFocused();
    shot(page, "cati-stored-phone");
    Map<String, Object> response = jdbc.sql("""
        select r.stratum_code, r.county_code, r.answers->>'safety' as safety, c.final_code
        from response r join cati_case c on c.id = r.cati_case_id where r.survey_id = ? and r.mode = 'phone'""")
        .param(survey.id()).query().singleRow();
    assertThat(response).containsEntry("stratum_code", TestAccounts.BAIGUAN)
        .containsEntry("county_code", TestAccounts.SHANGYU).containsEntry("safety", "2").containsEntry("final_code", "1.1");

    // number 2: an appointment today at 15:00, with the mouse
    next.click();
    String second = page.locator(".cati-number a").innerText();
    page.locator(".cati-disp[data-code='2.21']").click();
    assertThat(page.locator(".cati-time h2")).hasText("预约访问时间");
    assertThat(page.locator("#cati-day option").first()).hasText("今天 11-18");
    // only times inside the calling hours, from the next quarter hour on
    List<String> times = page.locator("#cati-time-of-day option").allInnerTexts();
    assertThat(times).startsWith("10:45").contains("11:45", "14:00", "20:45").doesNotContain("12:00", "13:45", "21:00");
    page.locator("#cati-time-of-day").selectOption("900");
    shot(page, "cati-appointment-phone");
    page.locator(".cati-save").click();
    assertThat(message(page)).containsText("已记录：预约访问 15:00");
    assertThat(message(page)).containsText(second.substring(0, 3) + "****");
    shot(page, "cati-recorded-phone");

    // the keyboard alone: N, then 1 (no answer)
    assertThat(next).isFocused();
    page.keyboard().press("n");
    assertThat(page.locator(".cati-number a")).isVisible();
    assertThat(page.locator(".cati-start")).isFocused();
    page.keyboard().press("1");
    assertThat(message(page)).containsText("已记录：无人接听（3.13）");
    // N, then A (appointment): the day has the focus; Tab to the time, one step down, Enter saves
    page.keyboard().press("n");
    assertThat(page.locator(".cati-number a")).isVisible();
    page.keyboard().press("a");
    assertThat(page.locator("#cati-day")).isFocused();
    page.keyboard().press("Tab");
    assertThat(page.locator("#cati-time-of-day")).isFocused();
    page.keyboard().press("ArrowDown");
    assertThat(page.locator("#cati-time-of-day")).hasValue("660"); // 11:00, the second time of the day
    page.keyboard().press("Enter");
    assertThat(message(page)).containsText("已记录：预约访问 11:00");
    // N, then 5 (hard refusal): a confirmation first; Esc goes back to the call, 5 and Enter confirm
    page.keyboard().press("n");
    assertThat(page.locator(".cati-number a")).isVisible();
    String refused = page.locator(".cati-number a").innerText();
    page.keyboard().press("5");
    assertThat(page.locator(".cati-confirm")).isFocused();
    shot(page, "cati-keys-confirm-phone");
    page.keyboard().press("Escape");
    assertThat(page.locator(".cati-start")).isFocused();
    page.keyboard().press("5");
    page.keyboard().press("Enter");
    assertThat(message(page)).containsText("已记录：坚决拒访（2.111）");
    assertThat(next).isFocused();
    shot(page, "cati-keys-done-phone");
    assertThat(jdbc.sql("select count(*) from cati_dnc where survey_id = ? and number = ? and reason = 'hard_refusal'")
        .params(survey.id(), refused).query(Long.class).single()).isEqualTo(1);
    page.context().close();

    // a desktop, the keyboard alone through a whole interview: N, Enter (start), a town and Enter (screening), Enter
    // (the county, answered by the screening), 45 and Enter (age), 2 and Enter (比较安全), Enter (finish)
    Page desk = browser.desktop();
    Browser.signIn(desk, url("/login"), "t-interviewer", PASSWORD);
    desk.navigate(url("/cati/surveys/" + survey.id()));
    assertThat(desk.locator(".cati-next")).isFocused();
    shot(desk, "cati-ready-desktop");
    desk.keyboard().press("n");
    assertThat(desk.locator(".cati-number a")).isVisible();
    shot(desk, "cati-call-desktop");
    desk.keyboard().press("Enter");
    assertThat(desk.locator("#cati-stratum")).isFocused();
    desk.keyboard().press("ArrowDown");
    String town = desk.locator("#cati-stratum").inputValue();
    assertThat(town).startsWith(TestAccounts.SHANGYU);
    shot(desk, "cati-screening-desktop");
    desk.keyboard().press("Enter");
    assertThat(desk.locator("#capi-q-county")).isFocused();
    shot(desk, "cati-interview-desktop");
    desk.keyboard().press("Enter");
    assertThat(desk.locator("#capi-q-age")).isFocused();
    desk.keyboard().type("45");
    desk.keyboard().press("Enter");
    assertThat(desk.locator("input[name=value][value='2']")).isVisible();
    desk.keyboard().press("2");
    assertThat(desk.locator("input[name=value][value='2']")).isChecked();
    desk.keyboard().press("Enter");
    assertThat(desk.locator(".capi-interview .end")).isVisible();
    desk.keyboard().press("Enter");
    assertThat(message(desk)).containsText("访问已保存");
    assertThat(jdbc.sql("""
        select count(*) from response where survey_id = ? and mode = 'phone' and stratum_code = ?
           and answers->>'age' = '45' and answers->>'safety' = '2'""").params(survey.id(), town)
        .query(Long.class).single()).isEqualTo(town.equals(TestAccounts.BAIGUAN) ? 2 : 1);

    // and an interview broken off with Esc, with a callback at 14:30
    desk.keyboard().press("n");
    assertThat(desk.locator(".cati-number a")).isVisible();
    desk.keyboard().press("Enter");
    assertThat(desk.locator("#cati-stratum")).isFocused();
    desk.keyboard().press("ArrowDown");
    desk.keyboard().press("Enter");
    assertThat(desk.locator("#capi-q-county")).isFocused();
    desk.keyboard().press("Escape");
    assertThat(desk.locator(".cati-time h2")).hasText("访问中断：约定回拨时间");
    desk.locator("#cati-time-of-day").selectOption("870");
    shot(desk, "cati-breakoff-desktop");
    desk.locator(".cati-save").click();
    assertThat(message(desk)).containsText("已记录：访问中断 14:30（2.12）");
    shot(desk, "cati-recorded-desktop");
    desk.navigate(url("/cati/"));
    Locator mine = desk.locator("article.cati-survey:has(h3 a:text-is('" + survey.name() + "'))");
    // my calls today 7, my completes 2, all completes 2
    assertThat(mine.locator(".figure .value")).hasText(new String[] {"7", "2", "2"});
    shot(desk, "cati-list-desktop");
    desk.context().close();

    // the supervisor sees the completed interview and the appointments of today
    for (boolean phone : List.of(true, false)) {
      Page sup = phone ? browser.phone() : browser.desktop();
      if (phone) {
        Browser.signInWithNewPassword(sup, url("/login"), users, clock, "t-supervisor", SUPERVISOR_PASSWORD);
      } else {
        Browser.signIn(sup, url("/login"), "t-supervisor", SUPERVISOR_PASSWORD);
      }
      sup.navigate(url("/surveys/" + survey.id() + "/cati"));
      assertThat(sup.locator("#fig-completes")).hasText("2");
      assertThat(sup.locator("#appointments")).containsText("15:00");
      assertThat(sup.locator("#appointments")).containsText(second.substring(0, 3) + "****"
          + second.substring(second.length() - 4));
      assertThat(sup.locator("#appointments")).containsText("11:00");
      assertThat(sup.locator("#interviewers tr[data-interviewer='t-interviewer']")).isVisible();
      assertThat(sup.locator("#strata tr[data-code='" + TestAccounts.BAIGUAN + "']")).isVisible();
      assertThat(sup.locator("body")).not().containsText(second);
      shot(sup, phone ? "cati-supervisor-phone" : "cati-supervisor-desktop");
      sup.context().close();
    }

    // 11:00: the appointment made with the keys is served first, with its time and the attempt before it
    clock.set(java.time.Instant.parse("2026-11-18T03:00:20Z"));
    Page again = browser.phone();
    Browser.signIn(again, url("/login"), "t-interviewer", PASSWORD);
    again.navigate(url("/cati/surveys/" + survey.id()));
    again.keyboard().press("n");
    assertThat(again.locator(".cati-facts")).containsText("第 2 次拨打");
    assertThat(again.locator(".cati-facts")).containsText("预约 11:00");
    assertThat(again.locator(".cati-history")).containsText("第 1 次 · 10:3");
    assertThat(again.locator(".cati-history")).containsText("预约访问（2.21） · t-interviewer");
    shot(again, "cati-appointment-due-phone");
    again.context().close();
  }
}
