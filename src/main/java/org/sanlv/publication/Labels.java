package org.sanlv.publication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;

/** The words of a publication in the reader's language, for the PDF and the Excel (the pages use the bundles). */
final class Labels {

  private final MessageSource messages;
  private final Locale locale;
  final ReportFormat format = new ReportFormat();

  Labels(MessageSource messages, Locale locale) {
    this.messages = messages;
    this.locale = locale;
  }

  String t(String key, Object... args) {
    return messages.getMessage(key, args, key, locale);
  }

  String language() {
    return locale.getLanguage();
  }

  /** A source's name: 统计部门（入户＋电话）, 第三方（拦截）, 网络调查, 综合. */
  String source(String source) {
    return switch (source) {
      case "bureau" -> t("results.source.bureau");
      case "third_party" -> t("results.source.third_party");
      case "online" -> t("results.source.online");
      default -> t("results.combined");
    };
  }

  /** 区县 or 乡镇（街道）. */
  String level(String level) {
    return "town".equals(level) ? t("results.level.town") : t("results.level.county");
  }

  /** The rules in one line of a report: 计分规则：… */
  String rules(Snapshot.RulesPart r) {
    return t("publication.meta.rulesLine", rulesText(r));
  }

  /** The rules in one sentence. */
  String rulesText(Snapshot.RulesPart r) {
    List<String> weights = new ArrayList<>();
    for (Map.Entry<String, Double> e : r.sources().entrySet()) {
      weights.add(source(e.getKey()) + " " + trim(e.getValue()));
    }
    String average = "COUNTY_MEAN".equals(r.average()) ? t("publication.rules.countyMean") : t("publication.rules.pooled");
    String fraction = "WHOLE_POINTS".equals(r.fraction()) ? t("publication.rules.wholePoints")
        : t("publication.rules.proportional");
    return t("publication.meta.rules", String.valueOf(r.year()), average, fraction, r.minN(),
        String.join(t("publication.listSeparator"), weights)) + (r.id() == 0 ? t("publication.rules.default") : "");
  }

  static String trim(Double v) {
    if (v == null) {
      return ReportFormat.NONE;
    }
    return v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
  }
}
