package org.sanlv.campaign;

import java.math.BigDecimal;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** How quotas and their periods read in the page, the form and the exports ("10月3日–10月9日", "≥ 人口 × 50%"). */
@Component("quotaLabels")
class QuotaLabels {

  private final MessageSource messages;

  QuotaLabels(MessageSource messages) {
    this.messages = messages;
  }

  /** The period: "截至9月20日", "10月3日–10月9日", "11月". */
  public String period(QuotaService.Column c) {
    Locale locale = LocaleContextHolder.getLocale();
    var p = c.period();
    return switch (c.quota().cadence()) {
      case ONCE -> messages.getMessage("campaign.quota.period.once",
          new Object[] {p.end().getMonthValue(), p.end().getDayOfMonth()}, locale);
      case WEEK -> messages.getMessage("campaign.quota.period.week", new Object[] {p.start().getMonthValue(),
          p.start().getDayOfMonth(), p.end().getMonthValue(), p.end().getDayOfMonth()}, locale);
      case MONTH -> messages.getMessage("campaign.quota.period.month", new Object[] {p.start().getMonthValue()},
          locale);
    };
  }

  /** The quota and its period. */
  public String label(QuotaService.Column c) {
    Locale locale = LocaleContextHolder.getLocale();
    return messages.getMessage("campaign.quota.kind." + c.quota().kind().code(), null, locale) + " " + period(c);
  }

  /** The rule of a quota in words, with its current ratio: "每周短信 ≥ 辖区人口 × 50%". */
  public String rule(Quota q) {
    Locale locale = LocaleContextHolder.getLocale();
    String ratio = q.kind().basis() == Quota.Basis.VILLAGES ? q.ratio().toPlainString()
        : q.ratio().multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + "%";
    return messages.getMessage("campaign.quota.rule." + q.kind().code(), new Object[] {ratio}, locale);
  }
}
