package org.sanlv.quiz;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuizSettings.class)
class QuizConfiguration {

  /**
   * The two JSON POSTs bypass the security filters altogether, as the online survey's submit does: they need no user,
   * session or CSRF token (see {@link QuizApiController} for their own protection), and a completion should cost less
   * than an online submission. The platform's own headers filter ({@code SecurityHeaders}) still runs.
   */
  @Bean
  WebSecurityCustomizer quizPostsWithoutSecurityFilters() {
    return web -> web.ignoring().requestMatchers(HttpMethod.POST, "/api/v1/quiz/answers", "/api/v1/quiz/completions");
  }

  /** Completions are counted in their table; a timer observation per request would only add cost. */
  @Bean
  ObservationPredicate noObservationOfQuizPosts() {
    return (name, context) -> !(context instanceof ServerRequestObservationContext request
        && "POST".equals(request.getCarrier().getMethod())
        && request.getCarrier().getRequestURI().startsWith("/api/v1/quiz/"));
  }

  /**
   * The public quiz page and its API: no sign-in, no session (a visit writes nothing to the session table) and no
   * session CSRF token — the API takes JSON only and refuses a cross-site Origin (see {@link QuizApiController}).
   * Only these three paths: the province's editor pages and API (signed in) stay in the main chain.
   * Ordered after the online survey's chain and before the main one, which matches every other request.
   */
  @Bean
  @Order(2)
  SecurityFilterChain publicQuizChain(HttpSecurity http) throws Exception {
    http.securityMatcher("/quiz", "/api/v1/quiz/answers", "/api/v1/quiz/completions")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(r -> r.disable())
        .securityContext(c -> c.disable());
    return http.build();
  }
}
