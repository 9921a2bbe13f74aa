package org.sanlv.fieldwork;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.org.NotFound;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public submit: {@code POST /s/{slug}/responses} with a JSON body, answered in JSON after the commit.
 * Every refusal says why in the respondent's language, with HTTP 4xx, and stores nothing (a honeypot hit is
 * stored as rejected and looks accepted to the script).
 */
@RestController
@PublicEndpoint
class CawiSubmitController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final FieldworkService fieldwork;
  private final FieldworkSettings settings;
  private final MessageSource messages;

  CawiSubmitController(FieldworkService fieldwork, FieldworkSettings settings, MessageSource messages) {
    this.fieldwork = fieldwork;
    this.settings = settings;
    this.messages = messages;
  }

  /** The answer to a submit. */
  record Receipt(String status, long receipt, boolean repeat, String message) {}

  /** A refusal: the HTTP status, a sentence, and every problem with the field it concerns. */
  record Refusal(int status, String error, List<Item> problems) {}

  record Item(String field, String message) {}

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
        request.getHeader("User-Agent"));
    SubmitResult result = fieldwork.submitOnline(slug, submission, Instant.now());
    String key = result.status() == ResponseStatus.INELIGIBLE ? "fieldwork.thanks.ineligible" : "fieldwork.thanks";
    return ResponseEntity.ok(new Receipt(result.status() == ResponseStatus.REJECTED ? "complete" : result.status().dbValue(),
        result.responseId(), result.repeat(), message(key)));
  }

  @PostMapping("/s/{slug}/sms")
  Map<String, String> sms(@PathVariable String slug, HttpServletRequest request) throws IOException {
    Map<String, Object> body = readJson(request);
    String id = fieldwork.sendSmsCode(fieldwork.survey(slug), text(body, "phone"), request.getRemoteAddr(), Instant.now());
    return Map.of("challenge", id, "message", message("fieldwork.sms.sent"));
  }

  private Map<String, Object> readJson(HttpServletRequest request) throws IOException {
    String type = request.getContentType();
    if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
      throw new Unsupported();
    }
    if (request.getContentLengthLong() > settings.maxBody()) {
      throw new TooLarge();
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(settings.maxBody() + 1);
    }
    if (bytes.length > settings.maxBody()) {
      throw new TooLarge();
    }
    try {
      Object parsed = JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Object.class);
      if (parsed instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) map;
        return body;
      }
    } catch (JacksonException e) {
      // reported below
    }
    throw new InputRejected(Problem.of("fieldwork.error.notJson"));
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

  static final class Unsupported extends RuntimeException {}

  static final class TooLarge extends RuntimeException {}

  @ExceptionHandler(Unsupported.class)
  ResponseEntity<Refusal> unsupported() {
    return refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "fieldwork.error.notJsonType", List.of());
  }

  @ExceptionHandler(TooLarge.class)
  ResponseEntity<Refusal> tooLarge() {
    return refusal(HttpStatus.PAYLOAD_TOO_LARGE, "fieldwork.error.tooLarge", List.of());
  }

  @ExceptionHandler(NotFound.class)
  ResponseEntity<Refusal> notFound() {
    return refusal(HttpStatus.NOT_FOUND, "fieldwork.error.noSurvey", List.of());
  }

  @ExceptionHandler(SubmitRefused.class)
  ResponseEntity<Refusal> refused(SubmitRefused e) {
    return refusal(HttpStatus.valueOf(e.reason().status), e.reason().messageKey, List.of());
  }

  @ExceptionHandler(InputRejected.class)
  ResponseEntity<Refusal> rejected(InputRejected e) {
    Locale locale = LocaleContextHolder.getLocale();
    String lang = "en".equals(locale.getLanguage()) ? "en" : "zh";
    List<Item> items = new ArrayList<>();
    if (e instanceof InvalidAnswers invalid) {
      for (AnswerProblem p : invalid.answerProblems()) {
        String text = p.formMessage(lang);
        if (text.isBlank()) {
          text = messages.getMessage(p.code(), new Object[] {p.args().isEmpty() ? "" : p.args().get(0)}, p.code(), locale);
        }
        items.add(new Item(p.question(), p.question().isEmpty() ? text : p.question() + ": " + text));
      }
    } else {
      for (Problem p : e.problems()) {
        items.add(new Item(p.column(), messages.getMessage(p.messageKey(), p.args().toArray(), p.messageKey(), locale)));
      }
    }
    return refusal(HttpStatus.BAD_REQUEST, e instanceof InvalidAnswers ? "fieldwork.error.answers" : "fieldwork.error.input", items);
  }

  private ResponseEntity<Refusal> refusal(HttpStatus status, String key, List<Item> items) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
        .body(new Refusal(status.value(), message(key), items));
  }

  private String message(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
