package org.sanlv.ledger;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One change in a problem's status trail: who, when, from which status to which, and what was said (the assignment's
 * note, the resolution, the satisfaction answer and note at closing, the reason for reopening).
 */
public record Event(Instant at, String actor, String actorName, String fromStatus, String toStatus, String assignee,
    String assigneeName, LocalDate deadline, String note) {}
