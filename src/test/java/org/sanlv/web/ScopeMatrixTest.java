package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.survey.SurveyService;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.org.Requires;
import org.sanlv.org.ScopeTarget;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * For every page and API endpoint the application maps (read from its own handler mappings, so a new endpoint
 * is covered without touching this test), and for every role: a request naming something outside the caller's
 * subtree is refused (403/404), a request inside is not refused when the role has the permission, and nothing
 * of the outside subtree shows up in any answer.
 */
@IntegrationTest
class ScopeMatrixTest {

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

  @Autowired MockMvc mvc;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  @Autowired List<ScopeTarget> targets;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired SurveyService surveys;

  record Endpoint(HttpMethod method, String pattern, HandlerMethod handler, String consumes) {
    Requires requires() {
      Requires r = handler.getMethodAnnotation(Requires.class);
      return r != null ? r : handler.getBeanType().getAnnotation(Requires.class);
    }

    boolean isPublic() {
      return handler.hasMethodAnnotation(PublicEndpoint.class)
          || handler.getBeanType().isAnnotationPresent(PublicEndpoint.class);
    }

    @Override
    public String toString() {
      return method + " " + pattern;
    }
  }

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
  }

  @Test
  void everyEndpointRefusesOutsideAndAllowsInsideForEveryRole() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).as("endpoints found").hasSizeGreaterThan(20);
    Set<String> known = targets.stream().map(ScopeTarget::parameter).collect(Collectors.toSet());
    List<String> failures = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.isPublic()) {
        continue; // residents' pages: no scope; covered by their own tests
      }
      Matcher m = VARIABLE.matcher(e.pattern());
      while (m.find()) {
        assertThat(known).as("%s: path variable {%s} must be a ScopeTarget so the scope check covers it", e, m.group(1))
            .contains(m.group(1));
      }
      for (String username : TestAccounts.BY_ROLE.keySet()) {
        boolean permitted = e.requires() == null || TestAccounts.role(username).may(e.requires().value());
        MockHttpServletResponse inside = call(e, username, fill(e.pattern(), insideValues(e, username)));
        boolean hasVariables = e.pattern().contains("{");
        if (hasVariables) {
          MockHttpServletResponse outside = call(e, username, fill(e.pattern(), outsideValues(username)));
          if (outside.getStatus() != 403 && outside.getStatus() != 404) {
            failures.add(e + " as " + username + " outside: " + outside.getStatus() + " (want 403/404)");
          }
        }
        if (!permitted && inside.getStatus() != 403) {
          failures.add(e + " as " + username + " without permission: " + inside.getStatus() + " (want 403)");
        }
        if (permitted && (inside.getStatus() == 401 || inside.getStatus() == 403)) {
          failures.add(e + " as " + username + " inside: " + inside.getStatus() + " (want allowed)");
        }
        // 400 is fine (a required parameter the matrix does not know); "not found" inside the scope is not.
        if (permitted && e.method() == HttpMethod.GET && (inside.getStatus() == 404 || inside.getStatus() >= 500)) {
          failures.add(e + " as " + username + " inside GET: " + inside.getStatus() + " (want it found)");
        }
        String body = inside.getContentAsString();
        for (String secret : List.of(TestAccounts.outsideUnit(username), TestAccounts.outsideUnitName(username),
            TestAccounts.outsideUser(username))) {
          if (body.contains(secret)) {
            failures.add(e + " as " + username + " shows outside " + secret);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void requestParametersNamingOutsideNodesAreRefused() throws Exception {
    MockHttpServletResponse response = mvc.perform(request(HttpMethod.GET, "/users/new")
        .param("nodeCode", TestAccounts.SHANGCHENG).with(user("t-county-admin"))).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  private MockHttpServletResponse call(Endpoint e, String username, String url) throws Exception {
    MockHttpServletRequestBuilder request = request(e.method(), url).with(user(username)).with(csrf())
        .accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON);
    if (e.method() == HttpMethod.GET) {
      // Searches try to reach the outside subtree by name: nothing of it may come back.
      request.param("q", "外区单位"); // matches the outside units by name if a search leaked them
    } else {
      // A body and form fields that every write refuses as invalid, so the matrix changes no data.
      request.param("population", "-1").contentType(e.consumes() == null ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(e.consumes()))
          .content(e.consumes() == null ? "{\"population\": -1}" : "");
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  private Map<String, String> insideValues(Endpoint e, String username) {
    String node = TestAccounts.BY_ROLE.get(username);
    // Every test account's subtree holds the test unit, the only node a /units/ endpoint accepts.
    String code = e.pattern().contains("/units/") ? TestAccounts.UNIT : node;
    return Map.of("code", code, "username", username, "nodeCode", node, "parentCode", node,
        "instrumentId", instrumentId("zhejiang-2022"), "surveyId", surveyId("t-shangyu-mock"));
  }

  private Map<String, String> outsideValues(String username) {
    String code = TestAccounts.outsideCode(username);
    return Map.of("code", code, "username", TestAccounts.outsideUser(username), "nodeCode", code, "parentCode", code,
        "instrumentId", instrumentId("henan-liangan-2020"), "surveyId", surveyId("t-henan-official"));
  }

  private String surveyId(String slug) {
    return String.valueOf(surveys.bySlug(slug).orElseThrow().id());
  }

  private String instrumentId(String formId) {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals(formId)).findFirst()
        .map(i -> String.valueOf(i.id())).orElseThrow();
  }

  private static String fill(String pattern, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(pattern);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private List<Endpoint> endpoints() {
    List<Endpoint> list = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
      HandlerMethod handler = entry.getValue();
      if (!handler.getBeanType().getPackageName().startsWith("org.sanlv")) {
        continue;
      }
      RequestMappingInfo info = entry.getKey();
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream()
          .findFirst().map(MediaType::toString).orElse(null);
      for (String pattern : info.getPatternValues()) {
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          list.add(new Endpoint(method.asHttpMethod(), pattern, handler, consumes));
        }
      }
    }
    return list;
  }
}
