package org.sanlv.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The survey setup form as an official fills it: windows typed and shown in China time whatever the server's
 * zone (the tests' JVM runs in UTC), defaults from the clock, shares in ‰ and %, and start and close only after a
 * ticked confirmation. Every instant here is relative to the test clock or set on it, so the test means the same
 * on any day and at any hour.
 */
@IntegrationTest
class SurveyFormTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired SurveyService surveys;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  long instrument;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private String page(String path, String username) throws Exception {
    MockHttpServletResponse r = mvc.perform(get(path).with(user(username))).andReturn().getResponse();
    assertThat(r.getStatus()).as(path).isEqualTo(200);
    return r.getContentAsString();
  }

  private MockHttpServletResponse submit(String path, Map<String, String> form) throws Exception {
    MockHttpServletRequestBuilder request = post(path).with(user("t-county-admin")).with(csrf());
    form.forEach(request::param);
    return mvc.perform(request).andReturn().getResponse();
  }

  /** A mock survey of 上虞区 with the household mode opening {@code opens} (China time, as typed) for 20 days. */
  private Map<String, String> form(LocalDateTime opens) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", "表单测试");
    form.put("slug", "t-form-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36));
    form.put("instrumentId", String.valueOf(instrument));
    form.put("targetCode", TestAccounts.SHANGYU);
    form.put("mode_household", "on");
    form.put("household_opens", opens.toString());
    form.put("household_closes", opens.plusDays(20).toString());
    form.put("household_rule", "share");
    form.put("household_share", "5");
    return form;
  }

  private Survey created(MockHttpServletResponse r) {
    assertThat(r.getStatus()).as(r.getContentAsByteArray().length > 0 ? "refused" : "").isEqualTo(302);
    return surveys.byId(Long.parseLong(r.getRedirectedUrl().substring("/surveys/".length()))).orElseThrow();
  }

  private int stored() {
    return jdbc.sql("select count(*) from survey").query(Integer.class).single();
  }

  @Nested
  class ChinaTime {

    @Test
    void aWindowTypedInChinaTimeIsStoredAsThatInstantAndShownBackInChinaTime() throws Exception {
      // 08:00 in Beijing is 00:00 UTC: a server reading the form in its own zone (UTC here) would store 08:00Z
      LocalDate day = LocalDate.ofInstant(clock.instant(), Survey.CHINA).plusDays(3);
      Survey survey = created(submit("/surveys", form(day.atTime(8, 0))));
      Survey.Mode household = survey.mode(SurveyMode.HOUSEHOLD).orElseThrow();
      assertThat(household.opensAt()).isEqualTo(day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
      assertThat(household.closesAt()).isEqualTo(household.opensAt().plus(Duration.ofDays(20)));
      String shown = page("/surveys/" + survey.id(), "t-county-admin");
      assertThat(shown).contains(day + " 08:00", "北京时间");
    }

    @Test
    void theFormsDefaultWindowStartsTomorrowInChinaEvenWhereUtcIsStillToday() throws Exception {
      // 16:00:30 UTC is 00:00:30 of the next day in Beijing: tomorrow there is the day after tomorrow in UTC
      LocalDate utcToday = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
      clock.set(utcToday.atTime(16, 0, 30).toInstant(java.time.ZoneOffset.UTC));
      LocalDate chinaTomorrow = utcToday.plusDays(2);
      String form = page("/surveys/new", "t-county-admin");
      assertThat(form).contains("name=\"household_opens\" value=\"" + chinaTomorrow + "T00:00\"",
          "name=\"household_closes\" value=\"" + chinaTomorrow.plusDays(SurveyForm.DEFAULT_WINDOW_DAYS - 1) + "T23:59\"",
          "北京时间（UTC+8）");

      // a minute before midnight in Beijing (15:59 UTC) tomorrow is the next day in both zones
      clock.set(utcToday.atTime(15, 59, 0).toInstant(java.time.ZoneOffset.UTC));
      assertThat(page("/surveys/new", "t-county-admin")).contains(
          "name=\"household_opens\" value=\"" + utcToday.plusDays(1) + "T00:00\"");
    }

    @Test
    void aWindowThatClosesBeforeItOpensComesBackOnTheFormInChinese() throws Exception {
      LocalDateTime opens = LocalDate.ofInstant(clock.instant(), Survey.CHINA).plusDays(1).atTime(9, 0);
      Map<String, String> form = form(opens);
      form.put("household_closes", opens.minusHours(1).toString());
      int before = stored();
      MockHttpServletResponse r = submit("/surveys", form);
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(stored()).isEqualTo(before);
      assertThat(r.getContentAsString()).contains("“入户调查 · 结束时间”：须晚于开始时间")
          .contains("value=\"" + opens.minusHours(1) + "\"").doesNotContain("household_closes”");
    }

    @Test
    void aYearOutsideTheSurveyYearsIsSaidAsTyped() throws Exception {
      Map<String, String> form = form(LocalDateTime.of(1999, 12, 31, 23, 0));
      MockHttpServletResponse r = submit("/surveys", form);
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("“入户调查 · 开始时间”：时间“1999-12-31 23:00”不在 2000 年到 2099 年之间");
    }
  }

  @Nested
  class Shares {

    @Test
    void aShareTypedInPerMilleIsStoredAsADecimalAndShownInPerMille() throws Exception {
      Map<String, String> form = form(LocalDate.ofInstant(clock.instant(), Survey.CHINA).plusDays(1).atStartOfDay());
      form.put("household_share", "2.5");
      form.put("mode_phone", "on");
      form.put("phone_opens", form.get("household_opens"));
      form.put("phone_closes", form.get("household_closes"));
      form.put("phone_shareOfHousehold", "40");
      Survey survey = created(submit("/surveys", form));
      assertThat(survey.mode(SurveyMode.HOUSEHOLD).orElseThrow().design()).containsEntry("share", "0.0025");
      assertThat(survey.mode(SurveyMode.PHONE).orElseThrow().design()).containsEntry("shareOfHousehold", "0.4");
      String shown = page("/surveys/" + survey.id(), "t-county-admin");
      assertThat(shown).contains("人口比例 2.5‰", "占入户样本比例 40%", "样本量规则 按人口比例").doesNotContain("0.0025");
    }

    @Test
    void theNewFormShowsSharesInTheirUnitWithChineseLabelsAndHelp() throws Exception {
      String form = page("/surveys/new", "t-county-admin");
      assertThat(form).contains("人口比例（‰）", "name=\"household_share\" value=\"5\"", "占入户样本比例（%）",
          "name=\"phone_shareOfHousehold\" value=\"50\"", "每层入户样本量占人口的千分比");
      assertThat(form).doesNotContain("??");
    }

    @Test
    void aShareThatIsNotANumberOrOutOfRangeIsRefusedInTheUnitTyped() throws Exception {
      Map<String, String> form = form(LocalDate.ofInstant(clock.instant(), Survey.CHINA).plusDays(1).atStartOfDay());
      form.put("household_share", "五");
      MockHttpServletResponse r = submit("/surveys", form);
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("“入户调查 · 人口比例”：“五”不是数");
      form.put("household_share", "0");
      assertThat(submit("/surveys", form).getContentAsString()).contains("“0”应大于 0‰、不超过 1000‰");
    }
  }

  @Nested
  class StartAndClose {

    private Survey draft() throws Exception {
      return created(submit("/surveys", form(LocalDate.ofInstant(clock.instant(), Survey.CHINA).atStartOfDay())));
    }

    @Test
    void theSurveyPageSaysTheStatusInWordsAndWhatStartingDoes() throws Exception {
      String shown = page("/surveys/" + draft().id(), "t-county-admin");
      assertThat(shown).contains("草稿：", "开始后网络调查链接立即生效", "我已了解，确认开始调查", "name=\"confirmed\"");
    }

    @Test
    void startingWithoutTheConfirmationChangesNothingAndSaysWhy() throws Exception {
      Survey survey = draft();
      MockHttpServletResponse r = submit("/surveys/" + survey.id() + "/status", Map.of("status", "FIELDING"));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("请先勾选确认");
      assertThat(surveys.byId(survey.id()).orElseThrow().status()).isEqualTo(Survey.Status.DRAFT);
    }

    @Test
    void startingAndClosingWithTheConfirmationMoveTheSurveyOn() throws Exception {
      Survey survey = draft();
      assertThat(submit("/surveys/" + survey.id() + "/status", Map.of("status", "FIELDING", "confirmed", "yes"))
          .getStatus()).isEqualTo(302);
      assertThat(surveys.byId(survey.id()).orElseThrow().status()).isEqualTo(Survey.Status.FIELDING);
      assertThat(page("/surveys/" + survey.id(), "t-county-admin")).contains("结束后不再接收任何答卷", "调查中：");
      assertThat(submit("/surveys/" + survey.id() + "/status", Map.of("status", "CLOSED", "confirmed", "yes"))
          .getStatus()).isEqualTo(302);
      assertThat(surveys.byId(survey.id()).orElseThrow().status()).isEqualTo(Survey.Status.CLOSED);
      assertThat(page("/surveys/" + survey.id(), "t-county-admin")).contains("已结束：").doesNotContain("name=\"confirmed\"");
    }
  }

  @Test
  void theTargetDefaultsToTheCallersOwnAreaShownByItsPath() throws Exception {
    assertThat(page("/surveys/new", "t-county-admin")).contains("上虞区", "value=\"330604\"");
    assertThat(page("/surveys/new", "t-province-admin")).contains("浙江省", "value=\"33\"");
    assertThat(page("/surveys/new", "t-province-admin")).doesNotContain("value=\"CN\"");
  }
}
