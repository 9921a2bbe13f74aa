package org.sanlv.quiz;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quiz's public API: the verdict on one answer, and the completion. JSON bodies only (a cross-site form cannot
 * send {@code application/json} without the browser asking first, which this server never allows), and a
 * cross-site {@code Origin} is refused: the CSRF protection of public endpoints without a session, as for the online
 * survey's submit. Every refusal says why in the resident's language.
 */
@RestController
@PublicEndpoint
class QuizApiController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern JSON_TYPE = Pattern.compile("(?i)application/json[ \t]*(;[ \t]*charset=\"?utf-?8\"?[ \t]*)?");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}");

  private final QuizService quiz;
  private final QuizSettings settings;
  private final MessageSource messages;

  QuizApiController(QuizService quiz, QuizSettings settings, MessageSource messages) {
    this.quiz = quiz;
    this.settings = settings;
    this.messages = messages;
  }

  record Refusal(int status, String error, List<Item> problems) {}

  record Item(String field, String message) {}

  record CompletionAnswer(boolean counted, int correct, int questions, String message) {}

  /** {@code {question, options:[ids]}} → {@code {correct, correctOptions, explanation}}. */
  @PostMapping("/api/v1/quiz/answers")
  QuizService.Verdict answer(HttpServletRequest request) throws IOException {
    Map<String, Object> body = readJson(request);
    return quiz.answer(text(body, "question"), list(body.get("options"), "options"), LocaleContextHolder.getLocale());
  }

  /** {@code {idempotencyKey, deviceToken, area, answers:{questionId:[optionIds]}}} → {@code {counted, correct, questions}}. */
  @PostMapping("/api/v1/quiz/completions")
  CompletionAnswer complete(HttpServletRequest request,
      @CookieValue(name = QuizPageController.DEVICE_COOKIE, required = false) String deviceCookie) throws IOException {
    Map<String, Object> body = readJson(request);
    String device = text(body, "deviceToken");
    if (device == null) {
      device = deviceCookie;
    }
    Map<String, List<String>> answers = null;
    Object a = body.get("answers");
    if (a != null) {
      if (!(a instanceof Map<?, ?> map)) {
        throw new InputRejected(Problem.at(0, "answers", "quiz.error.notObject", "answers"));
      }
      answers = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        answers.put(String.valueOf(e.getKey()), list(e.getValue(), "answers"));
      }
    }
    QuizService.Counted counted = quiz.complete(new QuizService.Completion(text(body, "idempotencyKey"), device,
        network(request.getRemoteAddr()), text(body, "area"), answers));
    return new CompletionAnswer(counted.counted(), counted.correct(), counted.questions(),
        messages.getMessage("quiz.counted", new Object[] {counted.correct(), counted.questions()}, LocaleContextHolder.getLocale()));
  }

  private Map<String, Object> readJson(HttpServletRequest request) throws IOException {
    String origin = request.getHeader("Origin");
    if (origin != null && !sameOrigin(origin, request)) {
      throw new CrossSite();
    }
    String type = request.getContentType();
    if (type == null || !JSON_TYPE.matcher(type.strip()).matches()) {
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
      if (JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Object.class) instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) map;
        return body;
      }
    } catch (JacksonException e) {
      // reported below
    }
    throw new InputRejected(Problem.of("quiz.error.notJson"));
  }

  /** Whether {@code Origin} names this server (scheme, host and port as the request came in). */
  private static boolean sameOrigin(String origin, HttpServletRequest request) {
    try {
      java.net.URI o = java.net.URI.create(origin);
      int port = o.getPort() == -1 ? ("https".equals(o.getScheme()) ? 443 : 80) : o.getPort();
      return request.getServerName().equalsIgnoreCase(o.getHost()) && request.getServerPort() == port;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String text(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new InputRejected(Problem.at(0, field, "quiz.error.notText", field));
  }

  private static List<String> list(Object v, String field) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> items) || items.size() > 50) {
      throw new InputRejected(Problem.at(0, field, "quiz.error.notList", field));
    }
    List<String> out = new ArrayList<>();
    for (Object o : items) {
      if (!(o instanceof String s)) {
        throw new InputRejected(Problem.at(0, field, "quiz.error.notList", field));
      }
      out.add(s);
    }
    return out;
  }

  /** The network of an address: IPv4 /24, IPv6 /48 (one household or office behind one router). */
  static String network(String address) {
    if (address == null) {
      return null;
    }
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

  static final class Unsupported extends RuntimeException {}

  static final class TooLarge extends RuntimeException {}

  static final class CrossSite extends RuntimeException {}

  @ExceptionHandler(Unsupported.class)
  ResponseEntity<Refusal> unsupported() {
    return refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "quiz.error.notJsonType", List.of());
  }

  @ExceptionHandler(TooLarge.class)
  ResponseEntity<Refusal> tooLarge() {
    return refusal(HttpStatus.PAYLOAD_TOO_LARGE, "quiz.error.tooLarge", List.of());
  }

  @ExceptionHandler(CrossSite.class)
  ResponseEntity<Refusal> crossSite() {
    return refusal(HttpStatus.FORBIDDEN, "quiz.error.crossSite", List.of());
  }

  @ExceptionHandler(QuizRefused.class)
  ResponseEntity<Refusal> refused(QuizRefused e) {
    ResponseEntity<Refusal> answer = refusal(HttpStatus.valueOf(e.reason().status), e.reason().messageKey, List.of());
    return e.retryAfter().map(wait -> ResponseEntity.status(answer.getStatusCode())
        .header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))).contentType(MediaType.APPLICATION_JSON)
        .body(answer.getBody())).orElse(answer);
  }

  @ExceptionHandler(InputRejected.class)
  ResponseEntity<Refusal> rejected(InputRejected e) {
    Locale locale = LocaleContextHolder.getLocale();
    List<Item> items = new ArrayList<>();
    for (Problem p : e.problems()) {
      items.add(new Item(p.column(), messages.getMessage(p.messageKey(), p.args().toArray(), p.messageKey(), locale)));
    }
    // the first problem is the sentence: one answer has one thing wrong with it
    String error = items.isEmpty() ? message("quiz.error.input") : items.get(0).message();
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
        .body(new Refusal(400, error, items));
  }

  private ResponseEntity<Refusal> refusal(HttpStatus status, String key, List<Item> items) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
        .body(new Refusal(status.value(), message(key), items));
  }

  private String message(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
