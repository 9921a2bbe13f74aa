package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sanlv.platform.Problem;

/** The password rules on their own; the pages and the API that apply them are tested in UserAccountsTest. */
class PasswordRulesTest {

  private static String broken(String username, String password) {
    return PasswordRules.broken(username, password).map(Problem::messageKey).orElse("ok");
  }

  @Test
  void lengthIsCountedInCharactersAndTheLimitInBytes() {
    assertThat(broken("t-user", "夜来风雨声花落知多少")).isEqualTo("ok"); // 10 characters, 30 bytes
    assertThat(broken("t-user", "夜来风雨声花落知多")).isEqualTo("account.error.shortPassword");
    assertThat(broken("t-user", "x".repeat(72))).isEqualTo("ok");
    assertThat(broken("t-user", "x".repeat(73))).isEqualTo("account.error.longPassword");
    assertThat(broken("t-user", "床前明月光疑是地上霜举头望明月低头思故乡床前明月")).isEqualTo("ok"); // 72 bytes
    assertThat(broken("t-user", "床前明月光疑是地上霜举头望明月低头思故乡床前明月光"))
        .isEqualTo("account.error.longPassword"); // 75 bytes
  }

  @Test
  void theAccountNameIsRefusedInAnyCase() {
    assertThat(broken("zhang.wei", "Zhang.Wei")).isEqualTo("account.error.shortPassword");
    assertThat(broken("zhang.wei88", "ZHANG.WEI88")).isEqualTo("account.error.containsUsername");
    assertThat(broken("zhang.wei", "my-Zhang.Wei-2026")).isEqualTo("account.error.containsUsername");
    // a two-letter name only when it is the whole password
    assertThat(broken("li", "Million-stars-2026")).isEqualTo("ok");
  }

  @Test
  void theShippedListIsLoadedAndComparedInLowerCase() {
    assertThat(broken("t-user", "QWERTYUIOP")).isEqualTo("account.error.commonPassword");
    assertThat(broken("t-user", "woaini1314")).isEqualTo("account.error.commonPassword");
    assertThat(broken("t-user", "Qa6YReptKHSgGG")).as("the README's example").isEqualTo("account.error.commonPassword");
    assertThat(broken("t-user", "Plum-blossom-in-snow")).isEqualTo("ok");
  }
}
