package org.sanlv.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web shell.
 *
 * @param loginDelay the wait after {@code loginFreeFailures} failed sign-ins; doubles with each further failure
 * @param loginFreeFailures failed sign-ins of one account name (any case) before the next attempt must wait
 * @param loginMaxDelay the longest wait before the next attempt is accepted
 * @param loginNetworkFreeFailures failed sign-ins from one network (IPv4 /24, IPv6 /48), whatever the names, before
 *     the next attempt from it must wait (same delays)
 * @param publicApiDocs serve the OpenAPI description and Swagger UI without sign-in
 */
@ConfigurationProperties("sanlv.web")
record WebSettings(
    @DefaultValue("1s") Duration loginDelay,
    @DefaultValue("3") int loginFreeFailures,
    @DefaultValue("30s") Duration loginMaxDelay,
    @DefaultValue("30") int loginNetworkFreeFailures,
    @DefaultValue("false") boolean publicApiDocs) {}
