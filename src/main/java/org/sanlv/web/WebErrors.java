package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.InputTooLarge;
import org.sanlv.platform.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns refusals into answers in the user's language: a page for browsers, a JSON problem list for
 * {@code /api/**}. Never a stack trace.
 *
 * <p>The rule is that no input reaches a 5xx: whatever a user can send is refused here with a 4xx that says what
 * was wrong. Known refusals ({@link InputRejected}, {@link OutOfScope}, {@link NotFound}, sizes, unreadable
 * parameters and bodies) are mapped one by one; a value PostgreSQL refuses as data (SQLSTATE class 22: a NUL,
 * a timestamp out of range, a number too large) is a 400 as a safety net behind the checks at the edges. Anything
 * else is a bug: a 500 page without details, and the exception in the log under an incident number the page shows.
 */
@ControllerAdvice
class WebErrors {

  private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

  private final MessageSource messages;
  private final ThymeleafViewResolver views;
  private final LocaleResolver locales;
  private final JsonMapper json;

  WebErrors(MessageSource messages, ThymeleafViewResolver views, LocaleResolver locales, JsonMapper json) {
    this.messages = messages;
    this.views = views;
    this.locales = locales;
    this.json = json;
  }

  /** The API's error body: HTTP status, a one-line summary and every problem found. */
  record ApiError(int status, String error, List<ApiProblem> problems) {}

  record ApiProblem(int line, String column, String code, String message) {}

  @ExceptionHandler(OutOfScope.class)
  Object outOfScope(HttpServletRequest request, HttpServletResponse response) {
    return answer(request, HttpStatus.FORBIDDEN, "error.403", List.of());
  }

  @ExceptionHandler(NotFound.class)
  Object notFound(HttpServletRequest request) {
    return answer(request, HttpStatus.NOT_FOUND, "error.404", List.of());
  }

  @ExceptionHandler(InputRejected.class)
  Object rejected(InputRejected e, HttpServletRequest request) {
    return answer(request, HttpStatus.BAD_REQUEST, "error.400", e.problems());
  }

  @ExceptionHandler(InputConflict.class)
  Object conflict(InputConflict e, HttpServletRequest request) {
    return answer(request, HttpStatus.CONFLICT, "error.409", e.problems());
  }

  @ExceptionHandler({MaxUploadSizeExceededException.class})
  Object tooLarge(HttpServletRequest request) {
    return answer(request, HttpStatus.PAYLOAD_TOO_LARGE, "error.413", List.of());
  }

  @ExceptionHandler(InputTooLarge.class)
  Object bodyTooLarge(InputTooLarge e, HttpServletRequest request) {
    return answer(request, HttpStatus.PAYLOAD_TOO_LARGE, "error.413",
        List.of(Problem.of("input.error.tooLarge", InputTooLarge.megabytes(e.limitBytes()))));
  }

  @ExceptionHandler(MultipartException.class)
  Object badUpload(HttpServletRequest request) {
    return answer(request, HttpStatus.BAD_REQUEST, "error.upload", List.of());
  }

  /** {@code ?halfWidth=abc}, {@code /surveys/abc}: names the parameter and the value. */
  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  Object badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return answer(request, HttpStatus.BAD_REQUEST, "error.400",
        List.of(Problem.at(0, e.getName(), "input.error.badValue", String.valueOf(e.getValue()))));
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MissingServletRequestPartException.class})
  Object missingParameter(Exception e, HttpServletRequest request) {
    String name = e instanceof MissingServletRequestParameterException p ? p.getParameterName()
        : ((MissingServletRequestPartException) e).getRequestPartName();
    return answer(request, HttpStatus.BAD_REQUEST, "error.400", List.of(Problem.at(0, name, "import.error.required")));
  }

  /** A JSON body that does not parse, or a value of the wrong type: names the field when Jackson knows it. */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  Object unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
    String field = e.getCause() instanceof JacksonException j && !j.getPath().isEmpty() ? fieldPath(j) : null;
    Problem problem = field == null ? Problem.of("input.error.notJson") : Problem.at(0, field, "input.error.badJsonValue");
    return answer(request, HttpStatus.BAD_REQUEST, "error.400", List.of(problem));
  }

  /** The last resort, see the class comment. */
  @ExceptionHandler(Exception.class)
  Object unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
    if (e instanceof AccessDeniedException || e instanceof AuthenticationException
        || e instanceof AsyncRequestNotUsableException || response.isCommitted()) {
      throw e; // Spring Security answers these itself; a client that went away, or a download cut off, gets nothing
    }
    Optional<SQLException> data = dataException(e);
    if (data.isPresent()) {
      log.warn("{} {}: a value was refused by the database: {}", request.getMethod(), request.getRequestURI(),
          data.get().getMessage());
      return answer(request, HttpStatus.BAD_REQUEST, "error.400", List.of(Problem.of("input.error.unstorableValue")));
    }
    if (e instanceof ErrorResponse known) {
      // Spring MVC's own refusals (405, 406, 415, 404 of an unknown path…) and a deliberate status (a 503 with
      // Retry-After) keep their status and headers
      known.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
      HttpStatusCode status = known.getStatusCode();
      String summary = switch (status.value()) {
        case 400 -> "error.400";
        case 404 -> "error.404";
        case 413 -> "error.413";
        default -> "error.generic";
      };
      HttpStatus standard = HttpStatus.resolve(status.value());
      return answer(request, standard != null ? standard
              : status.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR, summary,
          List.of(Problem.of("error.status", String.valueOf(status.value()))));
    }
    String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    log.error("Incident {}: {} {} failed", incident, request.getMethod(), request.getRequestURI(), e);
    return answer(request, HttpStatus.INTERNAL_SERVER_ERROR, "error.generic", List.of(Problem.of("error.incident", incident)));
  }

  /**
   * Writes the same answer from outside Spring MVC (a servlet filter that refuses a request before any handler
   * is chosen), so such refusals look like every other one.
   */
  void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String summaryKey,
      List<Problem> problems) throws Exception {
    request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
    Object answer = answer(request, status, summaryKey, problems);
    response.setStatus(status.value());
    if (answer instanceof ResponseEntity<?> entity) {
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      json.writeValue(response.getOutputStream(), entity.getBody());
    } else {
      ModelAndView page = (ModelAndView) answer;
      View view = views.resolveViewName(page.getViewName(), RequestContextUtils.getLocale(request));
      view.render(page.getModel(), request, response);
    }
  }

  private Object answer(HttpServletRequest request, HttpStatus status, String summaryKey, List<Problem> problems) {
    Locale locale = RequestContextUtils.getLocale(request);
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      List<ApiProblem> items = problems.stream().map(p -> new ApiProblem(p.line(), p.column(), p.messageKey(),
          Messages.problem(messages, p, locale))).toList();
      return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
          .body(new ApiError(status.value(), messages.getMessage(summaryKey, null, locale), items));
    }
    ModelAndView page = new ModelAndView(status == HttpStatus.NOT_FOUND ? "error/404" : "error/problem", Map.of(
        "status", status.value(),
        "summaryKey", summaryKey,
        "problems", problems.stream().map(p -> Messages.problem(messages, p, locale)).toList()));
    page.setStatus(status);
    return page;
  }

  /** The database's refusal of a value as data (SQLSTATE class 22), anywhere in the cause chain. */
  private static Optional<SQLException> dataException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
        return Optional.of(sql);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /** {@code modes[0].opensAt} from Jackson's path of references. */
  static String fieldPath(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
