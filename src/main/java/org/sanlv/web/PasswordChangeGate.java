package org.sanlv.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.sanlv.org.UserService;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An account whose password someone else knows (a new account, a reset by an administrator, the first
 * administrator's password printed to the log) may do nothing but change it: pages redirect to the change-password
 * page, the API answers 403 saying so. The sign-in marks such an account with {@link #AUTHORITY}; once the password
 * is changed the mark is dropped from the session.
 */
class PasswordChangeGate extends OncePerRequestFilter {

  static final String AUTHORITY = "PASSWORD_CHANGE_REQUIRED";
  private static final RequestMatcher ALLOWED = new OrRequestMatcher(Arrays.stream(new String[] {
      "/account/password", "/api/v1/account", "/api/v1/account/password", "/logout", "/login", "/error",
      "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico"})
      .map(p -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(p)).toList());
  private static final RequestMatcher API = PathPatternRequestMatcher.pathPattern("/api/**");

  private final UserService users;
  private final SecurityAnswers answers;
  private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

  PasswordChangeGate(UserService users, SecurityAnswers answers) {
    this.users = users;
    this.answers = answers;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || auth.getAuthorities().stream().noneMatch(a -> AUTHORITY.equals(a.getAuthority()))) {
      chain.doFilter(request, response);
    } else if (!users.mustChangePassword(auth.getName())) {
      withoutMark(auth, request, response); // changed in this session
      chain.doFilter(request, response);
    } else if (ALLOWED.matches(request)) {
      chain.doFilter(request, response);
    } else if (API.matches(request)) {
      answers.json(request, response, HttpStatus.FORBIDDEN, "account.error.mustChange");
    } else {
      response.sendRedirect(request.getContextPath() + "/account/password");
    }
  }

  private void withoutMark(Authentication auth, HttpServletRequest request, HttpServletResponse response) {
    List<GrantedAuthority> kept = auth.getAuthorities().stream()
        .filter(a -> !AUTHORITY.equals(a.getAuthority())).map(a -> (GrantedAuthority) a).toList();
    UsernamePasswordAuthenticationToken unmarked =
        UsernamePasswordAuthenticationToken.authenticated(auth.getPrincipal(), null, kept);
    unmarked.setDetails(auth.getDetails());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(unmarked);
    SecurityContextHolder.setContext(context);
    if (request.getSession(false) != null) {
      sessions.saveContext(context, request, response);
    }
  }
}
