package org.sanlv.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web shell.
 *
 * @param loginDelay base delay after repeated failed sign-ins (doubles with each further failure)
 * @param loginFreeFailures failed sign-ins of one account allowed before the delay starts
 * @param loginMaxDelay the longest delay
 */
@ConfigurationProperties("sanlv.web")
record WebSettings(
    @DefaultValue("1s") Duration loginDelay,
    @DefaultValue("3") int loginFreeFailures,
    @DefaultValue("30s") Duration loginMaxDelay) {}
