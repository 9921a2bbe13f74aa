package org.sanlv.sampling;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.CsvCells;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** A survey's sample: sizes per stratum with the planner, frame imports, draws, overview and export. */
@Controller
@Requires(Permission.ORG_READ)
class SamplingPageController {

  private final SamplingService sampling;
  private final SurveyService surveys;

  SamplingPageController(SamplingService sampling, SurveyService surveys) {
    this.sampling = sampling;
    this.surveys = surveys;
  }

  @GetMapping("/surveys/{surveyId}/sample")
  String sample(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) Double halfWidth,
      @RequestParam(required = false) Double rate, @RequestParam(required = false) Double deff,
      @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, HttpServletResponse response) {
    try {
      SamplingService.planner(halfWidth, rate, deff);
      fill(scope, surveyId, halfWidth, rate, deff, model);
    } catch (InputRejected e) {
      // the page without the planner's column, saying which input is outside the planner's range
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      fill(scope, surveyId, null, null, null, model);
      model.addAttribute("halfWidth", halfWidth); // the inputs as typed, to be corrected
      model.addAttribute("rate", rate);
      model.addAttribute("deff", deff);
    }
    return htmx != null ? "sampling/sample :: section" : "sampling/sample";
  }

  @PostMapping("/surveys/{surveyId}/frames")
  @Requires(Permission.SURVEYS_MANAGE)
  String importFrame(Scope scope, @PathVariable long surveyId, @RequestParam String kind,
      @RequestParam("file") MultipartFile file, Model model, HttpServletResponse response) throws IOException {
    try {
      SamplingService.FrameKind frameKind = SamplingService.FrameKind.valueOf(kind.toUpperCase(Locale.ROOT));
      model.addAttribute("imported", sampling.importFrame(scope, surveyId, frameKind, file.getBytes(),
          file.getOriginalFilename()));
    } catch (IllegalArgumentException e) {
      model.addAttribute("problems", List.of(Problem.of("sampling.error.badOption", kind)));
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      model.addAttribute("failedKind", kind);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    fill(scope, surveyId, null, null, null, model);
    return "sampling/sample";
  }

  @PostMapping("/surveys/{surveyId}/draws")
  @Requires(Permission.SURVEYS_MANAGE)
  String draw(Scope scope, @PathVariable long surveyId, @RequestParam String mode, @RequestParam String seed,
      @RequestParam(defaultValue = "false") boolean replace, Model model, HttpServletResponse response) {
    try {
      long seedValue;
      try {
        seedValue = Long.parseLong(seed.trim());
      } catch (NumberFormatException e) {
        throw new InputRejected(Problem.at(0, "seed", "sampling.error.badSeed", seed));
      }
      SurveyMode surveyMode;
      try {
        surveyMode = SurveyMode.valueOf(mode.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InputRejected(Problem.of("sampling.error.badOption", mode));
      }
      model.addAttribute("drawn", sampling.draw(scope, surveyId, surveyMode, seedValue, replace));
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    fill(scope, surveyId, null, null, null, model);
    return "sampling/sample";
  }

  @GetMapping("/surveys/{surveyId}/sample/export")
  @Requires(Permission.RAW_DATA_EXPORT)
  void export(Scope scope, @PathVariable long surveyId, @RequestParam String mode,
      @RequestParam(defaultValue = "csv") String format, HttpServletResponse response) throws IOException {
    SurveyMode surveyMode;
    try {
      surveyMode = SurveyMode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InputRejected(Problem.of("sampling.error.badOption", mode));
    }
    Survey survey = sampling.exportable(scope, surveyId, surveyMode);
    boolean xlsx = "xlsx".equalsIgnoreCase(format);
    String name = survey.slug() + "-" + surveyMode.dbValue() + (xlsx ? ".xlsx" : ".csv");
    response.setHeader("Content-Disposition", ContentDisposition.attachment().filename(name).build().toString());
    if (xlsx) {
      response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      try (SXSSFWorkbook workbook = new SXSSFWorkbook(500); OutputStream out = response.getOutputStream()) {
        var sheet = workbook.createSheet(surveyMode.dbValue());
        int[] rowIndex = {0};
        sampling.export(scope, surveyId, surveyMode, values -> {
          var row = sheet.createRow(rowIndex[0]++);
          for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            if (v instanceof Number n) {
              row.createCell(c).setCellValue(n.doubleValue());
            } else {
              row.createCell(c).setCellValue(String.valueOf(v)); // a string cell: never a formula
            }
          }
        });
        workbook.write(out);
        workbook.dispose();
      }
    } else {
      response.setContentType("text/csv; charset=UTF-8");
      Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
      out.write('\uFEFF'); // so that Excel opens the Chinese correctly
      sampling.export(scope, surveyId, surveyMode, values -> {
        try {
          CsvCells.line(out, values, "\n");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      out.flush();
    }
  }

  private void fill(Scope scope, long surveyId, Double halfWidth, Double rate, Double deff, Model model) {
    Survey survey = surveys.get(scope, surveyId);
    model.addAttribute("survey", survey);
    model.addAttribute("plan", sampling.plan(scope, surveyId, halfWidth, rate, deff));
    model.addAttribute("halfWidth", halfWidth);
    model.addAttribute("rate", rate == null ? 0.9 : rate);
    model.addAttribute("deff", deff == null ? 1.5 : deff);
    model.addAttribute("samples", sampling.overview(scope, surveyId));
    model.addAttribute("draws", sampling.draws(scope, surveyId));
    model.addAttribute("frames", java.util.Arrays.stream(SamplingService.FrameKind.values())
        .map(k -> new Object[] {k.name().toLowerCase(Locale.ROOT), sampling.frame(scope, surveyId, k).orElse(null)})
        .toList());
    model.addAttribute("mayManage", surveys.mayManage(scope, survey));
  }
}
