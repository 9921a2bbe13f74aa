package org.sanlv.org;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: creation, passwords (bcrypt), disabling, and each account's scope. */
@Service
public class UserService {

  static final int MIN_PASSWORD_LENGTH = 8;
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

  /** What the login needs: the hash, and whether the account may sign in. */
  public record Credentials(String username, String passwordHash, boolean enabled) {}

  /** A new account; the password is generated and shown once to the administrator. */
  public record NewUser(String username, String displayName, Role role, String nodeCode) {}

  /** An account together with the one-time password just set on it. */
  public record IssuedPassword(UserAccount account, String password) {}

  public Optional<Credentials> credentials(String username) {
    return repository.user(username).map(u -> new Credentials(u.username(),
        repository.passwordHash(username).orElse(""), u.enabled()));
  }

  /** The scope of an enabled account; empty when the account does not exist or is disabled. */
  public Optional<Scope> scopeOf(String username) {
    return repository.user(username).filter(UserAccount::enabled)
        .map(u -> new Scope(u.username(), u.role(), u.nodeCode(), u.nodePath()));
  }

  public List<UserAccount> list(Scope scope) {
    return repository.usersInSubtree(scope.path());
  }

  public UserAccount get(Scope scope, String username) {
    UserAccount account = repository.user(username).orElseThrow(() -> new NotFound(username));
    if (!scope.covers(account.nodePath())) {
      throw new OutOfScope(username);
    }
    return account;
  }

  @Transactional
  public IssuedPassword create(Scope scope, NewUser user) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    if (user.username() == null || !user.username().matches("[A-Za-z0-9._-]{2,40}")) {
      throw new InputRejected(Problem.at(0, "username", "user.error.badUsername"));
    }
    if (user.displayName() == null || user.displayName().isBlank() || user.displayName().length() > 100) {
      throw new InputRejected(Problem.at(0, "displayName", "import.error.required"));
    }
    if (user.role() == null || !scope.role().mayGrant(user.role())) {
      throw new InputRejected(Problem.at(0, "role", "user.error.roleNotGrantable"));
    }
    OrgNode node = repository.nodeByCode(user.nodeCode() == null ? "" : user.nodeCode())
        .orElseThrow(() -> new InputRejected(Problem.at(0, "nodeCode", "user.error.unknownNode", user.nodeCode())));
    scope.require(node);
    if (repository.user(user.username()).isPresent()) {
      throw new InputRejected(Problem.at(0, "username", "user.error.usernameTaken", user.username()));
    }
    String password = randomPassword();
    repository.insertUser(user.username(), user.displayName().trim(), passwordEncoder.encode(password), user.role(), node.id());
    audit.record(scope.username(), "user.create", user.username(), Map.of("role", user.role().dbValue(), "node", node.code()));
    return new IssuedPassword(repository.user(user.username()).orElseThrow(), password);
  }

  @Transactional
  public IssuedPassword resetPassword(Scope scope, String username) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    UserAccount account = get(scope, username);
    String password = randomPassword();
    repository.updatePassword(username, passwordEncoder.encode(password));
    audit.record(scope.username(), "user.resetPassword", username, Map.of());
    return new IssuedPassword(account, password);
  }

  @Transactional
  public UserAccount setEnabled(Scope scope, String username, boolean enabled) {
    OrgService.requirePermission(scope, Permission.USERS_MANAGE);
    get(scope, username);
    if (!enabled && username.equals(scope.username())) {
      throw new InputRejected(Problem.of("user.error.disableSelf"));
    }
    repository.updateEnabled(username, enabled);
    audit.record(scope.username(), enabled ? "user.enable" : "user.disable", username, Map.of());
    return repository.user(username).orElseThrow();
  }

  /** A user changes their own password; the current one must be given. */
  @Transactional
  public void changePassword(String username, String currentPassword, String newPassword) {
    String hash = repository.passwordHash(username).orElseThrow(() -> new NotFound(username));
    if (currentPassword == null || !passwordEncoder.matches(currentPassword, hash)) {
      throw new InputRejected(Problem.at(0, "currentPassword", "account.error.wrongPassword"));
    }
    if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH || newPassword.length() > 200) {
      throw new InputRejected(Problem.at(0, "newPassword", "account.error.shortPassword", MIN_PASSWORD_LENGTH));
    }
    repository.updatePassword(username, passwordEncoder.encode(newPassword));
    audit.record(username, "user.changePassword", username, Map.of());
  }

  /** Creates the first administrator at the root, unless accounts exist. Returns the password set, if any. */
  @Transactional
  Optional<String> createFirstAdmin(String configuredPassword) {
    if (repository.hasUsers()) {
      return Optional.empty();
    }
    String password = configuredPassword == null || configuredPassword.isBlank() ? randomPassword() : configuredPassword;
    long rootId = repository.nodeByCode("CN").orElseThrow().id();
    repository.insertUser("admin", "管理员", passwordEncoder.encode(password), Role.PROVINCE_ADMIN, rootId);
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
