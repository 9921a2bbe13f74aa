package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security layer's own answers, in the user's language, for what happens before any controller runs: a sign-in
 * refused by {@link LoginThrottle} (429 with Retry-After: the sign-in page again for the form, JSON for HTTP Basic)
 * and a request refused by {@link PasswordChangeGate}. JSON bodies have the shape of the API's error answers.
 */
@Component
class SecurityAnswers {

  /** Request attribute with the seconds to wait, for the sign-in page rendered after a refusal. */
  static final String RETRY_AFTER = SecurityAnswers.class.getName() + ".retryAfter";
  static final String THROTTLED_PAGE = "/login/throttled";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MessageSource messages;
  private final LocaleResolver locales;

  SecurityAnswers(MessageSource messages, LocaleResolver locales) {
    this.messages = messages;
    this.locales = locales;
  }

  /** Form sign-in failures: a refusal shows the sign-in page with 429; a wrong password goes to /login?error. */
  AuthenticationFailureHandler formFailure() {
    AuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler("/login?error");
    return (request, response, exception) -> {
      if (exception instanceof TooManySignIns refused) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        request.setAttribute(RETRY_AFTER, refused.retryAfterSeconds());
        request.getRequestDispatcher(THROTTLED_PAGE).forward(request, response);
      } else {
        wrong.onAuthenticationFailure(request, response, exception);
      }
    };
  }

  /** HTTP Basic failures: a refusal is a 429 with a JSON body; a wrong password the usual 401. */
  AuthenticationEntryPoint basicEntryPoint() {
    BasicAuthenticationEntryPoint wrong = new BasicAuthenticationEntryPoint();
    wrong.setRealmName("Realm");
    return (request, response, exception) -> {
      if (exception instanceof TooManySignIns refused) {
        response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
        json(request, response, HttpStatus.TOO_MANY_REQUESTS, "login.throttled", refused.retryAfterSeconds());
      } else {
        wrong.commence(request, response, exception);
      }
    };
  }

  void json(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String key, Object... args)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("error", messages.getMessage(key, args, locales.resolveLocale(request)));
    body.put("problems", List.of());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}
