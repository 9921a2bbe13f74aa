package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.sanlv.results.HouseholdFixture;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 19: the results page of a survey with household interviews (the R fixture's draw, assignments and
 * interviews) and online responses tells how each mode was weighted: the household tab the two-stage design, the
 * "all" tab that modes with designs of their own are estimated apart; on a phone and a desktop.
 */
@IntegrationTest
@Tag("browser")
class HouseholdResultsBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Household-weights-2026";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;

  @Test
  void theResultsPageSaysHowHouseholdInterviewsAreWeighted() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minusSeconds(30 * 86_400L);
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-hh-page-" + System.nanoTime() % 1_000_000_000, "2026年平安三率入户调查", instrument, "33",
        List.of(new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.ONLINE, opens, opens.plusSeconds(864_000), Map.of()))));
    HouseholdFixture.store(jdbc, survey);
    for (String county : List.of("330102", "330106", "330604")) {
      for (int i = 0; i < 8; i++) {
        jdbc.sql("""
            insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                  submitted_at, flags, answers)
            values (?, ?, ?, ?, ?, 'online', 'complete', now(), '{}', ?::jsonb)""")
            .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county,
                "{\"age\":35,\"q9\":\"" + (i % 3 == 0 ? "4" : "1") + "\",\"q2\":\"1\",\"q13\":\"2\"}")
            .update();
      }
    }
    String name = "t-hh-analyst-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    String issued = users.create(TestAccounts.ROOT, new UserService.NewUser(name, "省测评办", Role.PROVINCE_ADMIN, "33"))
        .password();
    users.changePassword(name, issued, PASSWORD, null);
    for (boolean phone : List.of(true, false)) {
      String size = phone ? "phone" : "desktop";
      Page page = phone ? browser.phone() : browser.desktop();
      Browser.signIn(page, url("/login"), name, PASSWORD);
      page.navigate(url("/surveys/" + survey.id() + "/results?mode=household"));
      assertThat(page.locator("p.weighting")).containsText("两阶段整群抽样");
      assertThat(page.locator("p.weighting")).containsText("户内成年人数");
      assertThat(page.locator("p.weighting")).containsText("被退回或上报复核的不计");
      assertThat(page.locator("main")).containsText("有效样本 57 份");
      if (phone) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
      }
      Browser.screenshot(page, "results-household-" + size);
      page.navigate(url("/surveys/" + survey.id() + "/results"));
      assertThat(page.locator("#results-by-mode")).containsText("各调查方式分别估计");
      assertThat(page.locator("p.weighting").first()).containsText("入户调查：");
      if (phone) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        Assertions.assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
      }
      Browser.screenshot(page, "results-household-and-online-" + size);
      page.context().close();
    }
  }
}
