package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.ReviewFixtures;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The pages an official works in, rendered in Chinese (the default), show no raw key and no English word: the text
 * a person reads (between tags, and the placeholder, title, aria-label and alt attributes), leaving out what is
 * code by nature ({@code <code>}, the definitions' {@code <textarea>}, scripts, styles) and the names the test data
 * itself holds (slugs, account names).
 */
@IntegrationTest
class ChinesePagesTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  long mock;
  long designed;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    mock = surveys.bySlug("t-shangyu-mock").orElseThrow().id();
    // a survey with every mode and a design rule, so the survey page shows its design values
    designed = surveys.bySlug("t-zh-pages").orElseGet(() -> {
      long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
          .findFirst().orElseThrow().id();
      var opens = TestClock.DEFAULT_START;
      var closes = opens.plus(Duration.ofDays(20));
      return surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey("t-zh-pages", "中文页面测试", zhejiang,
          TestAccounts.SHANGYU, List.of(
          new Survey.Mode(SurveyMode.HOUSEHOLD, opens, closes, Map.of("rule", "share", "share", "0.005")),
          new Survey.Mode(SurveyMode.PHONE, opens, closes, Map.of()),
          new Survey.Mode(SurveyMode.INTERCEPT, opens, closes, Map.of()),
          new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
    }).id();
  }

  /** Latin words the test data puts on pages: slugs, account names, form ids. */
  private static final List<String> TEST_DATA = List.of("t-shangyu-mock", "t-henan-official", "t-zh-pages",
      "t-county-admin", "t-province-admin", "t-province-analyst", "t-supervisor", "t-interviewer", "t-town-officer",
      "t-unit-reporter", "t-henan", "t-shangcheng", "zhejiang-2022", "henan-liangan-2020", "admin",
      // the language switch names each language in itself
      "English");

  private static final Pattern NOT_READ = Pattern.compile(
      "(?is)<(script|style|code|textarea|pre)\\b[^>]*>.*?</\\1>|<!--.*?-->");
  private static final Pattern SHOWN_ATTRIBUTE = Pattern.compile("(?i)\\s(?:placeholder|title|aria-label|alt)=\"([^\"]*)\"");
  private static final Pattern RAW_KEY = Pattern.compile("\\?\\?[\\w.-]+\\?\\?|\\b[a-z]+\\.[a-z]+\\.[a-zA-Z.]+\\b");

  /** The text a person reads on the page. */
  static String readable(String html) {
    String page = NOT_READ.matcher(html).replaceAll(" ");
    StringBuilder text = new StringBuilder();
    var a = SHOWN_ATTRIBUTE.matcher(page);
    while (a.find()) {
      text.append(a.group(1)).append('\n');
    }
    text.append(page.replaceAll("(?s)<[^>]*>", " "));
    String out = text.toString().replaceAll("https?://[^\\s\"<]+", " ")
        .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ");
    for (String name : TEST_DATA) {
      out = out.replace(name, " ");
    }
    // test accounts ("t-…", user names are Latin by rule) and the display names other tests give theirs
    return out.replaceAll("\\bt-[\\w-]+", " ").replace("leaver", " ");
  }

  @Test
  void officialsPagesAreChineseThrough() throws Exception {
    List<String> paths = List.of("/areas", "/areas/330604", "/areas/import", "/users", "/users/new",
        "/users/t-interviewer", "/account/password", "/instruments", "/surveys", "/surveys/new",
        "/surveys/" + mock, "/surveys/" + designed, "/surveys/" + designed + "/indicators",
        "/surveys/" + designed + "/sample", "/surveys/" + mock + "/online", "/surveys/" + mock + "/monitor",
        "/surveys/" + mock + "/results", "/surveys/" + designed + "/capi/teams",
        "/surveys/" + designed + "/capi/assignments", "/surveys/" + designed + "/capi/progress",
        "/surveys/" + mock + "/cati/rates", "/surveys/" + mock + "/scores", "/surveys/" + mock + "/compare",
        "/scoring/rules", "/home/dashboard");
    List<String> english = new ArrayList<>();
    for (String path : paths) {
      english.addAll(englishOn(path, mvc.perform(get(path).with(user("t-county-admin"))).andReturn().getResponse()));
    }
    // the province's view, an interviewer's, and the residents' page
    for (String path : List.of("/areas", "/surveys", "/surveys/" + mock + "/results")) {
      english.addAll(englishOn("province " + path,
          mvc.perform(get(path).with(user("t-province-admin"))).andReturn().getResponse()));
    }
    english.addAll(englishOn("interviewer /areas",
        mvc.perform(get("/areas").with(user("t-interviewer"))).andReturn().getResponse()));
    english.addAll(englishOn("interviewer /capi/",
        mvc.perform(get("/capi/").with(user("t-interviewer"))).andReturn().getResponse()));
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    english.addAll(englishOn("interviewer /capi/preview",
        mvc.perform(get("/capi/preview/" + zhejiang).with(user("t-interviewer"))).andReturn().getResponse()));
    // the review of field interviews (county admin) and the interviewer's returned work
    long interview = ReviewFixtures.fieldInterview(jdbc, surveys, instruments, "t-shangyu-mock",
        TestAccounts.SHANGYU);
    for (String path : List.of("/capi/reviews", "/capi/reviews?status=all", "/capi/reviews/" + interview)) {
      english.addAll(englishOn(path, mvc.perform(get(path).with(user("t-county-admin"))).andReturn().getResponse()));
    }
    english.addAll(englishOn("interviewer /capi/returned",
        mvc.perform(get("/capi/returned").with(user("t-interviewer"))).andReturn().getResponse()));
    // the phone interviewer's survey picker and call screen (its texts ride in a data attribute, read by the script)
    for (String path : List.of("/cati/", "/cati/surveys/" + surveys.bySlug("t-shangyu-mock").orElseThrow().id())) {
      english.addAll(englishOn("interviewer " + path,
          mvc.perform(get(path).with(user("t-interviewer"))).andReturn().getResponse()));
    }
    english.addAll(englishOn("public /s/t-shangyu-mock",
        mvc.perform(get("/s/t-shangyu-mock")).andReturn().getResponse()));
    english.addAll(englishOn("public /quiz", mvc.perform(get("/quiz?area=" + TestAccounts.BAIGUAN)).andReturn().getResponse()));
    assertThat(english).isEmpty();
    // values by their names: the design rule on the survey page, the sample size rule in words on the sampling page
    assertThat(mvc.perform(get("/surveys/" + designed).with(user("t-county-admin"))).andReturn().getResponse()
        .getContentAsString()).contains("按人口比例");
    assertThat(mvc.perform(get("/surveys/" + designed + "/sample").with(user("t-county-admin"))).andReturn()
        .getResponse().getContentAsString()).contains("入户样本量规则：每层人口的 5‰");
  }

  private List<String> englishOn(String path, MockHttpServletResponse r) throws Exception {
    List<String> english = new ArrayList<>();
    if (r.getStatus() != 200) {
      return List.of(path + ": HTTP " + r.getStatus());
    }
    String text = readable(r.getContentAsString());
    // the names other tests give their accounts are data, not interface text
    for (String name : jdbc.sql("select display_name from app_user").query(String.class).list()) {
      text = text.replace(name, " ");
    }
    var raw = RAW_KEY.matcher(text);
    while (raw.find()) {
      english.add(path + ": raw key " + raw.group());
    }
    List<String> words = MessageBundlesTest.englishWords(text, false);
    if (!words.isEmpty()) {
      english.add(path + ": " + words.stream().distinct().toList());
    }
    return english;
  }
}
