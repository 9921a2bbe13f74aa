package org.sanlv.ledger;

/** An account a problem may be assigned to: enabled, may work problems, inside the problem's county. */
public record Assignee(String username, String displayName, String nodeCode, String nodeName, String role) {}
