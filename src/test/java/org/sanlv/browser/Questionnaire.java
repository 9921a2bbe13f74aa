package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

/** Answers a questionnaire screen by screen, the way a respondent does, in any mode that shows it in a browser. */
final class Questionnaire {

  private Questionnaire() {}

  /** The screen shows this question. */
  static void at(Page page, String question) {
    assertThat(page.locator("#interview input[name=question]")).hasValue(question);
  }

  static void next(Page page) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一题")).click();
  }

  /** Ticks the options with these labels and moves on. */
  static void choose(Page page, String question, String... labels) {
    at(page, question);
    for (String label : labels) {
      page.locator("label.choice").filter(new Locator.FilterOptions().setHasText(label)).first().click();
    }
    next(page);
  }

  /** Types an answer and moves on. */
  static void fill(Page page, String question, String value) {
    at(page, question);
    page.locator("#q-" + question).fill(value);
    next(page);
  }

  /** Picks a county in the screening question and moves on. */
  static void county(Page page, String name) {
    at(page, "county");
    page.locator("#q-county").selectOption(new SelectOption().setLabel(name));
    next(page);
  }
}
