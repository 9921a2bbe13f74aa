package org.sanlv.fieldwork;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.sanlv.instrument.Completion;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.sanlv.integrity.Flag;
import org.sanlv.integrity.IntegrityService;
import org.sanlv.integrity.ResponseFacts;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front door of fieldwork: online submissions (validated again by the instrument engine, never trusting the
 * browser; refused kindly when the respondent has answered already; acknowledged only after commit), the
 * online window, the survey's counties, SMS phone verification and the monitoring figures.
 */
@Service
public class FieldworkService {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
  private static final Pattern SCRIPT_AGENT =
      Pattern.compile("bot|spider|crawl|curl|wget|python|java/|httpclient|okhttp|headless");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final OrgService org;
  private final IntegrityService integrity;
  private final ResponseWriter writer;
  private final FieldworkRepository repository;
  private final PageTokens tokens;
  private final Secrets secrets;
  private final RateLimits limits;
  private final SmsGateway sms;
  private final FieldworkSettings settings;
  private final Map<Long, LongAdder> visits = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, String>> countyCache = new ConcurrentHashMap<>();

  FieldworkService(SurveyService surveys, InstrumentService instruments, OrgService org, IntegrityService integrity,
      ResponseWriter writer, FieldworkRepository repository, PageTokens tokens, Secrets secrets, RateLimits limits,
      SmsGateway sms, FieldworkSettings settings) {
    this.surveys = surveys;
    this.instruments = instruments;
    this.org = org;
    this.integrity = integrity;
    this.writer = writer;
    this.repository = repository;
    this.tokens = tokens;
    this.secrets = secrets;
    this.limits = limits;
    this.sms = sms;
    this.settings = settings;
  }

  /** Where the online window of a survey stands. */
  public enum Window { BEFORE, OPEN, AFTER, NONE }

  private record CachedSurvey(Survey survey, long loadedAt) {}

  private final Map<String, CachedSurvey> surveyCache = new ConcurrentHashMap<>();

  /**
   * A survey by its link name, kept for a few seconds: every page, step and submit names it, and a launch-day peak
   * must not turn into as many survey look-ups (one at a time per link, the others wait for it). A change of the
   * window or status reaches the public page within {@code SURVEY_TTL_MILLIS}.
   */
  public Survey survey(String slug) {
    long now = System.currentTimeMillis();
    CachedSurvey cached = surveyCache.get(slug);
    if (cached == null || now - cached.loadedAt() > SURVEY_TTL_MILLIS) {
      if (slug == null || slug.length() > 60 || surveyCache.size() > 10_000) {
        return surveys.bySlug(String.valueOf(slug)).orElseThrow(() -> new NotFound("survey " + slug));
      }
      cached = surveyCache.compute(slug, (k, old) -> old != null && now - old.loadedAt() <= SURVEY_TTL_MILLIS ? old
          : surveys.bySlug(k).map(s -> new CachedSurvey(s, now)).orElse(null));
      if (cached == null) {
        throw new NotFound("survey " + slug);
      }
    }
    return cached.survey();
  }

  static final long SURVEY_TTL_MILLIS = 5_000;

  public Window window(Survey survey, Instant now) {
    if (survey.status() == Survey.Status.CLOSED) {
      return Window.AFTER;
    }
    return survey.mode(SurveyMode.ONLINE).map(m -> now.isBefore(m.opensAt()) ? Window.BEFORE
        : m.isOpen(now) ? Window.OPEN : Window.AFTER).orElse(Window.NONE);
  }

  /** The counties a respondent of this survey may choose: a province's counties, or the county of a mock survey. */
  public Map<String, String> counties(Survey survey) {
    return countyCache.computeIfAbsent(survey.id(), id -> {
      Map<String, String> counties = new LinkedHashMap<>();
      if ("town".equals(survey.stratumLevel())) {
        counties.put(survey.targetCode(), survey.targetName());
      } else {
        for (OrgNode n : org.areasUnder(survey.targetCode(), OrgLevel.COUNTY)) {
          counties.put(n.code(), n.name());
        }
      }
      return counties;
    });
  }

  String issuePageToken(Survey survey, Instant now) {
    return tokens.issue(survey.id(), now);
  }

  boolean hasAnswered(Survey survey, String deviceToken) {
    return validDevice(deviceToken) && repository.respondentHasAnswered(survey.id(), secrets.hash("device", deviceToken));
  }

  static boolean validDevice(String token) {
    return token != null && DEVICE.matcher(token).matches();
  }

  static String newDeviceToken() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void countVisit(Survey survey) {
    visits.computeIfAbsent(survey.id(), k -> new LongAdder()).increment();
  }

  @Scheduled(fixedDelay = 5_000)
  void flushVisits() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    visits.forEach((survey, adder) -> {
      long n = adder.sumThenReset();
      if (n > 0) {
        repository.addVisits(survey, hour, n);
      }
    });
  }

  /** The name of the county screening question (a text question with appearance county), if the form has one. */
  static String countyQuestion(InterviewFlow flow) {
    return flow.rows().stream().filter(q -> q.type() == QuestionType.TEXT && q.appearance().contains("county"))
        .map(Question::name).findFirst().orElse(null);
  }

  /**
   * Stores one online response, or refuses it. Answers only after the response is committed.
   *
   * @throws InputRejected bad input (nothing stored): missing or malformed key, forged survey or county, invalid answers
   * @throws SubmitRefused closed, second response, too many submits, or commit not confirmed in time
   */
  public SubmitResult submitOnline(String slug, OnlineSubmission s, Instant now) {
    Survey survey = survey(slug);
    UUID key = parseKey(s.idempotencyKey());
    if (s.surveyId() != null && s.surveyId() != survey.id()) {
      throw new InputRejected(Problem.at(0, "surveyId", "fieldwork.error.forgedSurvey", s.surveyId()));
    }
    Instant openedAt = tokens.openedAt(s.pageToken(), survey.id())
        .orElseThrow(() -> new InputRejected(Problem.at(0, "pageToken", "fieldwork.error.pageToken")));
    Survey.Mode online = survey.mode(SurveyMode.ONLINE).orElseThrow(() -> new SubmitRefused(SubmitRefused.Reason.CLOSED));
    if (survey.status() == Survey.Status.CLOSED || openedAt.isBefore(online.opensAt()) || !openedAt.isBefore(online.closesAt())
        || now.isBefore(online.opensAt()) || !now.isBefore(online.closesAt().plus(settings.lateGrace()))) {
      throw new SubmitRefused(SubmitRefused.Reason.CLOSED);
    }
    boolean late = !now.isBefore(online.closesAt());
    if (s.answers() == null) {
      throw new InputRejected(Problem.at(0, "answers", "fieldwork.error.noAnswers"));
    }
    InterviewFlow flow = instruments.flow(survey.instrumentId());
    Completion completion = flow.complete(s.answers());
    if (completion.outcome() == Completion.Outcome.INVALID) {
      throw new InvalidAnswers(completion.problems());
    }
    String countyQuestion = countyQuestion(flow);
    String county = countyQuestion == null ? null : (String) completion.answers().get(countyQuestion);
    if (county != null && !counties(survey).containsKey(county)) {
      throw new InputRejected(Problem.at(0, countyQuestion, "fieldwork.error.county", county));
    }
    if (county == null) {
      county = survey.targetCode();
    }
    String deviceHash = validDevice(s.deviceToken()) ? secrets.hash("device", s.deviceToken()) : null;
    String networkHash = s.remoteAddress() == null ? null : secrets.hash("net", network(s.remoteAddress()));
    String phoneHash = verifiedPhone(survey, s, now);
    if (!limits.tryAcquire(deviceHash == null ? null : "d" + deviceHash, settings.devicePerMinute(), now)
        || !limits.tryAcquire(networkHash == null ? null : "n" + networkHash, settings.networkPerMinute(), now)) {
      throw new SubmitRefused(SubmitRefused.Reason.TOO_MANY);
    }
    long fromNetwork = limits.countBurst(networkHash, integrity.burstWindow(), now);
    Map<String, Long> times = questionTimes(s.paradata(), flow);
    boolean bot = s.honeypot() != null && !s.honeypot().isBlank();
    ResponseStatus status = bot ? ResponseStatus.REJECTED
        : completion.outcome() == Completion.Outcome.COMPLETE ? ResponseStatus.COMPLETE : ResponseStatus.INELIGIBLE;
    Set<Flag> flags = integrity.flagsOnSubmit(survey.instrumentId(), new ResponseFacts(completion.answers(),
        Duration.between(openedAt, now), times, late, false, false, fromNetwork));
    Map<String, Object> paradata = new LinkedHashMap<>();
    paradata.put("times", times);
    paradata.put("visibility", intOf(s.paradata() == null ? null : s.paradata().get("visibility")));
    paradata.put("ua", userAgentClass(s.userAgent()));
    if (bot) {
      paradata.put("honeypot", true);
    }
    ResponseWriter.Row row = new ResponseWriter.Row(key, survey.id(), survey.instrumentId(), county, county,
        SurveyMode.ONLINE.dbValue(), status, openedAt, now, deviceHash, networkHash, phoneHash,
        flags.stream().map(Flag::dbValue).toList(), late, JSON.writeValueAsString(completion.answers()),
        JSON.writeValueAsString(paradata));
    ResponseWriter.Written written;
    try {
      written = writer.write(row).get(settings.ackTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubmitRefused(SubmitRefused.Reason.NOT_CONFIRMED);
    } catch (ExecutionException | TimeoutException e) {
      throw new SubmitRefused(SubmitRefused.Reason.NOT_CONFIRMED);
    }
    if (written.secondResponse()) {
      throw new SubmitRefused(SubmitRefused.Reason.ALREADY_ANSWERED);
    }
    return new SubmitResult(written.id(), written.status(), written.repeat());
  }

  /** Sends an SMS code to a mainland mobile number; returns the challenge id the submit names. */
  String sendSmsCode(Survey survey, String phone, String remoteAddress, Instant now) {
    String number = normalisePhone(phone);
    if (!limits.tryAcquire("p" + secrets.hash("phone", number), 1, now)
        || !limits.tryAcquire(remoteAddress == null ? null : "s" + network(remoteAddress), 20, now)) {
      throw new SubmitRefused(SubmitRefused.Reason.TOO_MANY);
    }
    String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
    UUID id = UUID.randomUUID();
    repository.insertSmsChallenge(id, survey.id(), secrets.hash("phone", number), secrets.hash("sms", id + ":" + code),
        now.plus(settings.smsCodeTtl()));
    sms.sendCode(number, code);
    return id.toString();
  }

  private String verifiedPhone(Survey survey, OnlineSubmission s, Instant now) {
    if (s.phone() == null || s.phone().isBlank()) {
      if (settings.smsRequired()) {
        throw new InputRejected(Problem.at(0, "phone", "fieldwork.error.phoneRequired"));
      }
      return null;
    }
    String number = normalisePhone(s.phone());
    String phoneHash = secrets.hash("phone", number);
    UUID challenge;
    try {
      challenge = UUID.fromString(String.valueOf(s.smsChallenge()));
    } catch (IllegalArgumentException e) {
      throw new InputRejected(Problem.at(0, "smsCode", "fieldwork.error.smsCode"));
    }
    String code = s.smsCode() == null ? "" : s.smsCode().strip();
    if (!repository.verifySmsChallenge(challenge, survey.id(), phoneHash, secrets.hash("sms", challenge + ":" + code), now)) {
      throw new InputRejected(Problem.at(0, "smsCode", "fieldwork.error.smsCode"));
    }
    return phoneHash;
  }

  static String normalisePhone(String phone) {
    String digits = phone == null ? "" : phone.replaceAll("[\\s-]", "");
    if (digits.startsWith("+86")) {
      digits = digits.substring(3);
    }
    if (!MOBILE.matcher(digits).matches()) {
      throw new InputRejected(Problem.at(0, "phone", "fieldwork.error.phone"));
    }
    return digits;
  }

  private static UUID parseKey(String key) {
    if (key == null || key.isBlank()) {
      throw new InputRejected(Problem.at(0, "idempotencyKey", "fieldwork.error.noKey"));
    }
    try {
      if (key.length() != 36) {
        throw new IllegalArgumentException(key);
      }
      return UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw new InputRejected(Problem.at(0, "idempotencyKey", "fieldwork.error.badKey"));
    }
  }

  /** The network an address belongs to: IPv4 /24, IPv6 /48. Only its hash is stored. */
  static String network(String address) {
    try {
      if (!IP_LITERAL.matcher(address).matches()) {
        return address; // not an IP literal: never resolved
      }
      byte[] bytes = InetAddress.getByName(address).getAddress();
      int keep = bytes.length == 4 ? 3 : 6;
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < keep; i++) {
        sb.append(bytes[i] & 0xff).append('.');
      }
      return sb.append('/').append(keep * 8).toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }

  static String userAgentClass(String ua) {
    if (ua == null || ua.isBlank()) {
      return "unknown";
    }
    String u = ua.toLowerCase(Locale.ROOT);
    if (SCRIPT_AGENT.matcher(u).find()) {
      return "script";
    }
    if (u.contains("ipad") || u.contains("tablet")) {
      return "tablet";
    }
    if (u.contains("mobi") || u.contains("android") || u.contains("iphone")) {
      return u.contains("micromessenger") ? "mobile-wechat" : "mobile";
    }
    return "desktop";
  }

  /** Per-question times from the page, kept only for questions of the form and plausible values. */
  private static Map<String, Long> questionTimes(Map<String, Object> paradata, InterviewFlow flow) {
    Map<String, Long> times = new LinkedHashMap<>();
    if (paradata != null && paradata.get("times") instanceof Map<?, ?> raw) {
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        if (e.getKey() instanceof String name && e.getValue() instanceof Number n && flow.question(name).isPresent()
            && n.longValue() >= 0 && n.longValue() <= 86_400_000L && times.size() < 500) {
          times.put(name, n.longValue());
        }
      }
    }
    return times;
  }

  private static int intOf(Object value) {
    return value instanceof Number n && n.longValue() >= 0 && n.longValue() < 100_000 ? n.intValue() : 0;
  }

  /** Monitoring figures of a survey's online fieldwork. */
  public record Monitor(List<CountyRow> counties, List<String> hours, List<Long> completeByHour, long visits,
      long complete, long ineligible, long rejected, long flagged, List<OtherText> otherTexts) {

    /** complete ÷ page visits, or null before anyone visited. */
    public Double completionRate() {
      return visits == 0 ? null : Math.min(1.0, complete / (double) visits);
    }
  }

  public record CountyRow(String code, String name, long complete, long ineligible, long rejected, long flagged,
      long late, Map<String, Long> flags) {}

  public record OtherText(String county, String question, String text, Instant submittedAt) {}

  public Monitor monitor(Survey survey) {
    Map<String, String> names = counties(survey);
    Map<String, Map<String, Long>> flags = new LinkedHashMap<>();
    for (FieldworkRepository.FlagCount f : repository.flagsByCounty(survey.id())) {
      flags.computeIfAbsent(f.countyCode(), k -> new LinkedHashMap<>()).put(f.flag(), f.count());
    }
    List<CountyRow> rows = new ArrayList<>();
    long complete = 0, ineligible = 0, rejected = 0, flagged = 0;
    for (FieldworkRepository.CountyCounts c : repository.countsByCounty(survey.id())) {
      rows.add(new CountyRow(c.countyCode(), names.getOrDefault(c.countyCode(), c.countyCode()), c.complete(), c.ineligible(),
          c.rejected(), c.flagged(), c.late(), flags.getOrDefault(c.countyCode(), Map.of())));
      complete += c.complete();
      ineligible += c.ineligible();
      rejected += c.rejected();
      flagged += c.flagged();
    }
    List<String> hours = new ArrayList<>();
    List<Long> perHour = new ArrayList<>();
    for (FieldworkRepository.HourCount h : repository.completeByHour(survey.id())) {
      hours.add(h.hour().toString().replace('T', ' '));
      perHour.add(h.complete());
    }
    List<OtherText> texts = repository.latestOtherTexts(survey.id(), 20).stream()
        .map(t -> new OtherText(names.getOrDefault(t.countyCode(), t.countyCode()), t.question(), t.text(), t.submittedAt()))
        .toList();
    return new Monitor(rows, hours, perHour, repository.visits(survey.id()), complete, ineligible, rejected, flagged, texts);
  }

  /** Recomputes the integrity flags of a survey's responses (see module integrity). */
  public int recomputeFlags(Survey survey) {
    return integrity.recompute(survey.id());
  }
}
