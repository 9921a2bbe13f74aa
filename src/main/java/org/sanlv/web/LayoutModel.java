package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import org.sanlv.org.Scope;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the caller's scope into every page's model, for the navigation bar (what to show by role). */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class LayoutModel {

  static {
    // The scope is resolved by ScopeCheck, not sent by clients: keep it out of the API documentation.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Scope.class);
  }

  @ModelAttribute("me")
  Scope me(HttpServletRequest request) {
    return (Scope) request.getAttribute(ScopeCheck.SCOPE_ATTRIBUTE);
  }
}
