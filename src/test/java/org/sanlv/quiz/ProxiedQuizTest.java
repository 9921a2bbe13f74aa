package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.platform.Networks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quiz behind a TLS-terminating proxy or load balancer (real HTTP through Tomcat's valves): residents are told
 * apart by the {@code X-Forwarded-For} a trusted proxy sends, not all counted as the proxy's one network, and the page's
 * {@code https://} origin is this site although the request reaches the node over plain HTTP on another port.
 */
@IntegrationTest
class ProxiedQuizTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired QuizService quiz;
  @Autowired QuizHashes hashes;
  @Autowired JdbcClient jdbc;

  private HttpResponse<String> complete(String origin, String forwardedFor) throws Exception {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    for (QuizContent.Question q : quiz.live().content().questions()) {
      answers.put(q.id(), q.correctOptions());
    }
    Map<String, Object> body = Map.of("idempotencyKey", UUID.randomUUID().toString(),
        "deviceToken", "proxied-" + UUID.randomUUID().toString().replace("-", ""), "area", TestAccounts.BAIGUAN,
        "answers", answers);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/quiz/completions"))
        .header("Content-Type", "application/json").header("Origin", origin)
        .header("X-Forwarded-For", forwardedFor).header("X-Forwarded-Proto", "https")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private long fromNetwork(String address) {
    return jdbc.sql("select count(*) from quiz_completion where network_hash = ?")
        .param(hashes.hash("net", Networks.network(address))).query(Long.class).single();
  }

  @Test
  void residentsBehindAProxyAreToldApartAndItsHttpsOriginIsThisSite() throws Exception {
    long first = fromNetwork("203.0.113.7");
    long second = fromNetwork("198.51.100.20");
    HttpResponse<String> a = complete("https://localhost", "203.0.113.7");
    assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
    HttpResponse<String> b = complete("https://localhost", "198.51.100.20, 10.0.0.5");
    assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
    assertThat(fromNetwork("203.0.113.7")).isEqualTo(first + 1);
    assertThat(fromNetwork("198.51.100.20")).isEqualTo(second + 1);

    HttpResponse<String> elsewhere = complete("https://quiz.example.com", "203.0.113.8");
    assertThat(elsewhere.statusCode()).as("another site's page may not post here").isEqualTo(403);
  }
}
