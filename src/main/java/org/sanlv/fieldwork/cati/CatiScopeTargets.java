package org.sanlv.fieldwork.cati;

import java.util.Optional;
import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the CATI path variables point in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class CatiScopeTargets {

  /** {@code caseId}: placed at its survey's target area, like the survey itself. */
  @Bean
  ScopeTarget caseTarget(CatiQueue queue) {
    return ScopeTarget.of("caseId", value -> {
      try {
        return queue.casePath(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
