package org.sanlv.ledger;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.sanlv.campaign.FileResponse;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What the ledger hands out as files: a problem's photos (checked against the problem, so the department it is
 * assigned to sees the town's photos) and the CSV/XLSX exports of the list (filtered to the subtree, masked unless
 * the caller may see personal data, audited).
 */
@Controller
@Requires(Permission.LEDGER_READ)
class LedgerDownloadController {

  private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final LedgerService ledger;
  private final LedgerExport export;

  LedgerDownloadController(LedgerService ledger, LedgerExport export) {
    this.ledger = ledger;
    this.export = export;
  }

  // served as the campaign's files are; {photoId}, not {fileId}: the file's own scope target would check the file's area instead of the problem
  @GetMapping("/ledger/problems/{problemId}/photos/{photoId}")
  ResponseEntity<byte[]> photo(Scope scope, @PathVariable long problemId, @PathVariable long photoId,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return FileResponse.of(ledger.photo(scope, problemId, photoId, false), ifNoneMatch, false);
  }

  @GetMapping("/ledger/problems/{problemId}/photos/{photoId}/thumbnail")
  ResponseEntity<byte[]> thumbnail(Scope scope, @PathVariable long problemId, @PathVariable long photoId,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return FileResponse.of(ledger.photo(scope, problemId, photoId, true), ifNoneMatch, true);
  }

  @GetMapping("/ledger/problems.csv")
  ResponseEntity<byte[]> csv(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(required = false) String owner, @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String status, @RequestParam(required = false) String category,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    return download(scope, new ProblemFilter(area, owner, assignee, status, category, source, overdue, from, to, 0), "csv");
  }

  @GetMapping("/ledger/problems.xlsx")
  ResponseEntity<byte[]> xlsx(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(required = false) String owner, @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String status, @RequestParam(required = false) String category,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    return download(scope, new ProblemFilter(area, owner, assignee, status, category, source, overdue, from, to, 0), "xlsx");
  }

  private ResponseEntity<byte[]> download(Scope scope, ProblemFilter filter, String format) {
    Locale locale = LocaleContextHolder.getLocale();
    List<Problem> problems = ledger.allProblems(scope, filter, locale, LedgerExport.MAX_ROWS);
    List<List<String>> table = export.table(problems, locale);
    byte[] body = format.equals("csv") ? export.csv(table) : export.xlsx(table, locale);
    ledger.auditExport(scope, format, filter, problems.size());
    String name = "ledger-" + (filter.areaCode() == null ? scope.nodeCode() : filter.areaCode().strip()) + "-"
        + ledger.today() + "." + format;
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(name.replaceAll("[^A-Za-z0-9._-]", "_")).build().toString())
        .contentType(format.equals("csv") ? MediaType.parseMediaType("text/csv;charset=UTF-8")
            : MediaType.parseMediaType(XLSX))
        .body(body);
  }
}
