package org.sanlv.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A problem of the ledger as the caller may see it. The resident's name and phone are masked ({@code 张*},
 * {@code 138****5678}) unless the caller's role has the personal-data right; the clear values never leave the service
 * otherwise. Lists carry no photos and no trail.
 *
 * @param status new | assigned | in-progress | resolved | closed | reopened
 * @param ownerCode the node of the assignee's account when it was assigned (包案到人: that unit sees it too)
 * @param deadline a China date
 * @param overdue the deadline has passed (China date) and the problem is still being worked
 * @param version the optimistic lock every change names
 */
public record Problem(long id, String areaCode, String areaName, String address, String source, String category,
    String categoryName, String description, String residentName, String residentPhone, boolean personalDataMasked,
    String recordedBy, String recordedByName, Instant recordedAt, String status, String assignee, String assigneeName,
    String ownerCode, String ownerName, LocalDate deadline, boolean overdue, String resolution, String resolvedBy,
    Instant resolvedAt, String satisfaction, String closedBy, Instant closedAt, int version, List<Photo> photos,
    List<Event> trail) {}
