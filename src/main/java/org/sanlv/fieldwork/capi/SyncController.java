package org.sanlv.fieldwork.capi;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The interviewer app's API: {@code GET /api/v1/capi/me/assignments} (my work, for the device to keep) and
 * {@code POST /api/v1/capi/sync} (the visits and interviews the device recorded; see {@link SyncService}).
 */
@RestController
class SyncController {

  /** 200 interviews of a long questionnaire with their paradata stay far below this. */
  private static final int MOST_BYTES = 16_000_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SyncService sync;
  private final InterviewerApp app;

  SyncController(SyncService sync, InterviewerApp app) {
    this.sync = sync;
    this.app = app;
  }

  record SyncResponse(List<SyncService.Result> results) {}

  @PostMapping(path = "/api/v1/capi/sync", produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.FIELDWORK_INTERVIEW)
  SyncResponse sync(HttpServletRequest request, Principal principal) throws IOException {
    Object body = readJson(request);
    if (!(body instanceof Map<?, ?> map)) {
      throw new InputRejected(Problem.of("capi.sync.notABatch"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> batch = (Map<String, Object>) map;
    return new SyncResponse(sync.sync(principal.getName(), batch, LocaleContextHolder.getLocale()));
  }

  /**
   * The body, read here rather than by {@code @RequestBody}: the platform refuses a whole {@code @RequestBody} for one
   * string PostgreSQL cannot store, and one visit of a batch must never cost the others. {@link SyncService} checks
   * every field of every visit on its own.
   */
  private static Object readJson(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MOST_BYTES) {
      throw new InputRejected(Problem.of("capi.sync.tooLarge", MOST_BYTES / 1_000_000));
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MOST_BYTES + 1);
    }
    if (bytes.length > MOST_BYTES) {
      throw new InputRejected(Problem.of("capi.sync.tooLarge", MOST_BYTES / 1_000_000));
    }
    try {
      return JSON.readValue(new String(bytes, StandardCharsets.UTF_8), Object.class);
    } catch (JacksonException e) {
      throw new InputRejected(Problem.of("capi.sync.notABatch"));
    }
  }

  /**
   * My assignments, the surveys and questionnaires they need, the interviews sent back to me, and the CSRF token the
   * device sends with its next sync (a page kept offline for days may hold an old one).
   */
  @GetMapping(path = "/api/v1/capi/me/assignments", produces = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.FIELDWORK_INTERVIEW)
  InterviewerApp.MyWork assignments(Principal principal, CsrfToken csrf) {
    return app.workOf(principal.getName(), csrf == null ? null : new InterviewerApp.Csrf(csrf.getHeaderName(), csrf.getToken()));
  }
}
