package org.sanlv.fieldwork;

import java.util.Map;

/**
 * One submit of the public page, as the browser sends it plus what the server knows of the request.
 *
 * @param surveyId the survey the page was made for (checked against the link)
 * @param pageToken the page's signed token
 * @param idempotencyKey a UUID made by the browser once per response; retries send the same
 * @param deviceToken the browser's device token (local storage, else the cookie)
 * @param answers the answers as the page kept them (validated again here)
 * @param paradata per-question times and visibility changes, as the page measured them
 * @param honeypot a field people never see; anything in it marks a script
 * @param phone a phone number verified by SMS, or null
 * @param smsChallenge the id of the SMS challenge, or null
 * @param smsCode the code the respondent received, or null
 * @param remoteAddress the client's address (hashed by network, never stored)
 * @param userAgent the User-Agent header (only its class is stored)
 * @param area the respondent's stratum when the page knows it outside the answers: a link's {@code ?area=} or the
 *     town chosen on the page of a town-stratified survey; null otherwise
 */
public record OnlineSubmission(Long surveyId, String pageToken, String idempotencyKey, String deviceToken,
    Map<String, Object> answers, Map<String, Object> paradata, String honeypot, String phone, String smsChallenge,
    String smsCode, String remoteAddress, String userAgent, String area) {}
