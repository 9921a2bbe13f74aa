package org.sanlv.publication;

import java.time.Instant;

/**
 * A publication (晾晒) as stored: who published what, when, and the frozen snapshot with its SHA-256.
 *
 * @param areaPath the tree path of its area, for the scope check
 * @param intact whether the stored snapshot still hashes to its recorded digest
 */
public record Publication(long id, long surveyId, String areaCode, String areaPath, String level, String title,
    Long rulesId, String sha256, String publishedBy, Instant publishedAt, Snapshot snapshot, boolean intact) {}
