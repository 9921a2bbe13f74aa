package org.sanlv.org;

import java.time.Instant;

/** A user account as shown to administrators (never with its password hash). */
public record UserAccount(
    String username,
    String displayName,
    Role role,
    String nodeCode,
    String nodeName,
    String nodePath,
    boolean enabled,
    Instant createdAt) {}
