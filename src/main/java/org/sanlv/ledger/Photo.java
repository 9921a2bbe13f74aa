package org.sanlv.ledger;

/**
 * A photo of a problem (a stored file of the campaign files API), taken when it was recorded or as proof of its
 * resolution; served through the ledger at {@code /ledger/problems/{problemId}/photos/{fileId}}.
 *
 * @param stage recorded | resolved
 * @param image whether the file is a picture (shown inline) rather than a document
 */
public record Photo(long fileId, String stage, boolean image) {}
