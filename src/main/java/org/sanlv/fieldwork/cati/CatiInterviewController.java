package org.sanlv.fieldwork.cati;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The phone interview's submission from the interviewer's screen: see {@link CatiInterviewService}. */
@RestController
@Tag(name = "cati", description = "Phone interviews (CATI)")
class CatiInterviewController {

  private final CatiInterviewService interviews;

  CatiInterviewController(CatiInterviewService interviews) {
    this.interviews = interviews;
  }

  @PostMapping(path = "/api/v1/cati/cases/{caseId}/interview", produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.FIELDWORK_INTERVIEW)
  @Operation(summary = "A complete phone interview of the case the caller holds; recorded as AAPOR 1.1")
  CatiInterviewService.Result interview(Principal principal, @PathVariable long caseId,
      @RequestBody Map<String, Object> body) {
    return interviews.submit(principal.getName(), caseId, body);
  }
}
