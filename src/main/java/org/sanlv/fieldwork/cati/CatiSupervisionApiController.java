package org.sanlv.fieldwork.cati;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The phone supervisor's API: the live view, releasing the next replicate, the do-not-call list. */
@RestController
@RequestMapping("/api/v1/cati/surveys/{surveyId}")
@Requires(Permission.FIELDWORK_SUPERVISE)
@Tag(name = "cati-supervision", description = "Phone fieldwork: interviewer states, numbers left, replicates, do-not-call")
class CatiSupervisionApiController {

  private final CatiSupervision supervision;

  CatiSupervisionApiController(CatiSupervision supervision) {
    this.supervision = supervision;
  }

  record NewDnc(String number) {}

  @GetMapping("/supervision")
  @Operation(summary = "Interviewer states, cases left per area and state, strata, attempts per hour today, "
      + "replicates, today's appointments and the do-not-call list (numbers masked)")
  CatiSupervision.Supervision supervision(Scope scope, @PathVariable long surveyId) {
    return supervision.supervision(scope, surveyId);
  }

  @PostMapping("/release")
  @Operation(summary = "Release the next replicate of the survey's current phone draw (callers covering the survey's area)")
  CatiSupervision.Released release(Scope scope, @PathVariable long surveyId) {
    return supervision.release(scope, surveyId);
  }

  @GetMapping("/dnc")
  @Operation(summary = "The survey's do-not-call list, numbers masked, newest first (at most 500)")
  List<CatiSupervision.DncEntry> dnc(Scope scope, @PathVariable long surveyId) {
    return supervision.dnc(scope, surveyId);
  }

  @PostMapping("/dnc")
  @Operation(summary = "Add a number to the survey's do-not-call list")
  Map<String, Boolean> addDnc(Scope scope, @PathVariable long surveyId, @RequestBody NewDnc dnc) {
    return Map.of("added", supervision.addDnc(scope, surveyId, dnc == null ? null : dnc.number()));
  }
}
