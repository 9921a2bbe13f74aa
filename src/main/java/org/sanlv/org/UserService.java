package org.sanlv.org;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: creation, passwords (bcrypt), disabling, and each account's scope. User names are case-insensitive.
 *
 * <p>Who manages whom: a manager may create, reset and disable only accounts in their subtree whose role they may
 * grant ({@link Role#mayGrant}: never a more powerful role, never a peer unless a province admin). A password that
 * someone else has seen (a new account's, a reset one, the first administrator's printed to the log) must be
 * changed at the next sign-in; a reset or change ends the account's other sessions.
 */
@Service
public class UserService {

  // No 0/O, 1/l/I: generated passwords are read off a screen and typed on a phone.
  private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OrgRepository repository;
  private final PasswordEncoder passwordEncoder;
  private final AuditLog audit;

  UserService(OrgRepository repository, PasswordEncoder passwordEncoder, AuditLog audit) {
    this.repository = repository;
    this.passwordEncoder = passwordEncoder;
    this.audit = audit;
  }

  /**
   * What the login needs: the name as stored, the hash, whether the account may sign in and whether it must change
   * its password first.
   */
  public record Credentials(String username, String passwordHash, boolean enabled, boolean mustChangePassword) {}

  /** A new account; the password is generated and shown once to the administrator. */
  public record NewUser(String username, String displayName, Role role, String nodeCode) {}

  /** An account together with the one-time password just set on it. */
  public record IssuedPassword(UserAccount account, String password) {}

  public Optional<Credentials> credentials(String username) {
    return repository.user(username).map(u -> new Credentials(u.username(),
        repository.passwordHash(u.username()).orElse(""), u.enabled(), repository.mustChangePassword(u.username())));
  }

  /** The scope of an enabled account; empty when the account does not exist or is disabled. */
  public Optional<Scope> scopeOf(String username) {
    return repository.user(username).filter(UserAccount::enabled)
        .map(u -> new Scope(u.username(), u.role(), u.nodeCode(), u.nodePath()));
  }

  /** Whether the account must change its password before it may do anything else. */
  public boolean mustChangePassword(String username) {
    return repository.mustChangePassword(username);
  }

  public List<UserAccount> list(Scope scope) {
    return repository.usersInSubtree(scope.path());
  }

  /** An account in the caller's subtree; one elsewhere is "not found", exactly like a name nobody has. */
  public UserAccount get(Scope scope, String username) {
    UserAccount account = repository.user(username).orElseThrow(() -> new NotFound(username));
    if (!scope.covers(account.nodePath())) {
      throw new NotFound(username);
    }
    return account;
  }

  /** Whether the caller may reset, disable and enable this account (see the class comment). */
  public boolean mayManage(Scope scope, UserAccount account) {
    return scope.may(Permission.USERS_MANAGE) && scope.covers(account.nodePath())
        && scope.role().mayGrant(account.role());
  }

  private UserAccount manageable(Scope scope, String username) {
    UserAccount account = get(scope, username);
    if (!mayManage(scope, account)) {
      throw new OutOfScope("manage " + account.username());
    }
    return account;
  }

  @Transactional
  public IssuedPassword create(Scope scope, NewUser user) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    // every problem at once: the form comes back with all of them, not one per attempt
    List<Problem> problems = new java.util.ArrayList<>();
    boolean nameValid = user.username() != null && user.username().matches("[A-Za-z0-9._-]{2,40}");
    if (!nameValid) {
      problems.add(Problem.at(0, "username", "user.error.badUsername"));
    }
    if (user.displayName() == null || user.displayName().isBlank() || user.displayName().length() > 100) {
      problems.add(Problem.at(0, "displayName", "import.error.required"));
    }
    if (user.role() == null || !scope.role().mayGrant(user.role())) {
      problems.add(Problem.at(0, "role", "user.error.roleNotGrantable"));
    }
    Optional<OrgNode> found = repository.nodeByCode(user.nodeCode() == null ? "" : user.nodeCode());
    if (found.isEmpty()) {
      problems.add(Problem.at(0, "nodeCode", "user.error.unknownNode", user.nodeCode()));
    }
    if (nameValid) {
      repository.user(user.username()).ifPresent(existing -> problems.add(existing.username().equals(user.username())
          ? Problem.at(0, "username", "user.error.usernameTaken", user.username())
          : Problem.at(0, "username", "user.error.usernameTakenIgnoringCase", user.username(), existing.username())));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    OrgNode node = scope.require(found.orElseThrow());
    String password = randomPassword();
    try {
      // the creator has seen the password: the new account changes it at its first sign-in
      repository.insertUser(user.username(), user.displayName().trim(), passwordEncoder.encode(password), user.role(),
          node.id(), true);
    } catch (DuplicateKeyException e) {
      // the same name, in some case, created at the same moment
      throw new InputRejected(Problem.at(0, "username", "user.error.usernameTaken", user.username()));
    }
    audit.record(scope.username(), "user.create", user.username(), Map.of("role", user.role().dbValue(), "node", node.code()));
    return new IssuedPassword(repository.user(user.username()).orElseThrow(), password);
  }

  /** Sets a new random password (shown once); the account must change it and its sessions end. */
  @Transactional
  public IssuedPassword resetPassword(Scope scope, String username) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    UserAccount account = manageable(scope, username);
    String password = randomPassword();
    repository.updatePassword(account.username(), passwordEncoder.encode(password), true);
    repository.endSessions(account.username(), null);
    audit.record(scope.username(), "user.resetPassword", account.username(), Map.of());
    return new IssuedPassword(account, password);
  }

  @Transactional
  public UserAccount setEnabled(Scope scope, String username, boolean enabled) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    UserAccount account = get(scope, username);
    if (!enabled && account.username().equals(scope.username())) {
      throw new InputRejected(Problem.of("user.error.disableSelf"));
    }
    if (!mayManage(scope, account)) {
      throw new OutOfScope("manage " + account.username());
    }
    repository.updateEnabled(account.username(), enabled);
    audit.record(scope.username(), enabled ? "user.enable" : "user.disable", account.username(), Map.of());
    return repository.user(account.username()).orElseThrow();
  }

  /**
   * A user changes their own password; the current one must be given and the new one follow {@link PasswordRules}.
   * Every other session of the account ends; {@code keptSessionId} (the session making the change, if any) stays.
   */
  @Transactional
  public void changePassword(String username, String currentPassword, String newPassword, String keptSessionId) {
    UserAccount account = repository.user(username).orElseThrow(() -> new NotFound(username));
    String hash = repository.passwordHash(account.username()).orElseThrow(() -> new NotFound(username));
    if (currentPassword == null || currentPassword.getBytes(StandardCharsets.UTF_8).length > PasswordRules.LONGEST_BYTES
        || !passwordEncoder.matches(currentPassword, hash)) {
      throw new InputRejected(Problem.at(0, "currentPassword", "account.error.wrongPassword"));
    }
    PasswordRules.broken(account.username(), newPassword).ifPresent(p -> {
      throw new InputRejected(p);
    });
    repository.updatePassword(account.username(), passwordEncoder.encode(newPassword), false);
    repository.endSessions(account.username(), keptSessionId);
    audit.record(account.username(), "user.changePassword", account.username(), Map.of());
  }

  /**
   * Creates the first administrator at the root, unless accounts exist. Returns the password set, if any. A
   * generated password is printed to the log, so it must be changed at the first sign-in; one set in the
   * configuration ({@code sanlv.org.admin-password}) is the operator's choice and is kept.
   */
  @Transactional
  Optional<String> createFirstAdmin(String configuredPassword) {
    if (repository.hasUsers()) {
      return Optional.empty();
    }
    boolean generated = configuredPassword == null || configuredPassword.isBlank();
    if (!generated && configuredPassword.getBytes(StandardCharsets.UTF_8).length > PasswordRules.LONGEST_BYTES) {
      throw new IllegalStateException("sanlv.org.admin-password is longer than " + PasswordRules.LONGEST_BYTES
          + " bytes, the most bcrypt reads");
    }
    String password = generated ? randomPassword() : configuredPassword;
    long rootId = repository.nodeByCode("CN").orElseThrow().id();
    repository.insertUser("admin", "管理员", passwordEncoder.encode(password), Role.PROVINCE_ADMIN, rootId, generated);
    audit.record("system", "user.create", "admin", Map.of("role", "province_admin", "node", "CN"));
    return Optional.of(password);
  }

  static String randomPassword() {
    StringBuilder sb = new StringBuilder(14);
    for (int i = 0; i < 14; i++) {
      sb.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
    }
    return sb.toString();
  }
}
