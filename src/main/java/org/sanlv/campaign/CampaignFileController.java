package org.sanlv.campaign;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MultipartFile;

/**
 * Upload and serving of campaign files. Served bytes always carry their sniffed type, {@code nosniff} and a
 * sandboxing CSP; only images are shown inline, everything else is a download ({@link FileResponse}).
 */
@Controller
@Requires(Permission.CAMPAIGN_WORK)
class CampaignFileController {

  private final CampaignFiles files;

  CampaignFileController(CampaignFiles files) {
    this.files = files;
  }

  @PostMapping("/api/v1/campaign/files")
  @ResponseBody
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Upload a photo (JPEG, PNG, WebP), video (MP4) or PDF of an area in scope; the type is read "
      + "from the bytes, a name claiming another type is refused")
  StoredFile upload(Scope scope, @RequestParam("file") MultipartFile file,
      @RequestParam(name = "area", required = false) String area) {
    if (file == null || file.isEmpty()) {
      throw new InputRejected(Problem.of("campaign.file.error.empty",
          file == null ? "" : CampaignFiles.cleanName(file.getOriginalFilename())));
    }
    try {
      return files.store(scope, area == null || area.isBlank() ? scope.nodeCode() : area,
          file.getOriginalFilename(), file.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping("/api/v1/campaign/files/{fileId}")
  @ResponseBody
  @Operation(summary = "A stored file's description (type, size, name, area, who uploaded it when)")
  StoredFile describe(Scope scope, @PathVariable long fileId) {
    return files.file(scope, fileId);
  }

  @GetMapping("/campaign/files/{fileId}")
  ResponseEntity<byte[]> serve(Scope scope, @PathVariable long fileId,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return FileResponse.of(files.content(scope, fileId, false), ifNoneMatch, false);
  }

  @GetMapping("/campaign/files/{fileId}/thumbnail")
  ResponseEntity<byte[]> thumbnail(Scope scope, @PathVariable long fileId,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return FileResponse.of(files.content(scope, fileId, true), ifNoneMatch, true);
  }

  /** The caller's newest files with an upload form: where a unit checks what it has sent. */
  @GetMapping("/campaign/files")
  String page(Scope scope, Model model) {
    List<StoredFile> newest = files.newest(scope, 60);
    model.addAttribute("files", newest);
    model.addAttribute("area", scope.nodeCode());
    return "campaign/files";
  }
}
