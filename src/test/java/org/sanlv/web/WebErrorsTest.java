package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;
import tools.jackson.databind.json.JsonMapper;

/** The last resort of the error handling, called directly: what nothing else maps. */
class WebErrorsTest {

  private final WebErrors errors;

  WebErrorsTest() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasenames("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    errors = new WebErrors(messages, new ThymeleafViewResolver(), new AcceptHeaderLocaleResolver(),
        JsonMapper.builder().build());
  }

  private static MockHttpServletRequest request(String uri) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
    request.addPreferredLocale(java.util.Locale.ENGLISH);
    return request;
  }

  @Test
  void aBugIsA500PageWithAnIncidentNumberAndNoDetails() throws Exception {
    Object answer = errors.unexpected(new IllegalStateException("secret internals at line 42"),
        request("/surveys/1/draws"), new MockHttpServletResponse());
    assertThat(answer).isInstanceOfSatisfying(ModelAndView.class, page -> {
      assertThat(page.getStatus().value()).isEqualTo(500);
      assertThat(page.getViewName()).isEqualTo("error/problem");
      @SuppressWarnings("unchecked")
      List<String> problems = (List<String>) page.getModel().get("problems");
      assertThat(problems).singleElement().asString().matches("The server failed \\(incident [0-9a-f]{8}\\).*")
          .doesNotContain("secret", "IllegalState");
    });
  }

  @Test
  void aBugUnderTheApiIsA500InJson() throws Exception {
    Object answer = errors.unexpected(new NullPointerException(), request("/api/v1/units"), new MockHttpServletResponse());
    assertThat(answer).isInstanceOfSatisfying(ResponseEntity.class, json -> {
      assertThat(json.getStatusCode().value()).isEqualTo(500);
      assertThat(json.getBody()).asString().contains("incident").doesNotContain("NullPointer");
    });
  }

  @Test
  void aValueTheDatabaseRefusesAsDataIsA400() throws Exception {
    // what PostgreSQL says about a NUL in a text parameter (SQLSTATE 22021), as Spring wraps it
    var refused = new DataIntegrityViolationException("update org_node …",
        new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
    Object answer = errors.unexpected(refused, request("/api/v1/areas/330604/figures"), new MockHttpServletResponse());
    assertThat(answer).isInstanceOfSatisfying(ResponseEntity.class, json -> {
      assertThat(json.getStatusCode().value()).isEqualTo(400);
      assertThat(json.getBody()).asString().contains("input.error.unstorableValue");
    });
    var outOfRange = new DataIntegrityViolationException("insert into survey_mode …",
        new SQLException("ERROR: timestamp out of range", "22008"));
    assertThat(errors.unexpected(outOfRange, request("/surveys"), new MockHttpServletResponse()))
        .isInstanceOfSatisfying(ModelAndView.class, page -> assertThat(page.getStatus().value()).isEqualTo(400));
  }

  @Test
  void aDeliberateStatusKeepsItsStatusAndHeaders() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    var busy = new org.springframework.web.server.ResponseStatusException(
        org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE) {
      @Override
      public org.springframework.http.HttpHeaders getHeaders() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.add("Retry-After", "5");
        return headers;
      }
    };
    Object answer = errors.unexpected(busy, request("/api/v1/areas"), response);
    assertThat(answer).isInstanceOfSatisfying(ResponseEntity.class,
        json -> assertThat(json.getStatusCode().value()).isEqualTo(503));
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    var notAllowed = new org.springframework.web.HttpRequestMethodNotSupportedException("DELETE", List.of("GET"));
    assertThat(errors.unexpected(notAllowed, request("/areas"), new MockHttpServletResponse()))
        .isInstanceOfSatisfying(ModelAndView.class, page -> assertThat(page.getStatus().value()).isEqualTo(405));
  }

  @Test
  void otherDatabaseFailuresAreNotBlamedOnTheInput() throws Exception {
    var down = new org.springframework.dao.DataAccessResourceFailureException("connection refused",
        new SQLException("connection refused", "08001"));
    assertThat(errors.unexpected(down, request("/surveys"), new MockHttpServletResponse()))
        .isInstanceOfSatisfying(ModelAndView.class, page -> assertThat(page.getStatus().value()).isEqualTo(500));
  }
}
