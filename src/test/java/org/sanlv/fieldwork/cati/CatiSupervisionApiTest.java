package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The supervisor's API of phone fieldwork: the live view with numbers masked, releases until the replicates are
 * out (then a clear 400, nothing changed), the do-not-call list refusing what is not a number, and the
 * {@link Dialer} default that never pretends to place a call.
 */
@IntegrationTest
class CatiSupervisionApiTest {

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired Dialer dialer;

  Survey survey;

  @BeforeEach
  void phoneSurveyWithTwoReplicates() {
    TestAccounts.ensure(org, users);
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant now = clock.instant();
    survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-cati-api-" + Long.toString(System.nanoTime() % 10_000_000, 36), "电话督导接口测试", instrument,
        TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.PHONE, now.minus(Duration.ofDays(5)),
            now.plus(Duration.ofDays(20)), Map.of()))));
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 7, '{}'::jsonb, 6, 'admin') returning id""").param(survey.id()).query(Long.class).single();
    for (int i = 0; i < 6; i++) {
      jdbc.sql("""
          insert into sample_number (draw_id, release_order, replicate, number, prefix, kind, carrier, area)
          values (?, ?, ?, ?, '1390575', 'mobile', 'cmcc', ?)""")
          .params(draw, i + 1, i < 3 ? 1 : 2, "1390575800" + i, TestAccounts.SHANGYU).update();
    }
    // one number of the first replicate is on the do-not-call list already: it never becomes a case
    jdbc.sql("insert into cati_dnc (survey_id, number, reason, added_by) values (?, '13905758001', 'hard_refusal', 't-interviewer')")
        .param(survey.id()).update();
  }

  private MockHttpServletResponse call(org.springframework.test.web.servlet.RequestBuilder r) throws Exception {
    return mvc.perform(r).andReturn().getResponse();
  }

  private String base() {
    return "/api/v1/cati/surveys/" + survey.id();
  }

  @Test
  void releasesReplicatesInOrderSkippingTheDoNotCallListThenRefusesClearly() throws Exception {
    MockHttpServletResponse first = call(post(base() + "/release").with(user("t-supervisor")).with(csrf()));
    assertThat(first.getStatus()).isEqualTo(200);
    assertThat(first.getContentAsString()).contains("\"cases\":2");
    MockHttpServletResponse second = call(post(base() + "/release").with(user("t-supervisor")).with(csrf()));
    assertThat(second.getContentAsString()).contains("\"cases\":3").contains("\"released\":2").contains("\"total\":2");
    MockHttpServletResponse third = call(post(base() + "/release").with(user("t-supervisor")).with(csrf()));
    assertThat(third.getStatus()).isEqualTo(400);
    assertThat(third.getContentAsString()).contains("所有号码批次都已释放");
    assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ?").param(survey.id()).query(Long.class)
        .single()).isEqualTo(5);
    String view = call(get(base() + "/supervision").with(user("t-supervisor"))).getContentAsString();
    assertThat(view).contains("\"fresh\":5").contains("139****8001").doesNotContain("13905758001");
  }

  @Test
  void theDoNotCallListTakesNumbersAndRefusesWhatIsNotOne() throws Exception {
    MockHttpServletResponse bad = call(post(base() + "/dnc").with(user("t-supervisor")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"number\":\"12-34\"}"));
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.getContentAsString()).contains("不是有效的电话号码");
    MockHttpServletResponse ok = call(post(base() + "/dnc").with(user("t-supervisor")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"number\":\"+86 139-0575-8004\"}"));
    assertThat(ok.getContentAsString()).contains("\"added\":true");
    MockHttpServletResponse again = call(post(base() + "/dnc").with(user("t-supervisor")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"number\":\"13905758004\"}"));
    assertThat(again.getContentAsString()).contains("\"added\":false");
    assertThat(call(get(base() + "/dnc").with(user("t-supervisor"))).getContentAsString())
        .contains("139****8004").doesNotContain("13905758004");
    // released afterwards, the number is skipped
    call(post(base() + "/release").with(user("t-supervisor")).with(csrf()));
    call(post(base() + "/release").with(user("t-supervisor")).with(csrf()));
    assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ? and number = '13905758004'")
        .param(survey.id()).query(Long.class).single()).isZero();
  }

  @Test
  void interviewersAndOfficersOutsideSupervisionAreRefused() throws Exception {
    assertThat(call(get(base() + "/supervision").with(user("t-interviewer"))).getStatus()).isEqualTo(403);
    assertThat(call(post(base() + "/release").with(user("t-town-officer")).with(csrf())).getStatus()).isEqualTo(403);
    assertThat(jdbc.sql("select count(*) from cati_case where survey_id = ?").param(survey.id()).query(Long.class)
        .single()).isZero();
  }

  @Test
  void theDefaultDialerPlacesNothingAndGivesATelLink() {
    assertThat(dialer.dial("t-interviewer", "13905758000")).isFalse();
    assertThat(dialer.telUri("0571-1234 5678")).isEqualTo("tel:057112345678");
    assertThat(dialer.telUri("+86 139 0575 8000")).isEqualTo("tel:+8613905758000");
  }
}
