package org.sanlv.fieldwork;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the online survey and the response store.
 *
 * @param batchSize most submissions written in one transaction (group commit)
 * @param writers writer threads; one keeps the "one response per device" check free of races
 * @param ackTimeout how long a submit waits for its commit before answering "please retry" (the retry is safe)
 * @param maxBody largest submit body in bytes
 * @param devicePerMinute submits one device may make per minute (0 = no limit)
 * @param networkPerMinute submits one network may make per minute before it is slowed (0 = no limit); bursts
 *     below this are only flagged
 * @param lateGrace how long after the window closes a form opened inside it is still accepted (and flagged late)
 * @param smsRequired whether respondents must verify a phone number by SMS before submitting
 * @param smsCodeTtl how long an SMS code is valid
 */
@ConfigurationProperties("sanlv.fieldwork")
record FieldworkSettings(
    @DefaultValue("256") int batchSize,
    @DefaultValue("1") int writers,
    @DefaultValue("10s") Duration ackTimeout,
    @DefaultValue("65536") int maxBody,
    @DefaultValue("10") int devicePerMinute,
    @DefaultValue("600") int networkPerMinute,
    @DefaultValue("1d") Duration lateGrace,
    @DefaultValue("false") boolean smsRequired,
    @DefaultValue("10m") Duration smsCodeTtl,
    @DefaultValue("5") int smsPerNumberPerDay,
    @DefaultValue("20") int smsPerNetworkPerDay,
    @DefaultValue("5000") int smsPerSurveyPerDay) {}
