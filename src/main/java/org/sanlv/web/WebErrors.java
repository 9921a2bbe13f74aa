package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Turns refusals into answers in the user's language: a page for browsers, a JSON problem list for
 * {@code /api/**}. Never a stack trace.
 */
@ControllerAdvice
class WebErrors {

  private final MessageSource messages;

  WebErrors(MessageSource messages) {
    this.messages = messages;
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

  @ExceptionHandler({MaxUploadSizeExceededException.class})
  Object tooLarge(HttpServletRequest request) {
    return answer(request, HttpStatus.PAYLOAD_TOO_LARGE, "error.413", List.of());
  }

  @ExceptionHandler(MultipartException.class)
  Object badUpload(HttpServletRequest request) {
    return answer(request, HttpStatus.BAD_REQUEST, "error.upload", List.of());
  }

  private Object answer(HttpServletRequest request, HttpStatus status, String summaryKey, List<Problem> problems) {
    Locale locale = RequestContextUtils.getLocale(request);
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      List<ApiProblem> items = problems.stream().map(p -> new ApiProblem(p.line(), p.column(), p.messageKey(),
          Messages.problem(messages, p, locale))).toList();
      return ResponseEntity.status(status)
          .body(new ApiError(status.value(), messages.getMessage(summaryKey, null, locale), items));
    }
    ModelAndView page = new ModelAndView("error/problem", Map.of(
        "status", status.value(),
        "summaryKey", summaryKey,
        "problems", problems.stream().map(p -> Messages.problem(messages, p, locale)).toList()));
    page.setStatus(status);
    return page;
  }
}
