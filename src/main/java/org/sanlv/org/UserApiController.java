package org.sanlv.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API of user accounts, within the caller's subtree. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "users", description = "Accounts, roles and passwords")
class UserApiController {

  private final UserService users;

  UserApiController(UserService users) {
    this.users = users;
  }

  /** A new password, shown once. */
  record IssuedPasswordView(UserAccount account, String password) {}

  /** A user's change of their own password. */
  record PasswordChange(String currentPassword, String newPassword) {}

  record EnabledChange(boolean enabled) {}

  @GetMapping("/users")
  @Requires(Permission.USERS_MANAGE)
  @Operation(summary = "Accounts bound to nodes in the caller's subtree")
  List<UserAccount> list(Scope scope) {
    return users.list(scope);
  }

  @GetMapping("/users/{username}")
  @Requires(Permission.USERS_MANAGE)
  @Operation(summary = "One account")
  UserAccount get(Scope scope, @PathVariable String username) {
    return users.get(scope, username);
  }

  @PostMapping("/users")
  @Requires(Permission.USERS_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create an account; the response carries its generated password, shown once")
  IssuedPasswordView create(Scope scope, @RequestBody UserService.NewUser user) {
    UserService.IssuedPassword issued = users.create(scope, user);
    return new IssuedPasswordView(issued.account(), issued.password());
  }

  @PostMapping("/users/{username}/password-reset")
  @Requires(Permission.USERS_MANAGE)
  @Operation(summary = "Set a new random password on an account, shown once; the account must change it at its next "
      + "sign-in and its sessions end")
  IssuedPasswordView reset(Scope scope, @PathVariable String username) {
    UserService.IssuedPassword issued = users.resetPassword(scope, username);
    return new IssuedPasswordView(issued.account(), issued.password());
  }

  @PostMapping("/users/{username}/enabled")
  @Requires(Permission.USERS_MANAGE)
  @Operation(summary = "Enable or disable an account")
  UserAccount enabled(Scope scope, @PathVariable String username, @RequestBody EnabledChange change) {
    return users.setEnabled(scope, username, change.enabled());
  }

  @GetMapping("/account")
  @Operation(summary = "The caller's own account")
  UserAccount me(Scope scope) {
    return users.get(scope, scope.username());
  }

  @PostMapping("/account/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Change the caller's own password: at least 10 characters, at most 72 bytes (bcrypt's limit), "
      + "not a common password, not containing the user name. Every other session of the account ends.")
  void changePassword(Scope scope, @RequestBody PasswordChange change, HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    users.changePassword(scope.username(), change.currentPassword(), change.newPassword(),
        session == null ? null : session.getId());
  }
}
