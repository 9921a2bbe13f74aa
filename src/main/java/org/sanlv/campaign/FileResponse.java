package org.sanlv.campaign;

import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * How a stored file is served, wherever it is linked from (campaign files, the ledger's photos): its sniffed type,
 * {@code nosniff}, a sandboxing CSP, only images inline (everything else a download), and its digest as the ETag.
 */
public final class FileResponse {

  private FileResponse() {}

  /**
   * The file's bytes, or 304 when {@code ifNoneMatch} names its ETag (or {@code *}); a thumbnail is named after
   * the original with {@code -thumbnail.jpg}.
   */
  public static ResponseEntity<byte[]> of(FileContent c, String ifNoneMatch, boolean thumbnail) {
    String etag = "\"" + c.sha256() + "\"";
    boolean image = c.contentType().startsWith("image/");
    String name = thumbnail ? stem(c.file().originalName()) + "-thumbnail.jpg" : c.file().originalName();
    HttpHeaders h = new HttpHeaders();
    h.setETag(etag);
    h.setCacheControl(CacheControl.noCache().cachePrivate());
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'");
    h.setContentDisposition((image ? ContentDisposition.inline() : ContentDisposition.attachment())
        .filename(name, StandardCharsets.UTF_8).build());
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(h).build();
    }
    h.setContentType(MediaType.parseMediaType(c.contentType()));
    h.setContentLength(c.bytes().length);
    return ResponseEntity.ok().headers(h).body(c.bytes());
  }

  private static String stem(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
