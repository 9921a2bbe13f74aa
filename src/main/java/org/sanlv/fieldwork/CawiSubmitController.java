package org.sanlv.fieldwork;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.org.NotFound;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.JsonPosts;
import org.sanlv.platform.JsonPosts.Item;
import org.sanlv.platform.JsonPosts.Refusal;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public submit: {@code POST /s/{slug}/responses} with a JSON body, answered in JSON after the commit, and
 * {@code POST /s/{slug}/sms} for a phone verification code. Every refusal says why in the respondent's language,
 * with HTTP 4xx, and stores nothing (a honeypot hit is stored as rejected and looks accepted to the script).
 */
@RestController
@PublicEndpoint
class CawiSubmitController {

  /**
   * {@code application/json} with well-formed parameters only (RFC 9110 §8.3.1: tokens or quoted strings); anything
   * else, "application/json;;;" included, is answered 415 before the body is read.
   */
  private static final Pattern JSON_TYPE = Pattern.compile("(?i)application/json[ \t]*(?:;[ \t]*"
      + "[!#$%&'*+.^_`|~0-9a-z-]+=(?:[!#$%&'*+.^_`|~0-9a-z-]+|\"(?:[^\"\\\\]|\\\\.)*\")[ \t]*)*");
  private static final Pattern CHARSET = Pattern.compile("(?i);[ \t]*charset=\"?([^\";\\s]*)");
  private final FieldworkService fieldwork;
  private final FieldworkSettings settings;
  private final MessageSource messages;
  private final Clock clock;

  CawiSubmitController(FieldworkService fieldwork, FieldworkSettings settings, MessageSource messages, Clock clock) {
    this.fieldwork = fieldwork;
    this.settings = settings;
    this.messages = messages;
    this.clock = clock;
  }

  /** The answer to a submit; {@code receipt} is the random code the respondent is shown. */
  record Receipt(String status, String receipt, boolean repeat, String message) {}

  @PostMapping("/s/{slug}/responses")
  ResponseEntity<?> submit(@PathVariable String slug, HttpServletRequest request,
      @CookieValue(name = CawiPageController.DEVICE_COOKIE, required = false) String deviceCookie) throws IOException {
    Map<String, Object> body = readJson(request);
    String device = text(body, "deviceToken");
    if (!FieldworkService.validDevice(device)) {
      device = deviceCookie;
    }
    OnlineSubmission submission = new OnlineSubmission(number(body, "surveyId"), text(body, "pageToken"),
        text(body, "idempotencyKey"), device, object(body, "answers"), object(body, "paradata"), text(body, "website"),
        text(body, "phone"), text(body, "smsChallenge"), text(body, "smsCode"), request.getRemoteAddr(),
        request.getHeader("User-Agent"), text(body, "area"));
    SubmitResult result = fieldwork.submitOnline(slug, submission, clock.instant());
    String key = result.status() == ResponseStatus.INELIGIBLE ? "fieldwork.thanks.ineligible" : "fieldwork.thanks";
    return ResponseEntity.ok(new Receipt(result.status() == ResponseStatus.REJECTED ? "complete" : result.status().dbValue(),
        result.receipt(), result.repeat(), message(key)));
  }

  /** Sends a verification code: {@code {"phone": "139…", "pageToken": "…"}} (the page's signed token). */
  @PostMapping("/s/{slug}/sms")
  Map<String, String> sms(@PathVariable String slug, HttpServletRequest request) throws IOException {
    Map<String, Object> body = readJson(request);
    String id = fieldwork.sendSmsCode(slug, text(body, "pageToken"), text(body, "phone"), request.getRemoteAddr(),
        clock.instant());
    return Map.of("challenge", id, "message", message("fieldwork.sms.sent"));
  }

  private Map<String, Object> readJson(HttpServletRequest request) throws IOException {
    Map<String, Object> body = JsonPosts.readObject(request, CawiSubmitController::isJsonInUtf8, settings.maxBody(),
        "fieldwork.error.notJson");
    // every string and key of the body, before any of it is used: one NUL must not reach the batch
    List<Problem> problems = new ArrayList<>();
    StorableAnswers.check("", body, problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return body;
  }

  /** JSON in UTF-8 (RFC 8259 §8.1): no charset parameter, or {@code utf-8}. */
  static boolean isJsonInUtf8(String contentType) {
    if (contentType == null || contentType.length() > 200 || !JSON_TYPE.matcher(contentType.strip()).matches()) {
      return false;
    }
    Matcher charset = CHARSET.matcher(contentType);
    return !charset.find() || charset.group(1).equalsIgnoreCase("utf-8") || charset.group(1).equalsIgnoreCase("utf8");
  }

  private static String text(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new InputRejected(Problem.at(0, field, "fieldwork.error.notText"));
  }

  private static Long number(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof String s && s.matches("[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw new InputRejected(Problem.at(0, field, "fieldwork.error.notNumber"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null || v instanceof Map) {
      return v == null ? null : new LinkedHashMap<>((Map<String, Object>) v);
    }
    throw new InputRejected(Problem.at(0, field, "fieldwork.error.notObject"));
  }

  @ExceptionHandler(JsonPosts.UnsupportedType.class)
  ResponseEntity<Refusal> unsupported() {
    return refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "fieldwork.error.notJsonType", List.of());
  }

  @ExceptionHandler(JsonPosts.TooLarge.class)
  ResponseEntity<Refusal> tooLarge() {
    return refusal(HttpStatus.PAYLOAD_TOO_LARGE, "fieldwork.error.tooLarge", List.of());
  }

  @ExceptionHandler(NotFound.class)
  ResponseEntity<Refusal> notFound() {
    return refusal(HttpStatus.NOT_FOUND, "fieldwork.error.noSurvey", List.of());
  }

  @ExceptionHandler(SubmitRefused.class)
  ResponseEntity<Refusal> refused(SubmitRefused e) {
    return JsonPosts.refused(e, message(e.messageKey()));
  }

  @ExceptionHandler(InputRejected.class)
  ResponseEntity<Refusal> rejected(InputRejected e) {
    Locale locale = LocaleContextHolder.getLocale();
    if (!(e instanceof InvalidAnswers invalid)) {
      return refusal(HttpStatus.BAD_REQUEST, "fieldwork.error.input", JsonPosts.items(e.problems(), messages, locale));
    }
    String lang = "en".equals(locale.getLanguage()) ? "en" : "zh";
    List<Item> items = new ArrayList<>();
    for (AnswerProblem p : invalid.answerProblems()) {
      String text = p.formMessage(lang);
      if (text.isBlank()) {
        text = messages.getMessage(p.code(), new Object[] {p.args().isEmpty() ? "" : p.args().get(0)}, p.code(), locale);
      }
      items.add(new Item(p.question(), p.question().isEmpty() ? text : p.question() + ": " + text));
    }
    return refusal(HttpStatus.BAD_REQUEST, "fieldwork.error.answers", items);
  }

  private ResponseEntity<Refusal> refusal(HttpStatus status, String key, List<Item> items) {
    return JsonPosts.refusal(status, message(key), items);
  }

  private String message(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
