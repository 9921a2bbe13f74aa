package org.sanlv.scoring;

import java.time.Instant;

/** One stored version of an area's rules for a year (id 0: the shipped default). */
public record RulesVersion(long id, String areaCode, int year, int version, Rules rules, String sourceText,
    String note, String createdBy, Instant createdAt) {}
