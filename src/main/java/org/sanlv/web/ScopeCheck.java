package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.org.ScopeTarget;
import org.sanlv.org.UserService;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one scope check of the platform, run before every page and API handler: it resolves the caller's scope
 * (their node's subtree and role, read fresh so a disabled account stops at once), refuses a handler whose
 * {@link Requires} permission the role lacks, and refuses any path variable or request parameter that names
 * something outside the subtree. Which parameters name what is told by the {@link ScopeTarget} beans.
 */
@Component
class ScopeCheck implements HandlerInterceptor {

  static final String SCOPE_ATTRIBUTE = Scope.class.getName();
  private final UserService users;
  private final Map<String, ScopeTarget> targets;

  ScopeCheck(UserService users, List<ScopeTarget> targets) {
    this.users = users;
    this.targets = targets.stream().collect(Collectors.toMap(ScopeTarget::parameter, Function.identity()));
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (handler instanceof HandlerMethod method && (method.hasMethodAnnotation(PublicEndpoint.class)
        || method.getBeanType().isAnnotationPresent(PublicEndpoint.class))) {
      return true; // residents' pages: nothing of the org tree is reachable through them
    }
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      return true; // public pages; Spring Security has already sent everyone else to the login page
    }
    Scope scope = users.scopeOf(auth.getName()).orElseThrow(() -> new OutOfScope("account " + auth.getName()));
    request.setAttribute(SCOPE_ATTRIBUTE, scope);
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    Requires requires = method.getMethodAnnotation(Requires.class);
    if (requires == null) {
      requires = method.getBeanType().getAnnotation(Requires.class);
    }
    if (requires != null && !scope.may(requires.value())) {
      throw new OutOfScope(requires.value().name());
    }
    @SuppressWarnings("unchecked")
    Map<String, String> pathVariables =
        (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    for (ScopeTarget target : targets.values()) {
      String value = pathVariables == null ? null : pathVariables.get(target.parameter());
      // A path variable names what the request acts on: changing it needs it inside the scope. A parameter only
      // refers to something (the questionnaire a new survey uses): reading it is enough.
      boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
      check(scope, target, value, read, false);
      String[] params = request.getParameterValues(target.parameter());
      if (params != null) {
        for (String param : params) {
          check(scope, target, param, true, true);
        }
      }
    }
    return true;
  }

  /**
   * Refuses a value outside the scope. A path variable naming nothing is a page that does not exist (404); a request
   * parameter naming nothing is input the handler checks and answers on its form ("区划代码“上虞区”不存在", 400):
   * it points at nothing outside, so there is nothing for this check to protect.
   */
  private static void check(Scope scope, ScopeTarget target, String value, boolean read, boolean parameter) {
    if (value == null || value.isBlank()) {
      return;
    }
    Optional<List<String>> found = target.pathsOf(value);
    if (found.isEmpty() && parameter) {
      return;
    }
    List<String> paths = found.orElseThrow(() -> new NotFound(target.parameter() + " " + value));
    boolean readFromBelow = read && target.readableFromBelow() && paths.stream().anyMatch(scope::isBelow);
    if (paths.stream().noneMatch(scope::covers) && !readFromBelow) {
      throw target.hidesOutside() ? new NotFound(target.parameter() + " " + value)
          : new OutOfScope(target.parameter() + " " + value);
    }
  }
}
