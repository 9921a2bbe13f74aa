package org.sanlv.fieldwork;

import java.util.List;
import java.util.Map;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.InterviewScreen;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.Step;

/**
 * What of a form the online page shows residents: a questionnaire is written for interviewers too, and a resident
 * reading alone should see only what is meant for them.
 *
 * <ul>
 *   <li>A group's label is a heading only when the group is a page of its own ({@code appearance} {@code field-list},
 *       as in XLSForm); a plain group ({@code 问题与答案}, {@code 个人情况}) only structures the form and shows
 *       nothing: one question per screen needs no section headings.
 *   <li>The county screening question shows no hint: on the page the list itself says what to do, and the form's
 *       hint there is how the interviewer fills it in ("由访问系统按样本填写…"). Interviewer instructions elsewhere
 *       belong in XLSForm's {@code guidance_hint} column, which the online page never shows.
 * </ul>
 */
final class ResidentText {

  /** The XLSForm appearance of a group shown as one page, whose label is then a heading. */
  static final String FIELD_LIST = "field-list";

  private ResidentText() {}

  static InterviewScreen.View of(InterviewScreen.View view, InterviewFlow flow) {
    return of(view, flow, false);
  }

  /**
   * As above; {@code screeningSkipped}: the county screening question is answered by the link and never shown, so
   * it is not counted in "question n of N" either.
   */
  static InterviewScreen.View of(InterviewScreen.View view, InterviewFlow flow, boolean screeningSkipped) {
    Step step = view.step();
    int uncounted = screeningSkipped && FieldworkService.countyQuestion(flow) != null ? 1 : 0;
    if (step.question() == null) {
      return uncounted == 0 ? view : new InterviewScreen.View(step, view.answers(), view.answersJson(), view.problems(),
          view.current(), Math.max(1, view.position() - uncounted), Math.max(1, view.total() - uncounted), view.shown());
    }
    List<Question> groups = step.groups().stream().filter(ResidentText::heading).toList();
    Question question = step.question();
    if (question.name().equals(FieldworkService.countyQuestion(flow))) {
      question = question.withHint(Map.of());
    }
    Step shown = new Step(step.status(), question, step.choices(), step.required(), groups);
    return new InterviewScreen.View(shown, view.answers(), view.answersJson(), view.problems(), view.current(),
        Math.max(1, view.position() - uncounted), Math.max(1, view.total() - uncounted), view.shown());
  }

  /** Whether a group's label means something to a respondent: a group shown as one page (field-list). */
  static boolean heading(Question group) {
    return List.of(group.appearance().trim().split("\\s+")).contains(FIELD_LIST);
  }
}
