package org.sanlv.publication;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The publications' pages: the list (with the publish form for those who may), a publication's ranking tables and
 * trend, its print view, its PDF and Excel. Everything is rendered from the stored snapshot.
 */
@Controller
@Requires(Permission.ORG_READ)
class PublicationPageController {

  private final PublicationService publications;
  private final CjkFont font;
  private final MessageSource messages;

  PublicationPageController(PublicationService publications, CjkFont font, MessageSource messages) {
    this.publications = publications;
    this.font = font;
    this.messages = messages;
  }

  @GetMapping("/publications")
  String list(Scope scope, Model model) {
    model.addAttribute("publications", publications.list(scope));
    model.addAttribute("publishable", publications.publishable(scope));
    return "publication/list";
  }

  @PostMapping("/publications")
  @Requires(Permission.PUBLISH)
  String publish(Scope scope, @RequestParam(required = false) Long surveyId,
      @RequestParam(required = false) String title, Model model, HttpServletResponse response) {
    try {
      if (surveyId == null) {
        throw new InputRejected(org.sanlv.platform.Problem.at(0, "surveyId", "publication.error.survey"));
      }
      Publication p = publications.publish(scope, surveyId, null, title);
      return "redirect:/publications/" + p.id();
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      model.addAttribute("chosenSurvey", surveyId);
      model.addAttribute("title", title);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return list(scope, model);
    }
  }

  @GetMapping("/publications/{publicationId}")
  String show(Scope scope, @PathVariable long publicationId, Model model) {
    Publication p = publications.get(scope, publicationId);
    page(scope, p, model);
    return "publication/show";
  }

  @GetMapping("/publications/{publicationId}/print")
  String print(Scope scope, @PathVariable long publicationId, Model model) {
    Publication p = publications.get(scope, publicationId);
    page(scope, p, model);
    return "publication/print";
  }

  /**
   * The PDF, written on the server with an embedded Chinese font. Without one installed or configured the answer
   * is 409 with a page that points to the print view (a PDF of empty boxes is never sent).
   */
  @GetMapping("/publications/{publicationId}.pdf")
  ModelAndView pdf(Scope scope, @PathVariable long publicationId, HttpServletResponse response) throws IOException {
    Publication p = publications.get(scope, publicationId);
    Optional<com.lowagie.text.pdf.BaseFont> f = font.font();
    if (f.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_CONFLICT);
      return new ModelAndView("publication/no-pdf", java.util.Map.of("publication", p));
    }
    byte[] pdf = new PdfReport(p, labels(), f.get()).write();
    publications.auditExport(scope, p, "pdf");
    response.setContentType("application/pdf");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(fileName(p) + ".pdf", java.nio.charset.StandardCharsets.UTF_8).build().toString());
    response.setContentLength(pdf.length);
    response.getOutputStream().write(pdf);
    return null; // written: a null ModelAndView marks the request handled
  }

  @GetMapping("/publications/{publicationId}.xlsx")
  void xlsx(Scope scope, @PathVariable long publicationId, HttpServletResponse response) throws IOException {
    Publication p = publications.get(scope, publicationId);
    byte[] xlsx = new ExcelReport(p, labels()).write();
    publications.auditExport(scope, p, "xlsx");
    response.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    response.setHeader("Content-Disposition", ContentDisposition.attachment()
        .filename(fileName(p) + ".xlsx", java.nio.charset.StandardCharsets.UTF_8).build().toString());
    response.setContentLength(xlsx.length);
    response.getOutputStream().write(xlsx);
  }

  private void page(Scope scope, Publication p, Model model) {
    String language = "en".equals(LocaleContextHolder.getLocale().getLanguage()) ? "en" : "zh";
    model.addAttribute("publication", p);
    model.addAttribute("s", p.snapshot());
    model.addAttribute("trend", publications.trend(p));
    model.addAttribute("lang", language);
    model.addAttribute("mine", mine(scope, p.snapshot()));
    model.addAttribute("rulesText", labels().rulesText(p.snapshot().rules()));
  }

  /** The caller's own county or town among the ranked ones (its code begins the caller's), for the trend chart. */
  private static String mine(Scope scope, Snapshot s) {
    List<String> codes = s.indicators().stream().flatMap(i -> i.sources().stream()).flatMap(t -> t.rows().stream())
        .map(Snapshot.RowPart::code).distinct().toList();
    String node = scope.nodeCode().startsWith("U") ? scope.nodeCode().substring(1) : scope.nodeCode();
    return codes.stream().filter(node::startsWith).findFirst().orElse(null);
  }

  private Labels labels() {
    Locale locale = LocaleContextHolder.getLocale();
    return new Labels(messages, locale);
  }

  /** 2022年度区县排名-2026-12-01: the title and the date, without characters a file system refuses. */
  private static String fileName(Publication p) {
    return (p.title() + "-" + new ReportFormat().day(p.publishedAt())).replaceAll("[\\\\/:*?\"<>|\\s]+", "_");
  }
}
