package org.sanlv.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page and the start page. */
@Controller
class ShellController {

  @GetMapping("/login")
  String login() {
    return "web/login";
  }

  @GetMapping("/")
  String home() {
    return "redirect:/areas";
  }
}
