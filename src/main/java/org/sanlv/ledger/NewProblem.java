package org.sanlv.ledger;

import java.util.List;

/**
 * A problem as recorded: where, how it came in, what it is, who raised it (personal data) and photos already
 * uploaded through the campaign files API.
 *
 * @param source visit | hotline | case-follow-up | survey-comment | other
 */
public record NewProblem(String areaCode, String address, String source, String category, String description,
    String residentName, String residentPhone, List<Long> photoFileIds) {}
