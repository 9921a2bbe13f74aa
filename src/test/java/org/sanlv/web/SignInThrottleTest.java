package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The sign-in slow-down refuses (429 with Retry-After) instead of sleeping, so no number of wrong attempts can hold
 * the server's threads. Test settings: 2 free failures per account name, then 400 ms doubling; 30 per network.
 * Every test signs in from its own made-up network so that the tests do not slow each other down.
 */
@IntegrationTest
class SignInThrottleTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired TestClock clock;
  @LocalServerPort int port;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private static RequestPostProcessor from(String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }

  private MockHttpServletRequestBuilder signIn(String username, String password, String address) {
    return post("/login").param("username", username).param("password", password).with(csrf()).with(from(address));
  }

  /** An account with a password its owner chose (so no forced change), for signing in. */
  private void account(String username, String password) {
    if (users.scopeOf(username).isEmpty()) {
      String issued = users.create(TestAccounts.ROOT,
          new UserService.NewUser(username, username, Role.SUPERVISOR, TestAccounts.SHANGYU)).password();
      users.changePassword(username, issued, password, null);
    }
  }

  @Nested
  class Bursts {

    /** The answers to a burst, how long it took, and how long the unrelated client waited for its page. */
    private record Burst(List<SiteClient.RawResponse> answers, Duration whole, Duration page) {}

    /**
     * Fires {@code count} sign-in attempts at once from another loopback network, and while they run, an
     * unrelated client asks for the sign-in page.
     */
    private Burst burst(int count, String fromAddress, IntFunction<String> authorization) throws Exception {
      HttpClient other = HttpClient.newHttpClient();
      HttpRequest loginPage = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
          .timeout(Duration.ofSeconds(60)).build();
      other.send(loginPage, HttpResponse.BodyHandlers.ofString()); // served before, as on a running server
      ExecutorService pool = Executors.newFixedThreadPool(count);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SiteClient.RawResponse>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          int n = i;
          sent.add(pool.submit(() -> {
            go.await();
            return SiteClient.rawRequest(fromAddress, port, "GET", "/api/v1/account",
                List.of("Authorization: " + authorization.apply(n), "Accept: application/json"), null);
          }));
        }
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(300); // the burst is in flight
        long pageStart = System.nanoTime();
        HttpResponse<String> login = other.send(loginPage, HttpResponse.BodyHandlers.ofString());
        Duration page = Duration.ofNanos(System.nanoTime() - pageStart);
        List<SiteClient.RawResponse> answers = new ArrayList<>();
        for (Future<SiteClient.RawResponse> f : sent) {
          answers.add(f.get());
        }
        Duration whole = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("sign-in burst of %d from %s: %d ms in all, %d refused (429); GET /login meanwhile %d ms%n",
            count, fromAddress, whole.toMillis(), answers.stream().filter(a -> a.status() == 429).count(),
            page.toMillis());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(whole).as("the whole burst").isLessThan(Duration.ofSeconds(10));
        return new Burst(answers, whole, page);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void threeHundredWrongAttemptsForOneInventedNameAreRefusedAtOnce() throws Exception {
      Burst burst = burst(300, "127.0.1.7", n -> SiteClient.basic("ghost-user", "guess-" + n));
      // the case: before, every attempt slept in a server thread and the page took 10 s and more
      assertThat(burst.page()).as("GET /login of an unrelated client during the burst")
          .isLessThan(Duration.ofSeconds(1));
      List<SiteClient.RawResponse> answers = burst.answers();
      List<SiteClient.RawResponse> refused = answers.stream().filter(a -> a.status() == 429).toList();
      assertThat(answers).allMatch(a -> a.status() == 401 || a.status() == 429);
      // two free failures for the name; every other attempt is refused without checking a password
      assertThat(refused).hasSizeGreaterThanOrEqualTo(295);
      assertThat(refused).allSatisfy(a -> {
        assertThat(Integer.parseInt(a.headers().get("retry-after"))).isBetween(1, 30);
        assertThat(a.headers().get("content-type")).startsWith("application/json");
        assertThat(a.body()).contains("\"status\":429").contains("登录尝试过多");
      });
    }

    @Test
    void threeHundredRandomNamesFromOneNetworkAreRefusedAfterTheNetworksAllowance() throws Exception {
      // (the page is not timed here: the 30 free checks are 30 bcrypts at once, CPU work on a shared machine)
      List<SiteClient.RawResponse> answers =
          burst(300, "127.0.2.9", n -> SiteClient.basic("random-" + n + "-x", "guess")).answers();
      assertThat(answers).allMatch(a -> a.status() == 401 || a.status() == 429);
      // 30 failures per network are free (default), then one attempt after each wait (400 ms, 800 ms, … while the
      // burst lasts); the rest are refused before any password is checked
      assertThat(answers.stream().filter(a -> a.status() == 401).count()).isBetween(30L, 35L);
      // another network is not affected
      assertThat(SiteClient.rawRequest("127.0.3.9", port, "GET", "/api/v1/account",
          List.of("Authorization: " + SiteClient.basic("random-0-x", "guess")), null).status()).isEqualTo(401);
    }
  }

  @Nested
  class TheRealUser {

    @Test
    void getsInWithTheRightPasswordOnceRetryAfterHasPassed() throws Exception {
      account("t-throttled", "Tea-garden-4711");
      String net = "10.71.0.1";
      assertThat(mvc.perform(signIn("t-throttled", "wrong-1", net)).andReturn().getResponse().getRedirectedUrl())
          .isEqualTo("/login?error");
      assertThat(mvc.perform(signIn("t-throttled", "wrong-2", net)).andReturn().getResponse().getRedirectedUrl())
          .isEqualTo("/login?error");
      // now even the right password waits: refused at once, not slept on
      MockHttpServletResponse refused = mvc.perform(signIn("t-throttled", "Tea-garden-4711", net)).andReturn().getResponse();
      assertThat(refused.getStatus()).isEqualTo(429);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("1"); // 400 ms, rounded up
      assertThat(refused.getForwardedUrl()).isEqualTo("/login/throttled"); // the sign-in page, see below
      clock.advance(Duration.ofSeconds(1));
      MockHttpServletResponse in = mvc.perform(signIn("t-throttled", "Tea-garden-4711", net)).andReturn().getResponse();
      assertThat(in.getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void theWaitDoublesUpToTheMaximum() throws Exception {
      String net = "10.72.0.1";
      List<String> waits = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        MockHttpServletResponse r = mvc.perform(signIn("t-doubling", "wrong", net)).andReturn().getResponse();
        if (r.getStatus() == 429) {
          waits.add(r.getHeader("Retry-After"));
          clock.advance(Duration.ofSeconds(Long.parseLong(r.getHeader("Retry-After"))));
        }
      }
      // 400 ms, 800 ms, 1.6 s, 3.2 s, … rounded up to whole seconds, never more than login-max-delay (30 s)
      assertThat(waits).startsWith("1", "1", "2", "4", "7", "13", "26", "30");
    }

    @Test
    void namesAreCountedWhateverTheirCase() throws Exception {
      String net = "10.73.0.1";
      mvc.perform(signIn("T-Casey", "wrong", net));
      mvc.perform(signIn("t-casey", "wrong", net));
      assertThat(mvc.perform(signIn("t-CASEY", "wrong", net)).andReturn().getResponse().getStatus()).isEqualTo(429);
    }

    /** Real HTTP, as a browser: the page with its CSRF token and session, then the form posts. */
    @Test
    void theSignInPageSaysHowLongToWaitInChineseAndEnglish() throws Exception {
      String from = "127.0.4.4";
      SiteClient.RawResponse page = SiteClient.rawRequest(from, port, "GET", "/login", List.of(), null);
      String session = page.headers().get("set-cookie").split(";")[0];
      java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
          .matcher(page.body());
      assertThat(token.find()).isTrue();
      IntFunction<SiteClient.RawResponse> post = n -> {
        try {
          return SiteClient.rawRequest(from, port, "POST", "/login", List.of("Cookie: " + session
                  + (n == 3 ? "; sanlv-lang=en" : ""), "Content-Type: application/x-www-form-urlencoded"),
              "username=t-page-wait&password=wrong-" + n + "&_csrf=" + java.net.URLEncoder.encode(token.group(1),
                  java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      };
      assertThat(post.apply(0).status()).isEqualTo(302);
      assertThat(post.apply(1).status()).isEqualTo(302);
      SiteClient.RawResponse zh = post.apply(2);
      assertThat(zh.status()).isEqualTo(429);
      assertThat(zh.headers().get("retry-after")).isEqualTo("1");
      assertThat(zh.body()).contains("登录尝试过多，请 1 秒后再试").contains("name=\"password\"");
      SiteClient.RawResponse en = post.apply(3);
      assertThat(en.status()).isEqualTo(429);
      assertThat(en.body()).contains("Too many sign-in attempts. Please try again in 1 second.");
    }
  }

  @Nested
  class Networks {

    @Test
    void manyNamesFromOneNetworkSlowThatNetworkOnly() throws Exception {
      for (int i = 0; i < 30; i++) {
        assertThat(mvc.perform(signIn("t-net-" + i, "wrong", "10.75.0." + (i + 1))).andReturn().getResponse()
            .getRedirectedUrl()).isEqualTo("/login?error");
      }
      // the same /24, another name: refused; another /24: not
      assertThat(mvc.perform(signIn("t-net-x", "wrong", "10.75.0.200")).andReturn().getResponse().getStatus())
          .isEqualTo(429);
      assertThat(mvc.perform(signIn("t-net-x", "wrong", "10.75.1.200")).andReturn().getResponse().getRedirectedUrl())
          .isEqualTo("/login?error");
    }

    @Test
    void ipv6NetworksAreTheirSlash48() throws Exception {
      for (int i = 0; i < 30; i++) {
        mvc.perform(signIn("t-v6-" + i, "wrong", "2001:db8:76:" + Integer.toHexString(i) + "::1"));
      }
      assertThat(mvc.perform(signIn("t-v6-x", "wrong", "2001:db8:76:ffff::9")).andReturn().getResponse().getStatus())
          .isEqualTo(429);
      assertThat(mvc.perform(signIn("t-v6-x", "wrong", "2001:db8:77::9")).andReturn().getResponse().getRedirectedUrl())
          .isEqualTo("/login?error");
    }
  }

  @Test
  void anOverlongPasswordIsAWrongPasswordNotAServerError() throws Exception {
    // bcrypt reads 72 bytes: without the limit, anything after them would be ignored
    String longest = "Tea-garden-4711-" + "q7".repeat(28);
    account("t-long", longest);
    assertThat(mvc.perform(signIn("t-long", longest, "10.76.0.1")).andReturn().getResponse().getRedirectedUrl())
        .isEqualTo("/");
    assertThat(mvc.perform(signIn("t-long", longest + "x", "10.76.0.2")).andReturn().getResponse().getRedirectedUrl())
        .isEqualTo("/login?error");
    assertThat(mvc.perform(signIn("t-long", "密".repeat(40), "10.76.0.3")).andReturn().getResponse().getRedirectedUrl())
        .isEqualTo("/login?error");
    clock.advance(Duration.ofSeconds(1)); // two failures for the name: the next attempt waits 400 ms
    MockHttpServletResponse api = mvc.perform(get("/api/v1/account").with(from("10.76.0.4"))
        .header("Authorization", SiteClient.basic("t-long", longest + "x"))).andReturn().getResponse();
    assertThat(api.getStatus()).isEqualTo(401);
  }
}
