package org.sanlv.web;

import java.util.Locale;
import java.util.Map;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;

/** Renders a {@link Problem} as a sentence in the user's language, with its line and column. */
public final class Messages {

  /** Prefix of a form field's label: a problem about field {@code online_opens} names it {@code field.online_opens}. */
  public static final String FIELD = "field.";

  private Messages() {}

  public static String problem(MessageSource messages, Problem p, Locale locale) {
    // an argument given per language ({zh: 总体安全感, en: Overall safety}, a question's label) is read in the
    // reader's language
    Object[] args = p.args().stream().map(a -> a instanceof Map<?, ?> texts ? inLanguage(texts, locale) : a).toArray();
    String what = messages.getMessage(p.messageKey(), args, p.messageKey(), locale);
    if (p.line() > 0 && p.column() != null) {
      return messages.getMessage("problem.atLineColumn", new Object[] {p.line(), p.column(), what}, locale);
    }
    if (p.line() > 0) {
      return messages.getMessage("problem.atLine", new Object[] {p.line(), what}, locale);
    }
    if (p.column() != null) {
      // a field of a form or of the API's JSON is named by its label; a file's column (above) by its own header. A
      // module may label a field its own way (field.ledger.description: 问题描述, not the report's 活动开展情况):
      // the label of the message's family comes first.
      String field = messages.getMessage(FIELD + p.column(), null, p.column(), locale);
      int dot = p.messageKey().indexOf('.');
      if (dot > 0) {
        field = messages.getMessage(FIELD + p.messageKey().substring(0, dot) + "." + p.column(), null, field, locale);
      }
      return messages.getMessage("problem.atField", new Object[] {field, what}, locale);
    }
    return what;
  }

  private static Object inLanguage(Map<?, ?> texts, Locale locale) {
    Object text = texts.get(locale.getLanguage());
    if (text == null) {
      text = texts.get("zh");
    }
    return text != null ? text : texts.isEmpty() ? "" : texts.values().iterator().next();
  }
}
