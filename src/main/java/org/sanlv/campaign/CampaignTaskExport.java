package org.sanlv.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sanlv.platform.TableFiles;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/** The task list as CSV (UTF-8 with BOM, for Excel) and XLSX: one line per item, in the reader's language. */
@Component
class CampaignTaskExport {

  private final MessageSource messages;

  CampaignTaskExport(MessageSource messages) {
    this.messages = messages;
  }

  List<List<String>> table(List<CampaignService.Item> items, Locale locale) {
    boolean en = "en".equals(locale.getLanguage());
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    for (String key : List.of("section", "seq", "place", "title", "requirement", "unit", "periodStart", "dueOn",
        "status", "overdue", "evidence", "comments")) {
      header.add(messages.getMessage("campaign.column." + key, null, locale));
    }
    rows.add(header);
    for (CampaignService.Item i : items) {
      rows.add(List.of(messages.getMessage("campaign.section." + i.section(), null, locale),
          String.valueOf(i.section().equals("checklist") ? i.seq() / 100 : i.seq()),
          i.placeZh() == null ? "" : en ? i.placeEn() : i.placeZh(), en ? i.titleEn() : i.titleZh(),
          en ? i.requirementEn() : i.requirementZh(), i.unitName(), i.periodStart().toString(), i.dueOn().toString(),
          messages.getMessage("campaign.status." + i.status(), null, locale),
          i.overdue() ? messages.getMessage("campaign.overdue", null, locale) : "",
          String.valueOf(i.evidenceCount()), String.valueOf(i.commentCount())));
    }
    return rows;
  }

  byte[] csv(List<List<String>> rows) {
    return TableFiles.csv(rows);
  }

  byte[] xlsx(List<List<String>> rows, String sheetName) {
    return TableFiles.xlsx(rows, sheetName, false);
  }
}
