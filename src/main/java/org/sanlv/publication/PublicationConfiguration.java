package org.sanlv.publication;

import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublicationConfiguration {

  /**
   * {@code publicationId}: placed at its area; the areas below may read it (a published ranking is circulated to the
   * counties and towns it ranks).
   */
  @Bean
  ScopeTarget publicationTarget(PublicationService publications) {
    return ScopeTarget.sharedDownward("publicationId", value -> {
      try {
        return publications.pathOf(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }
}
