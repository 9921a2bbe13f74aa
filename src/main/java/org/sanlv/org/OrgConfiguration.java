package org.sanlv.org;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class OrgConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  /** {@code code}: an area or unit, by its code, in URLs such as {@code /areas/{code}}. */
  @Bean
  ScopeTarget areaCodeTarget(OrgRepository repository) {
    return ScopeTarget.of("code", repository::pathByCode);
  }

  /** {@code nodeCode}: the node a new account is bound to (forms and queries). */
  @Bean
  ScopeTarget nodeCodeTarget(OrgRepository repository) {
    return ScopeTarget.of("nodeCode", repository::pathByCode);
  }

  /** {@code parentCode}: where a new unit or area goes. */
  @Bean
  ScopeTarget parentCodeTarget(OrgRepository repository) {
    return ScopeTarget.of("parentCode", repository::pathByCode);
  }

  /**
   * {@code username}: an account, by its name in any case. An account outside the caller's subtree answers 404 like
   * a name nobody has: account names elsewhere are not to be discovered by trying them.
   */
  @Bean
  ScopeTarget usernameTarget(OrgRepository repository) {
    return ScopeTarget.hidingOutside("username", name -> repository.user(name).map(UserAccount::nodePath));
  }
}
