package org.sanlv.quiz;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the public quiz.
 *
 * @param devicePerMinute completions one device may send per minute (0 = no limit)
 * @param networkPerMinute completions one network may send per minute (0 = no limit)
 * @param batchSize most completions written in one transaction (group commit)
 * @param ackTimeout how long a completion waits for its commit before answering "please retry" (the retry is safe)
 * @param maxBody largest request body in bytes
 * @param contentCache how long a node keeps the live content before it looks for a newer edition
 * @param burstWindow window over which the completions of one network are counted (per node, like the limits)
 * @param burstThreshold more completions than this from one network within the window are stored flagged as a burst
 *     (still counted; 0 = never flag)
 */
@ConfigurationProperties("sanlv.quiz")
record QuizSettings(
    @DefaultValue("10") int devicePerMinute,
    @DefaultValue("600") int networkPerMinute,
    @DefaultValue("256") int batchSize,
    @DefaultValue("10s") Duration ackTimeout,
    @DefaultValue("16384") int maxBody,
    @DefaultValue("10s") Duration contentCache,
    @DefaultValue("10m") Duration burstWindow,
    @DefaultValue("30") int burstThreshold) {}
