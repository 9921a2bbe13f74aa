package org.sanlv.fieldwork.capi;

import java.util.Optional;
import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReviewConfiguration {

  /**
   * {@code responseId}: a field interview, placed at its county. One outside the caller's subtree answers 404 like one
   * that does not exist: which interviews exist elsewhere is nobody's business.
   */
  @Bean
  ScopeTarget fieldInterviewTarget(ReviewService reviews) {
    return ScopeTarget.hidingOutside("responseId", value -> {
      try {
        return reviews.pathOf(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
