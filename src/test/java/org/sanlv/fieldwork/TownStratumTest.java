package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.results.ResultsService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * A county's mock survey is stratified by town: the online page asks the town (or takes it from the link's
 * {@code ?area=}), the response lands in that town's stratum with its county, a town of another county is refused,
 * and monitoring counts per town against the target, with the same flagged count as the results page.
 */
@IntegrationTest
class TownStratumTest {

  static final String CHANGTANG = "330604101"; // 长塘镇, a town of 上虞区
  static final String QINGBO = "330102001"; // 清波街道, a town of 上城区 (Hangzhou): not of the mock survey

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired FieldworkService fieldwork;
  @Autowired ResultsService results;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Survey mock;
  String token;

  @BeforeEach
  void survey() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    String slug = "t-town-" + UUID.randomUUID().toString().substring(0, 8);
    Survey created = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, "上虞区模拟测评", CawiFixtures.zhejiang(instruments),
        TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.ONLINE, clock.instant().minus(Duration.ofDays(30)),
            clock.instant().plus(Duration.ofDays(60)), Map.of("targetPerStratum", "3")))));
    mock = CawiFixtures.running(surveys, created);
    token = tokens.issue(mock.id(), clock.instant().minusSeconds(600));
  }

  private MockHttpServletResponse submit(Survey survey, String area, Map<String, Object> answers) throws Exception {
    Map<String, Object> b = body(survey.id(), tokens.issue(survey.id(), clock.instant().minusSeconds(600)),
        UUID.randomUUID().toString(), device(), answers);
    if (area != null) {
      b.put("area", area);
    }
    return CawiFixtures.post(mvc, "/s/" + survey.slug() + "/responses", json(b), CawiFixtures.network());
  }

  private Map<String, Object> lastRow(Survey survey) {
    return jdbc.sql("select county_code, stratum_code from response where survey_id = :s order by id desc limit 1")
        .param("s", survey.id()).query().singleRow();
  }

  private long stored(Survey survey) {
    return jdbc.sql("select count(*) from response where survey_id = :s").param("s", survey.id()).query(Long.class).single();
  }

  private String page(String path) throws Exception {
    MockHttpServletResponse r = mvc.perform(get(path)).andReturn().getResponse();
    r.setCharacterEncoding("UTF-8");
    assertThat(r.getStatus()).isEqualTo(200);
    return r.getContentAsString();
  }

  @Nested
  class TheResponseLandsInItsTown {

    @Test
    void aTownFromTheLinkIsTheStratumAndTheCountyItsCounty() throws Exception {
      MockHttpServletResponse r = submit(mock, CHANGTANG, answers(TestAccounts.SHANGYU));
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
      assertThat(lastRow(mock)).containsEntry("stratum_code", CHANGTANG).containsEntry("county_code", TestAccounts.SHANGYU);
    }

    @Test
    void aTownChosenOnThePageIsTheStratumToo() throws Exception {
      // the page's own town question sends the same field as a link's ?area=; the county answer may be left out
      Map<String, Object> a = new java.util.LinkedHashMap<>(answers(TestAccounts.SHANGYU));
      a.remove("county");
      MockHttpServletResponse r = submit(mock, TestAccounts.BAIGUAN, a);
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
      assertThat(lastRow(mock)).containsEntry("stratum_code", TestAccounts.BAIGUAN)
          .containsEntry("county_code", TestAccounts.SHANGYU);
    }

    @Test
    void aCountySurveyPutsTheCountyInBoth() throws Exception {
      Survey province = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
      MockHttpServletResponse r = submit(province, "330604", answers("330604"));
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
      assertThat(lastRow(province)).containsEntry("stratum_code", "330604").containsEntry("county_code", "330604");
    }
  }

  @Nested
  class AnAreaNotOfTheSurveyIsRefused {

    @Test
    void aTownOfAnotherCounty() throws Exception {
      MockHttpServletResponse r = submit(mock, QINGBO, answers(TestAccounts.SHANGYU));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("area", "乡镇");
      assertThat(stored(mock)).isZero();
    }

    @Test
    void noTownAtAllInATownSurvey() throws Exception {
      MockHttpServletResponse r = submit(mock, null, answers(TestAccounts.SHANGYU));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(stored(mock)).isZero();
    }

    @Test
    void aTownInACountySurvey() throws Exception {
      Survey province = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
      long before = stored(province);
      MockHttpServletResponse r = submit(province, CHANGTANG, answers("330604"));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(stored(province)).isEqualTo(before);
    }

    @Test
    void inEnglishToo() throws Exception {
      Map<String, Object> b = body(mock.id(), token, UUID.randomUUID().toString(), device(), answers(TestAccounts.SHANGYU));
      b.put("area", QINGBO);
      MockHttpServletResponse r = mvc.perform(MockMvcRequestBuilders
          .post("/s/" + mock.slug() + "/responses?lang=en").contentType(MediaType.APPLICATION_JSON)
          .header("Accept-Language", "en").content(json(b))).andReturn().getResponse();
      r.setCharacterEncoding("UTF-8");
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("town");
    }
  }

  @Nested
  class ThePublicPage {

    @Test
    void withoutALinkAreaItAsksTheTownByName() throws Exception {
      String html = page("/s/" + mock.slug());
      assertThat(html).contains("name=\"question\" value=\"@area\"", "长塘镇", "百官街道", "哪个乡镇（街道）")
          .doesNotContain(">" + CHANGTANG + "<");
    }

    @Test
    void withALinkAreaTheTownIsNotAskedAndTheFirstQuestionIsTheAge() throws Exception {
      String html = page("/s/" + mock.slug() + "?area=" + CHANGTANG);
      assertThat(html).contains("name=\"question\" value=\"age\"", "name=\"area\" value=\"" + CHANGTANG + "\"")
          .doesNotContain("value=\"@area\"");
    }

    @Test
    void aCountyLinkOfAProvinceSurveySkipsTheCountyQuestion() throws Exception {
      String html = page("/s/" + CawiFixtures.OPEN + "?area=330604");
      assertThat(html).contains("name=\"question\" value=\"age\"", "{&quot;county&quot;:&quot;330604&quot;}");
    }

    @Test
    void aProvinceSurveyAsksTheCountyWithoutTheInterviewersHintOrGroupHeading() throws Exception {
      String html = page("/s/" + CawiFixtures.OPEN);
      assertThat(html).contains("name=\"question\" value=\"county\"", "上虞区", "您现在居住在哪个县（市、区）？")
          .doesNotContain("由访问系统", "个人情况");
    }

    @Test
    void theTownStepLeadsToTheFirstQuestion() throws Exception {
      String html = page("/s/" + mock.slug() + "/step?question=@area&answers=&value=" + CHANGTANG);
      assertThat(html).contains("name=\"question\" value=\"age\"", "name=\"area\" value=\"" + CHANGTANG + "\"");
    }

    @Test
    void aTownOfAnotherCountyOnTheTownStepIsAskedAgain() throws Exception {
      String html = page("/s/" + mock.slug() + "/step?question=@area&answers=&value=" + QINGBO);
      assertThat(html).contains("value=\"@area\"", "请选择");
    }
  }

  @Nested
  class Monitoring {

    @Test
    void countsPerTownAgainstTheTarget() throws Exception {
      submit(mock, CHANGTANG, answers(TestAccounts.SHANGYU));
      submit(mock, CHANGTANG, answers(TestAccounts.SHANGYU));
      submit(mock, TestAccounts.BAIGUAN, answers(TestAccounts.SHANGYU));
      FieldworkService.Monitor m = fieldwork.monitor(TestAccounts.ROOT, mock);
      FieldworkService.StratumRow changtang = m.strata().stream().filter(s -> s.code().equals(CHANGTANG)).findFirst().orElseThrow();
      assertThat(changtang.name()).isEqualTo("长塘镇");
      assertThat(changtang.complete()).isEqualTo(2);
      assertThat(changtang.target()).isEqualTo(3);
      FieldworkService.StratumRow baiguan = m.strata().stream().filter(s -> s.code().equals(TestAccounts.BAIGUAN)).findFirst().orElseThrow();
      assertThat(baiguan.complete()).isEqualTo(1);
      // every town of 上虞区 has a row, those furthest behind first
      assertThat(m.strata()).hasSize(org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN).size());
      assertThat(m.strata().get(0).complete()).isZero();
      assertThat(m.strata().get(m.strata().size() - 1).code()).isEqualTo(CHANGTANG);
      String html = page(mvc.perform(get("/surveys/" + mock.id() + "/monitor").with(user("admin").roles("PROVINCE_ADMIN")))
          .andReturn().getResponse());
      assertThat(html).contains("长塘镇", "百官街道", "2 / 3");
    }

    @Test
    void aTownOfficerFollowsOnlyItsOwnTown() throws Exception {
      TestAccounts.ensure(org, users);
      submit(mock, CHANGTANG, answers(TestAccounts.SHANGYU));
      submit(mock, TestAccounts.BAIGUAN, answers(TestAccounts.SHANGYU));
      FieldworkService.Monitor m = fieldwork.monitor(users.scopeOf("t-town-officer").orElseThrow(), mock);
      assertThat(m.strata()).extracting(FieldworkService.StratumRow::code).containsExactly(TestAccounts.BAIGUAN);
    }

    private String page(MockHttpServletResponse r) throws Exception {
      r.setCharacterEncoding("UTF-8");
      assertThat(r.getStatus()).isEqualTo(200);
      return r.getContentAsString();
    }

    @Test
    void theResultsAreByTownToo() throws Exception {
      for (String town : List.of(CHANGTANG, CHANGTANG, TestAccounts.BAIGUAN, TestAccounts.BAIGUAN)) {
        submit(mock, town, answers(TestAccounts.SHANGYU));
      }
      ResultsService.Results r = results.results(TestAccounts.ROOT, mock.id());
      assertThat(r.all()).isNotEmpty();
      assertThat(r.all().get(0).rows()).extracting(ResultsService.Row::name).containsExactlyInAnyOrder("长塘镇", "百官街道");
    }

    @Test
    void theFlaggedCountIsTheResultsPagesCount() throws Exception {
      for (int i = 0; i < 4; i++) {
        submit(mock, CHANGTANG, answers(TestAccounts.SHANGYU));
      }
      Map<String, Object> young = new java.util.LinkedHashMap<>();
      young.put("county", TestAccounts.SHANGYU);
      young.put("age", 15);
      submit(mock, CHANGTANG, young);
      // two complete responses and the ineligible one carry flags
      jdbc.sql("""
          update response set flags = '{speeder}' where id in (
            select id from response where survey_id = :s and status = 'complete' order by id limit 2)
          """).param("s", mock.id()).update();
      jdbc.sql("update response set flags = '{late}' where survey_id = :s and status = 'ineligible'")
          .param("s", mock.id()).update();
      long monitored = fieldwork.monitor(TestAccounts.ROOT, mock).flagged();
      assertThat(monitored).isEqualTo(results.results(TestAccounts.ROOT, mock.id(), "online", Set.of()).flagged())
          .isEqualTo(results.results(TestAccounts.ROOT, mock.id()).flagged()).isEqualTo(2);
    }
  }
}
