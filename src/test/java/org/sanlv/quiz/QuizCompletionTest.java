package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.Networks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public quiz API against the real application: verdicts, completions counted once per device and China year,
 * retried keys stored once, floods from a device or a network refused and counted once, counts per town.
 */
@IntegrationTest
class QuizCompletionTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger NETWORK = new AtomicInteger();

  @Autowired MockMvc mvc;
  @Autowired QuizService quiz;
  @Autowired QuizStatistics statistics;
  @Autowired QuizHashes hashes;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired OrgService org;
  @Autowired UserService users;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** Each test from its own network, so the per-network limit of one test does not touch another. */
  private static String network() {
    int n = NETWORK.incrementAndGet();
    return "10.123." + n + ".9";
  }

  private static String device() {
    return "quiz-test-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Every question answered: the correct options for the first {@code right} questions, a wrong one for the rest. */
  private Map<String, List<String>> answers(int right) {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    int n = 0;
    for (QuizContent.Question q : quiz.live().content().questions()) {
      List<String> correct = q.correctOptions();
      answers.put(q.id(), n++ < right ? correct : List.of(q.options().stream().filter(o -> !o.correct()).findFirst()
          .orElseThrow().id()));
    }
    return answers;
  }

  private MockHttpServletResponse postJson(String url, Object body, String address) throws Exception {
    MockHttpServletResponse r = mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON)
        .content(JSON.writeValueAsString(body)).with(req -> {
          req.setRemoteAddr(address);
          return req;
        })).andReturn().getResponse();
    r.setCharacterEncoding("UTF-8");
    return r;
  }

  private MockHttpServletResponse complete(String key, String device, String area, Map<String, List<String>> answers,
      String address) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("idempotencyKey", key);
    body.put("deviceToken", device);
    body.put("area", area);
    body.put("answers", answers);
    return postJson("/api/v1/quiz/completions", body, address);
  }

  private long stored(String device) {
    return jdbc.sql("select count(*) from quiz_completion where device_hash = ?").param(hashes.hash("device", device))
        .query(Long.class).single();
  }

  @Test
  void answersGetTheServersVerdictAndUnknownQuestionsAClearChineseError() throws Exception {
    String net = network();
    MockHttpServletResponse right = postJson("/api/v1/quiz/answers",
        Map.of("question", "police-transfer", "options", List.of("yes")), net);
    assertThat(right.getStatus()).isEqualTo(200);
    Map<?, ?> verdict = JSON.readValue(right.getContentAsString(), Map.class);
    assertThat(verdict.get("correct")).isEqualTo(true);
    assertThat(right.getHeader("Content-Security-Policy")).isNotNull(); // the platform's headers, filters bypassed or not
    assertThat(verdict.get("correctOptions")).isEqualTo(List.of("yes"));
    assertThat((String) verdict.get("explanation")).contains("安全账户").contains("96110");

    MockHttpServletResponse wrong = postJson("/api/v1/quiz/answers",
        Map.of("question", "which-calls", "options", List.of("court-fine", "bank-counter")), net);
    assertThat(JSON.readValue(wrong.getContentAsString(), Map.class).get("correct")).isEqualTo(false);

    MockHttpServletResponse none = postJson("/api/v1/quiz/answers",
        Map.of("question", "no-such-question", "options", List.of("yes")), net);
    assertThat(none.getStatus()).isEqualTo(400);
    assertThat(none.getContentAsString()).contains("没有这道题").contains("no-such-question");

    MockHttpServletResponse noOption = postJson("/api/v1/quiz/answers",
        Map.of("question", "police-transfer", "options", List.of("maybe")), net);
    assertThat(noOption.getStatus()).isEqualTo(400);
    assertThat(noOption.getContentAsString()).contains("没有选项").contains("maybe");

    MockHttpServletResponse both = postJson("/api/v1/quiz/answers",
        Map.of("question", "police-transfer", "options", List.of("yes", "no")), net);
    assertThat(both.getStatus()).isEqualTo(400);

    MockHttpServletResponse english = mvc.perform(post("/api/v1/quiz/answers?lang=en")
        .contentType(MediaType.APPLICATION_JSON).content("{\"question\":\"nope\",\"options\":[\"yes\"]}"))
        .andReturn().getResponse();
    assertThat(english.getStatus()).isEqualTo(400);
    assertThat(english.getContentAsString()).contains("There is no question");
  }

  @Test
  void malformedRequestsAreRefusedWithoutA5xx() throws Exception {
    String net = network();
    assertThat(mvc.perform(post("/api/v1/quiz/answers").contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content("question=x")).andReturn().getResponse().getStatus()).isEqualTo(415);
    assertThat(mvc.perform(post("/api/v1/quiz/answers").contentType(MediaType.APPLICATION_JSON).content("{nope"))
        .andReturn().getResponse().getStatus()).isEqualTo(400);
    assertThat(mvc.perform(post("/api/v1/quiz/completions").contentType(MediaType.APPLICATION_JSON)
        .header("Origin", "https://evil.example").content("{}")).andReturn().getResponse().getStatus()).isEqualTo(403);
    assertThat(complete("not-a-uuid", device(), null, answers(3), net).getStatus()).isEqualTo(400);
    assertThat(complete(UUID.randomUUID().toString(), "short", null, answers(3), net).getStatus()).isEqualTo(400);
    assertThat(complete(UUID.randomUUID().toString(), device(), "bad\u0000area", answers(3), net).getStatus())
        .isEqualTo(200); // an area the page would never send is ignored, as on the page
    assertThat(postJson("/api/v1/quiz/completions", Map.of("idempotencyKey", 5), net).getStatus()).isEqualTo(400);
  }

  @Test
  void everyQuestionMustBeAnsweredAndUnknownOnesAreRefused() throws Exception {
    String device = device();
    Map<String, List<String>> missing = answers(2);
    missing.remove("hotline-warning");
    MockHttpServletResponse r = complete(UUID.randomUUID().toString(), device, null, missing, network());
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString()).contains("还有题目没有作答").contains("hotline-warning");
    Map<String, List<String>> extra = answers(2);
    extra.put("made-up", List.of("yes"));
    MockHttpServletResponse u = complete(UUID.randomUUID().toString(), device, null, extra, network());
    assertThat(u.getStatus()).isEqualTo(400);
    assertThat(u.getContentAsString()).contains("没有这道题");
    assertThat(stored(device)).isZero();
  }

  @Test
  void aRetriedKeyIsStoredOnceAndAnsweredTheSame() throws Exception {
    String device = device();
    String key = UUID.randomUUID().toString();
    String net = network();
    MockHttpServletResponse first = complete(key, device, TestAccounts.BAIGUAN, answers(5), net);
    MockHttpServletResponse again = complete(key, device, TestAccounts.BAIGUAN, answers(5), net);
    assertThat(first.getStatus()).isEqualTo(200);
    assertThat(again.getStatus()).isEqualTo(200);
    Map<?, ?> a = JSON.readValue(first.getContentAsString(), Map.class);
    assertThat(a.get("counted")).isEqualTo(true);
    assertThat(a.get("correct")).isEqualTo(5);
    assertThat(a.get("questions")).isEqualTo(quiz.live().content().questions().size());
    assertThat(JSON.readValue(again.getContentAsString(), Map.class)).isEqualTo(a);
    assertThat(jdbc.sql("select count(*) from quiz_completion where idempotency_key = ?::uuid").param(key)
        .query(Long.class).single()).isEqualTo(1);
    // many retries of one key at once (a phone on a bad network): still one row
    String burst = UUID.randomUUID().toString();
    String other = device();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(pool.submit(() -> complete(burst, other, null, answers(1), net).getStatus()));
    }
    for (Future<Integer> s : statuses) {
      assertThat(s.get()).isEqualTo(200);
    }
    pool.shutdown();
    assertThat(stored(other)).isEqualTo(1);
  }

  @Test
  void theSameDeviceAgainThisYearIsCountedOnceAndToldKindly() throws Exception {
    String device = device();
    String net = network();
    assertThat(complete(UUID.randomUUID().toString(), device, TestAccounts.SHANGYU, answers(16), net).getStatus())
        .isEqualTo(200);
    MockHttpServletResponse second = complete(UUID.randomUUID().toString(), device, TestAccounts.SHANGYU, answers(0), net);
    assertThat(second.getStatus()).isEqualTo(409);
    assertThat(second.getContentAsString()).contains("之前已经计入");
    assertThat(stored(device)).isEqualTo(1);
  }

  @Test
  void elevenCompletionsFromOneDeviceInAMinuteAreRefusedWith429AndCountedOnce() throws Exception {
    clock.set(Instant.parse("2026-11-18T04:10:00.500Z"));
    String device = device();
    String net = network();
    List<Integer> statuses = new ArrayList<>();
    MockHttpServletResponse last = null;
    for (int i = 0; i < 11; i++) {
      last = complete(UUID.randomUUID().toString(), device, null, answers(i), net);
      statuses.add(last.getStatus());
    }
    assertThat(statuses.get(0)).isEqualTo(200);
    assertThat(statuses.subList(1, 10)).containsOnly(409);
    assertThat(statuses.get(10)).isEqualTo(429);
    assertThat(last.getHeader("Retry-After")).isEqualTo("60");
    assertThat(last.getContentAsString()).contains("一分钟后再试");
    assertThat(stored(device)).isEqualTo(1);
  }

  @Test
  void aNetworkFloodPastItsLimitIsRefusedAndOnlyTheAllowedAreCounted() throws Exception {
    clock.set(Instant.parse("2026-11-18T04:20:00.200Z"));
    String net = network();
    String networkHash = hashes.hash("net", Networks.network(net));
    int tries = 640;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < tries; i++) {
      int n = i;
      statuses.add(pool.submit(() -> complete(UUID.randomUUID().toString(), device(), null, answers(n % 17), net)
          .getStatus()));
    }
    int ok = 0;
    int refused = 0;
    for (Future<Integer> s : statuses) {
      int status = s.get();
      ok += status == 200 ? 1 : 0;
      refused += status == 429 ? 1 : 0;
    }
    pool.shutdown();
    assertThat(ok).isEqualTo(600);
    assertThat(refused).isEqualTo(tries - 600);
    assertThat(jdbc.sql("select count(*) from quiz_completion where network_hash = ?").param(networkHash)
        .query(Long.class).single()).isEqualTo(600);
  }

  /** Where a network's completions went: all of them, and those stored flagged as a burst. */
  private long[] storedFrom(String address) {
    String networkHash = hashes.hash("net", Networks.network(address));
    return jdbc.sql("select count(*), count(*) filter (where burst) from quiz_completion where network_hash = ?")
        .param(networkHash).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
  }

  @Test
  void fiftyScriptedCompletionsFromOneNetworkAreAllCountedAndThoseBeyondThirtyFlagged() throws Exception {
    TestAccounts.ensure(org, users);
    // a day of its own, at the start of a 10-minute window: the sliding count is exact within it
    clock.set(Instant.parse("2026-04-07T02:00:00Z"));
    String other = otherTownOfShangyu();
    String script = network();
    String neighbour = network();
    Map<?, ?> firstAnswer = null;
    for (int i = 0; i < 50; i++) {
      MockHttpServletResponse r = complete(UUID.randomUUID().toString(), device(), TestAccounts.BAIGUAN, answers(3),
          script);
      assertThat(r.getStatus()).as("completion %d", i).isEqualTo(200);
      // the resident's answer is the same whether flagged or not: counted and thanked, never suspected
      Map<?, ?> answer = JSON.readValue(r.getContentAsString(), Map.class);
      assertThat(answer.get("counted")).isEqualTo(true);
      firstAnswer = firstAnswer == null ? answer : firstAnswer;
      assertThat(answer).isEqualTo(firstAnswer);
      if (i % 10 == 0) {
        assertThat(complete(UUID.randomUUID().toString(), device(), other, answers(3), neighbour).getStatus())
            .isEqualTo(200);
      }
      clock.advance(java.time.Duration.ofSeconds(3)); // 50 in two and a half minutes
    }
    assertThat(storedFrom(script)).containsExactly(50, 20);
    assertThat(storedFrom(neighbour)).containsExactly(5, 0); // another network is not affected
    // the first thirty are not flagged, the twenty after them are
    assertThat(jdbc.sql("select burst from quiz_completion where network_hash = ? order by completed_at, id")
        .param(hashes.hash("net", Networks.network(script))).query(Boolean.class).list())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> i >= 30).toList());
    // the statistics keep the total and say how many of it were flagged, per town
    Scope county = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU,
        org.pathOf(TestAccounts.SHANGYU).orElseThrow());
    LocalDate day = LocalDate.of(2026, 4, 7);
    Map<String, QuizStatistics.AreaCount> byCode = new LinkedHashMap<>();
    statistics.completionsBelow(county, TestAccounts.SHANGYU, day, day).forEach(r -> byCode.put(r.code(), r));
    assertThat(byCode.get(TestAccounts.BAIGUAN)).extracting(QuizStatistics.AreaCount::completions,
        QuizStatistics.AreaCount::bursts).containsExactly(50L, 20L);
    assertThat(byCode.get(other)).extracting(QuizStatistics.AreaCount::completions, QuizStatistics.AreaCount::bursts)
        .containsExactly(5L, 0L);
    assertThat(byCode.get(TestAccounts.SHANGYU).bursts()).isZero();
    // the city above sees the county's bursts in the county's row
    Scope province = new Scope("t-province-admin", Role.PROVINCE_ADMIN, "33", org.pathOf("33").orElseThrow());
    String city = jdbc.sql("select p.code from org_node n join org_node p on p.id = n.parent_id where n.code = ?")
        .param(TestAccounts.SHANGYU).query(String.class).single();
    assertThat(statistics.completionsBelow(province, city, day, day)).filteredOn(r -> r.code().equals(TestAccounts.SHANGYU))
        .singleElement().extracting(QuizStatistics.AreaCount::completions, QuizStatistics.AreaCount::bursts)
        .containsExactly(55L, 20L);
  }

  @Test
  void theSameFiftySpreadOverAnHourAreNotFlagged() throws Exception {
    clock.set(Instant.parse("2026-04-08T02:00:00Z"));
    String net = network();
    for (int i = 0; i < 50; i++) {
      assertThat(complete(UUID.randomUUID().toString(), device(), TestAccounts.BAIGUAN, answers(2), net).getStatus())
          .isEqualTo(200);
      clock.advance(java.time.Duration.ofSeconds(72)); // about eight every ten minutes
    }
    assertThat(storedFrom(net)).containsExactly(50, 0);
  }

  private String otherTownOfShangyu() {
    return jdbc.sql("""
        select n.code from org_node n join org_node p on p.id = n.parent_id
         where p.code = ? and n.level = 'town' and n.code <> ? order by n.code limit 1
        """).param(TestAccounts.SHANGYU).param(TestAccounts.BAIGUAN).query(String.class).single();
  }

  @Test
  void completionsAreCountedPerTownUnderShangyu() throws Exception {
    TestAccounts.ensure(org, users);
    // a day of its own, so other tests' completions do not fall into it
    clock.set(Instant.parse("2026-03-10T03:00:00Z"));
    List<String> towns = jdbc.sql("""
        select n.code from org_node n join org_node p on p.id = n.parent_id
         where p.code = ? and n.level = 'town' and n.code <> ? order by n.code limit 1
        """).param(TestAccounts.SHANGYU).param(TestAccounts.BAIGUAN).query(String.class).list();
    String other = towns.get(0);
    String net = network();
    for (String area : List.of(TestAccounts.BAIGUAN, TestAccounts.BAIGUAN, other, TestAccounts.SHANGYU, "nowhere-99")) {
      assertThat(complete(UUID.randomUUID().toString(), device(), area, answers(4), net).getStatus()).isEqualTo(200);
    }
    Scope county = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU,
        org.pathOf(TestAccounts.SHANGYU).orElseThrow());
    LocalDate day = LocalDate.of(2026, 3, 10);
    List<QuizStatistics.AreaCount> rows = statistics.completionsBelow(county, TestAccounts.SHANGYU, day, day);
    assertThat(rows.get(0).code()).isEqualTo(TestAccounts.SHANGYU); // the county's own link, first
    assertThat(rows.get(0).completions()).isEqualTo(1);
    Map<String, Long> byCode = new LinkedHashMap<>();
    rows.forEach(r -> byCode.put(r.code(), r.completions()));
    assertThat(byCode).containsEntry(TestAccounts.BAIGUAN, 2L).containsEntry(other, 1L);
    assertThat(rows.stream().mapToLong(QuizStatistics.AreaCount::completions).sum()).isEqualTo(4);
    assertThat(rows).extracting(QuizStatistics.AreaCount::name).doesNotContainNull();
    // the city above counts the county as one row: its own links and its towns'
    Scope province = new Scope("t-province-admin", Role.PROVINCE_ADMIN, "33", org.pathOf("33").orElseThrow());
    String city = jdbc.sql("select p.code from org_node n join org_node p on p.id = n.parent_id where n.code = ?")
        .param(TestAccounts.SHANGYU).query(String.class).single();
    assertThat(statistics.completionsBelow(province, city, day, day)).filteredOn(r -> r.code().equals(TestAccounts.SHANGYU))
        .singleElement().extracting(QuizStatistics.AreaCount::completions).isEqualTo(4L);
    // the day before: none
    assertThat(statistics.completionsBelow(county, TestAccounts.SHANGYU, day.minusDays(1), day.minusDays(1)))
        .allSatisfy(r -> assertThat(r.completions()).isZero());
    // outside the caller's subtree, or unknown
    assertThatThrownBy(() -> statistics.completionsBelow(county, TestAccounts.SHANGCHENG, day, day))
        .isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> statistics.completionsBelow(county, "nowhere-99", day, day)).isInstanceOf(NotFound.class);
  }

  @Test
  void theYearChangesAtMidnightChinaTime() throws Exception {
    String device = device();
    String net = network();
    clock.set(Instant.parse("2026-12-31T15:30:00Z")); // 23:30 on 31 December in Beijing
    assertThat(complete(UUID.randomUUID().toString(), device, TestAccounts.BAIGUAN, answers(1), net).getStatus())
        .isEqualTo(200);
    clock.set(Instant.parse("2026-12-31T15:59:00Z"));
    assertThat(complete(UUID.randomUUID().toString(), device, TestAccounts.BAIGUAN, answers(1), net).getStatus())
        .isEqualTo(409);
    clock.set(Instant.parse("2026-12-31T16:00:30Z")); // 00:00:30 on 1 January 2027 in Beijing (still 2026 in UTC)
    assertThat(complete(UUID.randomUUID().toString(), device, TestAccounts.BAIGUAN, answers(1), net).getStatus())
        .isEqualTo(200);
    assertThat(jdbc.sql("select year from quiz_completion where device_hash = ? order by year")
        .param(hashes.hash("device", device)).query(Integer.class).list()).containsExactly(2026, 2027);
    Scope county = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU,
        org.pathOf(TestAccounts.SHANGYU).orElseThrow());
    LocalDate newYear = LocalDate.of(2027, 1, 1);
    assertThat(statistics.completionsBelow(county, TestAccounts.SHANGYU, newYear, newYear))
        .filteredOn(r -> r.code().equals(TestAccounts.BAIGUAN)).singleElement()
        .extracting(QuizStatistics.AreaCount::completions).isEqualTo(1L);
  }

  @Test
  void thePageWorksWithAnUnknownAreaAndShowsAKnownOne() throws Exception {
    MockHttpServletResponse known = mvc.perform(get("/quiz").param("area", TestAccounts.BAIGUAN)).andReturn().getResponse();
    known.setCharacterEncoding("UTF-8");
    assertThat(known.getStatus()).isEqualTo(200);
    assertThat(known.getContentAsString()).contains("百官街道").contains("防范电信网络诈骗知识答题")
        .doesNotContain("公安、检察院、法院从不通过电话办案"); // explanations come with the verdict, not before
    assertThat(known.getHeader("Set-Cookie")).contains(QuizPageController.DEVICE_COOKIE);
    assertThat(known.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(known.getHeader("Cache-Control")).contains("no-store");
    MockHttpServletResponse unknown = mvc.perform(get("/quiz").param("area", "<script>")).andReturn().getResponse();
    assertThat(unknown.getStatus()).isEqualTo(200);
    unknown.setCharacterEncoding("UTF-8");
    assertThat(unknown.getContentAsString()).doesNotContain("<script>").doesNotContain("所在地区");
  }

  @Test
  void aSavedEditionIsLiveAndNeedsTheProvincesPermission() {
    Scope province = new Scope("t-province-admin", Role.PROVINCE_ADMIN, "33", "/CN/33/");
    Scope county = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU, "/CN/33/3306/330604/");
    String yaml = quiz.shippedYaml();
    assertThatThrownBy(() -> quiz.saveEdition(county, yaml, "x")).isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> quiz.saveEdition(province, yaml.replace("防范电信网络诈骗知识答题", "三率知识答题"), null))
        .isInstanceOf(org.sanlv.platform.InputRejected.class);
    QuizService.Edition e = quiz.saveEdition(province, yaml, "same text, saved once");
    assertThat(quiz.live().editionId()).isEqualTo(e.id());
    assertThat(quiz.editions(province, 100)).extracting(QuizService.Edition::id).contains(e.id());
  }
}
