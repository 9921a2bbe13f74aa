package org.sanlv.web;

import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Templates call {@code @problemText.render(p)} to show a {@link Problem} in the page's language. */
@Component("problemText")
class ProblemText {

  private final MessageSource messages;

  ProblemText(MessageSource messages) {
    this.messages = messages;
  }

  public String render(Problem problem) {
    return Messages.problem(messages, problem, LocaleContextHolder.getLocale());
  }
}
