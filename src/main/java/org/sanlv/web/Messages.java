package org.sanlv.web;

import java.util.Locale;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;

/** Renders a {@link Problem} as a sentence in the user's language, with its line and column. */
public final class Messages {

  private Messages() {}

  public static String problem(MessageSource messages, Problem p, Locale locale) {
    String what = messages.getMessage(p.messageKey(), p.args().toArray(), p.messageKey(), locale);
    if (p.line() > 0 && p.column() != null) {
      return messages.getMessage("problem.atLineColumn", new Object[] {p.line(), p.column(), what}, locale);
    }
    if (p.line() > 0) {
      return messages.getMessage("problem.atLine", new Object[] {p.line(), what}, locale);
    }
    if (p.column() != null) {
      return messages.getMessage("problem.atField", new Object[] {p.column(), what}, locale);
    }
    return what;
  }
}
