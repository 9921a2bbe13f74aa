package org.sanlv.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.AnswerExpressions;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The indicator page's form writes the same definitions an analyst writes as YAML: each kind is created through the
 * form, read back from the survey's definitions and evaluated on answers; the checks name their field in Chinese
 * and store nothing.
 */
@IntegrationTest
class IndicatorFormTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired IndicatorService indicators;

  Survey survey;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    String slug = "t-indicator-form";
    survey = surveys.bySlug(slug).orElseGet(() -> {
      long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
          .findFirst().orElseThrow().id();
      return surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, "指标表单测试", zhejiang,
          TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.ONLINE, TestClock.DEFAULT_START,
          TestClock.DEFAULT_START.plus(Duration.ofDays(30)), Map.of()))));
    });
  }

  private MockHttpServletResponse add(String kind, String name, List<String> questions, List<String> options,
      String k) throws Exception {
    MockHttpServletRequestBuilder request = post("/surveys/" + survey.id() + "/indicators/new")
        .with(user("t-county-admin")).with(csrf())
        .param("kind", kind).param("indicatorName", name).param("labelZh", name + " 中文").param("labelEn", name + " en")
        .param("k", k);
    questions.forEach(q -> request.param("questions", q));
    options.forEach(o -> request.param("options", o));
    return mvc.perform(request).andReturn().getResponse();
  }

  private Indicator readBack(String name) {
    return indicators.indicators(survey).stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
  }

  private static double value(Indicator d, List<String> columns, Set<String> multiple, Object... answers) {
    AnswerExpressions x = AnswerExpressions.compile(d.expression(), columns, multiple);
    return d.proportion() ? (x.test(answers) ? 1 : 0) : x.number(answers);
  }

  @Test
  void theFormShowsQuestionsAndOptionsByTheirLabels() throws Exception {
    String page = mvc.perform(get("/surveys/" + survey.id() + "/indicators").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString();
    assertThat(page).contains("用表单添加指标", "二、您觉得本地的社会治安状况如何？", "较好", "公检法电话要求转账",
        "value=\"rating4:2\"");
    String english = mvc.perform(get("/surveys/" + survey.id() + "/indicators").with(user("t-county-admin"))
        .cookie(new Cookie("sanlv-lang", "en"))).andReturn().getResponse().getContentAsString();
    assertThat(english).contains("Add an indicator with the form", "Fairly good");
  }

  @Test
  void aProportionOfListedOptionsIsWrittenAsTheYamlWouldBe() throws Exception {
    MockHttpServletResponse r = add("PROPORTION", "order_form", List.of("q2"), List.of("rating4:1", "rating4:2"), "");
    assertThat(r.getStatus()).isEqualTo(302);
    assertThat(r.getRedirectedUrl()).endsWith("/indicators?added=order_form");
    Indicator d = readBack("order_form");
    assertThat(d).isEqualTo(new Indicator("order_form", "order_form 中文", "order_form en", true,
        "${q2} = '1' or ${q2} = '2'", null));
    List<String> columns = List.of("q2");
    assertThat(value(d, columns, Set.of(), "2")).isEqualTo(1);
    assertThat(value(d, columns, Set.of(), "3")).isEqualTo(0);
    assertThat(value(d, columns, Set.of(), (Object) null)).isEqualTo(0);
    // the text analysts edit holds it, after the questionnaire's defaults it started from
    String text = indicators.definitions(TestAccounts.ROOT, survey.id()).text();
    assertThat(text).contains("name: safety", "name: order_form", "proportion: ${q2} = '1' or ${q2} = '2'");
    String page = mvc.perform(get(r.getRedirectedUrl()).with(user("t-county-admin"))).andReturn().getResponse()
        .getContentAsString();
    assertThat(page).contains("已添加指标“order_form”", "order_form 中文");
  }

  @Test
  void aMeanShareAcrossSeveralQuestionsAveragesEachOnesShare() throws Exception {
    assertThat(add("MEAN_SHARE", "mean_form", List.of("q2", "q4", "q6", "q8"), List.of("rating4:1", "rating4:2"), "")
        .getStatus()).isEqualTo(302);
    Indicator d = readBack("mean_form");
    assertThat(d.proportion()).isFalse();
    List<String> columns = List.of("q2", "q4", "q6", "q8");
    assertThat(value(d, columns, Set.of(), "1", "2", "3", "4")).isEqualTo(0.5);
    assertThat(value(d, columns, Set.of(), "1", "1", "1", "2")).isEqualTo(1.0);
    // over one multiple choice: the share of the listed options selected (反诈知晓率 of the defaults)
    List<String> twelve = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "q11:" + i).toList();
    assertThat(add("MEAN_SHARE", "awareness_form", List.of("q11"), twelve, "").getStatus()).isEqualTo(302);
    Indicator awareness = readBack("awareness_form");
    assertThat(awareness.expression()).isEqualTo(readBack("awareness").expression());
    assertThat(value(awareness, List.of("q11"), Set.of("q11"), List.of("1", "2", "3", "13"))).isEqualTo(3 / 12.0);
  }

  @Test
  void atLeastKOfCountsTheListedItems() throws Exception {
    List<String> twelve = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "q11:" + i).toList();
    assertThat(add("AT_LEAST", "aware9_form", List.of("q11"), twelve, "9").getStatus()).isEqualTo(302);
    Indicator d = readBack("aware9_form");
    assertThat(d.proportion()).isTrue();
    assertThat(d.expression()).isEqualTo(readBack("awareness_9of12").expression());
    assertThat(add("AT_LEAST", "good3of4_form", List.of("q2", "q4", "q6", "q8"), List.of("rating4:1", "rating4:2"), "3")
        .getStatus()).isEqualTo(302);
    Indicator good = readBack("good3of4_form");
    List<String> columns = List.of("q2", "q4", "q6", "q8");
    assertThat(value(good, columns, Set.of(), "1", "2", "2", "4")).isEqualTo(1);
    assertThat(value(good, columns, Set.of(), "1", "3", "2", "4")).isEqualTo(0);
  }

  @Nested
  class Checks {

    private String refused(MockHttpServletResponse r) throws Exception {
      assertThat(r.getStatus()).isEqualTo(400);
      return r.getContentAsString();
    }

    @Test
    void eachProblemNamesItsFieldInChineseAndNothingIsStored() throws Exception {
      String before = indicators.definitions(TestAccounts.ROOT, survey.id()).text();
      assertThat(refused(add("PROPORTION", "x1", List.of("q99"), List.of("rating4:1"), "")))
          .contains("“题目”：问卷中没有题目“q99”");
      assertThat(refused(add("PROPORTION", "x2", List.of("q2"), List.of("rating4:9", "q11:1"), "")))
          .contains("“计入的选项”：选项“9”不在“二、您觉得本地的社会治安状况如何？”的选项中",
              "“计入的选项”：选项“1”不在“二、您觉得本地的社会治安状况如何？”的选项中");
      assertThat(refused(add("AT_LEAST", "x3", List.of("q2", "q4"), List.of("rating4:1"), "3")))
          .contains("“至少几项”：“3”不是 1 到 2 之间的整数");
      assertThat(refused(add("AT_LEAST", "x4", List.of("q2"), List.of("rating4:1"), "")))
          .contains("“至少几项”：请填写 1 到 1 之间的整数");
      assertThat(refused(add("PROPORTION", "safety", List.of("q2"), List.of("rating4:1"), "")))
          .contains("“指标名称”：已有名为“safety”的指标");
      assertThat(refused(add("PROPORTION", "x6", List.of("q2", "q11"), List.of("rating4:1"), "")))
          .contains("“题目”：比例指标只用一道题（现选了 2 道）", "“题目”：所选题目的选项不同");
      assertThat(refused(add("", "两个字", List.of("age"), List.of(), "")))
          .contains("“指标类型”：请选择指标类型", "“指标名称”：名称“两个字”无效", "“题目”：“一、您的年龄：”不是选择题");
      // the form comes back as it was sent
      assertThat(refused(add("MEAN_SHARE", "x8", List.of("q2"), List.of("rating4:9"), "")))
          .contains("value=\"x8\"", "value=\"MEAN_SHARE\" checked=\"checked\"", "value=\"q2\" checked=\"checked\"");
      assertThat(indicators.definitions(TestAccounts.ROOT, survey.id()).text()).isEqualTo(before);
    }

    @Test
    void inEnglishTheChecksSpeakEnglish() throws Exception {
      MockHttpServletRequestBuilder request = post("/surveys/" + survey.id() + "/indicators/new")
          .with(user("t-county-admin")).with(csrf()).cookie(new Cookie("sanlv-lang", "en"))
          .param("kind", "PROPORTION").param("indicatorName", "x9").param("labelZh", "甲").param("labelEn", "a")
          .param("questions", "q2").param("options", "rating4:9");
      assertThat(refused(mvc.perform(request).andReturn().getResponse()))
          .contains("Options that count", "is not among the options of", "2. How do you rate public");
    }
  }
}
