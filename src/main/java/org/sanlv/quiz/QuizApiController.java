package org.sanlv.quiz;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.JsonPosts;
import org.sanlv.platform.JsonPosts.Item;
import org.sanlv.platform.JsonPosts.Refusal;
import org.sanlv.platform.Networks;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quiz's public API: the verdict on one answer, and the completion. JSON bodies only (a cross-site form cannot
 * send {@code application/json} without the browser asking first, which this server never allows), and a
 * cross-site {@code Origin} is refused: the CSRF protection of public endpoints without a session, as for the online
 * survey's submit. Every refusal says why in the resident's language.
 */
@RestController
@PublicEndpoint
class QuizApiController {

  private static final Pattern JSON_TYPE = Pattern.compile("(?i)application/json[ \t]*(;[ \t]*charset=\"?utf-?8\"?[ \t]*)?");

  private final QuizService quiz;
  private final QuizSettings settings;
  private final MessageSource messages;

  QuizApiController(QuizService quiz, QuizSettings settings, MessageSource messages) {
    this.quiz = quiz;
    this.settings = settings;
    this.messages = messages;
  }

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
        Networks.network(request.getRemoteAddr()), text(body, "area"), answers));
    return new CompletionAnswer(counted.counted(), counted.correct(), counted.questions(),
        messages.getMessage("quiz.counted", new Object[] {counted.correct(), counted.questions()}, LocaleContextHolder.getLocale()));
  }

  private Map<String, Object> readJson(HttpServletRequest request) throws IOException {
    String origin = request.getHeader("Origin");
    if (origin != null && !sameOrigin(origin, request)) {
      throw new CrossSite();
    }
    return JsonPosts.readObject(request, QuizApiController::isJsonType, settings.maxBody(), "quiz.error.notJson");
  }

  /** {@code application/json}, with no parameter but an optional UTF-8 charset. */
  private static boolean isJsonType(String type) {
    return type != null && JSON_TYPE.matcher(type.strip()).matches();
  }

  /**
   * Whether {@code Origin} names this site. The host alone is compared: behind a TLS-terminating proxy the page is
   * {@code https://host} while the node is reached over plain HTTP on its own port, and another site is another host.
   */
  private static boolean sameOrigin(String origin, HttpServletRequest request) {
    try {
      String host = java.net.URI.create(origin).getHost();
      return host != null && request.getServerName().equalsIgnoreCase(host);
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

  static final class CrossSite extends RuntimeException {}

  @ExceptionHandler(JsonPosts.UnsupportedType.class)
  ResponseEntity<Refusal> unsupported() {
    return refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "quiz.error.notJsonType");
  }

  @ExceptionHandler(JsonPosts.TooLarge.class)
  ResponseEntity<Refusal> tooLarge() {
    return refusal(HttpStatus.PAYLOAD_TOO_LARGE, "quiz.error.tooLarge");
  }

  @ExceptionHandler(CrossSite.class)
  ResponseEntity<Refusal> crossSite() {
    return refusal(HttpStatus.FORBIDDEN, "quiz.error.crossSite");
  }

  @ExceptionHandler(QuizRefused.class)
  ResponseEntity<Refusal> refused(QuizRefused e) {
    return JsonPosts.refused(e, message(e.messageKey()));
  }

  @ExceptionHandler(InputRejected.class)
  ResponseEntity<Refusal> rejected(InputRejected e) {
    List<Item> items = JsonPosts.items(e.problems(), messages, LocaleContextHolder.getLocale());
    // the first problem is the sentence: one answer has one thing wrong with it
    String error = items.isEmpty() ? message("quiz.error.input") : items.get(0).message();
    return JsonPosts.refusal(HttpStatus.BAD_REQUEST, error, items);
  }

  private ResponseEntity<Refusal> refusal(HttpStatus status, String key) {
    return JsonPosts.refusal(status, message(key), List.of());
  }

  private String message(String key) {
    return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
  }
}
