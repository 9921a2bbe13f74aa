package org.sanlv.org;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The roles of the platform; each user holds one, bound to a node of the tree. */
public enum Role {
  // Everything but the residents' personal data in the problem ledger: the province does not handle problems.
  PROVINCE_ADMIN(EnumSet.complementOf(EnumSet.of(Permission.LEDGER_PERSONAL_DATA))),
  PROVINCE_ANALYST(EnumSet.of(Permission.ORG_READ, Permission.INSTRUMENTS_MANAGE, Permission.SURVEYS_MANAGE,
      Permission.RAW_DATA_EXPORT, Permission.FIELDWORK_RATES, Permission.LEDGER_READ)),
  SUPERVISOR(EnumSet.of(Permission.ORG_READ, Permission.FIELDWORK_SUPERVISE, Permission.FIELDWORK_RATES)),
  INTERVIEWER(EnumSet.of(Permission.ORG_READ, Permission.FIELDWORK_INTERVIEW)),
  // A county admin exports raw rows of its own county only (every export is filtered to the caller's subtree).
  // A county admin runs the mock surveys of its county with its own staff: it supervises their fieldwork too.
  COUNTY_ADMIN(EnumSet.of(Permission.ORG_READ, Permission.ORG_WRITE, Permission.USERS_MANAGE, Permission.SURVEYS_MANAGE,
      Permission.RAW_DATA_EXPORT, Permission.FIELDWORK_SUPERVISE, Permission.FIELDWORK_RATES, Permission.PUBLISH,
      Permission.CAMPAIGN_MANAGE, Permission.CAMPAIGN_WORK, Permission.LEDGER_READ, Permission.LEDGER_WORK,
      Permission.LEDGER_PERSONAL_DATA)),
  TOWN_OFFICER(EnumSet.of(Permission.ORG_READ, Permission.CAMPAIGN_WORK, Permission.LEDGER_READ,
      Permission.LEDGER_WORK, Permission.LEDGER_PERSONAL_DATA)),
  UNIT_REPORTER(EnumSet.of(Permission.ORG_READ, Permission.CAMPAIGN_WORK, Permission.LEDGER_READ,
      Permission.LEDGER_WORK, Permission.LEDGER_PERSONAL_DATA));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = permissions;
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  /**
   * Roles an account manager of this role may hand out, and so the accounts they may manage (create, reset, disable):
   * never a role more powerful than their own, and never their own role (a peer) unless they are a province admin.
   */
  public boolean mayGrant(Role other) {
    return this == PROVINCE_ADMIN
        || (this == COUNTY_ADMIN && other != PROVINCE_ADMIN && other != PROVINCE_ANALYST && other != COUNTY_ADMIN);
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
