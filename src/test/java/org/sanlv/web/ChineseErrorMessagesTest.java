package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Error messages built at run time speak Chinese to a Chinese reader (the default language, no cookie): the field a
 * problem names, the words Java adds to a message, and the checks of expressions. Each case is refused with a 400 and
 * its problems hold no Latin word of three letters or more outside {@link MessageBundlesTest#LATIN_ALLOWED}.
 */
@IntegrationTest
class ChineseErrorMessagesTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;

  long survey;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    survey = surveys.bySlug("t-shangyu-mock").orElseThrow().id();
  }

  private static final Pattern PROBLEM = Pattern.compile("<li[^>]*>([^<]*)</li>|\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The problems of a refusal: the page's list items, or the API's messages. */
  private static List<String> problems(MockHttpServletResponse r) throws Exception {
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
    List<String> out = new ArrayList<>();
    Matcher m = PROBLEM.matcher(r.getContentAsString());
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  /** What the test itself typed (a bad value, an indicator's name), which a message may repeat. */
  private static final List<String> ECHOES = List.of("tomorrow", "abc", "safety", "broken", "nofunction", "nothing",
      "unclosed", "unknown", "arithmetic");

  private static void assertChinese(List<String> problems, String... expected) {
    assertThat(problems).isNotEmpty();
    for (String p : problems) {
      String text = p.replace("&quot;", "\"");
      for (String echo : ECHOES) {
        text = text.replace(echo, "");
      }
      assertThat(MessageBundlesTest.englishWords(text)).as(p).isEmpty();
    }
    if (expected.length > 0) {
      assertThat(String.join("\n", problems)).contains(expected);
    }
  }

  private MockHttpServletResponse saveIndicators(String yaml) throws Exception {
    return mvc.perform(post("/surveys/" + survey + "/indicators").param("definitions", yaml)
        .with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
  }

  @Test
  void aSurveyFormNamesItsFieldsInChinese() throws Exception {
    Instant opens = TestClock.DEFAULT_START;
    Map<String, String> form = new LinkedHashMap<>();
    form.put("name", " ");
    form.put("slug", "t-zh-errors");
    form.put("targetCode", TestAccounts.SHANGYU);
    form.put("mode_online", "on");
    form.put("online_opens", LocalDateTime.ofInstant(opens, Survey.CHINA).toString());
    form.put("online_closes", LocalDateTime.ofInstant(opens.minus(Duration.ofDays(1)), Survey.CHINA).toString());
    form.put("mode_household", "on");
    form.put("household_opens", "tomorrow");
    form.put("household_closes", "");
    MockHttpServletRequestBuilder request = post("/surveys").with(user("t-county-admin")).with(csrf());
    form.forEach(request::param);
    assertChinese(problems(mvc.perform(request).andReturn().getResponse()), "“入户调查 · 开始时间”", "“网络调查 · 结束时间”：须晚于开始时间");
  }

  @Test
  void aSurveyDesignNamesItsModeAndFieldInChinese() throws Exception {
    Instant opens = TestClock.DEFAULT_START;
    String json = """
        {"slug": "t-zh-design", "name": "设计", "targetCode": "330604", "instrumentId": 1,
         "modes": [{"mode": "HOUSEHOLD", "opensAt": "%s", "closesAt": "%s", "design": {"share": "abc"}},
                   {"mode": "HOUSEHOLD", "opensAt": "%s", "closesAt": "%s"}]}"""
        .formatted(opens, opens.plus(Duration.ofDays(9)), opens, opens.minus(Duration.ofDays(9)));
    MockHttpServletResponse r = mvc.perform(post("/api/v1/surveys").with(user("t-county-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn().getResponse();
    assertChinese(problems(r), "入户调查");
  }

  @Test
  void anIndicatorFileWithMistakesIsRefusedInChinese() throws Exception {
    assertChinese(problems(saveIndicators("""
        - name: safety
          label_zh: 安全感
          proportion: ${q9} = '1'
        - label_zh: 无名
          proportion: ${q9} = '1'
        - name: safety
          proportion: ${q9} = '1'
          mean: ${q9}
        - name: broken
          proportion: ${q9} = = '1'
        - name: nofunction
          proportion: nothing(${q9})
        - just text
        """)), "第 2 项指标没有名称", "指标名“safety”出现了两次", "第 6 项不是一个指标");
  }

  @Test
  void anIndicatorExpressionWithMistakesIsExplainedInChinese() throws Exception {
    assertChinese(problems(saveIndicators("""
        - name: unknown
          proportion: ${q99} = '1'
        - name: broken
          proportion: ${q9} = = '1'
        - name: nofunction
          proportion: nothing(${q9})
        - name: arithmetic
          mean: ${q11} + 1
          where: count-selected(${q9}, ${q2})
        """)), "指标“unknown”的比例判断式（proportion）有误：表达式 引用了 ${q99}，但没有这道题",
        "不是有效的表达式", "使用了未知函数 nothing()", "多选题");
  }

  @Test
  void anIndicatorFileThatIsNotAListIsRefusedInChinese() throws Exception {
    assertChinese(problems(saveIndicators("safety: 1")));
    assertChinese(problems(saveIndicators("- name: [unclosed")));
  }

  @Test
  void aDrawOfAModeTheSurveyLacksNamesTheModeNotItsCode() throws Exception {
    MockHttpServletResponse r = mvc.perform(post("/surveys/" + survey + "/draws").param("mode", "household")
        .param("seed", "20261101").with(user("t-county-admin")).with(csrf())).andReturn().getResponse();
    assertChinese(problems(r), "本调查没有“入户调查”方式");
  }

  @Test
  void aNewUserWithoutANameIsRefusedInChinese() throws Exception {
    MockHttpServletResponse r = mvc.perform(post("/api/v1/users").with(user("t-county-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\": \"\", \"displayName\": \"\", \"role\": \"INTERVIEWER\", \"nodeCode\": \"999\"}"))
        .andReturn().getResponse();
    assertChinese(problems(r), "用户名");
  }
}
