package org.sanlv.fieldwork;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.http.HttpMethod;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;

@Configuration(proxyBeanMethods = false)
class FieldworkConfiguration {

  /** Development SMS; a deployment's own {@link SmsGateway} bean replaces it. */
  @Bean
  @ConditionalOnMissingBean(SmsGateway.class)
  LoggingSmsGateway loggingSmsGateway() {
    return new LoggingSmsGateway();
  }

  /**
   * The residents' pages {@code /s/**}: no sign-in, no session (a visit writes nothing to the session table and
   * any node can serve any step), and no session CSRF token — the submit is protected by the page's signed token
   * and by accepting only {@code application/json} (see {@link PageTokens}). Ordered before the main chain,
   * which matches every other request.
   */
  /**
   * The submit bypasses the security filters altogether: it is a JSON POST that carries its own signed page token
   * and needs no user, session or response headers, and at launch-day rates the filter chain's work per request
   * (headers, anonymous user, observations) cost more than the submission itself.
   */
  @Bean
  WebSecurityCustomizer submitWithoutSecurityFilters() {
    return web -> web.ignoring().requestMatchers(HttpMethod.POST, "/s/*/responses");
  }

  /** Submissions are counted in the response store; a per-request timer observation would only add cost. */
  @Bean
  ObservationPredicate noObservationOfSubmissions() {
    return (name, context) -> !(context instanceof ServerRequestObservationContext request
        && "POST".equals(request.getCarrier().getMethod())
        && request.getCarrier().getRequestURI().startsWith("/s/")
        && request.getCarrier().getRequestURI().endsWith("/responses"));
  }

  @Bean
  @Order(1)
  SecurityFilterChain publicSurveyChain(HttpSecurity http) throws Exception {
    http.securityMatcher("/s/**")
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable())
        .requestCache(r -> r.disable())
        .securityContext(c -> c.disable());
    return http.build();
  }
}
