package org.sanlv.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public JSON POST endpoints (the online survey's submit, the quiz): the body read as one JSON object within a
 * size limit, and the refusals answered in JSON. Each controller handles {@link UnsupportedType} and {@link TooLarge}
 * itself, with its own message keys.
 */
public final class JsonPosts {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonPosts() {}

  /** A refusal: the HTTP status, a sentence, and every problem with the field it concerns. */
  public record Refusal(int status, String error, List<Item> problems) {}

  public record Item(String field, String message) {}

  /** The {@code Content-Type} is not one the endpoint takes (HTTP 415). */
  public static final class UnsupportedType extends RuntimeException {}

  /** The body is over the endpoint's limit (HTTP 413). */
  public static final class TooLarge extends RuntimeException {}

  /**
   * The body as a JSON object. The type is checked before the body is read, and at most {@code maxBody} + 1 bytes
   * are read whatever {@code Content-Length} says.
   *
   * @throws UnsupportedType when {@code jsonType} refuses the request's {@code Content-Type} (null included)
   * @throws TooLarge over {@code maxBody} bytes, declared or read
   * @throws InputRejected {@code notJsonKey} when the body is not one JSON object in UTF-8
   */
  public static Map<String, Object> readObject(HttpServletRequest request, Predicate<String> jsonType, int maxBody,
      String notJsonKey) throws IOException {
    if (!jsonType.test(request.getContentType())) {
      throw new UnsupportedType();
    }
    if (request.getContentLengthLong() > maxBody) {
      throw new TooLarge();
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(maxBody + 1);
    }
    if (bytes.length > maxBody) {
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
    throw new InputRejected(Problem.of(notJsonKey));
  }

  /** A JSON refusal with {@code status} and the sentence {@code error}. */
  public static ResponseEntity<Refusal> refusal(HttpStatus status, String error, List<Item> items) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
        .body(new Refusal(status.value(), error, items));
  }

  /** The answer to a {@link Refused}: its status, the sentence {@code error}, and {@code Retry-After} when it has one. */
  public static ResponseEntity<Refusal> refused(Refused e, String error) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
    e.retryAfter().ifPresent(wait -> answer.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
    return answer.body(new Refusal(e.status(), error, List.of()));
  }

  /** Each problem as its field and its sentence in {@code locale} (the key itself when the bundles lack it). */
  public static List<Item> items(List<Problem> problems, MessageSource messages, Locale locale) {
    List<Item> items = new ArrayList<>();
    for (Problem p : problems) {
      items.add(new Item(p.column(), messages.getMessage(p.messageKey(), p.args().toArray(), p.messageKey(), locale)));
    }
    return items;
  }
}
