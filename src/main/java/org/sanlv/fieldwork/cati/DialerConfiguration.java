package org.sanlv.fieldwork.cati;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the {@link Dialer}: {@code sanlv.cati.dialer=none} (the default) is {@link NoDialer}. A switch
 * integration registers its own {@code Dialer} bean under another value of the setting (e.g. {@code asterisk}).
 */
@Configuration(proxyBeanMethods = false)
class DialerConfiguration {

  @Bean
  @ConditionalOnProperty(name = "sanlv.cati.dialer", havingValue = "none", matchIfMissing = true)
  Dialer noDialer() {
    return new NoDialer();
  }
}
