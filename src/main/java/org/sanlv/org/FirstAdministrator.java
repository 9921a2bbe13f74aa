package org.sanlv.org;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start, creates the account {@code admin} (province admin at the root). There is no default password:
 * a random one is printed once to the log, unless {@code sanlv.org.admin-password} sets it.
 */
@Component
@Order(2)
class FirstAdministrator implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);
  private final UserService users;
  private final OrgSettings settings;

  FirstAdministrator(UserService users, OrgSettings settings) {
    this.users = users;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    users.createFirstAdmin(settings.adminPassword()).ifPresent(password -> {
      boolean generated = settings.adminPassword() == null || settings.adminPassword().isBlank();
      log.warn("""

          ==================================================================
            First start: administrator account created
              user:     admin
              password: {}
            {}
          ==================================================================""",
          generated ? password : "(as set by sanlv.org.admin-password)",
          generated ? "Shown only this once. Sign in: you will be asked to change it first." : "");
    });
  }
}
