package org.sanlv.fieldwork;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.QrCode;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.http.CacheControl;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** For staff: a survey's public link with a QR code per county preset, and the live monitoring of online fieldwork. */
@Controller
@Requires(Permission.ORG_READ)
class OnlineSurveyPageController {

  private final SurveyService surveys;
  private final FieldworkService fieldwork;
  private final Clock clock;

  OnlineSurveyPageController(SurveyService surveys, FieldworkService fieldwork, Clock clock) {
    this.surveys = surveys;
    this.fieldwork = fieldwork;
    this.clock = clock;
  }

  /** A link the QR code carries: one per stratum (county or town) preset, and the plain link (code empty). */
  record Link(String code, String name, String url) {}

  @GetMapping("/surveys/{surveyId}/online")
  String links(Scope scope, @PathVariable long surveyId, HttpServletRequest request, Model model) {
    Survey survey = surveys.get(scope, surveyId);
    String base = publicLink(survey);
    List<Link> links = new ArrayList<>();
    links.add(new Link("", "", base));
    fieldwork.strata(survey).forEach((code, name) -> links.add(new Link(code, name, base + "?area=" + code)));
    model.addAttribute("survey", survey);
    model.addAttribute("links", links);
    model.addAttribute("townLevel", FieldworkService.townLevel(survey));
    // what a resident opening the link sees now: a draft says "not yet started" whatever its window, so the staff
    // are told the survey's status first, then the window (in China time)
    FieldworkService.Window window = fieldwork.window(survey, clock.instant());
    model.addAttribute("window", survey.status() == Survey.Status.DRAFT ? "DRAFT" : window.name());
    model.addAttribute("live", survey.status() == Survey.Status.FIELDING && window == FieldworkService.Window.OPEN);
    model.addAttribute("online", survey.mode(SurveyMode.ONLINE).orElse(null));
    return "fieldwork/online";
  }

  @GetMapping("/surveys/{surveyId}/online/qr.png")
  ResponseEntity<byte[]> qr(Scope scope, @PathVariable long surveyId, @RequestParam(defaultValue = "") String area,
      @RequestParam(defaultValue = "") String county, @RequestParam(defaultValue = "false") boolean download) {
    Survey survey = surveys.get(scope, surveyId);
    String url = publicLink(survey);
    String name = survey.slug();
    String code = area.isBlank() ? county : area; // county: the parameter's name before towns had links
    if (!code.isBlank() && fieldwork.strata(survey).containsKey(code)) {
      url += "?area=" + code;
      name += "-" + code;
    }
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noCache());
    if (download) {
      answer.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name + ".png").build().toString());
    }
    return answer.body(QrCode.png(url, download ? 600 : 240));
  }

  @GetMapping("/surveys/{surveyId}/monitor")
  String monitor(Scope scope, @PathVariable long surveyId, @RequestHeader(name = "HX-Request", required = false) String htmx,
      Model model) {
    Survey survey = surveys.get(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("monitor", fieldwork.monitor(scope, survey));
    model.addAttribute("townLevel", FieldworkService.townLevel(survey));
    model.addAttribute("mayManage", scope.may(Permission.SURVEYS_MANAGE) && scope.covers(survey.targetPath()));
    model.addAttribute("flagNames", List.of("duplicate_device", "duplicate_phone", "speeder", "straight_line", "burst", "late"));
    return htmx != null ? "fieldwork/_monitor :: figures" : "fieldwork/monitor";
  }

  @PostMapping("/surveys/{surveyId}/integrity")
  @Requires(Permission.SURVEYS_MANAGE)
  String recompute(Scope scope, @PathVariable long surveyId) {
    Survey survey = surveys.get(scope, surveyId);
    if (!scope.covers(survey.targetPath())) {
      throw new org.sanlv.org.OutOfScope("survey " + surveyId);
    }
    fieldwork.recomputeFlags(survey);
    return "redirect:/surveys/" + surveyId + "/monitor";
  }

  private static String publicLink(Survey survey) {
    return ServletUriComponentsBuilder.fromCurrentContextPath().path("/s/" + survey.slug()).build().toUriString();
  }

}
