package org.sanlv.instrument;

import org.sanlv.org.ScopeTarget;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
class InstrumentConfiguration {

  /** {@code instrumentId}: a questionnaire, placed at its province; its counties and towns may read it. */
  @Bean
  ScopeTarget instrumentTarget(InstrumentService service) {
    return ScopeTarget.sharedDownward("instrumentId", value -> {
      try {
        return service.pathOf(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }

  @Bean
  @Order(3)
  ApplicationRunner builtInQuestionnaires(InstrumentService service) {
    return args -> service.seedBuiltIns();
  }
}
