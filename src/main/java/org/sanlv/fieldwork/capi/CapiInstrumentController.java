package org.sanlv.fieldwork.capi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sanlv.instrument.ClientForm;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InstrumentSummary;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The questionnaire for the interviewer's browser: the compiled instrument as JSON (for the client engine,
 * {@code static/js/capi/engine.js}, which runs it offline) and a page to try it in that engine. For interviewers
 * and the supervisors who check their work; the permission check is here because it is one of two permissions.
 */
@Controller
@Requires(Permission.ORG_READ)
@Tag(name = "capi", description = "Household and intercept interviews (CAPI)")
class CapiInstrumentController {

  /** Texts the interview screen needs besides the form's own, in each language of the app. */
  static final List<String> TEXT_KEYS = List.of("answer.unknown-question", "answer.not-answerable",
      "answer.not-integer", "answer.not-number", "answer.not-date", "answer.wrong-shape", "answer.unknown-choice",
      "answer.duplicate-choice", "answer.filtered-choice", "answer.required", "answer.constraint",
      "answer.not-relevant", "interview.progress", "interview.position", "interview.required", "interview.next",
      "interview.back", "interview.chooseCounty", "capi.interview.hint", "capi.interview.cancel",
      "capi.interview.finish", "capi.interview.allAnswered", "capi.interview.endIneligible",
      "capi.interview.endComplete");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, Locale> LANGUAGES = Map.of("zh", Locale.SIMPLIFIED_CHINESE, "en", Locale.ENGLISH);

  private final InstrumentService instruments;
  private final OrgService org;
  private final MessageSource messages;

  CapiInstrumentController(InstrumentService instruments, OrgService org, MessageSource messages) {
    this.instruments = instruments;
    this.org = org;
    this.messages = messages;
  }

  /**
   * The compiled instrument: rows in order with labels, hints, choices and expressions as text, the evaluation
   * order, the interview texts in Chinese and English and the province's counties. The ETag is a digest of exactly
   * these bytes (a stored version never changes, but texts and counties may with a new release), so a device that
   * asks again with If-None-Match gets 304 until something it would see has changed; it may keep the answer a day.
   */
  @GetMapping(path = "/api/v1/capi/instruments/{instrumentId}", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  @Operation(summary = "A questionnaire compiled for the offline interview engine in the browser")
  ResponseEntity<byte[]> instrument(Scope scope, @PathVariable long instrumentId, WebRequest request) {
    InstrumentSummary summary = usable(scope, instrumentId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", summary.id());
    body.put("provinceCode", summary.provinceCode());
    body.putAll(ClientForm.of(instruments.flow(instrumentId)));
    body.put("texts", texts());
    Map<String, String> counties = new LinkedHashMap<>();
    org.areasUnder(summary.provinceCode(), OrgLevel.COUNTY).forEach(c -> counties.put(c.code(), c.name()));
    body.put("counties", counties);
    byte[] bytes = JSON.writeValueAsBytes(body);
    String etag = "\"capi-" + summary.id() + "-" + digest(bytes) + "\"";
    CacheControl cache = CacheControl.maxAge(1, TimeUnit.DAYS).cachePrivate();
    if (request.checkNotModified(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(etag).cacheControl(cache).body(bytes);
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Try a questionnaire in the client engine, as an interviewer's phone runs it; nothing is stored. */
  @GetMapping("/capi/preview/{instrumentId}")
  String preview(Scope scope, @PathVariable long instrumentId, Model model) {
    InstrumentSummary summary = usable(scope, instrumentId);
    String lang = "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh";
    model.addAttribute("instrument", summary);
    model.addAttribute("lang", lang);
    model.addAttribute("instrumentUrl", "/api/v1/capi/instruments/" + summary.id());
    return "capi/preview";
  }

  private InstrumentSummary usable(Scope scope, long instrumentId) {
    if (!scope.may(Permission.FIELDWORK_INTERVIEW) && !scope.may(Permission.FIELDWORK_SUPERVISE)) {
      throw new OutOfScope(Permission.FIELDWORK_INTERVIEW.name());
    }
    return instruments.get(scope, instrumentId);
  }

  private Map<String, Map<String, String>> texts() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    LANGUAGES.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))
        .forEach(l -> {
          Map<String, String> t = new LinkedHashMap<>();
          for (String key : TEXT_KEYS) {
            t.put(key, messages.getMessage(key, null, key, l.getValue()));
          }
          out.put(l.getKey(), t);
        });
    return out;
  }
}
