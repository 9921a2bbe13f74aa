package org.sanlv.integrity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the integrity flags.
 *
 * @param secondsPerQuestion reading time per question shown below which a response is a speeder
 * @param minSpeederSeconds the speeder threshold is never below this
 * @param burstWindow window over which responses of one network are counted
 * @param burstThreshold more responses than this from one network within the window are flagged
 * @param straightLineMinItems rating items needed before straight-lining is judged
 */
@ConfigurationProperties("sanlv.integrity")
record IntegritySettings(
    @DefaultValue("2.0") double secondsPerQuestion,
    @DefaultValue("20") int minSpeederSeconds,
    @DefaultValue("10m") Duration burstWindow,
    @DefaultValue("20") int burstThreshold,
    @DefaultValue("4") int straightLineMinItems) {}
