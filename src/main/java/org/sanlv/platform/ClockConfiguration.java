package org.sanlv.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platform's one source of "now". Every module asks this bean, never {@code Instant.now()}, so windows,
 * rate limits and tokens can be tested at any date (tests replace it with a clock of their own).
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
