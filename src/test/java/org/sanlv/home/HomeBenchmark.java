package org.sanlv.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The home page's figures for a running province survey with 1,000,000 complete responses over 14 days in 90
 * counties: for a province admin (every row) and a county admin (one county's rows). The results glance is not part
 * of it (it loads after the page). Run: {@code ./mvnw -o test -Dtest=HomeBenchmark -Dtest.tags.excluded=none}.
 */
@IntegrationTest
@Tag("benchmark")
class HomeBenchmark {

  @Autowired HomeService home;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @Test
  void homeFiguresOfAMillionResponses() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-bench-home-" + System.nanoTime() % 100000,
        "benchmark", instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, now.minus(Duration.ofDays(20)),
            now.plus(Duration.ofDays(20)), Map.of("targetPerStratum", "12000")),
            new Survey.Mode(SurveyMode.PHONE, now.minus(Duration.ofDays(20)), now.plus(Duration.ofDays(20)), Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    long start = System.nanoTime();
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        select gen_random_uuid(), ?, ?, c.code, c.code, case when g % 4 = 0 then 'phone' else 'online' end, 'complete',
               ?::timestamptz - make_interval(secs => g % 1209600),
               case when g % 50 = 0 then '{speeder}'::text[] else '{}'::text[] end, '{"q9": "1"}'::jsonb
          from generate_series(1, 1000000) g
          join (select code, row_number() over (order by code) - 1 as k from org_node where level = 'county'
                 and path like '/CN/33/%') c on c.k = g % 90""")
        .params(survey.id(), instrument, java.sql.Timestamp.from(now)).update();
    System.out.printf("inserted 1,000,000 responses in %.1f s%n", (System.nanoTime() - start) / 1e9);
    jdbc.sql("vacuum analyze response").update();
    Scope province = new Scope("t-province-admin", Role.PROVINCE_ADMIN, "33", org.node(TestAccounts.ROOT, "33").path());
    Scope county = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU,
        org.node(TestAccounts.ROOT, TestAccounts.SHANGYU).path());
    for (Scope scope : List.of(province, county)) {
      List<Long> first = new ArrayList<>();
      List<Long> again = new ArrayList<>();
      HomeService.SurveyCard card = null;
      for (int run = 0; run < 3; run++) {
        home.forgetCounts();
        long t0 = System.nanoTime();
        home.home(scope);
        first.add((System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        HomeService.Home page = home.home(scope);
        again.add((System.nanoTime() - t1) / 1_000_000);
        card = page.surveys().stream().filter(c -> c.survey().id() == survey.id()).findFirst().orElseThrow();
      }
      assertThat(card.total()).isBetween(scope == province ? 1_000_000L : 11_111L, scope == province ? 1_000_000L : 11_112L);
      System.out.printf(Locale.ROOT, "home page figures for %s: first look %s ms (median %d), again within %s: %s ms%n",
          scope.role(), first, first.stream().sorted().toList().get(1), HomeService.FIGURES_TTL, again);
    }
  }
}
