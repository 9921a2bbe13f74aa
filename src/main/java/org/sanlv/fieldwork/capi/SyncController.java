package org.sanlv.fieldwork.capi;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The interviewer app's API: {@code GET /api/v1/capi/assignments} (my work, for the device to keep) and
 * {@code POST /api/v1/capi/sync} (the visits and interviews the device recorded; see {@link SyncService}).
 */
@RestController
class SyncController {

  private final SyncService sync;
  private final InterviewerApp app;

  SyncController(SyncService sync, InterviewerApp app) {
    this.sync = sync;
    this.app = app;
  }

  record SyncResponse(List<SyncService.Result> results) {}

  @PostMapping(path = "/api/v1/capi/sync", produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.FIELDWORK_INTERVIEW)
  SyncResponse sync(@RequestBody(required = false) Object body, Principal principal) {
    if (!(body instanceof Map<?, ?> map)) {
      throw new InputRejected(Problem.of("capi.sync.notABatch"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> batch = (Map<String, Object>) map;
    return new SyncResponse(sync.sync(principal.getName(), batch, LocaleContextHolder.getLocale()));
  }

  /**
   * My assignments, the surveys and questionnaires they need, the interviews sent back to me, and the CSRF token the
   * device sends with its next sync (a page kept offline for days may hold an old one).
   */
  @GetMapping(path = "/api/v1/capi/assignments", produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.FIELDWORK_INTERVIEW)
  InterviewerApp.MyWork assignments(Principal principal, CsrfToken csrf) {
    return app.workOf(principal.getName(), csrf == null ? null : new InterviewerApp.Csrf(csrf.getHeaderName(), csrf.getToken()));
  }
}
