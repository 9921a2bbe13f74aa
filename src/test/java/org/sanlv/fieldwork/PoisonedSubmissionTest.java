package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;
import static org.sanlv.fieldwork.CawiFixtures.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 16, item 2: text PostgreSQL cannot store (U+0000, unpaired UTF-16 surrogates) is refused at validation
 * with a 400 that names the field, and a poisoned submission never fails anyone else's.
 */
@IntegrationTest
class PoisonedSubmissionTest {

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Survey open;
  String token;

  @BeforeEach
  void surveys() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    open = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
    token = tokens.issue(open.id(), clock.instant().minusSeconds(600));
  }

  private MockHttpServletResponse submit(String body) throws Exception {
    return CawiFixtures.post(mvc, "/s/" + CawiFixtures.OPEN + "/responses", body, network());
  }

  private long stored(String key) {
    return jdbc.sql("select count(*) from response where idempotency_key = :k::uuid").param("k", key).query(Long.class).single();
  }

  /** A submit body with one change; its key, for the check that nothing was stored. */
  private record Poisoned(String key, String json) {}

  private Poisoned poisoned(java.util.function.Consumer<Map<String, Object>> change) {
    String key = UUID.randomUUID().toString();
    Map<String, Object> b = body(open.id(), token, key, device(), answers("330604"));
    change.accept(b);
    return new Poisoned(key, ascii(json(b)));
  }

  /**
   * JSON with every non-ASCII character written as a JSON escape (backslash, u, four hex digits): the only way a
   * lone surrogate crosses the wire (encoded as UTF-8 it would become "?" on the client's side already).
   */
  private static String ascii(String json) {
    StringBuilder sb = new StringBuilder(json.length());
    for (char c : json.toCharArray()) {
      if (c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> answersOf(Map<String, Object> body) {
    return (Map<String, Object>) body.get("answers");
  }

  @Test
  void aNulCharacterAnywhereIsRefusedWithA400NamingTheField() throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    List<Poisoned> cases = new ArrayList<>();
    cases.add(poisoned(b -> answersOf(b).put("q1_other", "电动车\u0000被偷")));
    expected.put(cases.get(0).key(), List.of("answers.q1_other", "U+0000"));
    cases.add(poisoned(b -> answersOf(b).put("q1\u0000x", "1")));
    expected.put(cases.get(1).key(), List.of("answers.q1\\\\u0000x", "U+0000")); // the JSON escapes the backslash
    cases.add(poisoned(b -> b.put("paradata", Map.of("times", Map.of("q2\u0000", 4000), "visibility", 1))));
    expected.put(cases.get(2).key(), List.of("paradata.times.q2\\\\u0000", "U+0000"));
    cases.add(poisoned(b -> b.put("website", "\u0000")));
    expected.put(cases.get(3).key(), List.of("website", "U+0000"));
    cases.add(poisoned(b -> answersOf(b).put("q10", List.of("1", "5\u0000"))));
    expected.put(cases.get(4).key(), List.of("answers.q10[1]", "U+0000"));
    for (Poisoned p : cases) {
      MockHttpServletResponse r = submit(p.json());
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
      assertThat(r.getContentType()).startsWith("application/json");
      assertThat(r.getContentAsString()).contains(expected.get(p.key())).contains("无法保存");
      assertThat(stored(p.key())).isZero();
    }
  }

  @Test
  void anUnpairedSurrogateIsRefusedAndAProperPairIsKept() throws Exception {
    for (String bad : List.of("\ud800", "a\udc00b", "\udc00\ud800", "end\ud83d")) {
      Poisoned p = poisoned(b -> answersOf(b).put("q1_other", bad));
      MockHttpServletResponse r = submit(p.json());
      assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("answers.q1_other", "U+D");
      assertThat(stored(p.key())).isZero();
    }
    // a surrogate pair is one character (😀) and is stored as it is
    Poisoned emoji = poisoned(b -> answersOf(b).put("q1_other", "电动车😀"));
    assertThat(submit(emoji.json()).getStatus()).isEqualTo(200);
    assertThat(jdbc.sql("select answers ->> 'q1_other' from response where idempotency_key = :k::uuid")
        .param("k", emoji.key()).query(String.class).single()).isEqualTo("电动车😀");
  }

  @Test
  void theRefusalIsInEnglishWhenAsked() throws Exception {
    Poisoned p = poisoned(b -> answersOf(b).put("q1_other", "x\u0000"));
    MockHttpServletResponse r = CawiFixtures.post(mvc, "/s/" + CawiFixtures.OPEN + "/responses?lang=en", p.json(), network());
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString()).contains("answers.q1_other", "cannot be stored");
  }

  @Test
  void fortyHonestSubmissionsAtTheSameMomentAsPoisonedOnesAreAllStoredOnceAndAcknowledged() throws Exception {
    List<Poisoned> honest = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      honest.add(poisoned(b -> { }));
    }
    List<Poisoned> poisonedOnes = List.of(
        poisoned(b -> answersOf(b).put("q1_other", "\u0000")),
        poisoned(b -> answersOf(b).put("q1_other", "a\ud800")),
        poisoned(b -> b.put("paradata", Map.of("times", Map.of("q\u0000", 1), "visibility", 1))),
        poisoned(b -> answersOf(b).put("county\u0000", "330604")));
    List<Poisoned> all = new ArrayList<>(honest);
    all.addAll(2, poisonedOnes.subList(0, 2));
    all.addAll(20, poisonedOnes.subList(2, 4));
    ExecutorService pool = Executors.newFixedThreadPool(all.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<MockHttpServletResponse>> answers = new ArrayList<>();
    for (Poisoned p : all) {
      answers.add(pool.submit(() -> {
        go.await();
        return submit(p.json());
      }));
    }
    go.countDown();
    for (int i = 0; i < all.size(); i++) {
      Poisoned p = all.get(i);
      MockHttpServletResponse r = answers.get(i).get(60, TimeUnit.SECONDS);
      if (poisonedOnes.contains(p)) {
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(400);
        assertThat(stored(p.key())).isZero();
      } else {
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("\"repeat\":false");
        assertThat(stored(p.key())).isEqualTo(1);
      }
    }
    pool.shutdown();
  }
}
