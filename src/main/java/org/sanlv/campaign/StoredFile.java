package org.sanlv.campaign;

import java.time.Instant;

/**
 * An uploaded file as the campaign's tasks and reports reference it (by id): its type is what its bytes are.
 *
 * @param contentType the sniffed type: image/jpeg, image/png, image/webp, video/mp4 or application/pdf
 * @param areaCode whose file it is; only callers whose scope contains that area see it
 */
public record StoredFile(long id, String contentType, long sizeBytes, String originalName, boolean hasThumbnail,
    String areaCode, String uploadedBy, Instant uploadedAt) {

  public boolean isImage() {
    return contentType.startsWith("image/");
  }
}
