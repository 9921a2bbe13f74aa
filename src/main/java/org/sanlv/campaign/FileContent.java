package org.sanlv.campaign;

/**
 * The bytes of a stored file (or of its thumbnail, always a JPEG) with what serving them needs.
 *
 * @param sha256 hex digest of the bytes served, the ETag
 */
public record FileContent(StoredFile file, String contentType, String sha256, byte[] bytes) {}
