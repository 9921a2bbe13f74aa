package org.sanlv.org;

/**
 * What the caller may touch: the subtree under their node, with their role's permissions. Resolved once per
 * request by the web layer's scope check and handed to handlers and services.
 *
 * @param path the path of the caller's node; everything whose path starts with it is inside the scope
 */
public record Scope(String username, Role role, String nodeCode, String path) {

  public boolean covers(String otherPath) {
    return otherPath != null && otherPath.startsWith(path);
  }

  /** Whether the node at this path is an ancestor of the caller's node (or the node itself). */
  public boolean isBelow(String otherPath) {
    return otherPath != null && path.startsWith(otherPath);
  }

  public boolean covers(OrgNode node) {
    return covers(node.path());
  }

  public boolean may(Permission permission) {
    return role.may(permission);
  }

  /** Throws {@link OutOfScope} unless the node is inside the scope. */
  public OrgNode require(OrgNode node) {
    if (!covers(node)) {
      throw new OutOfScope(node.code());
    }
    return node;
  }
}
