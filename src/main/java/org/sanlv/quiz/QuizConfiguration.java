package org.sanlv.quiz;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuizSettings.class)
class QuizConfiguration {

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
