package org.sanlv.fieldwork.capi;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sanlv.integrity.Flag;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The supervisors' review pages (queue, one interview, the decision) and the interviewers' returned work (a page,
 * and the JSON the interviewer app reads).
 */
@Controller
class ReviewController {

  private final ReviewService reviews;

  ReviewController(ReviewService reviews) {
    this.reviews = reviews;
  }

  @GetMapping("/capi/reviews")
  @Requires(Permission.FIELDWORK_SUPERVISE)
  String queue(Scope scope, @RequestParam(required = false) String status,
      @RequestParam(required = false) String interviewer, @RequestParam(required = false) String flag,
      @RequestParam(required = false) Long surveyId, Model model) {
    ReviewService.Queue queue = reviews.queue(scope, new ReviewService.Filter(status, interviewer, flag, surveyId));
    model.addAttribute("queue", queue);
    model.addAttribute("statuses", ReviewService.STATUSES);
    model.addAttribute("flagNames", List.of(Flag.values()).stream().map(Flag::dbValue).toList());
    return "capi/review";
  }

  @GetMapping("/capi/reviews/{responseId}")
  @Requires(Permission.FIELDWORK_SUPERVISE)
  String detail(Scope scope, @PathVariable long responseId, Locale locale, Model model) {
    model.addAttribute("detail", reviews.detail(scope, responseId, ReviewService.language(locale)));
    model.addAttribute("commentMax", ReviewService.COMMENT_MAX);
    return "capi/review-detail";
  }

  @PostMapping("/capi/reviews/{responseId}")
  @Requires(Permission.FIELDWORK_SUPERVISE)
  String decide(Scope scope, @PathVariable long responseId, @RequestParam(required = false) String decision,
      @RequestParam(required = false) String comment, Locale locale, Model model, HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      reviews.decide(scope, responseId, decision, comment);
    } catch (InputRejected e) {
      // the page again with the problem and what was typed, nothing stored
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("detail", reviews.detail(scope, responseId, ReviewService.language(locale)));
      model.addAttribute("commentMax", ReviewService.COMMENT_MAX);
      model.addAttribute("problems", e.problems());
      model.addAttribute("comment", comment);
      return "capi/review-detail";
    }
    redirect.addFlashAttribute("decided", decision);
    redirect.addFlashAttribute("decidedId", responseId);
    return "redirect:/capi/reviews";
  }

  @GetMapping("/capi/returned")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  String returned(Scope scope, Model model) {
    model.addAttribute("returned", reviews.returned(scope));
    return "capi/returned";
  }

  /** A returned interview as the app reads it. */
  record ReturnedView(long responseId, long surveyId, Long assignmentId, AssignmentRef assignment, Instant rejectedAt,
      String comment, String reviewer) {}

  /** Which household or cell it was: the assignment's id, kind and the line the interviewer knows it by. */
  record AssignmentRef(Long id, String kind, String unit, String address) {}

  @GetMapping("/api/v1/capi/returned")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  @ResponseBody
  List<ReturnedView> returnedApi(Scope scope) {
    return reviews.returned(scope).stream().map(r -> new ReturnedView(r.responseId(), r.surveyId(), r.assignmentId(),
        new AssignmentRef(r.assignmentId(), r.kind(), r.unit(), r.address()), r.rejectedAt(), r.comment(),
        r.reviewer())).toList();
  }
}
