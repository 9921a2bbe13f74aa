package org.sanlv.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** A survey is checked as a whole on save, from the setup page and from the API alike; nothing bad is stored. */
@IntegrationTest
class SurveyValidationTest {

  /** A window of the test clock's season, in China time as the form shows it. */
  static final Instant OPENS = TestClock.DEFAULT_START.minus(Duration.ofDays(1));
  static final Instant CLOSES = TestClock.DEFAULT_START.plus(Duration.ofDays(20));

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired SurveyService surveys;
  @Autowired JdbcClient jdbc;

  long instrument;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
  }

  private int stored() {
    return jdbc.sql("select count(*) from survey").query(Integer.class).single()
        + jdbc.sql("select count(*) from survey_mode").query(Integer.class).single();
  }

  private static String china(Instant t) {
    return LocalDateTime.ofInstant(t, Survey.CHINA).toString();
  }

  private static String slug() {
    return "t-valid-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

  @Nested
  class ThePage {

    /** The setup form, filled in correctly: a mock survey of 上虞区 with the household and online modes. */
    private Map<String, String> form() {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("name", "校验测试");
      form.put("slug", slug());
      form.put("instrumentId", String.valueOf(instrument));
      form.put("targetCode", TestAccounts.SHANGYU);
      form.put("mode_household", "on");
      form.put("household_opens", china(OPENS));
      form.put("household_closes", china(CLOSES));
      form.put("household_rule", "share");
      form.put("household_share", "5"); // ‰ on the form
      form.put("household_householdsPerBlock", "10");
      form.put("mode_online", "on");
      form.put("online_opens", china(OPENS));
      form.put("online_closes", china(CLOSES));
      return form;
    }

    private MockHttpServletResponse submit(Map<String, String> form) throws Exception {
      MockHttpServletRequestBuilder request = post("/surveys").with(user("t-county-admin")).with(csrf());
      form.forEach(request::param);
      return mvc.perform(request).andReturn().getResponse();
    }

    private String refused(Map<String, String> form) throws Exception {
      int before = stored();
      MockHttpServletResponse r = submit(form);
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(stored()).as("nothing stored").isEqualTo(before);
      String page = r.getContentAsString();
      assertThat(page).as("the form comes back as it was filled in").contains("value=\"" + form.get("name") + "\"");
      return page;
    }

    @Test
    void aCorrectFormCreatesTheSurvey() throws Exception {
      MockHttpServletResponse r = submit(form());
      assertThat(r.getStatus()).isEqualTo(302);
      assertThat(r.getRedirectedUrl()).startsWith("/surveys/");
    }

    @Test
    void aMissingNameAndABadLinkNameAreNamed() throws Exception {
      Map<String, String> form = form();
      form.put("name", " ");
      form.put("slug", "Not A Slug");
      String page = refused(form);
      assertThat(page).contains("“调查名称”：不能为空", "“网址名”：网址名只能用小写字母、数字和连字符");
    }

    @Test
    void aWindowThatClosesBeforeItOpensIsRefused() throws Exception {
      Map<String, String> form = form();
      form.put("online_closes", china(OPENS.minus(Duration.ofHours(1))));
      assertThat(refused(form)).contains("“网络调查 · 结束时间”：须晚于开始时间");
    }

    @Test
    void anAbsurdDateIsRefusedNotStored() throws Exception {
      Map<String, String> form = form();
      form.put("online_closes", "+999999999-12-31T23:59");
      assertThat(refused(form)).contains("“网络调查 · 结束时间”：时间“+999999999-12-31 23:59”不在 2000 年到 2099 年之间");
      form.put("online_closes", china(CLOSES));
      form.put("household_opens", "1999-12-31T23:00");
      assertThat(refused(form)).contains("“入户调查 · 开始时间”：时间“1999-12-31 23:00”不在 2000 年到 2099 年之间");
    }

    @Test
    void aDesignValueThatIsNotANumberIsRefusedOnSave() throws Exception {
      Map<String, String> form = form();
      form.put("household_share", "abc");
      form.put("household_householdsPerBlock", "0");
      assertThat(refused(form)).contains("“入户调查 · 人口比例”：“abc”不是数",
          "“入户调查 · 每小区户数”：“0”不是 1 到 1,000 之间的整数");
    }
  }

  @Nested
  class TheApi {

    private Map<String, Object> survey(List<Map<String, Object>> modes) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("slug", slug());
      body.put("name", "API 校验测试");
      body.put("instrumentId", instrument);
      body.put("targetCode", TestAccounts.SHANGYU);
      body.put("modes", modes);
      return body;
    }

    private Map<String, Object> mode(String mode, Object opens, Object closes, Map<String, Object> design) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", mode);
      m.put("opensAt", opens.toString());
      m.put("closesAt", closes.toString());
      m.put("design", design);
      return m;
    }

    private MockHttpServletResponse send(MockHttpServletRequestBuilder request, Object body) throws Exception {
      return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).cookie(new Cookie("sanlv-lang", "en"))
          .content(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body))
          .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
    }

    /** The API's answer to a bad survey: 400 in JSON, each problem with its field, and nothing stored. */
    private String refused(Map<String, Object> body) throws Exception {
      int before = stored();
      MockHttpServletResponse r = send(post("/api/v1/surveys"), body);
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
      assertThat(r.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
      assertThat(stored()).as("nothing stored").isEqualTo(before);
      return r.getContentAsString();
    }

    @Test
    void designValuesMayBeJsonNumbers() throws Exception {
      MockHttpServletResponse r = send(post("/api/v1/surveys"), survey(List.of(mode("HOUSEHOLD", OPENS, CLOSES,
          Map.of("rule", "share", "share", 0.005, "min", 300, "max", 1200)))));
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
    }

    @Test
    void missingNameBadSlugAndNoModeAreAllReported() throws Exception {
      Map<String, Object> body = survey(List.of());
      body.remove("name");
      body.put("slug", "x");
      assertThat(refused(body)).contains("\"column\":\"name\"", "\"column\":\"slug\"", "\"column\":\"modes\"");
    }

    @Test
    void absurdDatesAreA400() throws Exception {
      assertThat(refused(survey(List.of(mode("ONLINE", OPENS, "+999999999-12-31T23:59:59Z", Map.of())))))
          .contains("\"column\":\"online\"", "closing time \\\"+999999999-12-31T23:59:59Z\\\" is not between");
      assertThat(refused(survey(List.of(mode("ONLINE", OPENS, "+20000-01-01T00:00:00Z", Map.of())))))
          .contains("is not between the years 2000 and 2099");
      assertThat(refused(survey(List.of(mode("ONLINE", "-5000-01-01T00:00:00Z", CLOSES, Map.of())))))
          .contains("opening time");
    }

    @Test
    void aWindowInTheWrongOrderIsA400() throws Exception {
      assertThat(refused(survey(List.of(mode("PHONE", CLOSES, OPENS, Map.of())))))
          .contains("\"column\":\"phone\"", "\\\"Phone\\\": the window must close after it opens");
    }

    @Test
    void badDesignValuesAreNamedByModeAndField() throws Exception {
      assertThat(refused(survey(List.of(mode("HOUSEHOLD", OPENS, CLOSES, Map.of("share", "abc"))))))
          .contains("\"column\":\"household.share\"", "\\\"abc\\\" is not a decimal above 0 and at most 1");
      assertThat(refused(survey(List.of(mode("HOUSEHOLD", OPENS, CLOSES, Map.of("min", "500", "max", "300"))))))
          .contains("\"column\":\"household.max\"", "the minimum sample size 500 is larger than the maximum 300");
      assertThat(refused(survey(List.of(mode("HOUSEHOLD", OPENS, CLOSES, Map.of("rule", "fixed"))))))
          .contains("\"column\":\"household.fixed\"", "must not be empty");
      assertThat(refused(survey(List.of(mode("HOUSEHOLD", OPENS, CLOSES, Map.of("rule", "planned"))))))
          .contains("\"column\":\"household.rule\"");
      assertThat(refused(survey(List.of(mode("PHONE", OPENS, CLOSES,
          Map.of("shareOfHousehold", -1, "numbersPerInterview", 0, "replicateSize", "many"))))))
          .contains("\"column\":\"phone.shareOfHousehold\"", "\"column\":\"phone.numbersPerInterview\"",
              "\"column\":\"phone.replicateSize\"");
      assertThat(refused(survey(List.of(mode("ONLINE", OPENS, CLOSES, Map.of("targetPerStratum", List.of(1)))))))
          .contains("\"column\":\"online.targetPerStratum\"");
      assertThat(refused(survey(List.of(mode("INTERCEPT", OPENS, CLOSES, Map.of("sites", "all"))))))
          .contains("unknown design field \\\"sites\\\"");
    }

    @Test
    void callingRulesOfThePhoneModeAreChecked() throws Exception {
      assertThat(refused(survey(List.of(mode("PHONE", OPENS, CLOSES, Map.of("callingHours", "21:00-09:00",
          "excludedDates", "2026-10-01,十月二日", "minGapMinutes", -5, "maxAttempts", 0, "holdMinutes", "long",
          "targetPerStratum", 0))))))
          .contains("\"column\":\"phone.callingHours\"", "\"column\":\"phone.excludedDates\"",
              "\"column\":\"phone.minGapMinutes\"", "\"column\":\"phone.maxAttempts\"",
              "\"column\":\"phone.holdMinutes\"", "\"column\":\"phone.targetPerStratum\"");
      assertThat(refused(survey(List.of(mode("PHONE", OPENS, CLOSES,
          Map.of("callingHours", "09:00-12:00,11:30-13:00"))))))
          .as("overlapping windows").contains("\"column\":\"phone.callingHours\"");
      MockHttpServletResponse r = send(post("/api/v1/surveys"), survey(List.of(mode("PHONE", OPENS, CLOSES,
          Map.of("callingHours", "8:30-11:30,13:30-20:30", "excludedDates", "2026-10-01, 2026-10-02",
              "minGapMinutes", 45, "maxAttempts", 8, "holdMinutes", 15, "targetPerStratum", 100)))));
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
    }

    @Test
    void aModeTwiceIsA400() throws Exception {
      assertThat(refused(survey(List.of(mode("ONLINE", OPENS, CLOSES, Map.of()), mode("ONLINE", OPENS, CLOSES, Map.of())))))
          .contains("\"column\":\"online\"", "\\\"Online survey\\\": this mode is given twice");
    }

    @Test
    void changingAModeIsCheckedTheSameWay() throws Exception {
      Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug(), "改方式", instrument,
          TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.ONLINE, OPENS, CLOSES, Map.of()))));
      MockHttpServletResponse r = send(put("/api/v1/surveys/" + survey.id() + "/modes"),
          mode("HOUSEHOLD", OPENS, "+999999999-12-31T23:59:59Z", Map.of("share", "abc")));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(surveys.byId(survey.id()).orElseThrow().modes()).extracting(Survey.Mode::mode)
          .containsExactly(SurveyMode.ONLINE);
      MockHttpServletResponse badStatus = send(post("/api/v1/surveys/" + survey.id() + "/status"), Map.of("status", "DONE"));
      assertThat(badStatus.getStatus()).isEqualTo(400);
      assertThat(badStatus.getContentAsString()).contains("\"column\":\"status\"");
    }

    @Test
    void inTheFieldOnlyAClosingTimeMovesOrAModeIsAddedAndAClosedSurveyChangesNoMore() throws Exception {
      Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug(), "已开始", instrument,
          TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.ONLINE, OPENS, CLOSES, Map.of("targetPerStratum", 400)))));
      surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.FIELDING);
      String path = "/api/v1/surveys/" + survey.id() + "/modes";

      MockHttpServletResponse design = send(put(path), mode("ONLINE", OPENS, CLOSES, Map.of("targetPerStratum", 900)));
      assertThat(design.getStatus()).isEqualTo(400);
      assertThat(design.getContentAsString()).contains("only its closing time may change");
      MockHttpServletResponse opening = send(put(path), mode("ONLINE", OPENS.minusSeconds(3600), CLOSES,
          Map.of("targetPerStratum", 400)));
      assertThat(opening.getStatus()).isEqualTo(400);
      assertThat(surveys.byId(survey.id()).orElseThrow().mode(SurveyMode.ONLINE).orElseThrow().design())
          .containsEntry("targetPerStratum", 400);

      assertThat(send(put(path), mode("ONLINE", OPENS, CLOSES.plusSeconds(86_400), Map.of("targetPerStratum", 400))).getStatus())
          .isEqualTo(200);
      assertThat(send(put(path), mode("PHONE", OPENS, CLOSES, Map.of())).getStatus()).isEqualTo(200);
      Survey extended = surveys.byId(survey.id()).orElseThrow();
      assertThat(extended.mode(SurveyMode.ONLINE).orElseThrow().closesAt()).isEqualTo(CLOSES.plusSeconds(86_400));
      assertThat(extended.modes()).extracting(Survey.Mode::mode).contains(SurveyMode.PHONE);

      surveys.setStatus(TestAccounts.ROOT, survey.id(), Survey.Status.CLOSED);
      MockHttpServletResponse closed = send(put(path), mode("ONLINE", OPENS, CLOSES.plusSeconds(2 * 86_400),
          Map.of("targetPerStratum", 400)));
      assertThat(closed.getStatus()).isEqualTo(400);
      assertThat(closed.getContentAsString()).contains("the survey is closed");
    }
  }
}
