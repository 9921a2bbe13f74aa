package org.sanlv.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.ZhejiangAnswers;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The home page's figures: the China calendar day, the caller's areas, and the two-sided results glance. */
@IntegrationTest
class HomeServiceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired HomeService home;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private Scope scopeOf(String username) {
    return users.scopeOf(username).orElseThrow();
  }

  private Survey running(String slugPrefix) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        slugPrefix + Long.toString(System.nanoTime() % 10_000_000, 36), "首页 " + slugPrefix, instrument, "33",
        List.of(new Survey.Mode(SurveyMode.ONLINE, now.minus(Duration.ofDays(5)), now.plus(Duration.ofDays(5)), Map.of()))));
    surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
    return surveys.byId(survey.id()).orElseThrow();
  }

  private void answer(Survey survey, String county, Instant at, boolean safe) {
    Map<String, Object> answers = ZhejiangAnswers.complete(county);
    answers.put("q9", safe ? "1" : "4");
    jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                              submitted_at, flags, answers)
        values (?, ?, ?, ?, ?, 'online', 'complete', ?, '{}', ?::jsonb)""")
        .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county, java.sql.Timestamp.from(at),
            JSON.writeValueAsString(answers))
        .update();
  }

  private static HomeService.SurveyCard card(HomeService.Home page, Survey survey) {
    return page.surveys().stream().filter(c -> c.survey().id() == survey.id()).findFirst().orElseThrow();
  }

  @Test
  void todayIsTheCalendarDayInChinaNotInUtc() {
    TestAccounts.ensure(org, users);
    Survey survey = running("t-home-day-");
    // 2026-11-18 00:30 in China is 2026-11-17 16:30 UTC: today; 23:59 the evening before is not
    clock.set(Instant.parse("2026-11-17T16:30:00Z"));
    answer(survey, TestAccounts.SHANGYU, Instant.parse("2026-11-17T16:00:00Z"), true);
    answer(survey, TestAccounts.SHANGYU, Instant.parse("2026-11-17T16:20:00Z"), true);
    answer(survey, TestAccounts.SHANGYU, Instant.parse("2026-11-17T15:59:00Z"), true);
    HomeService.Home page = home.home(scopeOf("t-province-admin"));
    assertThat(page.today()).hasToString("2026-11-18");
    assertThat(card(page, survey).today()).isEqualTo(2);
    assertThat(card(page, survey).total()).isEqualTo(3);
    assertThat(page.chart().days()).hasSize(14).last().hasToString("2026-11-18");
    HomeService.Series series = page.chart().series().stream().filter(s -> s.surveyId() == survey.id()).findFirst()
        .orElseThrow();
    assertThat(series.values().subList(12, 14)).containsExactly(1L, 2L);
  }

  @Test
  void aCountyIsCountedOnlyWithItsOwnRowsAndAnInterviewerGetsNoSurveys() {
    TestAccounts.ensure(org, users);
    Survey survey = running("t-home-scope-");
    Instant now = clock.instant();
    for (int i = 0; i < 3; i++) {
      answer(survey, TestAccounts.SHANGYU, now.minusSeconds(60), true);
    }
    for (int i = 0; i < 5; i++) {
      answer(survey, TestAccounts.SHANGCHENG, now.minusSeconds(60), true);
    }
    assertThat(card(home.home(scopeOf("t-province-admin")), survey).total()).isEqualTo(8);
    HomeService.Home county = home.home(scopeOf("t-county-admin"));
    assertThat(county.view()).isEqualTo(HomeService.View.AREA);
    assertThat(card(county, survey).total()).isEqualTo(3);
    assertThat(card(county, survey).mayManage()).isFalse();
    assertThat(card(county, survey).next().href()).isEqualTo("/surveys/" + survey.id() + "/results");
    // a county far away does not see Zhejiang's survey at all
    assertThat(home.home(scopeOf("t-henan")).surveys()).noneMatch(c -> c.survey().id() == survey.id());
    HomeService.Home interviewer = home.home(scopeOf("t-interviewer"));
    assertThat(interviewer.view()).isEqualTo(HomeService.View.INTERVIEWER);
    assertThat(interviewer.surveys()).isEmpty();
  }

  @Test
  void anInterviewerSeesOpenAssignmentsTodaysRevisitsInterviewsInReviewAndReturnedOnes() {
    String busy = InterviewerWorkFixture.busy(jdbc, org, users, surveys, instruments, "t-home-work-busy",
        clock.instant());
    HomeService.Home page = home.home(scopeOf(busy));
    assertThat(page.view()).isEqualTo(HomeService.View.INTERVIEWER);
    // 3 open (the completed one is not), 1 revisit today (not tomorrow's), pending and escalated, the rejected one
    assertThat(page.work()).isEqualTo(new HomeService.InterviewerWork(3, 1, 3, 1));
    assertThat(page.work().nothing()).isFalse();
    assertThat(page.surveys()).isEmpty();

    String idle = InterviewerWorkFixture.idle(org, users, "t-home-work-idle");
    assertThat(home.home(scopeOf(idle)).work()).isEqualTo(new HomeService.InterviewerWork(0, 0, 0, 0));
    assertThat(home.home(scopeOf(idle)).work().nothing()).isTrue();
    // the other views carry no interviewer work
    assertThat(home.home(scopeOf("t-county-admin")).work()).isNull();
  }

  @Test
  void theGlanceCountsCountiesSignificantlyBelowAndAboveTheWhole() {
    TestAccounts.ensure(org, users);
    Survey survey = running("t-home-glance-");
    Instant now = clock.instant();
    // 上虞区 half feel safe, 上城区 all of them: one significantly below the whole, the other above it
    for (int i = 0; i < 60; i++) {
      answer(survey, TestAccounts.SHANGYU, now.minusSeconds(60), i % 2 == 0);
      answer(survey, TestAccounts.SHANGCHENG, now.minusSeconds(60), true);
    }
    HomeService.Glance province = home.glance(scopeOf("t-province-admin"), survey.id());
    assertThat(province.strata()).isEqualTo(2);
    assertThat(province.below()).isEqualTo(1);
    assertThat(province.above()).isEqualTo(1);
    assertThat(province.estimate().n()).isEqualTo(120);
    assertThat(province.interval().low()).isLessThan(province.estimate().estimate());
    // a county official sees its own county against the whole, not its neighbour
    HomeService.Glance county = home.glance(scopeOf("t-county-admin"), survey.id());
    assertThat(county.strata()).isEqualTo(1);
    assertThat(county.below()).isEqualTo(1);
    assertThat(county.above()).isZero();
  }

  @Test
  void countsAreReusedForAMinuteAtMost() {
    TestAccounts.ensure(org, users);
    Survey survey = running("t-home-ttl-");
    answer(survey, TestAccounts.SHANGYU, clock.instant().minusSeconds(60), true);
    Scope province = scopeOf("t-province-admin");
    assertThat(card(home.home(province), survey).total()).isEqualTo(1);
    answer(survey, TestAccounts.SHANGYU, clock.instant().minusSeconds(30), true);
    assertThat(card(home.home(province), survey).total()).isEqualTo(1);
    clock.advance(HomeService.FIGURES_TTL.plusSeconds(1));
    assertThat(card(home.home(province), survey).total()).isEqualTo(2);
  }

  @Test
  void eachRoleGetsItsView() {
    assertThat(HomeService.viewOf(Role.PROVINCE_ADMIN)).isEqualTo(HomeService.View.PROVINCE);
    assertThat(HomeService.viewOf(Role.PROVINCE_ANALYST)).isEqualTo(HomeService.View.PROVINCE);
    assertThat(HomeService.viewOf(Role.INTERVIEWER)).isEqualTo(HomeService.View.INTERVIEWER);
    for (Role role : List.of(Role.COUNTY_ADMIN, Role.SUPERVISOR, Role.TOWN_OFFICER, Role.UNIT_REPORTER)) {
      assertThat(HomeService.viewOf(role)).isEqualTo(HomeService.View.AREA);
    }
  }
}
