package org.sanlv.org;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.List;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Pages for accounts: user management for administrators, and everyone's own password. */
@Controller
class UserPageController {

  private final UserService users;
  private final OrgService org;
  private final MessageSource messages;

  UserPageController(UserService users, OrgService org, MessageSource messages) {
    this.users = users;
    this.org = org;
    this.messages = messages;
  }

  @GetMapping("/users")
  @Requires(Permission.USERS_MANAGE)
  String list(Scope scope, Model model) {
    model.addAttribute("users", users.list(scope));
    return "org/users";
  }

  @GetMapping("/users/new")
  @Requires(Permission.USERS_MANAGE)
  String newForm(Scope scope, @RequestParam(name = "nodeCode", required = false) String nodeCode, Model model) {
    String node = nodeCode == null || nodeCode.isBlank() ? scope.nodeCode() : nodeCode.trim();
    model.addAttribute("roles", grantable(scope));
    model.addAttribute("nodeCode", node);
    model.addAttribute("node", org.withTrail(scope, node).orElse(null));
    return "org/user-new";
  }

  /**
   * The new account's name comes as {@code newUsername}: a {@code username} parameter names an existing account
   * to the scope check, and a name nobody has yet would be "not found" there.
   */
  @PostMapping("/users")
  @Requires(Permission.USERS_MANAGE)
  String create(Scope scope, @RequestParam String newUsername, @RequestParam String displayName,
      @RequestParam String role, @RequestParam String nodeCode, Model model, HttpServletResponse response) {
    try {
      UserService.IssuedPassword issued = users.create(scope,
          new UserService.NewUser(newUsername.trim(), displayName, parseRole(role), nodeCode.trim()));
      model.addAttribute("issued", issued);
      return "org/user-password";
    } catch (InputRejected e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST); // the form again, as filled in, with every problem
      model.addAttribute("problems", inFormWords(e.problems()));
      model.addAttribute("roles", grantable(scope));
      model.addAttribute("nodeCode", nodeCode);
      model.addAttribute("node", org.withTrail(scope, nodeCode).orElse(null));
      model.addAttribute("newUsername", newUsername);
      model.addAttribute("displayName", displayName);
      model.addAttribute("role", role);
      return "org/user-new";
    }
  }

  @GetMapping("/users/{username}")
  @Requires(Permission.USERS_MANAGE)
  String user(Scope scope, @PathVariable String username, Model model) {
    UserAccount account = users.get(scope, username);
    model.addAttribute("account", account);
    model.addAttribute("manageable", users.mayManage(scope, account));
    return "org/user";
  }

  @PostMapping("/users/{username}/password-reset")
  @Requires(Permission.USERS_MANAGE)
  String reset(Scope scope, @PathVariable String username, Model model) {
    model.addAttribute("issued", users.resetPassword(scope, username));
    return "org/user-password";
  }

  @PostMapping("/users/{username}/enabled")
  @Requires(Permission.USERS_MANAGE)
  String enable(Scope scope, @PathVariable String username, @RequestParam boolean enabled) {
    users.setEnabled(scope, username, enabled);
    return "redirect:/users/" + username;
  }

  @GetMapping("/account/password")
  String passwordForm(Scope scope, Model model) {
    model.addAttribute("account", users.get(scope, scope.username()));
    model.addAttribute("mustChange", users.mustChangePassword(scope.username()));
    return "org/password";
  }

  /** Changes the caller's password; their other sessions end, this one goes on. */
  @PostMapping("/account/password")
  String changePassword(Scope scope, @RequestParam String currentPassword, @RequestParam String newPassword,
      HttpServletRequest request, Model model) {
    model.addAttribute("account", users.get(scope, scope.username()));
    HttpSession session = request.getSession(false);
    try {
      users.changePassword(scope.username(), currentPassword, newPassword, session == null ? null : session.getId());
      model.addAttribute("changed", true);
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
    }
    model.addAttribute("mustChange", users.mustChangePassword(scope.username()));
    return "org/password";
  }

  /** Problems named by the form's labels (用户名, 所属区划/单位), not by the service's field names. */
  private List<Problem> inFormWords(List<Problem> problems) {
    return problems.stream().map(p -> {
      String key = p.column() == null ? null : switch (p.column()) {
        case "username" -> "user.username";
        case "displayName" -> "user.displayName";
        case "role" -> "user.role";
        case "nodeCode" -> "user.node";
        default -> null;
      };
      return key == null ? p : new Problem(p.line(), messages.getMessage(key, null, p.column(),
          LocaleContextHolder.getLocale()), p.messageKey(), p.args());
    }).toList();
  }

  private static List<Role> grantable(Scope scope) {
    return Arrays.stream(Role.values()).filter(scope.role()::mayGrant).toList();
  }

  static Role parseRole(String role) {
    try {
      return Role.valueOf(role);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
