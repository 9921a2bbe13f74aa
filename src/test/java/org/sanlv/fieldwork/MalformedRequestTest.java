package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 16, lows: no request to the public survey reaches a 5xx. Over real HTTP (Tomcat parses what MockMvc would
 * not): malformed {@code Content-Type} headers, absurd values in the body, absurd parameters of the pages.
 */
@IntegrationTest
class MalformedRequestTest {

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @LocalServerPort int port;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired TestClock clock;

  Survey open;
  String token;

  @BeforeEach
  void surveys() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    open = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
    token = tokens.issue(open.id(), clock.instant().minusSeconds(600));
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private String honest() {
    return json(body(open.id(), token, UUID.randomUUID().toString(), device(), answers("330604")));
  }

  @Test
  void aMalformedContentTypeIsAnswered415Or400NeverA500() throws Exception {
    List<String> types = List.of("application/json;;;", "x", "/", ";", "application/", "application/json; charset=\"",
        "application/json; a", "application/json;charset=no-such-charset;;", "*/*;q=x", "text/plain;;");
    for (String path : List.of("/s/" + CawiFixtures.OPEN + "/responses", "/s/" + CawiFixtures.OPEN + "/sms")) {
      for (String type : types) {
        HttpResponse<String> r = post(path, type, path.endsWith("sms") ? "{\"phone\":\"13900000000\"}" : honest());
        assertThat(r.statusCode()).as(path + " with Content-Type " + type + ": " + r.body()).isIn(400, 415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      }
      assertThat(post(path, null, honest()).statusCode()).isEqualTo(415);
    }
  }

  @Test
  void absurdValuesInTheBodyAreAnswered4xxNeverA500() throws Exception {
    String key = "\"idempotencyKey\":\"" + UUID.randomUUID() + "\"";
    List<String> bodies = new ArrayList<>(List.of(
        "{\"surveyId\":1e400}", "{\"surveyId\":-1}", "{\"surveyId\":99999999999999999999999999}", "{\"surveyId\":1.5}",
        "{\"surveyId\":\"9223372036854775807\"}", "{\"pageToken\":\"" + "9".repeat(500) + "\"}",
        "{\"pageToken\":\"1.99999999999999999999.x.y\"}", "{\"pageToken\":\"" + open.id() + ".-99999999999999.x.y\"}",
        "{\"answers\":null}", "{\"answers\":[]}", "{\"paradata\":7}", "null", "true", "\"x\"", "{}", "",
        "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "{\"" + "k".repeat(60_000) + "\":1}",
        "{\"phone\":{\"x\":1}}", "{\"smsChallenge\":[1]}"));
    for (String answersJson : List.of("{\"age\":1e400}", "{\"age\":1e308}", "{\"age\":-0.0}",
        "{\"age\":123456789012345678901234567890}", "{\"age\":[1,2]}", "{\"age\":{\"a\":1}}", "{\"q10\":[null]}",
        "{\"q10\":[[1]]}", "{\"county\":[\"330604\"]}", "{\"\":1}", "{\"county\":\"330604\",\"age\":\"1e9999\"}",
        "{\"county\":\"330604\",\"age\":45,\"q1\":\"" + "5 ".repeat(2000) + "\"}")) {
      bodies.add("{\"surveyId\":" + open.id() + ",\"pageToken\":\"" + token + "\"," + key + ",\"answers\":" + answersJson
          + ",\"paradata\":{\"times\":{\"q2\":1e400,\"q4\":-5,\"county\":99999999999999999999999},\"visibility\":1e300}}");
    }
    for (String body : bodies) {
      HttpResponse<String> r = post("/s/" + CawiFixtures.OPEN + "/responses", "application/json", body);
      assertThat(r.statusCode()).as(body.length() > 200 ? body.substring(0, 200) : body).isBetween(400, 499);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }
  }

  @Test
  void absurdParametersOfThePublicPagesAreNeverA500() throws Exception {
    String s = "/s/" + CawiFixtures.OPEN;
    List<String> queries = new ArrayList<>(List.of("?county=%00", "?county=" + "9".repeat(5000), "?lang=%00",
        "?lang=zz_ZZ_%FF", "/step?answers=%00", "/step?answers=%7B", "/step?answers=%5B%5D",
        "/step?answers=" + enc("{\"age\":1e400}") + "&question=age&action=at",
        "/step?answers=" + enc("{\"county\":\"x\u0000\"}") + "&question=county&action=end",
        "/step?question=" + "q".repeat(3000), "/step?action=%00", "/step?action=back&question=nope",
        "/step?question=age&value=1e400", "/step?question=age&value=%00", "/step?answers=" + enc("{\"a\":" + "[".repeat(800)
            + "]".repeat(800) + "}")));
    for (String q : queries) {
      HttpResponse<String> r = get(s + q);
      assertThat(r.statusCode()).as(q.length() > 200 ? q.substring(0, 200) : q).isLessThan(500);
    }
    assertThat(get("/s/" + "x".repeat(300)).statusCode()).isEqualTo(404);
    assertThat(get("/s/no-such-survey/step").statusCode()).isEqualTo(404);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void theSmsEndpointAnswersAbsurdBodiesWith4xx() throws Exception {
    for (String body : List.of("{\"phone\":1e400}", "{\"phone\":\"1\u0000\"}", "[]", "{\"pageToken\":[]}", "{}",
        "{\"phone\":\"" + "1".repeat(10_000) + "\"}")) {
      HttpResponse<String> r = post("/s/" + CawiFixtures.OPEN + "/sms", "application/json", body);
      assertThat(r.statusCode()).as(body.length() > 100 ? body.substring(0, 100) : body).isBetween(400, 499);
    }
  }
}
