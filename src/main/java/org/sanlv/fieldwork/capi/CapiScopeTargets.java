package org.sanlv.fieldwork.capi;

import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the CAPI path variables point in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class CapiScopeTargets {

  /** {@code teamId}: placed at the team's area. */
  @Bean
  ScopeTarget teamTarget(AssignmentService assignments) {
    return ScopeTarget.of("teamId", assignments::teamPath);
  }

  /** {@code assignmentId}: placed at the assignment's town (its county when it has no town). */
  @Bean
  ScopeTarget assignmentTarget(AssignmentService assignments) {
    return ScopeTarget.of("assignmentId", assignments::assignmentPath);
  }
}
