package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sanlv.org.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may come in: form login for pages, HTTP Basic for API clients, CSRF on for browser sessions. What each
 * signed-in user may touch is decided after this, in one place: {@link ScopeCheck}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /** bcrypt reads at most 72 bytes of a password; nothing longer can ever have been set. */
  static final int LONGEST_PASSWORD_BYTES = 72;

  private static final List<String> PUBLIC = List.of(
      "/login", SecurityAnswers.THROTTLED_PAGE, "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
      "/error", "/actuator/health",
      // residents' online survey pages (handlers marked @PublicEndpoint)
      "/s/**",
      // the interviewer app's manifest and icons: a browser fetches them without cookies to offer the install, and
      // they hold nothing but the app's name and pictures (the app, its scripts and data need the sign-in)
      "/capi/manifest.webmanifest", "/capi/icon*");
  private static final List<String> API_DOCS = List.of("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html");

  /** Paths open without sign-in; the API description only when {@code sanlv.web.public-api-docs} opens it. */
  static List<String> publicPaths(boolean publicApiDocs) {
    List<String> paths = new ArrayList<>(PUBLIC);
    if (publicApiDocs) {
      paths.addAll(API_DOCS);
    }
    return paths;
  }

  /**
   * CSRF protection is skipped only for a script that sends HTTP Basic credentials and no session cookie: it cannot
   * be a victim of CSRF (a browser does not add Basic credentials of its own here: the API never asks it for
   * them). Any other Authorization header, or any session cookie, leaves the check on.
   */
  static boolean basicWithoutSession(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
        && request.getRequestedSessionId() == null;
  }

  @Bean
  SecurityFilterChain filterChain(HttpSecurity http, WebSettings settings, SecurityAnswers answers, UserService users)
      throws Exception {
    http.authorizeHttpRequests(a -> a.requestMatchers(publicPaths(settings.publicApiDocs()).toArray(String[]::new))
            .permitAll().anyRequest().authenticated())
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).failureHandler(answers.formFailure()))
        .logout(l -> l.logoutSuccessUrl("/login?logout"))
        .httpBasic(b -> b.authenticationEntryPoint(answers.basicEntryPoint()))
        .csrf(c -> c.ignoringRequestMatchers(SecurityConfiguration::basicWithoutSession))
        .headers(h -> h.frameOptions(f -> f.deny()))
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
            new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), PathPatternRequestMatcher.pathPattern("/api/**")))
        .addFilterAfter(new PasswordChangeGate(users, answers), AuthorizationFilter.class);
    return http.build();
  }

  private static UserDetailsService userDetailsService(UserService users) {
    return username -> users.credentials(username)
        .map(c -> User.withUsername(c.username()).password(c.passwordHash()).disabled(!c.enabled())
            .authorities(c.mustChangePassword()
                ? new String[] {"ROLE_USER", PasswordChangeGate.AUTHORITY} : new String[] {"ROLE_USER"})
            .build())
        .orElseThrow(() -> new UsernameNotFoundException("unknown"));
  }

  /**
   * Checks passwords with bcrypt, after {@link LoginThrottle} has admitted the attempt (a refused one is never
   * checked: it costs no bcrypt and holds no thread). Every failure, whatever its cause (unknown name, wrong
   * password, disabled account, a password longer than bcrypt reads), looks the same to the caller.
   */
  @Bean
  AuthenticationProvider authenticationProvider(UserService users, PasswordEncoder encoder, LoginThrottle throttle) {
    DaoAuthenticationProvider dao = new DaoAuthenticationProvider(userDetailsService(users));
    dao.setPasswordEncoder(encoder);
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        LoginThrottle.Attempt attempt = throttle.begin(authentication.getName(), address);
        boolean succeeded = false;
        try {
          if (authentication.getCredentials() instanceof String password
              && password.getBytes(StandardCharsets.UTF_8).length > LONGEST_PASSWORD_BYTES) {
            throw new BadCredentialsException("longer than bcrypt reads");
          }
          Authentication result = dao.authenticate(authentication);
          succeeded = true;
          return result;
        } catch (AuthenticationException e) {
          throw new BadCredentialsException("bad credentials");
        } finally {
          throttle.end(attempt, succeeded);
        }
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return dao.supports(authentication);
      }
    };
  }
}
