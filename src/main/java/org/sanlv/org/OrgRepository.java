package org.sanlv.org;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of the organisation module: nodes, phone blocks and user accounts. */
@Repository
class OrgRepository {

  private static final String NODE_COLUMNS = """
      n.id, n.code, n.name, n.level, n.unit_type, p.code as parent_code, n.path, n.population, n.households,
      n.villages, n.figures_demo, (select count(*) from org_node c where c.parent_id = n.id) as child_count
      """;

  private final JdbcClient jdbc;

  OrgRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean isEmpty() {
    return jdbc.sql("select not exists (select 1 from org_node)").query(Boolean.class).single();
  }

  Optional<OrgNode> nodeByCode(String code) {
    return jdbc.sql("select " + NODE_COLUMNS + " from org_node n left join org_node p on p.id = n.parent_id where n.code = ?")
        .param(code).query(OrgRepository::node).optional();
  }

  Optional<String> pathByCode(String code) {
    return jdbc.sql("select path from org_node where code = ?").param(code).query(String.class).optional();
  }

  List<OrgNode> children(long parentId) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.parent_id = ?
        order by n.level = 'unit', n.code""")
        .param(parentId).query(OrgRepository::node).list();
  }

  /** The nodes on the way from the root to the node, root first. */
  List<OrgNode> ancestors(String path) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where ? like n.path || '%' order by length(n.path)""")
        .param(path).query(OrgRepository::node).list();
  }

  List<OrgNode> searchInSubtree(String path, String text, int limit) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.path like ? || '%' and (n.name like ? or n.code like ?)
        order by length(n.path), n.code limit ?""")
        .params(path, "%" + text + "%", text + "%", limit).query(OrgRepository::node).list();
  }

  List<OrgNode> areasUnder(String path, OrgLevel level) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.path like ? || '%' and n.level = ? order by n.code""")
        .params(path, level.dbValue()).query(OrgRepository::node).list();
  }

  List<PhoneBlock> phoneBlocks(long nodeId) {
    return jdbc.sql("select prefix, carrier from org_phone_block where node_id = ? order by prefix")
        .param(nodeId).query((rs, i) -> new PhoneBlock(rs.getString(1), rs.getString(2))).list();
  }

  long insertNode(String code, String name, OrgLevel level, UnitType unitType, Long parentId, String path,
      Long population, Long households, Integer villages, boolean demo) {
    return jdbc.sql("""
        insert into org_node (code, name, level, unit_type, parent_id, path, population, households, villages, figures_demo)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(code, name, level.dbValue(), unitType == null ? null : unitType.dbValue(), parentId, path,
            population, households, villages, demo)
        .query(Long.class).single();
  }

  void updateNode(long id, String name, Long population, Long households, Integer villages) {
    jdbc.sql("""
        update org_node set name = ?, population = ?, households = ?, villages = ?, figures_demo = false,
               updated_at = now() where id = ?""")
        .params(name, population, households, villages, id).update();
  }

  void replacePhoneBlocks(long nodeId, List<PhoneBlock> blocks) {
    jdbc.sql("delete from org_phone_block where node_id = ?").param(nodeId).update();
    for (PhoneBlock b : blocks) {
      jdbc.sql("insert into org_phone_block (node_id, prefix, carrier) values (?, ?, ?)")
          .params(nodeId, b.prefix(), b.carrier()).update();
    }
  }

  /** Sets every area's figures to the sum over its children, bottom-up, where all children have figures. */
  void rollUpDemoFigures() {
    for (String level : List.of("county", "city", "province")) {
      jdbc.sql("""
          update org_node n set population = s.population, households = s.households, villages = s.villages,
                 figures_demo = true
            from (select parent_id, sum(population) population, sum(households) households, sum(villages) villages
                    from org_node where level <> 'unit' group by parent_id) s
           where s.parent_id = n.id and n.level = ? and n.population is null""")
          .param(level).update();
    }
  }

  // --- users ---------------------------------------------------------------------------------------------

  private static final String USER_COLUMNS = """
      u.username, u.display_name, u.role, n.code, n.name, n.path, u.enabled, u.created_at
      from app_user u join org_node n on n.id = u.org_node_id
      """;

  boolean hasUsers() {
    return jdbc.sql("select exists (select 1 from app_user)").query(Boolean.class).single();
  }

  // User names are case-insensitive: every lookup compares lower(username), which a unique index covers.

  Optional<UserAccount> user(String username) {
    return jdbc.sql("select " + USER_COLUMNS + " where lower(u.username) = lower(?)").param(username)
        .query(OrgRepository::user).optional();
  }

  List<UserAccount> usersInSubtree(String path) {
    return jdbc.sql("select " + USER_COLUMNS + " where n.path like ? || '%' order by n.path, u.username")
        .param(path).query(OrgRepository::user).list();
  }

  Optional<String> passwordHash(String username) {
    return jdbc.sql("select password_hash from app_user where lower(username) = lower(?) and enabled")
        .param(username).query(String.class).optional();
  }

  /** Whether the account must change its password before doing anything else (false for an unknown name). */
  boolean mustChangePassword(String username) {
    return jdbc.sql("select must_change_password from app_user where lower(username) = lower(?)")
        .param(username).query(Boolean.class).optional().orElse(false);
  }

  void insertUser(String username, String displayName, String hash, Role role, long nodeId, boolean mustChangePassword) {
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, role, org_node_id, must_change_password)
        values (?, ?, ?, ?, ?, ?)""")
        .params(username, displayName, hash, role.dbValue(), nodeId, mustChangePassword).update();
  }

  void updatePassword(String username, String hash, boolean mustChangePassword) {
    jdbc.sql("""
        update app_user set password_hash = ?, must_change_password = ?, password_changed_at = now()
         where lower(username) = lower(?)""")
        .params(hash, mustChangePassword, username).update();
  }

  void updateEnabled(String username, boolean enabled) {
    jdbc.sql("update app_user set enabled = ? where lower(username) = lower(?)").params(enabled, username).update();
  }

  /**
   * Ends the account's sign-in sessions (Spring Session JDBC keeps them in spring_session, indexed by principal
   * name), except the one given (the session that changed its own password), in the caller's transaction.
   */
  int endSessions(String username, String exceptSessionId) {
    return jdbc.sql("delete from spring_session where principal_name = ? and session_id <> ?")
        .params(username, exceptSessionId == null ? "" : exceptSessionId).update();
  }

  private static OrgNode node(ResultSet rs, int row) throws SQLException {
    return new OrgNode(
        rs.getLong("id"), rs.getString("code"), rs.getString("name"), OrgLevel.fromDb(rs.getString("level")),
        UnitType.fromDb(rs.getString("unit_type")), rs.getString("parent_code"), rs.getString("path"),
        rs.getObject("population", Long.class), rs.getObject("households", Long.class),
        rs.getObject("villages", Integer.class), rs.getBoolean("figures_demo"), rs.getInt("child_count"));
  }

  private static UserAccount user(ResultSet rs, int row) throws SQLException {
    return new UserAccount(rs.getString(1), rs.getString(2), Role.fromDb(rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getTimestamp(8).toInstant());
  }
}
