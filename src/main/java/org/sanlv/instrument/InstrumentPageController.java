package org.sanlv.instrument;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Questionnaire pages: the list, XLSForm upload and download, and the phone preview with live skip logic. */
@Controller
@Requires(Permission.ORG_READ)
class InstrumentPageController {

  static final MediaType XLSX =
      MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  private final InstrumentService instruments;
  private final OrgService org;

  InstrumentPageController(InstrumentService instruments, OrgService org) {
    this.instruments = instruments;
    this.org = org;
  }

  @GetMapping("/instruments")
  String list(Scope scope, Model model) {
    model.addAttribute("instruments", instruments.list(scope));
    model.addAttribute("mayUpload", scope.may(Permission.INSTRUMENTS_MANAGE));
    model.addAttribute("lang", language());
    InstrumentService.UploadDefaults defaults = instruments.uploadDefaults(scope);
    model.addAttribute("defaults", defaults);
    model.addAttribute("province", defaults.province());
    model.addAttribute("year", String.valueOf(defaults.year()));
    return "instrument/list";
  }

  /** Upload: province and year from the page are used when the form's settings leave them out. */
  @PostMapping("/instruments")
  @Requires(Permission.INSTRUMENTS_MANAGE)
  String upload(Scope scope, @RequestParam("file") MultipartFile file,
      @RequestParam(name = "province", defaultValue = "") String province,
      @RequestParam(name = "year", defaultValue = "") String year, Model model) throws IOException {
    String yearText = year.strip();
    InstrumentService.UploadResult result = yearText.isEmpty() || yearText.matches("\\d{4}")
        ? instruments.upload(scope, file.getBytes(), file.getOriginalFilename(), province.strip(),
            yearText.isEmpty() ? 0 : Integer.parseInt(yearText))
        : new InstrumentService.UploadResult(java.util.Optional.empty(),
            List.of(FormProblem.at("year", "settings.year", yearText)));
    model.addAttribute("instruments", instruments.list(scope));
    model.addAttribute("mayUpload", true);
    model.addAttribute("lang", language());
    model.addAttribute("defaults", instruments.uploadDefaults(scope));
    model.addAttribute("province", province.strip());
    model.addAttribute("year", yearText);
    model.addAttribute("uploaded", result.stored().orElse(null));
    model.addAttribute("formProblems", result.problems());
    model.addAttribute("fileName", file.getOriginalFilename());
    return "instrument/list";
  }

  @GetMapping("/instruments/{instrumentId}/xlsform")
  ResponseEntity<byte[]> download(Scope scope, @PathVariable long instrumentId) {
    InstrumentSummary summary = instruments.get(scope, instrumentId);
    String name = summary.formId() + (summary.version().isBlank() ? "" : "-" + summary.version()) + ".xlsx";
    return ResponseEntity.ok().contentType(XLSX)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(name, java.nio.charset.StandardCharsets.UTF_8).build().toString())
        .body(instruments.xlsform(scope, instrumentId));
  }

  @GetMapping("/instruments/{instrumentId}/preview")
  String preview(Scope scope, @PathVariable long instrumentId, Model model) {
    InstrumentSummary summary = instruments.get(scope, instrumentId);
    InterviewScreen screen = new InterviewScreen(instruments.flow(instrumentId));
    model.addAttribute("instrument", summary);
    model.addAttribute("view", screen.start(Map.of()));
    return page(model, summary);
  }

  /** One step of the preview; htmx swaps in the fragment, without JavaScript the whole page comes back. */
  @GetMapping("/instruments/{instrumentId}/preview/step")
  String previewStep(Scope scope, @PathVariable long instrumentId, @RequestParam(defaultValue = "") String answers,
      @RequestParam String question, @RequestParam(defaultValue = "next") String action,
      @RequestParam(name = "value", required = false) List<String> value,
      @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
    InstrumentSummary summary = instruments.get(scope, instrumentId);
    InterviewScreen screen = new InterviewScreen(instruments.flow(instrumentId));
    model.addAttribute("instrument", summary);
    model.addAttribute("view", "back".equals(action) ? screen.back(answers, question) : screen.next(answers, question, value));
    String page = page(model, summary);
    return htmx != null ? "instrument/_step :: step" : page;
  }

  private String page(Model model, InstrumentSummary instrument) {
    model.addAttribute("lang", language());
    model.addAttribute("stepUrl", "/instruments/" + instrument.id() + "/preview/step");
    // the screening question "您现在居住在哪个县（市、区）?" offers the province's counties
    java.util.Map<String, String> counties = new java.util.LinkedHashMap<>();
    org.areasUnder(instrument.provinceCode(), OrgLevel.COUNTY).forEach(c -> counties.put(c.code(), c.name()));
    model.addAttribute("counties", counties);
    return "instrument/preview";
  }

  static String language() {
    return "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh";
  }
}
