package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/** The sign-in page (the start page after it is module home). */
@Controller
class ShellController {

  @GetMapping("/login")
  String login() {
    return "web/login";
  }

  /**
   * The sign-in page after a refused attempt (forwarded here by {@link SecurityAnswers}): status 429 and how many
   * seconds to wait. Visited directly, it is the plain sign-in page.
   */
  @RequestMapping(path = SecurityAnswers.THROTTLED_PAGE, method = {RequestMethod.GET, RequestMethod.POST})
  String throttled(HttpServletRequest request, HttpServletResponse response, Model model) {
    Object seconds = request.getAttribute(SecurityAnswers.RETRY_AFTER);
    if (seconds == null) {
      return "redirect:/login";
    }
    response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
    model.addAttribute("retryAfter", seconds);
    return "web/login";
  }
}
