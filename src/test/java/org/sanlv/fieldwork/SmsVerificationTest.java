package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.network;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Issue 16, item 6: {@code POST /s/{slug}/sms} sends a code only when phone verification is on, with the page's
 * signed token, for a running survey inside its window; per number, per network and per survey per day, refused
 * with 429 and {@code Retry-After} beyond that.
 */
@IntegrationTest
class SmsVerificationTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired FieldworkService fieldwork;
  @Autowired FieldworkSettings settings;
  @Autowired LoggingSmsGateway gateway;

  Survey open;

  @BeforeEach
  void fixtures() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    open = surveys.bySlug(CawiFixtures.OPEN).orElseThrow();
    fieldwork.requireSms(true);
  }

  @AfterEach
  void putBack() {
    fieldwork.requireSms(settings.smsRequired());
    clock.reset();
  }

  private static String phone() {
    return "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
  }

  private String token(Survey survey) {
    return tokens.issue(survey.id(), clock.instant().minusSeconds(60));
  }

  private MockHttpServletResponse sms(Survey survey, String token, String phone, String address) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("phone", phone);
    body.put("pageToken", token);
    return CawiFixtures.post(mvc, "/s/" + survey.slug() + "/sms", CawiFixtures.json(body), address);
  }

  private long challenges() {
    return jdbc.sql("select count(*) from sms_challenge").query(Long.class).single();
  }

  /**
   * Sets the clock to a time of day in China, {@code days} after the test clock's start day (inside the fixture
   * windows, whatever day the suite starts on).
   */
  private void chinaTime(int days, int hour, int minute, int second) {
    LocalDate start = LocalDate.ofInstant(TestClock.DEFAULT_START, Survey.CHINA);
    clock.set(start.plusDays(days).atTime(LocalTime.of(hour, minute, second)).atZone(Survey.CHINA).toInstant());
  }

  private long secondsToChinaMidnight() {
    Instant now = clock.instant();
    Instant midnight = LocalDate.ofInstant(now, Survey.CHINA).plusDays(1).atStartOfDay(Survey.CHINA).toInstant();
    return Duration.between(now, midnight).toSeconds();
  }

  private void refusedUntilTomorrow(MockHttpServletResponse r) throws Exception {
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(429);
    assertThat(r.getContentAsString()).contains("明天");
    assertThat(Long.parseLong(r.getHeader("Retry-After"))).isCloseTo(secondsToChinaMidnight(),
        Offset.offset(5L));
  }

  @Test
  void noCodeIsSentWhenPhoneVerificationIsOff() throws Exception {
    fieldwork.requireSms(false);
    String phone = phone();
    long before = challenges();
    MockHttpServletResponse r = sms(open, token(open), phone, network());
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(r.getContentAsString()).contains("不需要短信验证");
    assertThat(gateway.lastCode(phone)).isNull();
    assertThat(challenges()).isEqualTo(before);
  }

  @Test
  void aCodeNeedsThePageTokenOfThisSurvey() throws Exception {
    Survey other = surveys.bySlug("t-shangyu-mock").orElseThrow();
    String phone = phone();
    long before = challenges();
    for (String token : new String[] {null, "", tokens.issue(other.id(), clock.instant()),
        token(open).replaceFirst("\\.(\\d+)\\.", ".1."), "x".repeat(300)}) {
      MockHttpServletResponse r = sms(open, token, phone, network());
      assertThat(r.getStatus()).as(String.valueOf(token)).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("pageToken", "刷新页面");
    }
    assertThat(gateway.lastCode(phone)).isNull();
    assertThat(challenges()).isEqualTo(before);
    assertThat(sms(open, token(open), phone, network()).getStatus()).isEqualTo(200);
    assertThat(gateway.lastCode(phone)).matches("[0-9]{6}");
  }

  @Test
  void noCodeForADraftAClosedOrAnEndedSurvey() throws Exception {
    Instant now = clock.instant();
    Survey draft = CawiFixtures.create(surveys, CawiFixtures.zhejiang(instruments), "t-sms-draft-"
        + UUID.randomUUID().toString().substring(0, 8), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)));
    Survey closed = CawiFixtures.fresh(surveys, instruments, "t-sms-closed", now);
    closed = surveys.setStatus(TestAccounts.ROOT, closed.id(), Survey.Status.CLOSED);
    Survey ended = surveys.bySlug(CawiFixtures.LONG_ENDED).orElseThrow();
    Survey before = surveys.bySlug(CawiFixtures.BEFORE).orElseThrow();
    String phone = phone();
    long count = challenges();
    for (Survey s : new Survey[] {draft, closed, ended, before}) {
      MockHttpServletResponse r = sms(s, tokens.issue(s.id(), s == ended ? now.minus(Duration.ofDays(5)) : now), phone,
          network());
      assertThat(r.getStatus()).as(s.slug() + ": " + r.getContentAsString()).isEqualTo(403);
      assertThat(r.getContentAsString()).contains("不接受提交");
    }
    assertThat(gateway.lastCode(phone)).isNull();
    assertThat(challenges()).isEqualTo(count);
  }

  @Test
  void aNumberGetsOneCodeAMinuteAndFiveADay() throws Exception {
    chinaTime(2, 9, 0, 5);
    String phone = phone();
    assertThat(settings.smsPerNumberPerDay()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      MockHttpServletResponse r = sms(open, token(open), phone, network());
      assertThat(r.getStatus()).as("code " + (i + 1) + ": " + r.getContentAsString()).isEqualTo(200);
      MockHttpServletResponse again = sms(open, token(open), phone, network());
      assertThat(again.getStatus()).as("a second code within the minute").isEqualTo(429);
      assertThat(Long.parseLong(again.getHeader("Retry-After"))).isBetween(1L, 60L);
      clock.advance(Duration.ofSeconds(61));
    }
    refusedUntilTomorrow(sms(open, token(open), phone, network()));
    clock.advance(Duration.ofSeconds(61));
    // from another survey too: the limit is the number's, whatever the link
    Survey other = CawiFixtures.fresh(surveys, instruments, "t-sms-other", clock.instant());
    refusedUntilTomorrow(sms(other, token(other), phone, network()));
    chinaTime(3, 0, 0, 5);
    assertThat(sms(open, token(open), phone, network()).getStatus()).as("a new day in China").isEqualTo(200);
  }

  @Test
  void aNetworkGetsTwentyCodesADay() throws Exception {
    chinaTime(2, 10, 0, 5);
    String address = network();
    assertThat(settings.smsPerNetworkPerDay()).isEqualTo(20);
    for (int i = 0; i < 20; i++) {
      MockHttpServletResponse r = sms(open, token(open), phone(), address);
      assertThat(r.getStatus()).as("code " + (i + 1) + ": " + r.getContentAsString()).isEqualTo(200);
      if (i % 5 == 4) {
        clock.advance(Duration.ofSeconds(61)); // not the per-minute limit of a network that is being tested here
      }
    }
    String phone = phone();
    refusedUntilTomorrow(sms(open, token(open), phone, address));
    assertThat(gateway.lastCode(phone)).isNull();
    clock.advance(Duration.ofSeconds(61)); // the number asked a minute ago
    assertThat(sms(open, token(open), phone, network()).getStatus()).as("another network").isEqualTo(200);
  }

  @Test
  void aSurveyGetsAtMostItsDailyCapOfCodes() throws Exception {
    chinaTime(2, 11, 0, 5);
    Survey survey = CawiFixtures.fresh(surveys, instruments, "t-sms-cap", clock.instant());
    Survey neighbour = CawiFixtures.fresh(surveys, instruments, "t-sms-cap", clock.instant());
    int cap = settings.smsPerSurveyPerDay();
    // the codes of today so far (09:00 China time onwards), as many as the cap, sent from many networks
    jdbc.sql("""
        insert into sms_challenge (id, survey_id, phone_hash, code_hash, expires_at, sent_at, network_hash)
        select gen_random_uuid(), :survey, 'p' || n, 'c' || n, cast(:sent as timestamptz) + interval '10 minutes',
               cast(:sent as timestamptz), 'n' || n
        from generate_series(1, :cap) as n""").param("survey", survey.id()).param("cap", cap)
        .param("sent", java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(2)))).update();
    String phone = phone();
    refusedUntilTomorrow(sms(survey, token(survey), phone, network()));
    assertThat(gateway.lastCode(phone)).isNull();
    clock.advance(Duration.ofSeconds(61)); // the number asked a minute ago
    assertThat(sms(neighbour, token(neighbour), phone, network()).getStatus()).as("another survey").isEqualTo(200);
    // yesterday's codes do not count today
    chinaTime(3, 0, 0, 5);
    assertThat(sms(survey, token(survey), phone(), network()).getStatus()).isEqualTo(200);
  }
}
