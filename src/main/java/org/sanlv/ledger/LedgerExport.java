package org.sanlv.ledger;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sanlv.platform.TableFiles;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The ledger as CSV (UTF-8 with BOM, for Excel) and XLSX: one line per problem, in the reader's language, the
 * residents' data exactly as the service gave it (masked for callers without the right).
 */
@Component
class LedgerExport {

  /** The most problems one export holds (the list's filters narrow it). */
  static final int MAX_ROWS = 50_000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(LedgerService.CHINA);

  private final MessageSource messages;

  LedgerExport(MessageSource messages) {
    this.messages = messages;
  }

  List<List<String>> table(List<Problem> problems, Locale locale) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (String key : List.of("id", "recordedAt", "area", "address", "source", "category", "description",
        "residentName", "residentPhone", "recordedBy", "status", "assignee", "owner", "deadline", "overdue",
        "resolution", "resolvedAt", "satisfaction", "closedAt")) {
      header.add(text("ledger.column." + key, locale));
    }
    rows.add(header);
    for (Problem p : problems) {
      rows.add(List.of(String.valueOf(p.id()), time(p.recordedAt()), p.areaName(), nz(p.address()),
          text("ledger.source." + p.source(), locale), p.categoryName(), p.description(), nz(p.residentName()),
          nz(p.residentPhone()), nz(p.recordedByName() == null ? p.recordedBy() : p.recordedByName()),
          text("ledger.status." + p.status(), locale), nz(p.assigneeName() == null ? p.assignee() : p.assigneeName()),
          nz(p.ownerName()), p.deadline() == null ? "" : p.deadline().toString(),
          p.overdue() ? text("ledger.overdue", locale) : "", nz(p.resolution()), time(p.resolvedAt()),
          p.satisfaction() == null ? "" : text("ledger.satisfaction." + p.satisfaction(), locale),
          time(p.closedAt())));
    }
    return rows;
  }

  byte[] csv(List<List<String>> rows) {
    return TableFiles.csv(rows);
  }

  byte[] xlsx(List<List<String>> rows, Locale locale) {
    return TableFiles.xlsx(rows, text("ledger.export.sheet", locale), true);
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
