package org.sanlv.fieldwork;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.sanlv.org.Scope;
import org.sanlv.platform.ClientCounters;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.MinuteWindows;
import org.sanlv.platform.Networks;
import org.sanlv.platform.Problem;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The front door of fieldwork: online submissions (validated again by the instrument engine, never trusting the
 * browser; refused kindly when the respondent has answered already; acknowledged only after commit), the
 * online window, the survey's counties, SMS phone verification and the monitoring figures. Only a running survey
 * (调查中) inside its online window is public; "now" is the platform's {@link Clock}.
 */
@Service
public class FieldworkService {

  private static final Logger log = LoggerFactory.getLogger(FieldworkService.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
  private static final Pattern SCRIPT_AGENT =
      Pattern.compile("bot|spider|crawl|curl|wget|python|java/|httpclient|okhttp|headless");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SurveyService surveys;
  private final InstrumentService instruments;
  private final OrgService org;
  private final SamplingService sampling;
  private final IntegrityService integrity;
  private final ResponseWriter writer;
  private final FieldworkRepository repository;
  private final PageTokens tokens;
  private final Secrets secrets;
  /** Per-device and per-network limits and burst counts of this node. */
  private final ClientCounters limits = new ClientCounters();
  private final SmsGateway sms;
  private final FieldworkSettings settings;
  private final Clock clock;
  private final Map<Long, LongAdder> visits = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, String>> countyCache = new ConcurrentHashMap<>();
  private final Map<Long, Map<String, String>> strataCache = new ConcurrentHashMap<>();
  private volatile boolean smsRequired;

  FieldworkService(SurveyService surveys, InstrumentService instruments, OrgService org, SamplingService sampling,
      IntegrityService integrity, ResponseWriter writer, FieldworkRepository repository, PageTokens tokens, Secrets secrets,
      SmsGateway sms, FieldworkSettings settings, Clock clock) {
    this.surveys = surveys;
    this.instruments = instruments;
    this.org = org;
    this.sampling = sampling;
    this.integrity = integrity;
    this.writer = writer;
    this.repository = repository;
    this.tokens = tokens;
    this.secrets = secrets;
    this.sms = sms;
    this.settings = settings;
    this.clock = clock;
    this.smsRequired = settings.smsRequired();
  }

  /** Whether respondents verify a mobile number by SMS before submitting ({@code sanlv.fieldwork.sms-required}). */
  public boolean smsRequired() {
    return smsRequired;
  }

  /** Switches phone verification on or off while running (tests; a deployment uses the setting). */
  void requireSms(boolean required) {
    smsRequired = required;
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
    long now = clock.millis();
    CachedSurvey cached = surveyCache.get(slug);
    if (cached == null || !fresh(cached, now)) {
      if (slug == null || slug.length() > 60 || surveyCache.size() > 10_000) {
        return surveys.bySlug(String.valueOf(slug)).orElseThrow(() -> new NotFound("survey " + slug));
      }
      cached = surveyCache.compute(slug, (k, old) -> old != null && fresh(old, now) ? old
          : surveys.bySlug(k).map(s -> new CachedSurvey(s, now)).orElse(null));
      if (cached == null) {
        throw new NotFound("survey " + slug);
      }
    }
    return cached.survey();
  }

  static final long SURVEY_TTL_MILLIS = 5_000;

  /** Loaded within the last few seconds (a clock set back, as tests do, makes an entry stale too). */
  private static boolean fresh(CachedSurvey cached, long now) {
    long age = now - cached.loadedAt();
    return age >= 0 && age <= SURVEY_TTL_MILLIS;
  }

  /**
   * Where the online window of a survey stands for the public. A draft is not public yet, whatever its window
   * says ({@link Window#BEFORE}); a closed survey has ended ({@link Window#AFTER}).
   */
  public Window window(Survey survey, Instant now) {
    if (survey.status() == Survey.Status.CLOSED) {
      return Window.AFTER;
    }
    return survey.mode(SurveyMode.ONLINE).map(m -> survey.status() != Survey.Status.FIELDING || now.isBefore(m.opensAt())
        ? Window.BEFORE : m.isOpen(now) ? Window.OPEN : Window.AFTER).orElse(Window.NONE);
  }

  /**
   * Whether a respondent may go on answering now: the survey runs and it is inside the online window or the late
   * grace after it (a form opened inside the window may be finished and submitted then).
   */
  boolean showsQuestions(Survey survey, Instant now) {
    return survey.status() == Survey.Status.FIELDING && survey.mode(SurveyMode.ONLINE)
        .map(m -> !now.isBefore(m.opensAt()) && now.isBefore(m.closesAt().plus(settings.lateGrace()))).orElse(false);
  }

  /**
   * Whether a page opened at {@code openedAt} may submit (or ask for an SMS code) at {@code now}: the survey runs,
   * the page was opened inside the online window and now is inside it or its late grace.
   */
  private boolean takesAnswers(Survey survey, Instant openedAt, Instant now) {
    return showsQuestions(survey, now) && survey.mode(SurveyMode.ONLINE)
        .map(m -> !openedAt.isBefore(m.opensAt()) && openedAt.isBefore(m.closesAt())).orElse(false);
  }

  /** The survey's questionnaire with {@code today()} the date in China at {@code now}. */
  InterviewFlow flow(Survey survey, Instant now) {
    return instruments.flow(survey.instrumentId()).withToday(LocalDate.ofInstant(now, Survey.CHINA));
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

  /**
   * The survey's strata, code → name, in code order: the counties of a province survey, the towns (乡镇、街道) of a
   * county's mock survey. A respondent's area is one of them; monitoring counts by them.
   */
  public Map<String, String> strata(Survey survey) {
    return strataCache.computeIfAbsent(survey.id(), id -> {
      Map<String, String> strata = new LinkedHashMap<>();
      for (OrgNode n : org.areasUnder(survey.targetCode(), townLevel(survey) ? OrgLevel.TOWN : OrgLevel.COUNTY)) {
        strata.put(n.code(), n.name());
      }
      return strata;
    });
  }

  /** Whether the survey is stratified by town (a county's mock survey), not by county. */
  public static boolean townLevel(Survey survey) {
    return "town".equals(survey.stratumLevel());
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
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    visits.forEach((survey, adder) -> {
      long n = adder.sumThenReset();
      if (n > 0) {
        repository.addVisits(survey, hour, n);
      }
    });
  }

  /**
   * The salted hash of a device id, as the response store keeps devices: the CAPI sync hashes an interviewer's
   * device the same way as a resident's browser.
   */
  public String deviceHash(String deviceId) {
    return secrets.hash("device", deviceId);
  }

  /** The county screening question of a questionnaire (CAPI answers it from the assignment), or null. */
  public static String countyQuestionOf(InterviewFlow flow) {
    return countyQuestion(flow);
  }

  /** The name of the county screening question (a text question with appearance county), if the form has one. */
  static String countyQuestion(InterviewFlow flow) {
    return flow.rows().stream().filter(q -> q.type() == QuestionType.TEXT && q.appearance().contains("county"))
        .map(Question::name).findFirst().orElse(null);
  }

  /**
   * Stores one online response, or refuses it. Answers only after the response is committed.
   *
   * @throws InputRejected bad input (nothing stored): missing or malformed key, forged survey or county, invalid answers,
   *     text PostgreSQL cannot store
   * @throws SubmitRefused not running or outside the window, second response, too many submits, or commit not
   *     confirmed in time
   */
  public SubmitResult submitOnline(String slug, OnlineSubmission s, Instant now) {
    Survey survey = survey(slug);
    requireStorable(s);
    UUID key = parseKey(s.idempotencyKey());
    if (s.surveyId() != null && s.surveyId() != survey.id()) {
      throw new InputRejected(Problem.at(0, "surveyId", "fieldwork.error.forgedSurvey", s.surveyId()));
    }
    Instant openedAt = tokens.openedAt(s.pageToken(), survey.id())
        .orElseThrow(() -> new InputRejected(Problem.at(0, "pageToken", "fieldwork.error.pageToken")));
    if (!takesAnswers(survey, openedAt, now)) {
      throw new SubmitRefused(SubmitRefused.Reason.CLOSED);
    }
    boolean late = !now.isBefore(survey.mode(SurveyMode.ONLINE).orElseThrow().closesAt());
    if (s.answers() == null) {
      throw new InputRejected(Problem.at(0, "answers", "fieldwork.error.noAnswers"));
    }
    InterviewFlow flow = flow(survey, now);
    String countyQuestion = countyQuestion(flow);
    String area = s.area() == null || s.area().isBlank() ? null : s.area().strip();
    if (area != null && !strata(survey).containsKey(area)) {
      throw new InputRejected(Problem.at(0, "area", townLevel(survey) ? "fieldwork.error.town" : "fieldwork.error.county", area));
    }
    if (townLevel(survey) && area == null) {
      throw new InputRejected(Problem.at(0, "area", "fieldwork.error.noTown"));
    }
    Map<String, Object> answers = s.answers();
    if (townLevel(survey) && countyQuestion != null && !answers.containsKey(countyQuestion)) {
      // a mock survey covers one county: its screening question is answered by the survey, not asked
      answers = new LinkedHashMap<>(answers);
      answers.put(countyQuestion, survey.targetCode());
    }
    Completion completion = flow.complete(answers);
    if (completion.outcome() == Completion.Outcome.INVALID) {
      throw new InvalidAnswers(completion.problems());
    }
    String county = countyQuestion == null ? null : (String) completion.answers().get(countyQuestion);
    if (county != null && !counties(survey).containsKey(county)) {
      throw new InputRejected(Problem.at(0, countyQuestion, "fieldwork.error.county", county));
    }
    if (county == null) {
      // no county answer (a form without the question, or ineligible before it): the link's county, else the target
      county = area != null && !townLevel(survey) ? area : survey.targetCode();
    }
    // the stratum: the town of a mock survey, else the county; the county column always holds the county
    String stratum = townLevel(survey) ? area : county;
    String deviceHash = validDevice(s.deviceToken()) ? secrets.hash("device", s.deviceToken()) : null;
    String networkHash = s.remoteAddress() == null ? null : secrets.hash("net", Networks.network(s.remoteAddress()));
    String phoneHash = verifiedPhone(survey, s, now);
    if (!limits.tryAcquire(deviceHash == null ? null : "d" + deviceHash, settings.devicePerMinute(), now)
        || !limits.tryAcquire(networkHash == null ? null : "n" + networkHash, settings.networkPerMinute(), now)) {
      throw SubmitRefused.retryAfter(SubmitRefused.Reason.TOO_MANY, MinuteWindows.untilNextMinute(now));
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
    ResponseWriter.Row row = new ResponseWriter.Row(key, survey.id(), survey.instrumentId(), county, stratum,
        SurveyMode.ONLINE.dbValue(), status, openedAt, now, deviceHash, networkHash, phoneHash,
        flags.stream().map(Flag::dbValue).toList(), late, JSON.writeValueAsString(completion.answers()),
        JSON.writeValueAsString(paradata), Receipts.next());
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
    return new SubmitResult(written.id(), written.status(), written.repeat(), written.receipt());
  }

  /** Refuses, naming the fields, what PostgreSQL cannot store (see {@link StorableAnswers}). */
  private static void requireStorable(OnlineSubmission s) {
    List<Problem> problems = new ArrayList<>();
    StorableAnswers.check("answers", s.answers(), problems);
    StorableAnswers.check("paradata", s.paradata(), problems);
    StorableAnswers.check("idempotencyKey", s.idempotencyKey(), problems);
    StorableAnswers.check("pageToken", s.pageToken(), problems);
    StorableAnswers.check("deviceToken", s.deviceToken(), problems);
    StorableAnswers.check("website", s.honeypot(), problems);
    StorableAnswers.check("phone", s.phone(), problems);
    StorableAnswers.check("smsChallenge", s.smsChallenge(), problems);
    StorableAnswers.check("smsCode", s.smsCode(), problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
  }

  /**
   * Sends an SMS code to a mainland mobile number; returns the challenge id the submit names. Only when phone
   * verification is on, for the page's signed token, while the survey takes answers; one code per number and
   * network a minute (on this node), and per China calendar day at most {@code sms-per-number-per-day} per number,
   * {@code sms-per-network-per-day} per network and {@code sms-per-survey-per-day} per survey (in the database,
   * so across nodes): every code costs money and reaches someone's phone.
   *
   * @throws SubmitRefused phone verification off (404), not running or outside the window (403), too soon or too
   *     many today (429, with when to come back), the provider failed (503)
   * @throws InputRejected no or a forged page token, not a mainland mobile number
   */
  String sendSmsCode(String slug, String pageToken, String phone, String remoteAddress, Instant now) {
    Survey survey = survey(slug);
    if (!smsRequired) {
      throw new SubmitRefused(SubmitRefused.Reason.SMS_OFF);
    }
    Instant openedAt = tokens.openedAt(pageToken, survey.id())
        .orElseThrow(() -> new InputRejected(Problem.at(0, "pageToken", "fieldwork.error.pageToken")));
    if (!takesAnswers(survey, openedAt, now)) {
      throw new SubmitRefused(SubmitRefused.Reason.CLOSED);
    }
    String number = normalisePhone(phone);
    String phoneHash = secrets.hash("phone", number);
    String networkHash = remoteAddress == null ? null : secrets.hash("net", Networks.network(remoteAddress));
    if (!limits.tryAcquire("p" + phoneHash, 1, now)
        || !limits.tryAcquire(networkHash == null ? null : "s" + networkHash, 20, now)) {
      throw SubmitRefused.retryAfter(SubmitRefused.Reason.SMS_TOO_SOON, MinuteWindows.untilNextMinute(now));
    }
    LocalDate day = LocalDate.ofInstant(now, Survey.CHINA);
    Instant dayStart = day.atStartOfDay(Survey.CHINA).toInstant();
    Instant dayEnd = day.plusDays(1).atStartOfDay(Survey.CHINA).toInstant();
    String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
    UUID id = UUID.randomUUID();
    FieldworkRepository.SmsLimit refused = repository.insertSmsChallengeWithinLimits(id, survey.id(), phoneHash,
        networkHash, secrets.hash("sms", id + ":" + code), now, now.plus(settings.smsCodeTtl()), dayStart, dayEnd,
        new FieldworkRepository.SmsLimits(settings.smsPerNumberPerDay(), settings.smsPerNetworkPerDay(),
            settings.smsPerSurveyPerDay()));
    if (refused != null) {
      if (refused == FieldworkRepository.SmsLimit.SURVEY) {
        // respondents of this survey cannot verify until tomorrow: the people running it must hear of it
        log.warn("survey {}: the {} SMS codes of the day (sanlv.fieldwork.sms-per-survey-per-day) are used up",
            survey.slug(), settings.smsPerSurveyPerDay());
      }
      throw SubmitRefused.retryAfter(SubmitRefused.Reason.SMS_TODAY, Duration.between(now, dayEnd));
    }
    try {
      sms.sendCode(number, code);
    } catch (RuntimeException e) {
      log.warn("SMS gateway refused a code for survey {}: {}", survey.slug(), e.toString());
      throw new SubmitRefused(SubmitRefused.Reason.SMS_NOT_SENT);
    }
    return id.toString();
  }

  private String verifiedPhone(Survey survey, OnlineSubmission s, Instant now) {
    if (s.phone() == null || s.phone().isBlank()) {
      if (smsRequired) {
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

  /**
   * Monitoring figures of a survey's online fieldwork (mode online only). {@code flagged} counts complete responses
   * carrying at least one integrity flag: the number the results page gives for the same responses.
   *
   * @param strata every stratum of the survey with its progress, those furthest behind their target first
   * @param targetFromDesign whether the targets are the online design's {@code targetPerStratum} (else the sample
   *     size the survey's design gives each stratum)
   */
  public record Monitor(List<StratumRow> strata, boolean targetFromDesign, List<String> hours, List<Long> completeByHour,
      long visits, long complete, long ineligible, long rejected, long flagged, List<OtherText> otherTexts) {

    /** complete ÷ page visits, or null before anyone visited. */
    public Double completionRate() {
      return visits == 0 ? null : Math.min(1.0, complete / (double) visits);
    }

    /** Whether anything was submitted yet. */
    public boolean empty() {
      return complete + ineligible + rejected == 0;
    }

    public long target() {
      return strata.stream().mapToLong(StratumRow::target).sum();
    }
  }

  /**
   * One stratum (county or town) of the monitoring page.
   *
   * @param target the complete responses wanted, 0 when the design gives none
   * @param flagged complete responses with at least one integrity flag
   * @param flags complete responses per flag
   */
  public record StratumRow(String code, String name, long target, long complete, long ineligible, long rejected,
      long flagged, long late, Map<String, Long> flags) {

    /** complete ÷ target in whole percent (at most 100), or null without a target. */
    public Integer percent() {
      return target == 0 ? null : (int) Math.min(100, Math.round(100.0 * complete / target));
    }

    /** How far from the target: 0 when reached or without one; sorts the strata behind first. */
    double shortfall() {
      return target == 0 ? -1 : Math.max(0, 1 - complete / (double) target);
    }
  }

  public record OtherText(String stratum, String question, String text, Instant submittedAt) {}

  public Monitor monitor(Scope scope, Survey survey) {
    Map<String, String> names = new LinkedHashMap<>(counties(survey));
    names.putAll(strata(survey));
    Map<String, Map<String, Long>> flags = new LinkedHashMap<>();
    for (FieldworkRepository.FlagCount f : repository.flagsByStratum(survey.id())) {
      flags.computeIfAbsent(f.stratumCode(), k -> new LinkedHashMap<>()).put(f.flag(), f.count());
    }
    Map<String, FieldworkRepository.StratumCounts> counts = new LinkedHashMap<>();
    for (FieldworkRepository.StratumCounts c : repository.countsByStratum(survey.id())) {
      counts.put(c.stratumCode(), c);
    }
    Targets targets = targets(scope, survey);
    List<StratumRow> rows = new ArrayList<>();
    // every stratum, answered or not (a town nobody answered from is the one to see), then any stored elsewhere
    java.util.Set<String> codes = new java.util.LinkedHashSet<>(strata(survey).keySet());
    codes.addAll(counts.keySet());
    // a county official follows its own strata, as on the results page, not its neighbours'
    org.sanlv.survey.AreaFilter visible = surveys.visibleAreas(scope, survey);
    codes.removeIf(code -> !visible.includes(code));
    long complete = 0, ineligible = 0, rejected = 0, flagged = 0;
    for (String code : codes) {
      FieldworkRepository.StratumCounts c = counts.getOrDefault(code,
          new FieldworkRepository.StratumCounts(code, 0, 0, 0, 0, 0));
      rows.add(new StratumRow(code, names.getOrDefault(code, code), targets.perStratum().getOrDefault(code, 0L),
          c.complete(), c.ineligible(), c.rejected(), c.flagged(), c.late(), flags.getOrDefault(code, Map.of())));
      complete += c.complete();
      ineligible += c.ineligible();
      rejected += c.rejected();
      flagged += c.flagged();
    }
    rows.sort(java.util.Comparator.comparingDouble(StratumRow::shortfall).reversed()); // stable: code order within
    List<String> hours = new ArrayList<>();
    List<Long> perHour = new ArrayList<>();
    for (FieldworkRepository.HourCount h : repository.completeByHour(survey.id())) {
      hours.add(h.hour().toString().replace('T', ' '));
      perHour.add(h.complete());
    }
    List<OtherText> texts = repository.latestOtherTexts(survey.id(), 20).stream()
        .map(t -> new OtherText(names.getOrDefault(t.stratumCode(), t.stratumCode()), t.question(), t.text(), t.submittedAt()))
        .toList();
    return new Monitor(rows, targets.fromDesign(), hours, perHour, repository.visits(survey.id()), complete, ineligible,
        rejected, flagged, texts);
  }

  private record Targets(Map<String, Long> perStratum, boolean fromDesign) {}

  /**
   * The complete responses wanted per stratum: the online design's {@code targetPerStratum} when set, else the
   * sample size the survey's design gives the stratum (the sampling module's plan, as on the sample sizes page).
   */
  private Targets targets(Scope scope, Survey survey) {
    Map<String, Long> targets = new LinkedHashMap<>();
    Object perStratum = survey.mode(SurveyMode.ONLINE).map(m -> m.design().get("targetPerStratum")).orElse(null);
    if (perStratum != null && perStratum.toString().strip().matches("[0-9]{1,9}")) {
      long n = Long.parseLong(perStratum.toString().strip());
      strata(survey).keySet().forEach(code -> targets.put(code, n));
      return new Targets(targets, true);
    }
    for (SamplingService.StratumPlan p : sampling.plan(scope, survey.id(), null, null, null).strata()) {
      targets.put(p.code(), (long) p.householdN());
    }
    return new Targets(targets, false);
  }

  /** Recomputes the integrity flags of a survey's responses (see module integrity). */
  public int recomputeFlags(Survey survey) {
    return integrity.recompute(survey.id());
  }
}
