package org.sanlv.survey;

import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SurveyConfiguration {

  /** {@code surveyId}: placed at its target area; the areas below may read it (their own results). */
  @Bean
  ScopeTarget surveyTarget(SurveyService surveys) {
    return ScopeTarget.sharedDownward("surveyId", value -> {
      try {
        return surveys.pathOf(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }
}
