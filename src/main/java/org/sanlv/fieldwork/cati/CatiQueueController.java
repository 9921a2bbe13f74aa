package org.sanlv.fieldwork.cati;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The call queue's JSON API for the interviewer screen: next number, outcome, live state, strata, codes. */
@RestController
@Tag(name = "cati", description = "Phone fieldwork (CATI): the call queue")
class CatiQueueController {

  private final CatiQueue queue;
  private final MessageSource messages;

  CatiQueueController(CatiQueue queue, MessageSource messages) {
    this.queue = queue;
    this.messages = messages;
  }

  /** The outcome as the screen posts it. */
  record OutcomeBody(UUID holdToken, UUID key, String code, String note, Instant callbackAt, Boolean appointment,
      Boolean hardRefusal, String stratum) {}

  record StateBody(String state) {}

  /** A code button with its label in the caller's language; {@code final}: recording it ends the number. */
  record Code(String code, String category, String label, @JsonProperty("final") boolean fin, boolean needsTime) {}

  @PostMapping("/api/v1/cati/surveys/{surveyId}/next")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  @Operation(summary = "The next number for the caller (the one they hold, if any), or why none and when to ask again")
  CatiQueue.NextCall next(Scope scope, @PathVariable long surveyId) {
    return queue.next(scope.username(), surveyId);
  }

  @PostMapping("/api/v1/cati/cases/{caseId}/outcome")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  @Operation(summary = "Record the AAPOR code of an attempt on a held number (a retry with the same key is a repeat)")
  CatiQueue.Recorded outcome(Scope scope, @PathVariable long caseId, @RequestBody OutcomeBody body) {
    return queue.record(scope.username(), caseId, body.holdToken(), new CatiQueue.Outcome(body.key(), body.code(),
        body.note(), body.callbackAt(), Boolean.TRUE.equals(body.appointment()),
        Boolean.TRUE.equals(body.hardRefusal()), body.stratum(), null));
  }

  @PostMapping("/api/v1/cati/surveys/{surveyId}/state")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  @ResponseStatus(HttpStatus.OK)
  @Operation(summary = "The caller's live state: idle, dialling, interview, wrap_up, away")
  Map<String, String> state(Scope scope, @PathVariable long surveyId, @RequestBody StateBody body) {
    queue.state(scope.username(), surveyId, body.state());
    return Map.of("state", body.state());
  }

  @GetMapping("/api/v1/cati/surveys/{surveyId}/strata")
  @Requires(Permission.ORG_READ)
  @Operation(summary = "The strata of the screening question with their targets of completes and those done")
  List<CatiQueue.Stratum> strata(Scope scope, @PathVariable long surveyId) {
    fieldwork(scope);
    return queue.strata(surveyId);
  }

  @GetMapping("/api/v1/cati/codes")
  @Requires(Permission.ORG_READ)
  @Operation(summary = "The AAPOR codes an interviewer may record, with labels")
  List<Code> codes(Scope scope) {
    fieldwork(scope);
    Locale locale = LocaleContextHolder.getLocale();
    return queue.codes().stream().map(c -> new Code(c.code(), c.category(),
        messages.getMessage(c.messageKey(), null, c.code(), locale), c.fin(), c.needsTime())).toList();
  }

  /** Interviewers and supervisors of fieldwork: one of two permissions, so checked here. */
  private static void fieldwork(Scope scope) {
    if (!scope.may(Permission.FIELDWORK_INTERVIEW) && !scope.may(Permission.FIELDWORK_SUPERVISE)) {
      throw new OutOfScope("cati");
    }
  }
}
