package org.sanlv.publication;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Publications over JSON: publish a survey's ranking, list and read the frozen snapshots. */
@RestController
@Requires(Permission.ORG_READ)
class PublicationApiController {

  private final PublicationService publications;

  PublicationApiController(PublicationService publications) {
    this.publications = publications;
  }

  /** What a client sends to publish: a title, and optionally the area (the survey's own; a part is not offered). */
  record PublishRequest(String title, String areaCode) {}

  /** A publication as the API answers it: the stored snapshot, its digest and whether it still matches. */
  record PublicationJson(long id, long surveyId, String areaCode, String level, String title, Long rulesId,
      String sha256, boolean intact, String publishedBy, Instant publishedAt, Snapshot snapshot) {

    static PublicationJson of(Publication p) {
      return new PublicationJson(p.id(), p.surveyId(), p.areaCode(), p.level(), p.title(), p.rulesId(), p.sha256(),
          p.intact(), p.publishedBy(), p.publishedAt(), p.snapshot());
    }
  }

  @PostMapping("/api/v1/surveys/{surveyId}/publications")
  @Requires(Permission.PUBLISH)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Publish the survey's ranking (晾晒): results, scores and ranks frozen as a dated snapshot")
  PublicationJson publish(Scope scope, @PathVariable long surveyId, @RequestBody PublishRequest request) {
    return PublicationJson.of(publications.publish(scope, surveyId, request.areaCode(), request.title()));
  }

  @GetMapping("/api/v1/publications")
  @Operation(summary = "Publications of the caller's area, of the areas below and above it, newest first")
  List<PublicationService.Summary> list(Scope scope) {
    return publications.list(scope);
  }

  @GetMapping("/api/v1/publications/{publicationId}")
  @Operation(summary = "One publication with its frozen snapshot, as stored")
  PublicationJson get(Scope scope, @PathVariable long publicationId) {
    return PublicationJson.of(publications.get(scope, publicationId));
  }
}
