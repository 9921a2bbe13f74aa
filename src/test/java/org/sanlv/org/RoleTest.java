package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which role may hand out which: the table is written here, not derived from the code it checks. */
class RoleTest {

  private static final Set<Role> COUNTY_GRANTS =
      EnumSet.of(Role.SUPERVISOR, Role.INTERVIEWER, Role.TOWN_OFFICER, Role.UNIT_REPORTER);

  private static final Map<Role, Set<Role>> GRANTS = Map.of(
      Role.PROVINCE_ADMIN, EnumSet.allOf(Role.class),
      Role.PROVINCE_ANALYST, EnumSet.noneOf(Role.class),
      Role.SUPERVISOR, EnumSet.noneOf(Role.class),
      Role.INTERVIEWER, EnumSet.noneOf(Role.class),
      // never its own role: a county admin cannot make (or manage) its peers
      Role.COUNTY_ADMIN, COUNTY_GRANTS,
      Role.TOWN_OFFICER, EnumSet.noneOf(Role.class),
      Role.UNIT_REPORTER, EnumSet.noneOf(Role.class));

  @Test
  void mayGrantFollowsTheTableForEveryPair() {
    List<String> wrong = new ArrayList<>();
    for (Role granter : Role.values()) {
      for (Role granted : Role.values()) {
        boolean expected = GRANTS.get(granter).contains(granted);
        if (granter.mayGrant(granted) != expected) {
          wrong.add(granter + " → " + granted + ": " + !expected);
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(GRANTS).hasSize(Role.values().length);
  }

  @Test
  void onlyRolesThatManageUsersGrantAnything() {
    for (Role role : Role.values()) {
      boolean grantsSomething = EnumSet.allOf(Role.class).stream().anyMatch(role::mayGrant);
      assertThat(grantsSomething).as(role.name()).isEqualTo(role.may(Permission.USERS_MANAGE));
    }
  }
}
